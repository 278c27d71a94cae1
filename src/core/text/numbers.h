// Number literals of the text format: integers and correctly rounded floats, as bits.
// spec: https://webassembly.github.io/spec/core/text/values.html
#pragma once

#include <cstdint>
#include <expected>
#include <string_view>

namespace weft::core::text {

enum class NumError : uint8_t {
  Syntax,  // not a literal of the requested kind
  Range,   // well formed but out of range ("constant out of range")
};

// uN: decimal or `0x` hex digits, `_` allowed between digits; no sign.
std::expected<uint64_t, NumError> parse_u64(std::string_view text);
std::expected<uint32_t, NumError> parse_u32(std::string_view text);

// iN as written after iN.const: signed in [-2^(N-1), 2^N - 1], returned as N-bit patterns.
std::expected<uint32_t, NumError> parse_i32(std::string_view text);
std::expected<uint64_t, NumError> parse_i64(std::string_view text);

// fN: decimal or hex floats (rounded to nearest, ties to even), `inf`, `nan`,
// `nan:0x...`, each optionally signed; returned as IEEE 754 bit patterns. A finite
// literal that rounds to infinity, or a NaN payload out of range, is a Range error.
std::expected<uint32_t, NumError> parse_f32(std::string_view text);
std::expected<uint64_t, NumError> parse_f64(std::string_view text);

}  // namespace weft::core::text

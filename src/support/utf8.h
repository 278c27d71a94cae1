// UTF-8 helpers shared by the text front ends (WAT, WIT).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace weft {

// Appends the UTF-8 encoding of code point `cp` (at most 0x10ffff) to `out`.
void append_utf8(uint32_t cp, std::string& out);

// Decodes one UTF-8 sequence at `s[i]` into `cp`; returns its length, or 0 when it
// is malformed (bad lead or continuation byte, overlong, surrogate, above 0x10ffff,
// or cut off by the end of `s`).
size_t utf8_sequence(std::string_view s, size_t i, uint32_t& cp);

}  // namespace weft

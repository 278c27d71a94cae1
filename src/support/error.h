// Errors as values with a place: the one error type every weft library returns.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace weft {

// Where in the pipeline a failure happened; mirrors the spec's split between
// decoding (malformed), validation (invalid), linking, instantiation and execution.
// Exit is not a failure: a guest asked to end the program (WASI proc_exit);
// Error::code carries its status.
enum class Phase : uint8_t { Decode, Validate, Link, Instantiate, Execute, Host, Text, Io, Usage, Exit };

std::string_view phase_name(Phase phase);

// A place in the input: a byte offset for binaries, line:column for text.
struct Span {
  static constexpr uint64_t kNone = ~uint64_t{0};
  uint64_t offset = kNone;  // byte offset in a binary or text file
  uint32_t line = 0;        // 1-based; 0 when unknown
  uint32_t column = 0;      // 1-based; 0 when unknown

  static Span at(uint64_t off) { return Span{off, 0, 0}; }
  static Span text(uint32_t line, uint32_t column, uint64_t off = kNone) { return Span{off, line, column}; }
  bool has_offset() const { return offset != kNone; }
  bool has_line() const { return line != 0; }
};

struct Error {
  Phase phase = Phase::Decode;
  Span span;
  std::string message;  // lowercase, no final period; spec test text where one exists
  std::string file;     // optional: the file the span refers to
  int32_t code = 0;     // Phase::Exit: the exit status; otherwise 0
  std::vector<std::string> notes;  // extra lines for people, e.g. a wasm backtrace

  // "decode error at offset 0x1f: unexpected end"
  std::string to_string() const;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> make_error(Phase phase, Span span, std::string message) {
  return std::unexpected<Error>(Error{phase, span, std::move(message), {}, 0, {}});
}

// The guest asked to exit with `status` (not a failure of the host).
inline std::unexpected<Error> make_exit(int32_t status) {
  return std::unexpected<Error>(Error{Phase::Exit, {}, "exit", {}, status, {}});
}

// Renders an error with the offending source line and a caret under the column
// when `source` is the text the span points into.
std::string render_error(const Error& error, std::string_view source = {});

}  // namespace weft

// Early return on error: `WEFT_TRY(x, parse());` declares x as the value.
#define WEFT_CAT2(a, b) a##b
#define WEFT_CAT(a, b) WEFT_CAT2(a, b)
#define WEFT_TRY(var, expr)                                                          \
  auto WEFT_CAT(var, _result_) = (expr);                                              \
  if (!WEFT_CAT(var, _result_)) return std::unexpected(WEFT_CAT(var, _result_).error()); \
  auto var = std::move(*WEFT_CAT(var, _result_))
// The same for Result<void> and results whose value is not needed.
#define WEFT_CHECK(expr)                                                    \
  do {                                                                      \
    auto weft_check_result_ = (expr);                                       \
    if (!weft_check_result_) return std::unexpected(weft_check_result_.error()); \
  } while (0)

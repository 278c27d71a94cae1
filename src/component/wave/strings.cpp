// Decoding WAVE chars and strings: escapes, UTF-8 checks and multiline dedenting.
// spec: wasm-wave/README.md "Chars", "Strings", "Multiline Strings"
#include <fmt/format.h>

#include "component/wave/lexer.h"
#include "support/chars.h"
#include "support/utf8.h"

namespace weft::component::wave {
namespace {

// The escape at source[p] ('\\'); returns its length, or 0 when it is not one of
// \' \" \\ \t \n \r \u{X..} (1 to 6 hex digits naming a Unicode scalar value).
size_t decode_escape(std::string_view source, size_t p, size_t end, char32_t& out) {
  char e = p + 1 < end ? source[p + 1] : '\0';
  switch (e) {
    case '\\': out = '\\'; return 2;
    case '\'': out = '\''; return 2;
    case '"': out = '"'; return 2;
    case 't': out = '\t'; return 2;
    case 'n': out = '\n'; return 2;
    case 'r': out = '\r'; return 2;
    case 'u': break;
    default: return 0;
  }
  if (p + 2 >= end || source[p + 2] != '{') return 0;
  uint32_t value = 0;
  size_t q = p + 3, digits = 0;
  for (; q < end && source[q] != '}'; ++q, ++digits) {
    int d = hex_digit_value(source[q]);
    if (d < 0 || digits == 6) return 0;
    value = value * 16 + uint32_t(d);
  }
  if (q >= end || digits == 0) return 0;
  if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return 0;
  out = value;
  return q + 1 - p;
}

// One char or escape at source[p]; its length, or an error.
Result<size_t> decode_one(std::string_view source, size_t p, size_t end, char32_t& out) {
  if (source[p] == '\\') {
    size_t len = decode_escape(source, p, end, out);
    if (len == 0) return error_at(source, p, "invalid escape");
    return len;
  }
  uint32_t cp = 0;
  size_t len = utf8_sequence(source.substr(0, end), p, cp);
  if (len == 0) return error_at(source, p, "invalid utf-8");
  out = cp;
  return len;
}

// Appends the chars of source[from, to) to `out`.
Result<void> decode_run(std::string_view source, size_t from, size_t to, std::string& out) {
  for (size_t p = from; p < to;) {
    char32_t c = 0;
    WEFT_TRY(len, decode_one(source, p, to, c));
    if (source[p] == '\\') {
      append_utf8(uint32_t(c), out);
    } else {
      out.append(source.substr(p, len));
    }
    p += len;
  }
  return {};
}

// spec: "Multiline Strings". The spaces before the closing `"""` are the indent that
// every line loses; the line breaks after `"""` and before the indent are not part of
// the value.
Result<std::string> decode_multiline(std::string_view source, Token t) {
  size_t p = t.begin + 3, close = t.end - 3;
  if (source.substr(p, 2) == "\r\n") {
    p += 2;
  } else if (p < close && source[p] == '\n') {
    p += 1;
  } else {
    return error_at(source, p, "opening \"\"\" must be followed by a line break");
  }
  size_t last_nl = source.rfind('\n', close - 1);  // exists: p is after one
  for (size_t i = last_nl + 1; i < close; ++i) {
    if (source[i] != ' ') return error_at(source, close, "closing \"\"\" must follow a line break and spaces only");
  }
  size_t indent = close - last_nl - 1;
  std::string out;
  for (size_t line = p; line <= last_nl;) {
    size_t nl = source.find('\n', line);
    if (line != p) out.push_back('\n');
    if (nl - line < indent || source.substr(line, indent).find_first_not_of(' ') != std::string_view::npos) {
      return error_at(source, line, "line must be indented at least as much as the closing \"\"\"");
    }
    size_t to = nl > line + indent && source[nl - 1] == '\r' ? nl - 1 : nl;
    WEFT_CHECK(decode_run(source, line + indent, to, out));
    line = nl + 1;
  }
  return out;
}

}  // namespace

Result<char32_t> decode_char(std::string_view source, Token t) {
  size_t from = t.begin + 1, to = t.end - 1;
  if (from >= to) return error_at(source, t.begin, "not a single char");
  char32_t c = 0;
  WEFT_TRY(len, decode_one(source, from, to, c));
  if (from + len != to) return error_at(source, t.begin, "not a single char");
  return c;
}

Result<std::string> decode_string(std::string_view source, Token t) {
  if (t.kind == TokenKind::MultilineString) return decode_multiline(source, t);
  std::string out;
  WEFT_CHECK(decode_run(source, t.begin + 1, t.end - 1, out));
  return out;
}

}  // namespace weft::component::wave

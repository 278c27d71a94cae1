// Values in component scripts: `u8.const 1`, `str.const "x"`, `(list.const ...)`,
// `(record.const (field "a" u32.const 1))`, `(variant.const "c" (...))`, ...; the core
// forms (i32.const, i64.const, v128.const, ref.*) are read by core's parser.
#include <fmt/format.h>

#include "component/text/script_parser.h"
#include "core/binary/reader.h"
#include "core/text/numbers.h"

namespace weft::component::text {
namespace {

using Kind = ScriptValue::Kind;

struct IntKind {
  std::string_view name;
  Kind kind;
  int bits;
  bool is_signed;
};

constexpr IntKind kInts[] = {{"u8.const", Kind::U8, 8, false},   {"s8.const", Kind::S8, 8, true},
                             {"u16.const", Kind::U16, 16, false}, {"s16.const", Kind::S16, 16, true},
                             {"u32.const", Kind::U32, 32, false}, {"s32.const", Kind::S32, 32, true},
                             {"u64.const", Kind::U64, 64, false}, {"s64.const", Kind::S64, 64, true}};

// The code point of a string of exactly one UTF-8 character, or an error text.
std::variant<uint32_t, const char*> single_char(std::string_view s) {
  if (s.empty()) return "empty string";
  // Escapes like "\ff" can spell bytes that are no UTF-8 at all.
  if (!core::is_valid_utf8({reinterpret_cast<const uint8_t*>(s.data()), s.size()})) return "malformed UTF-8 encoding";
  auto b = [&](size_t i) { return uint32_t(uint8_t(s[i])); };
  size_t len = b(0) < 0x80 ? 1 : b(0) < 0xe0 ? 2 : b(0) < 0xf0 ? 3 : 4;
  if (s.size() < len) return "malformed UTF-8 encoding";
  uint32_t cp = len == 1 ? b(0) : len == 2 ? b(0) & 0x1f : len == 3 ? b(0) & 0x0f : b(0) & 0x07;
  for (size_t i = 1; i < len; ++i) cp = (cp << 6) | (b(i) & 0x3f);
  if (s.size() > len) return "more than one character";
  return cp;
}

bool is_core_value(std::string_view kw) {
  return kw == "i32.const" || kw == "i64.const" || kw == "v128.const" || kw.starts_with("ref.");
}

}  // namespace

// result* where a result may be (either result*): expanded into every combination.
Result<std::vector<std::vector<ScriptValue>>> ScriptParser::results() {
  std::vector<std::vector<ScriptValue>> alternatives(1);
  while (at(TokenKind::LParen)) {
    std::vector<ScriptValue> choices;
    if (at_field("either")) {
      pos_ += 2;
      while (at(TokenKind::LParen)) {
        WEFT_TRY(v, value(true));
        choices.push_back(std::move(v));
      }
      WEFT_CHECK(expect_rparen());
    } else {
      WEFT_TRY(v, value(true));
      choices.push_back(std::move(v));
    }
    if (choices.empty() || alternatives.size() * choices.size() > 4096) return unexpected();
    std::vector<std::vector<ScriptValue>> expanded;
    for (const auto& prefix : alternatives) {
      for (const ScriptValue& choice : choices) {
        expanded.push_back(prefix);
        expanded.back().push_back(choice);
      }
    }
    alternatives = std::move(expanded);
  }
  return alternatives;
}

Result<ScriptValue> ScriptParser::value(bool result) {
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  if (++depth_ > 256) return fail(peek(), "nesting too deep");
  ScriptValue v;
  const Token& kw = peek(1);
  if (is_core_value(kw.text)) {
    bool unsupported = false;
    auto core = core::text::parse_script_value(t_, pos_, result, unsupported);
    if (!core) return std::unexpected(core.error());
    unsupported_ |= unsupported;
    v.kind = Kind::Core;
    v.core = *core;
  } else {
    pos_ += 2;
    WEFT_CHECK(value_body(v, kw, result));
    WEFT_CHECK(expect_rparen());
  }
  --depth_;
  return v;
}

// A value inside a value: `(kw ...)`, or (as in record fields) `kw ...` running to the ')'.
Result<void> ScriptParser::nested(std::vector<ScriptValue>& out, bool result) {
  if (at(TokenKind::LParen)) {
    WEFT_TRY(v, value(result));
    out.push_back(std::move(v));
    return {};
  }
  if (!at(TokenKind::Keyword) || is_core_value(peek().text)) return unexpected();
  if (++depth_ > 256) return fail(peek(), "nesting too deep");
  ScriptValue v;
  const Token& kw = next();
  WEFT_CHECK(value_body(v, kw, result));
  if (!at(TokenKind::RParen)) return unexpected();
  out.push_back(std::move(v));
  --depth_;
  return {};
}

Result<void> ScriptParser::value_body(ScriptValue& v, const Token& kw, bool result) {
  std::string_view k = kw.text;
  for (const IntKind& i : kInts)
    if (k == i.name) {
      v.kind = i.kind;
      return integer(v, kw);
    }
  if (k == "bool.const") {
    v.kind = Kind::Bool;
    if (!at_keyword("true") && !at_keyword("false")) return unexpected();
    v.bits = next().text == "true";
  } else if (k == "f32.const" || k == "f64.const") {
    v.kind = k == "f32.const" ? Kind::F32 : Kind::F64;
    return floating(v, k == "f64.const", result);
  } else if (k == "char.const") {
    v.kind = Kind::Char;
    const Token& tok = peek();
    if (!at(TokenKind::String)) return unexpected();
    auto c = single_char(core::text::decode_string(next().text));
    if (auto* message = std::get_if<const char*>(&c)) return fail(tok, *message);
    v.bits = std::get<uint32_t>(c);
  } else if (k == "str.const") {
    v.kind = Kind::String;
    WEFT_TRY(s, string());
    v.text = std::move(s);
  } else if (k == "list.const" || k == "tuple.const") {
    v.kind = k == "list.const" ? Kind::List : Kind::Tuple;
    while (at(TokenKind::LParen)) WEFT_CHECK(nested(v.items, result));
  } else if (k == "record.const") {
    v.kind = Kind::Record;
    while (at_field("field")) {
      pos_ += 2;
      WEFT_TRY(label, string());
      v.labels.push_back(std::move(label));
      WEFT_CHECK(nested(v.items, result));
      WEFT_CHECK(expect_rparen());
    }
  } else if (k == "variant.const") {
    v.kind = Kind::Variant;
    WEFT_TRY(label, string());
    v.text = std::move(label);
    if (!at(TokenKind::RParen)) WEFT_CHECK(nested(v.items, result));
  } else if (k == "enum.const") {
    v.kind = Kind::Enum;
    WEFT_TRY(label, string());
    v.text = std::move(label);
  } else if (k == "option.none") {
    v.kind = Kind::Option;
  } else if (k == "option.some") {
    v.kind = Kind::Option;
    v.bits = 1;
    WEFT_CHECK(nested(v.items, result));
  } else if (k == "result.ok" || k == "result.err") {
    v.kind = Kind::Result;
    v.bits = k == "result.err";
    if (!at(TokenKind::RParen)) WEFT_CHECK(nested(v.items, result));
  } else if (k == "flags.const") {
    v.kind = Kind::Flags;
    while (at(TokenKind::String)) {
      WEFT_TRY(label, string());
      v.labels.push_back(std::move(label));
    }
  } else {
    return fail(kw, "expected a [type].const expression");
  }
  return {};
}

Result<void> ScriptParser::integer(ScriptValue& v, const Token& kw) {
  const IntKind* info = nullptr;
  for (const IntKind& i : kInts)
    if (kw.text == i.name) info = &i;
  const Token& tok = next();
  std::string_view text = tok.text;
  bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    if (!info->is_signed) return fail(tok, "invalid number: unexpected sign");
    text.remove_prefix(1);
  }
  auto magnitude = core::text::parse_u64(text);
  if (tok.kind != TokenKind::Number || !magnitude) {
    return fail(tok, magnitude || magnitude.error() == core::text::NumError::Syntax ? "expected an integer"
                                                                                      : "constant out of range");
  }
  uint64_t limit = info->bits == 64 ? ~uint64_t{0} : (uint64_t{1} << info->bits) - 1;
  if (info->is_signed) limit = (uint64_t{1} << (info->bits - 1)) - (negative ? 0 : 1);
  if (*magnitude > limit) return fail(tok, "constant out of range");
  v.bits = negative ? uint64_t{0} - *magnitude : *magnitude;
  return {};
}

Result<void> ScriptParser::floating(ScriptValue& v, bool is64, bool result) {
  const Token& tok = next();
  if (result && (tok.text == "nan:canonical" || tok.text == "nan:arithmetic")) {
    v.nan = tok.text == "nan:canonical" ? ScriptValue::Nan::Canonical : ScriptValue::Nan::Arithmetic;
    return {};
  }
  if (tok.kind != TokenKind::Number && tok.kind != TokenKind::Keyword) return fail(tok, "unexpected token");
  std::expected<uint64_t, core::text::NumError> bits = std::unexpected(core::text::NumError::Syntax);
  if (is64) {
    bits = core::text::parse_f64(tok.text);
  } else if (auto b32 = core::text::parse_f32(tok.text)) {
    bits = *b32;
  } else {
    bits = std::unexpected(b32.error());
  }
  if (!bits) return fail(tok, bits.error() == core::text::NumError::Range ? "constant out of range" : "unexpected token");
  v.bits = *bits;
  return {};
}

}  // namespace weft::component::text

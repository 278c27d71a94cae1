// The typed WAVE parser: dispatch on the type, and the primitive values.
// spec: wasm-wave/README.md "Bools", "Integers", "Floats", "Chars", "Strings"
#include "component/wave/parser.h"

#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "component/wave/wave.h"

namespace weft::component::wave {
namespace {

bool is_unsigned(PrimValType p) {
  return p == PrimValType::U8 || p == PrimValType::U16 || p == PrimValType::U32 || p == PrimValType::U64;
}

// The smallest and largest value of an integer type, and its Val kind.
struct IntRange {
  int64_t min;
  uint64_t max;
  ValKind kind;
};

IntRange int_range(PrimValType p) {
  switch (p) {
    case PrimValType::S8: return {INT8_MIN, INT8_MAX, ValKind::S8};
    case PrimValType::U8: return {0, UINT8_MAX, ValKind::U8};
    case PrimValType::S16: return {INT16_MIN, INT16_MAX, ValKind::S16};
    case PrimValType::U16: return {0, UINT16_MAX, ValKind::U16};
    case PrimValType::S32: return {INT32_MIN, INT32_MAX, ValKind::S32};
    case PrimValType::U32: return {0, UINT32_MAX, ValKind::U32};
    case PrimValType::S64: return {INT64_MIN, INT64_MAX, ValKind::S64};
    default: return {0, UINT64_MAX, ValKind::U64};
  }
}

// For a number that from_chars found out of range: whether its magnitude is at least
// 1 (so it overflowed to infinity) rather than below 1 (so it underflowed to zero).
// `text` matches the number grammar and is not all zeros.
bool overflows(std::string_view text) {
  if (text[0] == '-') text.remove_prefix(1);
  size_t exp_at = text.find_first_of("eE");
  int64_t exponent = 0;
  if (exp_at != std::string_view::npos) {
    std::string_view e = text.substr(exp_at + 1);
    bool negative = !e.empty() && e[0] == '-';
    if (!e.empty() && (e[0] == '-' || e[0] == '+')) e.remove_prefix(1);
    for (char c : e) exponent = std::min<int64_t>(exponent * 10 + (c - '0'), int64_t{1} << 40);
    if (negative) exponent = -exponent;
    text = text.substr(0, exp_at);
  }
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  if (whole != "0") return int64_t(whole.size()) + exponent > 0;
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  size_t zeros = fraction.find_first_not_of('0');
  return -int64_t(zeros) + exponent > 0;
}

// spec: "Floats" (JSON numbers; too large a magnitude reads as infinity, too small as 0).
template <class F>
F parse_float(std::string_view text) {
  F value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    value = overflows(text) ? std::numeric_limits<F>::infinity() : F(0);
    if (text[0] == '-') value = -value;
  }
  return value;
}

bool is_handle_or_async(DefinedKind k) {
  return k == DefinedKind::Own || k == DefinedKind::Borrow || k == DefinedKind::Stream ||
         k == DefinedKind::Future || k == DefinedKind::Map;
}

}  // namespace

Result<Val> parse_value(std::string_view text, const TypeArena& types, ValType type) {
  return Parser(text, 0, text.size(), types).parse_all(type);
}

Result<Val> Parser::parse_all(ValType type) {
  WEFT_CHECK(advance());
  WEFT_TRY(v, value(type, 0));
  if (cur_.kind != TokenKind::End) {
    return error(cur_.begin, fmt::format("unexpected {} after the value", describe(src_, cur_)));
  }
  return v;
}

Result<void> Parser::advance() {
  WEFT_TRY(t, lex_.next());
  cur_ = t;
  return {};
}

Result<Val> Parser::value(ValType type, uint32_t depth) {
  if (depth >= kMaxDepth) return error(cur_.begin, fmt::format("nesting too deep (more than {} levels)", kMaxDepth));
  if (type.kind == TypeKind::Defined) return defined(type, depth);
  if (type.kind != TypeKind::Prim) return error(cur_.begin, "not a value type");
  PrimValType p = type.as_prim();
  switch (p) {
    case PrimValType::Bool: return boolean();
    case PrimValType::F32:
    case PrimValType::F64: return floating(p);
    case PrimValType::Char:
    case PrimValType::String: return text(p);
    case PrimValType::ErrorContext: return error(cur_.begin, "not supported yet: WAVE for error-context");
    default: return integer(p);
  }
}

Result<Val> Parser::defined(ValType type, uint32_t depth) {
  const DefinedType& d = types_.defined(type.index);
  switch (d.kind) {
    case DefinedKind::List:
    case DefinedKind::FixedList: return list(d, depth);
    case DefinedKind::Tuple: return tuple(d, depth);
    case DefinedKind::Record: return record(d, depth);
    case DefinedKind::Flags: return flags(d);
    case DefinedKind::Variant: return variant(type, d, depth);
    case DefinedKind::Enum: return enumeration(type, d);
    case DefinedKind::Option: return option(type, d, depth);
    case DefinedKind::Result: return result(type, d, depth);
    default: break;
  }
  if (is_handle_or_async(d.kind)) {
    return error(cur_.begin, fmt::format("not supported yet: WAVE for {}", defined_kind_name(d.kind)));
  }
  return error(cur_.begin, "not a value type");
}

// spec: "Bools"
Result<Val> Parser::boolean() {
  bool b = at_keyword("true");
  if (!b && !at_keyword("false")) return expected("bool");
  WEFT_CHECK(advance());
  return Val::boolean(b);
}

// spec: "Integers": base-10 digits, no fraction or exponent.
Result<Val> Parser::integer(PrimValType p) {
  std::string_view name = prim_name(p);
  std::string_view t = token_text(src_, cur_);
  if (cur_.kind != TokenKind::Number || t.find_first_of(".eEi") != std::string_view::npos) return expected(name);
  IntRange range = int_range(p);
  auto out_of_range = [&] { return error(cur_.begin, fmt::format("integer out of range for {}", name)); };
  Val v;
  v.kind = range.kind;
  if (is_unsigned(p)) {
    uint64_t u = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), u);
    if (t[0] == '-' || ec != std::errc() || u > range.max) return out_of_range();
    v.bits = u;
  } else {
    int64_t s = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), s);
    if (ec != std::errc() || s < range.min || s > int64_t(range.max)) return out_of_range();
    v.bits = uint64_t(s);
  }
  WEFT_CHECK(advance());
  return v;
}

// spec: "Floats". Every NaN reads as the canonical quiet NaN.
Result<Val> Parser::floating(PrimValType p) {
  bool f32 = p == PrimValType::F32;
  std::string_view t = token_text(src_, cur_);
  double d = 0;
  if (at_keyword("nan")) {
    d = std::numeric_limits<double>::quiet_NaN();
  } else if (at_keyword("inf")) {
    d = std::numeric_limits<double>::infinity();
  } else if (cur_.kind == TokenKind::Number && t == "-inf") {
    d = -std::numeric_limits<double>::infinity();
  } else if (cur_.kind == TokenKind::Number) {
    // Read f32 directly: rounding through f64 first could round twice.
    Val v = f32 ? Val::f32(parse_float<float>(t)) : Val::f64(parse_float<double>(t));
    WEFT_CHECK(advance());
    return v;
  } else {
    return expected(prim_name(p));
  }
  WEFT_CHECK(advance());
  return f32 ? Val::f32(float(d)) : Val::f64(d);
}

// spec: "Chars", "Strings", "Multiline Strings"
Result<Val> Parser::text(PrimValType p) {
  Token t = cur_;
  if (p == PrimValType::Char) {
    if (t.kind != TokenKind::Char) return expected("char");
    WEFT_TRY(c, decode_char(src_, t));
    WEFT_CHECK(advance());
    return Val::character(c);
  }
  if (t.kind != TokenKind::String && t.kind != TokenKind::MultilineString) return expected("string");
  WEFT_TRY(s, decode_string(src_, t));
  WEFT_CHECK(advance());
  return Val::string(std::move(s));
}

bool Parser::at_keyword(std::string_view keyword) const {
  return cur_.kind == TokenKind::Label && token_text(src_, cur_) == keyword;
}

// spec: "Options", "Results": a flat payload may not itself be an option or result.
bool Parser::flattenable(std::optional<ValType> payload) const {
  if (!payload) return false;
  if (payload->kind != TypeKind::Defined) return true;
  DefinedKind k = types_.defined(payload->index).kind;
  return k != DefinedKind::Option && k != DefinedKind::Result;
}

Result<void> Parser::expect(TokenKind kind, std::string_view what) {
  if (cur_.kind != kind) return expected(what);
  return advance();
}

std::unexpected<Error> Parser::expected(std::string_view what) const {
  return error(cur_.begin, fmt::format("expected {}, found {}", what, describe(src_, cur_)));
}

}  // namespace weft::component::wave

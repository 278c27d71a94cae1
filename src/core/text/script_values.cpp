// Values in scripts: action arguments and expected results, including NaN patterns,
// references and (simple) v128 constants.
#include <cstring>

#include "core/text/numbers.h"
#include "core/text/script_parser.h"
#include "core/text/wat_parser.h"

namespace weft::core::text {
namespace {

std::expected<uint64_t, NumError> widen(std::expected<uint32_t, NumError> v) {
  if (!v) return std::unexpected(v.error());
  return *v;
}

// A lane of an integer v128 shape: sN or uN of `bits` width, as bits.
std::expected<uint64_t, NumError> parse_int_lane(std::string_view text, int bits) {
  if (bits >= 32) {
    return bits == 64 ? parse_i64(text) : widen(parse_i32(text));
  }
  char sign = !text.empty() && (text[0] == '-' || text[0] == '+') ? text[0] : 0;
  auto mag = parse_u64(sign ? text.substr(1) : text);
  if (!mag) return mag;
  uint64_t half = uint64_t{1} << (bits - 1);
  uint64_t limit = sign == '-' ? half : sign == '+' ? half - 1 : 2 * half - 1;
  if (*mag > limit) return std::unexpected(NumError::Range);
  bool neg = sign == '-';
  uint64_t mask = (uint64_t{1} << bits) - 1;
  return (neg ? uint64_t{0} - *mag : *mag) & mask;
}

struct Shape {
  std::string_view name;
  int lanes;
  int bits;
  bool is_float;
};
constexpr Shape kShapes[] = {{"i8x16", 16, 8, false}, {"i16x8", 8, 16, false}, {"i32x4", 4, 32, false},
                             {"i64x2", 2, 64, false}, {"f32x4", 4, 32, true},  {"f64x2", 2, 64, true}};

}  // namespace

// (v128.const shape lane*): lanes that are NaN patterns mark the command unsupported.
Result<void> ScriptParser::parse_v128(ScriptValue& value, bool result) {
  value.kind = ScriptValue::Kind::V128;
  value.type = ValType::V128;
  if (!at(TokenKind::Keyword)) return unexpected();
  const Shape* shape = nullptr;
  for (const Shape& s : kShapes)
    if (peek().text == s.name) shape = &s;
  if (!shape) return unexpected();
  ++pos_;
  for (int lane = 0; lane < shape->lanes; ++lane) {
    const Token& tok = next();
    if (tok.kind != TokenKind::Number && tok.kind != TokenKind::Keyword) return fail(tok, "unexpected token");
    if (result && (tok.text == "nan:canonical" || tok.text == "nan:arithmetic")) {
      unsupported_ = true;
      continue;
    }
    std::expected<uint64_t, NumError> bits = std::unexpected(NumError::Syntax);
    if (!shape->is_float) {
      bits = parse_int_lane(tok.text, shape->bits);
    } else if (shape->bits == 32) {
      bits = widen(parse_f32(tok.text));
    } else {
      bits = parse_f64(tok.text);
    }
    if (!bits)
      return fail(tok, bits.error() == NumError::Range ? "constant out of range" : "unexpected token");
    int bytes = shape->bits / 8;
    for (int b = 0; b < bytes; ++b) value.v128[lane * bytes + b] = uint8_t(*bits >> (8 * b));
  }
  return {};
}

// The literal of (t.const literal): bits, or a NaN pattern when it is a result.
Result<void> ScriptParser::parse_number(ScriptValue& value, ValType type, bool result) {
  value.type = type;
  const Token& arg = peek();
  bool is_float = type == ValType::F32 || type == ValType::F64;
  if (result && is_float && (arg.text == "nan:canonical" || arg.text == "nan:arithmetic")) {
    value.kind =
        arg.text == "nan:canonical" ? ScriptValue::Kind::NanCanonical : ScriptValue::Kind::NanArithmetic;
    ++pos_;
    return {};
  }
  if (arg.kind != TokenKind::Number && arg.kind != TokenKind::Keyword) return unexpected();
  std::expected<uint64_t, NumError> bits = std::unexpected(NumError::Syntax);
  switch (type.code) {
    case ValType::kI32: bits = widen(parse_i32(arg.text)); break;
    case ValType::kI64: bits = parse_i64(arg.text); break;
    case ValType::kF32: bits = widen(parse_f32(arg.text)); break;
    default: bits = parse_f64(arg.text); break;
  }
  if (!bits) return fail(arg, bits.error() == NumError::Range ? "constant out of range" : "unexpected token");
  value.bits = *bits;
  ++pos_;
  return {};
}

namespace {

// The abstract heap type of a result pattern (ref.array), (ref.i31), ...
std::optional<AbsHeap> pattern_heap(std::string_view kw) {
  static const std::pair<std::string_view, AbsHeap> kPatterns[] = {
      {"ref.any", AbsHeap::Any},       {"ref.eq", AbsHeap::Eq},         {"ref.i31", AbsHeap::I31},
      {"ref.struct", AbsHeap::Struct}, {"ref.array", AbsHeap::Array},   {"ref.func", AbsHeap::Func},
      {"ref.extern", AbsHeap::Extern}, {"ref.exn", AbsHeap::Exn},
  };
  for (const auto& [name, heap] : kPatterns) {
    if (kw == name) return heap;
  }
  return std::nullopt;
}

// (ref.null ht): a heap type's name, or (as older scripts write) a reference type's.
std::optional<AbsHeap> null_heap(std::string_view s) {
  if (s == "funcref" || s == "externref" || s == "exnref") s.remove_suffix(3);
  return abs_heap_from_name(s);
}

}  // namespace

// ref.null, ref.extern/ref.host, and the result patterns (ref.func), (ref.array), ...;
// anything weft does not know marks the command unsupported.
Result<void> ScriptParser::parse_ref(ScriptValue& value, std::string_view kw, bool result) {
  const Token& arg = peek();
  if (kw == "ref.null") {
    value.kind = ScriptValue::Kind::RefNull;
    if (arg.kind == TokenKind::RParen && result) {
      value.type = ValType::Bot;  // (ref.null): any null
      return {};
    }
    if (auto h = null_heap(arg.text); h && arg.kind == TokenKind::Keyword) {
      value.type = ValType::ref(*h, true);
      ++pos_;
    } else if (arg.kind == TokenKind::Id || arg.kind == TokenKind::Number) {
      value.type = ValType::Bot;  // a defined type: any null will do
      ++pos_;
    } else {
      return unexpected();
    }
  } else if ((kw == "ref.extern" || kw == "ref.host") && arg.kind == TokenKind::Number) {
    value.kind = ScriptValue::Kind::RefExtern;
    // ref.host is the same host value seen from inside: an anyref.
    value.type = kw == "ref.host" ? ValType::AnyRef : ValType::ExternRef;
    auto n = parse_u64(arg.text);
    if (!n) return fail(arg, "unexpected token");
    value.bits = *n;
    ++pos_;
  } else if (auto h = pattern_heap(kw); h && result) {
    value.kind = h == AbsHeap::Func ? ScriptValue::Kind::RefFunc : ScriptValue::Kind::RefOf;
    value.type = ValType::ref(*h, false);
    // (ref.func $f) names a function a result must be: weft cannot tell, so any will do.
    while (!at(TokenKind::RParen)) ++pos_;
  } else {
    unsupported_ = true;
  }
  return {};
}

Result<ScriptValue> ScriptParser::parse_value(bool result) {
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  size_t close = peek().match;
  std::string_view kw = peek(1).text;
  pos_ += 2;
  ScriptValue value;
  Result<void> status;
  if (kw == "i32.const") {
    status = parse_number(value, ValType::I32, result);
  } else if (kw == "i64.const") {
    status = parse_number(value, ValType::I64, result);
  } else if (kw == "f32.const") {
    status = parse_number(value, ValType::F32, result);
  } else if (kw == "f64.const") {
    status = parse_number(value, ValType::F64, result);
  } else if (kw == "v128.const") {
    status = parse_v128(value, result);
  } else {
    status = parse_ref(value, kw, result);
  }
  if (!status) return std::unexpected(status.error());
  if (unsupported_) pos_ = close;
  if (pos_ != close) return unexpected();
  ++pos_;
  return value;
}

}  // namespace weft::core::text

// Matching and printing of script values.
#include "wast/values.h"

#include <fmt/format.h>

namespace weft::wast {

using core::ValType;
using core::text::ScriptValue;
using Kind = ScriptValue::Kind;

bool uses_v128(std::span<const ScriptValue> values) {
  for (const auto& v : values) {
    if (v.kind == Kind::V128) return true;
  }
  return false;
}

Result<std::vector<core::Value>> to_values(std::span<const ScriptValue> args) {
  std::vector<core::Value> out;
  for (const auto& a : args) {
    switch (a.kind) {
      case Kind::Num: out.push_back(core::Value{a.type, a.bits}); break;
      case Kind::RefNull: out.push_back(core::Value::null(a.type)); break;
      case Kind::RefExtern: out.push_back(core::Value{ValType::ExternRef, a.bits + 1}); break;
      default: return make_error(Phase::Usage, {}, "not supported yet: this kind of argument");
    }
  }
  return out;
}

namespace {
bool is_canonical_nan(ValType t, uint64_t bits) {
  if (t == ValType::F32) return (bits & 0x7fffffffu) == 0x7fc00000u;
  return (bits & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
}
bool is_arithmetic_nan(ValType t, uint64_t bits) {
  if (t == ValType::F32) return (bits & 0x7fc00000u) == 0x7fc00000u;
  return (bits & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
}
}  // namespace

bool result_matches(const core::Value& actual, const ScriptValue& e) {
  switch (e.kind) {
    case Kind::Num: {
      if (actual.type != e.type) return false;
      uint64_t mask = (e.type == ValType::I32 || e.type == ValType::F32) ? 0xffffffffull : ~0ull;
      return (actual.bits & mask) == (e.bits & mask);
    }
    case Kind::NanCanonical: return actual.type == e.type && is_canonical_nan(e.type, actual.bits);
    case Kind::NanArithmetic: return actual.type == e.type && is_arithmetic_nan(e.type, actual.bits);
    case Kind::RefNull: return core::is_ref(actual.type) && actual.bits == 0;
    case Kind::RefExtern: return actual.type == ValType::ExternRef && actual.bits == e.bits + 1;
    case Kind::RefFunc: return actual.type == ValType::FuncRef && actual.bits != 0;
    case Kind::V128: return false;
  }
  return false;
}

bool results_match(std::span<const core::Value> actual, std::span<const ScriptValue> expected) {
  if (actual.size() != expected.size()) return false;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (!result_matches(actual[i], expected[i])) return false;
  }
  return true;
}

bool messages_agree(std::string_view actual, std::string_view expected) {
  return actual.substr(0, expected.size()) == expected;
}

std::string format_value(const core::Value& v) {
  switch (v.type) {
    case ValType::I32: return fmt::format("i32:{}", int32_t(v.as_u32()));
    case ValType::I64: return fmt::format("i64:{}", int64_t(v.as_u64()));
    case ValType::F32: return fmt::format("f32:{} (0x{:08x})", v.as_f32(), v.as_u32());
    case ValType::F64: return fmt::format("f64:{} (0x{:016x})", v.as_f64(), v.as_u64());
    case ValType::FuncRef: return v.bits ? fmt::format("funcref:{}", v.bits - 1) : "ref.null func";
    case ValType::ExternRef: return v.bits ? fmt::format("ref.extern {}", v.bits - 1) : "ref.null extern";
    case ValType::ExnRef: return v.bits ? "exnref" : "ref.null exn";
    case ValType::V128: return "v128";
  }
  return "?";
}

std::string format_values(std::span<const core::Value> values) {
  std::string s = "(";
  for (size_t i = 0; i < values.size(); ++i) s += (i ? " " : "") + format_value(values[i]);
  return s + ")";
}

std::string format_expected(std::span<const ScriptValue> values) {
  std::string s = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    const auto& v = values[i];
    if (i) s += " ";
    switch (v.kind) {
      case Kind::Num: s += format_value(core::Value{v.type, v.bits}); break;
      case Kind::NanCanonical: s += "nan:canonical"; break;
      case Kind::NanArithmetic: s += "nan:arithmetic"; break;
      case Kind::RefNull: s += "ref.null"; break;
      case Kind::RefExtern: s += fmt::format("ref.extern {}", v.bits); break;
      case Kind::RefFunc: s += "ref.func"; break;
      case Kind::V128: s += "v128"; break;
    }
  }
  return s + ")";
}

}  // namespace weft::wast

// Matching and printing of script values.
#include "wast/values.h"

#include <fmt/format.h>

#include "core/runtime/instance.h"
#include "core/validate/subtyping.h"

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
      case Kind::RefExtern: out.push_back(core::Value{a.type, core::Ref::host(a.bits).bits}); break;
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


// The hierarchy a reference type belongs to (any, func, extern, exn).
core::AbsHeap top_of(ValType t) { return core::top_heap(t.heap, core::TypeSpace{}); }

}  // namespace

bool result_matches(const core::Store& store, const core::Value& actual, const ScriptValue& e) {
  switch (e.kind) {
    case Kind::Num: {
      if (actual.type != e.type) return false;
      uint64_t mask = (e.type == ValType::I32 || e.type == ValType::F32) ? 0xffffffffull : ~0ull;
      return (actual.bits & mask) == (e.bits & mask);
    }
    case Kind::NanCanonical: return actual.type == e.type && is_canonical_nan(e.type, actual.bits);
    case Kind::NanArithmetic: return actual.type == e.type && is_arithmetic_nan(e.type, actual.bits);
    case Kind::RefNull:
      if (!actual.type.is_ref() || actual.bits != 0) return false;
      return e.type == ValType::Bot || top_of(e.type) == top_of(actual.type);
    case Kind::RefExtern:  // a host reference, as an externref or internalized as an anyref
      return actual.type.is_ref() && actual.bits == core::Ref::host(e.bits).bits;
    case Kind::RefFunc:
      return actual.type.is_ref() && top_of(actual.type) == core::AbsHeap::Func && actual.bits != 0;
    case Kind::RefOf: {
      if (!actual.type.is_ref() || actual.bits == 0 || top_of(actual.type) != top_of(e.type)) return false;
      return core::ref_matches(store.impl(), core::Ref{actual.bits}, core::CastTarget{nullptr, e.type.heap.abstract(), false});
    }
    case Kind::V128: return false;
  }
  return false;
}

bool results_match(const core::Store& store, std::span<const core::Value> actual,
                   std::span<const ScriptValue> expected) {
  if (actual.size() != expected.size()) return false;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (!result_matches(store, actual[i], expected[i])) return false;
  }
  return true;
}

bool messages_agree(std::string_view actual, std::string_view expected) {
  return actual.substr(0, expected.size()) == expected;
}

std::string format_value(const core::Value& v) {
  switch (v.type.code) {
    case ValType::kI32: return fmt::format("i32:{}", int32_t(v.as_u32()));
    case ValType::kI64: return fmt::format("i64:{}", int64_t(v.as_u64()));
    case ValType::kF32: return fmt::format("f32:{} (0x{:08x})", v.as_f32(), v.as_u32());
    case ValType::kF64: return fmt::format("f64:{} (0x{:016x})", v.as_f64(), v.as_u64());
    case ValType::kV128: return "v128";
    default: break;
  }
  if (v.bits == 0) return fmt::format("ref.null {}", core::valtype_name(v.type));
  const core::Ref r{v.bits};
  switch (top_of(v.type)) {
    case core::AbsHeap::Func: return fmt::format("funcref:{}", v.bits - 1);
    case core::AbsHeap::Exn: return "exnref";
    default: break;
  }
  if (r.is_host()) return fmt::format("ref.extern {}", r.host_value());
  if (r.is_i31()) return fmt::format("ref.i31 {}", r.i31_u());
  return fmt::format("ref.object ({})", core::valtype_name(v.type));
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
      case Kind::RefOf: s += fmt::format("ref of {}", core::valtype_name(v.type)); break;
      case Kind::V128: s += "v128"; break;
    }
  }
  return s + ")";
}

}  // namespace weft::wast

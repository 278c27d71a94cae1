// Lowering to flat core values, and whole parameter/result lists in both directions
// (flat, or through memory when they flatten to more than the limit).
// spec: CanonicalABI.md "Flat Lowering", "Lifting and Lowering Values"
#include "component/canon/layout.h"

namespace weft::component {

namespace {

using CoreVal = core::ValType;

core::Value i32(uint64_t v) { return core::Value::i32(uint32_t(v)); }

Result<void> lower_prim(LiftLowerContext& cx, const Val& v, PrimValType p, std::vector<core::Value>& out) {
  switch (p) {
    case PrimValType::Bool: out.push_back(i32(v.bits != 0)); return {};
    case PrimValType::S64: case PrimValType::U64: out.push_back(core::Value::i64(v.bits)); return {};
    case PrimValType::F32: out.push_back(core::Value::f32_bits(uint32_t(v.bits))); return {};
    case PrimValType::F64: out.push_back(core::Value::f64_bits(v.bits)); return {};
    case PrimValType::String: {
      WEFT_TRY(r, store_string_into_range(cx, v));
      auto mk = [&](uint64_t x) { return cx.opts.memory64 ? core::Value::i64(x) : i32(x); };
      out.push_back(mk(r.first));
      out.push_back(mk(r.second));
      return {};
    }
    case PrimValType::ErrorContext: return canon_trap("not supported yet: error-context values");
    default: out.push_back(i32(v.bits)); return {};  // small integers (two's complement), char
  }
}

// spec: lower_flat_variant
Result<void> lower_flat_variant(LiftLowerContext& cx, const Val& v, const DefinedType& d, ValType t,
                                std::vector<core::Value>& out) {
  VariantCases cases = variant_cases(d);
  if (v.bits >= cases.size()) return canon_trap("value does not match its type");
  std::vector<CoreVal> flat;
  flatten_type(cx.types, t, cx.ptr_type(), flat);
  out.push_back(i32(v.bits));
  size_t start = out.size();
  if (const auto& c = cases[v.bits]) {
    if (v.items.size() != 1) return canon_trap("value does not match its type");
    WEFT_CHECK(lower_flat(cx, v.items[0], *c, out));
  }
  // Coerce each payload value to the joined type (bits are kept), pad with zeros.
  for (size_t i = 1; i < flat.size(); ++i) {
    size_t k = start + i - 1;
    if (k < out.size()) out[k].type = flat[i];
    else out.push_back({flat[i], 0});
  }
  return {};
}

Result<void> lower_fields(LiftLowerContext& cx, const Val& v, std::span<const ValType> ts,
                          std::vector<core::Value>& out) {
  if (v.items.size() != ts.size()) return canon_trap("value does not match its type");
  for (size_t i = 0; i < ts.size(); ++i) WEFT_CHECK(lower_flat(cx, v.items[i], ts[i], out));
  return {};
}

// The length of flatten_types(ts) from the cached per-type counts (no allocation;
// saturates far above any limit).
uint64_t flat_count(const LiftLowerContext& cx, const std::vector<ValType>& ts) {
  uint64_t n = 0;
  for (ValType t : ts) n += cx.types.info(t).flat_count;
  return n;
}

TupleLayout tuple_layout(const LiftLowerContext& cx, const std::vector<ValType>& ts) {
  return component::tuple_layout(cx.types, ts, cx.ptr_type());
}

}  // namespace

// spec: lower_flat
Result<void> lower_flat(LiftLowerContext& cx, const Val& v, ValType t, std::vector<core::Value>& out) {
  if (t.kind == TypeKind::Prim) return lower_prim(cx, v, t.as_prim(), out);
  const DefinedType& d = cx.types.defined(t.index);
  switch (d.kind) {
    case DefinedKind::List: case DefinedKind::Map: {
      WEFT_TRY(r, store_list_into_range(cx, v, list_elem(cx.types, t)));
      auto mk = [&](uint64_t x) { return cx.opts.memory64 ? core::Value::i64(x) : i32(x); };
      out.push_back(mk(r.first));
      out.push_back(mk(r.second));
      return {};
    }
    case DefinedKind::FixedList: {
      std::vector<ValType> ts(d.length, *d.elem);
      return lower_fields(cx, v, ts, out);
    }
    case DefinedKind::Record: return lower_fields(cx, v, field_types(d), out);
    case DefinedKind::Tuple: return lower_fields(cx, v, d.types, out);
    case DefinedKind::Variant: case DefinedKind::Enum: case DefinedKind::Option: case DefinedKind::Result:
      return lower_flat_variant(cx, v, d, t, out);
    case DefinedKind::Flags: out.push_back(i32(v.bits)); return {};
    case DefinedKind::Own: {
      WEFT_TRY(i, lower_own(cx, v, t));
      out.push_back(i32(i));
      return {};
    }
    case DefinedKind::Borrow: {
      WEFT_TRY(i, lower_borrow(cx, v, t));
      out.push_back(i32(i));
      return {};
    }
    case DefinedKind::Stream: case DefinedKind::Future:
      return canon_trap("not supported yet: stream and future values");
  }
  return canon_trap("unknown type");
}

// spec: lift_flat_values
Result<std::vector<Val>> lift_flat_values(LiftLowerContext& cx, uint32_t max_flat, CoreValueIter& vi,
                                          const std::vector<ValType>& ts) {
  std::vector<Val> out;
  if (ts.empty()) return out;
  out.reserve(ts.size());
  if (flat_count(cx, ts) <= max_flat) {
    for (ValType t : ts) {
      WEFT_TRY(v, lift_flat(cx, vi, t));
      out.push_back(std::move(v));
    }
    return out;
  }
  // spec: lift_heap_values
  uint64_t ptr = vi.next().bits;
  TupleLayout l = tuple_layout(cx, ts);
  if (!aligned(ptr, l.align)) return canon_trap("unaligned pointer");
  if (!in_bounds(cx, ptr, l.size)) return canon_trap("pointer out of bounds of memory");
  WEFT_TRY(tuple, load_fields(cx, ptr, ValKind::Tuple, ts));
  return std::move(tuple.items);
}

// spec: lower_flat_values (the instance may not leave while values are lowered)
Result<std::vector<core::Value>> lower_flat_values(LiftLowerContext& cx, uint32_t max_flat, std::span<const Val> vs,
                                                   const std::vector<ValType>& ts, std::optional<uint64_t> out_param) {
  if (vs.size() != ts.size()) return canon_trap("wrong number of values");
  if (ts.empty()) return std::vector<core::Value>{};
  bool saved = cx.inst.may_leave;
  cx.inst.may_leave = false;
  auto body = [&]() -> Result<std::vector<core::Value>> {
    std::vector<core::Value> flat_vals;
    if (flat_count(cx, ts) <= max_flat) {
      flat_vals.reserve(ts.size() * 2);
      for (size_t i = 0; i < ts.size(); ++i) WEFT_CHECK(lower_flat(cx, vs[i], ts[i], flat_vals));
      return flat_vals;
    }
    // spec: lower_heap_values
    TupleLayout l = tuple_layout(cx, ts);
    uint64_t ptr;
    if (out_param) {
      ptr = *out_param;
    } else {
      WEFT_TRY(p, cx.allocate(l.align, l.size));
      ptr = p;
      flat_vals.push_back(cx.opts.memory64 ? core::Value::i64(ptr) : i32(ptr));
    }
    if (!aligned(ptr, l.align)) return canon_trap(out_param ? "unaligned pointer" : "realloc return: result not aligned");
    if (!in_bounds(cx, ptr, l.size))
      return canon_trap(out_param ? "pointer out of bounds of memory" : "realloc return: beyond end of memory");
    WEFT_CHECK(store_fields(cx, vs, ts, ptr));
    return flat_vals;
  };
  auto r = body();
  cx.inst.may_leave = saved;
  return r;
}

}  // namespace weft::component

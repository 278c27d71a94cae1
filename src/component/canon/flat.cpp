// Lifting from and lowering to flat core values, and whole parameter/result lists.
// spec: CanonicalABI.md "Flat Lifting", "Flat Lowering", "Lifting and Lowering Values"
#include "component/canon/layout.h"

namespace weft::component {

namespace {

using CoreVal = core::ValType;

uint64_t sign_extend(uint64_t v, uint32_t bits) {
  if (bits == 64) return v;
  uint32_t shift = 64 - bits;
  return uint64_t(int64_t(v << shift) >> shift);
}

// spec: lift_flat_unsigned / lift_flat_signed on an i32 or i64
Val lift_int(CoreValueIter& vi, ValKind kind, uint32_t bits, bool is_signed) {
  uint64_t i = vi.next().bits;
  if (bits < 64) i &= (uint64_t(1) << bits) - 1;
  return Val{kind, is_signed ? sign_extend(i, bits) : i};
}

Result<Val> lift_prim(LiftLowerContext& cx, CoreValueIter& vi, PrimValType p) {
  switch (p) {
    case PrimValType::Bool: return Val::boolean(uint32_t(vi.next().bits) != 0);
    case PrimValType::U8: return lift_int(vi, ValKind::U8, 8, false);
    case PrimValType::S8: return lift_int(vi, ValKind::S8, 8, true);
    case PrimValType::U16: return lift_int(vi, ValKind::U16, 16, false);
    case PrimValType::S16: return lift_int(vi, ValKind::S16, 16, true);
    case PrimValType::U32: return lift_int(vi, ValKind::U32, 32, false);
    case PrimValType::S32: return lift_int(vi, ValKind::S32, 32, true);
    case PrimValType::U64: return lift_int(vi, ValKind::U64, 64, false);
    case PrimValType::S64: return lift_int(vi, ValKind::S64, 64, true);
    case PrimValType::F32: return Val{ValKind::F32, canonicalize_nan32(uint32_t(vi.next().bits))};
    case PrimValType::F64: return Val{ValKind::F64, canonicalize_nan64(vi.next().bits)};
    case PrimValType::Char: return convert_i32_to_char(uint32_t(vi.next().bits));
    case PrimValType::String: {
      uint64_t ptr = vi.next().bits, len = vi.next().bits;
      return load_string_from_range(cx, ptr, len);
    }
    case PrimValType::ErrorContext: return canon_trap("not supported yet: error-context values");
  }
  return canon_trap("unknown primitive type");
}

// spec: lift_flat_variant, with CoerceValueIter reading the joined flat types back
// as the case's own flat types.
Result<Val> lift_flat_variant(LiftLowerContext& cx, CoreValueIter& vi, const DefinedType& d, ValType t) {
  std::vector<CoreVal> flat;
  flatten_type(cx.types, t, cx.ptr_type(), flat);
  uint64_t index = uint32_t(vi.next().bits);
  VariantCases cases = variant_cases(d);
  if (index >= cases.size()) return canon_trap("invalid variant discriminant");
  // The payload's values, converted from the joined types to the case's types.
  std::vector<core::Value> joined;
  for (size_t i = 1; i < flat.size(); ++i) joined.push_back(vi.next());
  Val v{variant_kind(d), index};
  const std::optional<ValType>& c = cases[index];
  if (!c) return v;
  std::vector<CoreVal> want;
  flatten_type(cx.types, *c, cx.ptr_type(), want);
  std::vector<core::Value> payload;
  for (size_t i = 0; i < want.size() && i < joined.size(); ++i) {
    core::Value x = joined[i];
    // i64 -> i32 wraps; i32/i64 -> f32/f64 reinterpret (bits are kept as they are).
    if (want[i] == CoreVal::I32 || want[i] == CoreVal::F32) x.bits &= 0xffffffff;
    payload.push_back({want[i], x.bits});
  }
  CoreValueIter pi{payload};
  WEFT_TRY(x, lift_flat(cx, pi, *c));
  v.items.push_back(std::move(x));
  return v;
}

Result<Val> lift_fields(LiftLowerContext& cx, CoreValueIter& vi, ValKind kind, std::span<const ValType> ts) {
  Val v{kind};
  v.items.reserve(ts.size());
  for (ValType t : ts) {
    WEFT_TRY(x, lift_flat(cx, vi, t));
    v.items.push_back(std::move(x));
  }
  return v;
}

}  // namespace

// spec: lift_flat
Result<Val> lift_flat(LiftLowerContext& cx, CoreValueIter& vi, ValType t) {
  if (t.kind == TypeKind::Prim) return lift_prim(cx, vi, t.as_prim());
  const DefinedType& d = cx.types.defined(t.index);
  switch (d.kind) {
    case DefinedKind::List: case DefinedKind::Map: {
      uint64_t ptr = vi.next().bits, len = vi.next().bits;
      return load_list_from_range(cx, ptr, len, list_elem(cx.types, t));
    }
    case DefinedKind::FixedList: {
      std::vector<ValType> ts(d.length, *d.elem);
      return lift_fields(cx, vi, ValKind::List, ts);
    }
    case DefinedKind::Record: return lift_fields(cx, vi, ValKind::Record, field_types(d));
    case DefinedKind::Tuple: return lift_fields(cx, vi, ValKind::Tuple, d.types);
    case DefinedKind::Variant: case DefinedKind::Enum: case DefinedKind::Option: case DefinedKind::Result:
      return lift_flat_variant(cx, vi, d, t);
    case DefinedKind::Flags: return Val::flags(uint32_t(vi.next().bits & flags_mask(d.labels.size())));
    case DefinedKind::Own: return lift_own(cx, uint32_t(vi.next().bits), t);
    case DefinedKind::Borrow: return lift_borrow(cx, uint32_t(vi.next().bits), t);
    case DefinedKind::Stream: case DefinedKind::Future:
      return canon_trap("not supported yet: stream and future values");
  }
  return canon_trap("unknown type");
}

}  // namespace weft::component

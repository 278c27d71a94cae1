// Does a Val fit a value type? Checked where values enter from the host (call
// arguments, host function results), so lowering never sees a misshapen value.
#include <fmt/format.h>

#include "component/canon/call.h"
#include "component/canon/layout.h"
#include "component/canon/val_kind.h"

namespace weft::component {

namespace {


bool fits_bits(ValKind k, uint64_t b) {
  auto sfit = [&](int bits) { int64_t v = int64_t(b); return v >= -(int64_t(1) << (bits - 1)) && v < (int64_t(1) << (bits - 1)); };
  switch (k) {
    case ValKind::Bool: return b <= 1;
    case ValKind::U8: return b <= 0xff;
    case ValKind::U16: return b <= 0xffff;
    case ValKind::U32: case ValKind::F32: return b <= 0xffffffff;
    case ValKind::S8: return sfit(8);
    case ValKind::S16: return sfit(16);
    case ValKind::S32: return sfit(32);
    case ValKind::Char: return b < 0x110000 && !(b >= 0xD800 && b <= 0xDFFF);
    default: return true;
  }
}

Result<void> items_fit(const TypeArena& types, std::span<const ValType> ts, const Val& v) {
  if (v.items.size() != ts.size()) return make_error(Phase::Usage, {}, "value has the wrong number of elements");
  for (size_t i = 0; i < ts.size(); ++i) WEFT_CHECK(check_value(types, ts[i], v.items[i]));
  return {};
}

}  // namespace

Result<void> check_value(const TypeArena& types, ValType t, const Val& v) {
  auto bad = [&]() { return make_error(Phase::Usage, {}, fmt::format("value does not fit type {}", types.describe(t))); };
  if (t.kind == TypeKind::Prim) {
    std::optional<ValKind> k = prim_val_kind(t.as_prim());
    if (!k || v.kind != *k || !fits_bits(v.kind, v.bits)) return bad();
    return {};
  }
  const DefinedType& d = types.defined(t.index);
  switch (d.kind) {
    case DefinedKind::List: {
      if (v.kind != ValKind::List) return bad();
      for (const Val& x : v.items) WEFT_CHECK(check_value(types, *d.elem, x));
      return {};
    }
    case DefinedKind::FixedList: {
      if (v.kind != ValKind::List) return bad();
      std::vector<ValType> ts(d.length, *d.elem);
      return items_fit(types, ts, v);
    }
    case DefinedKind::Record: return v.kind == ValKind::Record ? items_fit(types, field_types(d), v) : bad();
    case DefinedKind::Tuple: return v.kind == ValKind::Tuple ? items_fit(types, d.types, v) : bad();
    case DefinedKind::Flags: return v.kind == ValKind::Flags && (v.bits & ~flags_mask(d.labels.size())) == 0 ? Result<void>{} : bad();
    case DefinedKind::Variant: case DefinedKind::Enum: case DefinedKind::Option: case DefinedKind::Result: {
      VariantCases cases = variant_cases(d);
      if (v.kind != variant_kind(d) || v.bits >= cases.size()) return bad();
      const auto& c = cases[v.bits];
      if (!c) return v.items.empty() ? Result<void>{} : bad();
      if (v.items.size() != 1) return bad();
      return check_value(types, *c, v.items[0]);
    }
    case DefinedKind::Own: return v.kind == ValKind::Own ? Result<void>{} : bad();
    case DefinedKind::Borrow: return v.kind == ValKind::Borrow || v.kind == ValKind::Own ? Result<void>{} : bad();
    default: return make_error(Phase::Usage, {}, fmt::format("not supported yet: values of type {}", types.describe(t)));
  }
}

}  // namespace weft::component

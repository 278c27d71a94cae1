// Loading values from and storing values into linear memory.
// spec: CanonicalABI.md "Loading", "Storing"
#include <fmt/format.h>

#include <cstring>

#include "component/canon/context.h"
#include "component/canon/layout.h"
#include "component/types/abi.h"

namespace weft::component {

std::span<uint8_t> LiftLowerContext::memory() const {
  if (!opts.memory) return {};
  return rt.store().memory_data(*opts.memory);
}

bool in_bounds(const LiftLowerContext& cx, uint64_t ptr, uint64_t length) {
  uint64_t size = cx.memory().size();
  return ptr <= size && length <= size - ptr;
}

// spec: LiftLowerContext.reallocate
Result<uint64_t> LiftLowerContext::reallocate(uint64_t old, uint64_t old_size, uint32_t align, uint64_t new_size) {
  if (!opts.realloc) return canon_trap("no realloc function to allocate with");
  auto mk = [&](uint64_t x) { return opts.memory64 ? core::Value::i64(x) : core::Value::i32(uint32_t(x)); };
  core::Value args[4] = {mk(old), mk(old_size), mk(align), mk(new_size)};
  bool saved = inst.may_leave;
  inst.may_leave = false;
  auto r = call_core(rt, *opts.realloc, args);
  inst.may_leave = saved;
  if (!r) return std::unexpected(r.error());
  if (r->size() != 1) return canon_trap("realloc returned no pointer");
  return opts.memory64 ? (*r)[0].as_u64() : uint64_t((*r)[0].as_u32());
}

Result<uint32_t> LiftLowerContext::resource_of(ValType handle_type) const {
  const DefinedType& d = types.defined(handle_type.index);
  uint32_t root = types.resource_root(d.resource);
  if (auto rt_id = env.lookup(root)) return *rt_id;
  return canon_trap("resource type is not bound in this instance");
}

uint64_t load_int(const LiftLowerContext& cx, uint64_t ptr, uint32_t nbytes) {
  uint64_t v = 0;
  std::memcpy(&v, cx.memory().data() + ptr, nbytes);  // little-endian host
  return v;
}

void store_int(LiftLowerContext& cx, uint64_t v, uint64_t ptr, uint32_t nbytes) {
  std::memcpy(cx.memory().data() + ptr, &v, nbytes);
}

namespace {

uint64_t sign_extend(uint64_t v, uint32_t bytes) {
  if (bytes == 8) return v;
  uint32_t shift = 64 - 8 * bytes;
  return uint64_t(int64_t(v << shift) >> shift);
}

Result<Val> load_prim(LiftLowerContext& cx, uint64_t ptr, PrimValType p) {
  switch (p) {
    case PrimValType::Bool: return Val::boolean(load_int(cx, ptr, 1) != 0);
    case PrimValType::U8: return Val{ValKind::U8, load_int(cx, ptr, 1)};
    case PrimValType::U16: return Val{ValKind::U16, load_int(cx, ptr, 2)};
    case PrimValType::U32: return Val{ValKind::U32, load_int(cx, ptr, 4)};
    case PrimValType::U64: return Val{ValKind::U64, load_int(cx, ptr, 8)};
    case PrimValType::S8: return Val{ValKind::S8, sign_extend(load_int(cx, ptr, 1), 1)};
    case PrimValType::S16: return Val{ValKind::S16, sign_extend(load_int(cx, ptr, 2), 2)};
    case PrimValType::S32: return Val{ValKind::S32, sign_extend(load_int(cx, ptr, 4), 4)};
    case PrimValType::S64: return Val{ValKind::S64, load_int(cx, ptr, 8)};
    case PrimValType::F32: return Val{ValKind::F32, canonicalize_nan32(uint32_t(load_int(cx, ptr, 4)))};
    case PrimValType::F64: return Val{ValKind::F64, canonicalize_nan64(load_int(cx, ptr, 8))};
    case PrimValType::Char: return convert_i32_to_char(uint32_t(load_int(cx, ptr, 4)));
    case PrimValType::String: {
      uint32_t ps = cx.ptr_size();
      return load_string_from_range(cx, load_int(cx, ptr, ps), load_int(cx, ptr + ps, ps));
    }
    case PrimValType::ErrorContext: return canon_trap("not supported yet: error-context values");
  }
  return canon_trap("unknown primitive type");
}


// spec: load_variant (also enum, option and result, despecialized)
Result<Val> load_variant(LiftLowerContext& cx, uint64_t ptr, const DefinedType& d) {
  VariantCases cases = variant_cases(d);
  uint32_t disc_size = discriminant_size(cases.size());
  uint64_t index = load_int(cx, ptr, disc_size);
  if (index >= cases.size()) return canon_trap("invalid variant discriminant");
  Val v{variant_kind(d), index};
  const std::optional<ValType>& c = cases[index];
  if (!c) return v;
  ptr = align_to(ptr + disc_size, max_case_alignment(cx.types, cases, cx.ptr_type()));
  WEFT_TRY(x, load(cx, ptr, *c));
  v.items.push_back(std::move(x));
  return v;
}

}  // namespace

// spec: load_record over the fields `ts` (see store_fields).
Result<Val> load_fields(LiftLowerContext& cx, uint64_t ptr, ValKind kind, std::span<const ValType> ts) {
  Val v{kind};
  v.items.reserve(ts.size());
  for (ValType t : ts) {
    ptr = align_to(ptr, alignment(cx.types, t, cx.ptr_type()));
    WEFT_TRY(x, load(cx, ptr, t));
    v.items.push_back(std::move(x));
    ptr += elem_size(cx.types, t, cx.ptr_type());
  }
  return v;
}

// spec: store_record over the fields `ts` (records, tuples, fixed lists, map
// entries and the heap tuple of a signature's values).
Result<void> store_fields(LiftLowerContext& cx, std::span<const Val> items, std::span<const ValType> ts, uint64_t ptr) {
  if (items.size() != ts.size()) return canon_trap("value does not match its type");
  for (size_t i = 0; i < ts.size(); ++i) {
    ptr = align_to(ptr, alignment(cx.types, ts[i], cx.ptr_type()));
    WEFT_CHECK(store(cx, items[i], ts[i], ptr));
    ptr += elem_size(cx.types, ts[i], cx.ptr_type());
  }
  return {};
}

// spec: load_list_from_range
Result<Val> load_list_from_range(LiftLowerContext& cx, uint64_t ptr, uint64_t length, const ListElem& elem) {
  TupleLayout l = tuple_layout(cx.types, elem.fields, cx.ptr_type());
  if (l.size != 0 && length > kMaxListByteLength / l.size) return canon_trap("list content out-of-bounds");
  if (!aligned(ptr, l.align)) return canon_trap("unaligned pointer");
  if (!in_bounds(cx, ptr, length * l.size)) return canon_trap("list content out-of-bounds");
  Val v{ValKind::List};
  v.items.reserve(length);
  for (uint64_t i = 0; i < length; ++i) {
    if (elem.pair) {
      WEFT_TRY(x, load_fields(cx, ptr + i * l.size, ValKind::Tuple, elem.fields));
      v.items.push_back(std::move(x));
    } else {
      WEFT_TRY(x, load(cx, ptr + i * l.size, elem.fields[0]));
      v.items.push_back(std::move(x));
    }
  }
  return v;
}

// spec: load
Result<Val> load(LiftLowerContext& cx, uint64_t ptr, ValType t) {
  if (t.kind == TypeKind::Prim) return load_prim(cx, ptr, t.as_prim());
  const DefinedType& d = cx.types.defined(t.index);
  switch (d.kind) {
    case DefinedKind::List: case DefinedKind::Map: {
      uint32_t ps = cx.ptr_size();
      return load_list_from_range(cx, load_int(cx, ptr, ps), load_int(cx, ptr + ps, ps), list_elem(cx.types, t));
    }
    case DefinedKind::FixedList: {
      std::vector<ValType> ts(d.length, *d.elem);
      WEFT_TRY(v, load_fields(cx, ptr, ValKind::List, ts));
      return v;
    }
    case DefinedKind::Record: return load_fields(cx, ptr, ValKind::Record, field_types(d));
    case DefinedKind::Tuple: return load_fields(cx, ptr, ValKind::Tuple, d.types);
    case DefinedKind::Variant: case DefinedKind::Enum: case DefinedKind::Option: case DefinedKind::Result:
      return load_variant(cx, ptr, d);
    case DefinedKind::Flags:
      return Val::flags(uint32_t(load_int(cx, ptr, flags_size(d.labels.size())) & flags_mask(d.labels.size())));
    case DefinedKind::Own: return lift_own(cx, uint32_t(load_int(cx, ptr, 4)), t);
    case DefinedKind::Borrow: return lift_borrow(cx, uint32_t(load_int(cx, ptr, 4)), t);
    case DefinedKind::Stream: case DefinedKind::Future:
      return canon_trap("not supported yet: stream and future values");
  }
  return canon_trap("unknown type");
}

namespace {

Result<void> store_prim(LiftLowerContext& cx, const Val& v, PrimValType p, uint64_t ptr) {
  switch (p) {
    case PrimValType::Bool: store_int(cx, v.bits != 0, ptr, 1); return {};
    case PrimValType::U8: case PrimValType::S8: store_int(cx, v.bits, ptr, 1); return {};
    case PrimValType::U16: case PrimValType::S16: store_int(cx, v.bits, ptr, 2); return {};
    case PrimValType::U32: case PrimValType::S32: case PrimValType::F32: store_int(cx, v.bits, ptr, 4); return {};
    case PrimValType::U64: case PrimValType::S64: case PrimValType::F64: store_int(cx, v.bits, ptr, 8); return {};
    case PrimValType::Char: store_int(cx, v.bits, ptr, 4); return {};
    case PrimValType::String: {
      WEFT_TRY(r, store_string_into_range(cx, v));
      store_int(cx, r.first, ptr, cx.ptr_size());
      store_int(cx, r.second, ptr + cx.ptr_size(), cx.ptr_size());
      return {};
    }
    case PrimValType::ErrorContext: return canon_trap("not supported yet: error-context values");
  }
  return canon_trap("unknown primitive type");
}


// spec: store_variant
Result<void> store_variant(LiftLowerContext& cx, const Val& v, const DefinedType& d, uint64_t ptr) {
  VariantCases cases = variant_cases(d);
  if (v.bits >= cases.size()) return canon_trap("value does not match its type");
  uint32_t disc_size = discriminant_size(cases.size());
  store_int(cx, v.bits, ptr, disc_size);
  const std::optional<ValType>& c = cases[v.bits];
  if (!c) return {};
  if (v.items.size() != 1) return canon_trap("value does not match its type");
  ptr = align_to(ptr + disc_size, max_case_alignment(cx.types, cases, cx.ptr_type()));
  return store(cx, v.items[0], *c, ptr);
}

}  // namespace

// spec: store_list_into_range
Result<std::pair<uint64_t, uint64_t>> store_list_into_range(LiftLowerContext& cx, const Val& v, const ListElem& elem) {
  TupleLayout l = tuple_layout(cx.types, elem.fields, cx.ptr_type());
  uint64_t length = v.items.size();
  if (l.size != 0 && length > kMaxListByteLength / l.size) return canon_trap("list too long to store");
  WEFT_TRY(ptr, cx.allocate(l.align, length * l.size));
  if (!aligned(ptr, l.align)) return canon_trap("realloc return: result not aligned");
  if (!in_bounds(cx, ptr, length * l.size)) return canon_trap("realloc return: beyond end of memory");
  for (uint64_t i = 0; i < length; ++i) {
    if (elem.pair) WEFT_CHECK(store_fields(cx, v.items[i].items, elem.fields, ptr + i * l.size));
    else WEFT_CHECK(store(cx, v.items[i], elem.fields[0], ptr + i * l.size));
  }
  return std::pair{ptr, length};
}

// spec: store
Result<void> store(LiftLowerContext& cx, const Val& v, ValType t, uint64_t ptr) {
  if (t.kind == TypeKind::Prim) return store_prim(cx, v, t.as_prim(), ptr);
  const DefinedType& d = cx.types.defined(t.index);
  switch (d.kind) {
    case DefinedKind::List: case DefinedKind::Map: {
      WEFT_TRY(r, store_list_into_range(cx, v, list_elem(cx.types, t)));
      store_int(cx, r.first, ptr, cx.ptr_size());
      store_int(cx, r.second, ptr + cx.ptr_size(), cx.ptr_size());
      return {};
    }
    case DefinedKind::FixedList: {
      std::vector<ValType> ts(d.length, *d.elem);
      return store_fields(cx, v.items, ts, ptr);
    }
    case DefinedKind::Record: return store_fields(cx, v.items, field_types(d), ptr);
    case DefinedKind::Tuple: return store_fields(cx, v.items, d.types, ptr);
    case DefinedKind::Variant: case DefinedKind::Enum: case DefinedKind::Option: case DefinedKind::Result:
      return store_variant(cx, v, d, ptr);
    case DefinedKind::Flags: store_int(cx, v.bits, ptr, flags_size(d.labels.size())); return {};
    case DefinedKind::Own: {
      WEFT_TRY(i, lower_own(cx, v, t));
      store_int(cx, i, ptr, 4);
      return {};
    }
    case DefinedKind::Borrow: {
      WEFT_TRY(i, lower_borrow(cx, v, t));
      store_int(cx, i, ptr, 4);
      return {};
    }
    case DefinedKind::Stream: case DefinedKind::Future:
      return canon_trap("not supported yet: stream and future values");
  }
  return canon_trap("unknown type");
}

}  // namespace weft::component

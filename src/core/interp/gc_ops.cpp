// GC instructions for the interpreter (see gc_ops.h).
#include "core/interp/gc_ops.h"

#include <cstring>

#include "core/runtime/aggregate.h"

namespace weft::core::gc {
namespace {

uint64_t extend(const FieldType& f, uint64_t v, Extend e) {
  if (e != Extend::Signed) return v;
  return f.packed == Packed::I8 ? uint32_t(int32_t(int8_t(v))) : uint32_t(int32_t(int16_t(v)));
}

bool in_bounds(uint64_t offset, uint64_t n, uint64_t length) { return offset <= length && n <= length - offset; }

Trap made(GcObject* o, uint64_t& out) {
  if (!o) return Trap::GcHeapExhausted;
  out = object_ref(o).bits;
  return Trap::None;
}

}  // namespace

Trap struct_new(GcHeap& heap, const CanonType* type, const uint64_t* args, uint64_t& out) {
  const size_t n = args ? type->type.fields.size() : 0;
  return made(core::struct_new(heap, type, {args, n}), out);
}

Trap struct_get(uint64_t ref, uint32_t field, Extend e, uint64_t& out) {
  if (!ref) return Trap::NullStructReference;
  GcObject* o = object_of(Ref{ref});
  out = extend(o->type->type.fields[field], o->fields()[field], e);
  return Trap::None;
}

Trap struct_set(uint64_t ref, uint32_t field, uint64_t value) {
  if (!ref) return Trap::NullStructReference;
  GcObject* o = object_of(Ref{ref});
  const Packed p = o->type->type.fields[field].packed;
  o->fields()[field] = p == Packed::I8 ? value & 0xff : p == Packed::I16 ? value & 0xffff : value;
  return Trap::None;
}

Trap array_new(GcHeap& heap, const CanonType* type, uint64_t value, uint64_t n, uint64_t& out) {
  if (n > 0xffffffffu) return Trap::GcHeapExhausted;
  return made(core::array_new(heap, type, uint32_t(n), value), out);
}

Trap array_new_fixed(GcHeap& heap, const CanonType* type, const uint64_t* values, uint32_t n, uint64_t& out) {
  return made(core::array_new_fixed(heap, type, {values, n}), out);
}

Trap array_new_data(GcHeap& heap, const CanonType* type, const DataInst& data, uint64_t offset, uint64_t n,
                    uint64_t& out) {
  const uint64_t size = field_size(type->type.fields[0]);
  if (n > data.bytes.size() || !in_bounds(offset, n * size, data.bytes.size())) return Trap::MemoryOutOfBounds;
  GcObject* o = core::array_new(heap, type, uint32_t(n), 0);
  if (o && n) std::memcpy(o->data(), data.bytes.data() + offset, n * size);
  return made(o, out);
}

Trap array_new_elem(GcHeap& heap, const CanonType* type, const ElemInst& elem, uint64_t offset, uint64_t n,
                    uint64_t& out) {
  if (!in_bounds(offset, n, elem.refs.size())) return Trap::TableOutOfBounds;
  GcObject* o = core::array_new(heap, type, uint32_t(n), 0);
  if (o) {
    for (uint32_t i = 0; i < n; ++i) o->fields()[i] = elem.refs[offset + i].bits;
  }
  return made(o, out);
}

Trap array_get(uint64_t ref, uint64_t index, Extend e, uint64_t& out) {
  if (!ref) return Trap::NullArrayReference;
  GcObject* a = object_of(Ref{ref});
  if (index >= a->length) return Trap::ArrayOutOfBounds;
  const FieldType& f = array_field(a);
  out = read_storage(f, array_elem(a, uint32_t(index)), e == Extend::Signed);
  return Trap::None;
}

Trap array_set(uint64_t ref, uint64_t index, uint64_t value) {
  if (!ref) return Trap::NullArrayReference;
  GcObject* a = object_of(Ref{ref});
  if (index >= a->length) return Trap::ArrayOutOfBounds;
  write_storage(array_field(a), array_elem(a, uint32_t(index)), value);
  return Trap::None;
}

Trap array_len(uint64_t ref, uint64_t& out) {
  if (!ref) return Trap::NullArrayReference;
  out = object_of(Ref{ref})->length;
  return Trap::None;
}

Trap array_fill(uint64_t ref, uint64_t offset, uint64_t value, uint64_t n) {
  if (!ref) return Trap::NullArrayReference;
  GcObject* a = object_of(Ref{ref});
  if (!in_bounds(offset, n, a->length)) return Trap::ArrayOutOfBounds;
  for (uint64_t i = 0; i < n; ++i) write_storage(array_field(a), array_elem(a, uint32_t(offset + i)), value);
  return Trap::None;
}

Trap array_copy(uint64_t dst, uint64_t dst_offset, uint64_t src, uint64_t src_offset, uint64_t n) {
  if (!dst || !src) return Trap::NullArrayReference;
  GcObject* d = object_of(Ref{dst});
  GcObject* s = object_of(Ref{src});
  if (!in_bounds(dst_offset, n, d->length) || !in_bounds(src_offset, n, s->length)) return Trap::ArrayOutOfBounds;
  // Validation makes the element sizes equal; the arrays may be one and overlap.
  if (n) std::memmove(array_elem(d, uint32_t(dst_offset)), array_elem(s, uint32_t(src_offset)), n * d->elem_size);
  return Trap::None;
}

Trap array_init_data(uint64_t ref, uint64_t dst_offset, const DataInst& data, uint64_t src_offset, uint64_t n) {
  if (!ref) return Trap::NullArrayReference;
  GcObject* a = object_of(Ref{ref});
  if (!in_bounds(dst_offset, n, a->length)) return Trap::ArrayOutOfBounds;
  const uint64_t size = field_size(array_field(a));
  if (!in_bounds(src_offset, n * size, data.bytes.size())) return Trap::MemoryOutOfBounds;
  if (n) std::memcpy(array_elem(a, uint32_t(dst_offset)), data.bytes.data() + src_offset, n * size);
  return Trap::None;
}

Trap array_init_elem(uint64_t ref, uint64_t dst_offset, const ElemInst& elem, uint64_t src_offset, uint64_t n) {
  if (!ref) return Trap::NullArrayReference;
  GcObject* a = object_of(Ref{ref});
  if (!in_bounds(dst_offset, n, a->length)) return Trap::ArrayOutOfBounds;
  if (!in_bounds(src_offset, n, elem.refs.size())) return Trap::TableOutOfBounds;
  for (uint64_t i = 0; i < n; ++i) a->fields()[dst_offset + i] = elem.refs[src_offset + i].bits;
  return Trap::None;
}

}  // namespace weft::core::gc

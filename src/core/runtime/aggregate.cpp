// Structs and arrays (see aggregate.h).
#include "core/runtime/aggregate.h"

#include <cstring>

namespace weft::core {

uint64_t read_storage(const FieldType& f, const uint8_t* p, bool sign_extend) {
  switch (field_size(f)) {
    case 1: return sign_extend ? uint32_t(int32_t(int8_t(*p))) : *p;
    case 2: {
      uint16_t v;
      std::memcpy(&v, p, 2);
      return sign_extend ? uint32_t(int32_t(int16_t(v))) : v;
    }
    case 4: {
      uint32_t v;
      std::memcpy(&v, p, 4);
      return v;
    }
    default: {
      uint64_t v;
      std::memcpy(&v, p, 8);
      return v;
    }
  }
}

void write_storage(const FieldType& f, uint8_t* p, uint64_t v) {
  const uint32_t n = field_size(f);
  std::memcpy(p, &v, n < 8 ? n : 8);  // little-endian: the low bytes
}

const FieldType& array_field(const GcObject* a) { return a->type->type.fields[0]; }

uint8_t* array_elem(GcObject* a, uint32_t i) { return a->data() + uint64_t(i) * a->elem_size; }

GcObject* struct_new(GcHeap& heap, const CanonType* type, std::span<const uint64_t> fields) {
  const uint32_t n = uint32_t(type->type.fields.size());
  GcObject* o = heap.allocate(type, n, 8, uint64_t(n) * 8);
  if (!o) return nullptr;
  for (uint32_t i = 0; i < fields.size() && i < n; ++i) {
    const FieldType& f = type->type.fields[i];
    // Packed fields keep their low bits only, so reading one back needs no mask.
    o->fields()[i] = f.packed == Packed::I8 ? fields[i] & 0xff : f.packed == Packed::I16 ? fields[i] & 0xffff : fields[i];
  }
  return o;
}

GcObject* array_new(GcHeap& heap, const CanonType* type, uint32_t n, uint64_t value) {
  const FieldType& f = type->type.fields[0];
  const uint32_t size = field_size(f) > 8 ? 16 : field_size(f);
  GcObject* o = heap.allocate(type, n, size, uint64_t(n) * size);
  if (!o || value == 0) return o;
  for (uint32_t i = 0; i < n; ++i) write_storage(f, array_elem(o, i), value);
  return o;
}

GcObject* array_new_fixed(GcHeap& heap, const CanonType* type, std::span<const uint64_t> values) {
  GcObject* o = array_new(heap, type, uint32_t(values.size()), 0);
  if (!o) return nullptr;
  for (uint32_t i = 0; i < values.size(); ++i) write_storage(array_field(o), array_elem(o, i), values[i]);
  return o;
}

}  // namespace weft::core

// The GC heap: structs and arrays, allocated from the store's chunks and kept
// until the store is destroyed. There is no collector yet: a store that runs one
// request, the usual case, frees everything at its end; a long-lived store grows
// until `StoreLimits::max_gc_heap_bytes`, after which allocation traps.
// spec: https://webassembly.github.io/spec/core/exec/runtime.html#aggregate-instances
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "core/validate/type_registry.h"

namespace weft::core {

// An object: its canonical type, then the payload: a struct's fields, 8 bytes
// each (packed ones too), or an array's `length` elements of field_size() bytes.
struct GcObject {
  const CanonType* type = nullptr;
  uint32_t length = 0;  // array: elements; struct: fields
  uint32_t elem_size = 8;

  uint8_t* data() { return reinterpret_cast<uint8_t*>(this + 1); }
  const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(this + 1); }
  uint64_t* fields() { return reinterpret_cast<uint64_t*>(data()); }
};
static_assert(sizeof(GcObject) % 8 == 0);

class GcHeap {
 public:
  // A zeroed object with `payload` bytes after its header; nullptr when the limit
  // would be passed.
  GcObject* allocate(const CanonType* type, uint32_t length, uint32_t elem_size, uint64_t payload);
  void set_limit(uint64_t bytes) { limit_ = bytes; }
  uint64_t used() const { return used_; }

 private:
  static constexpr size_t kChunkBytes = size_t(1) << 20;
  std::vector<std::unique_ptr<uint64_t[]>> chunks_;
  uint8_t* next_ = nullptr;
  size_t left_ = 0;
  uint64_t used_ = 0;
  uint64_t limit_ = uint64_t(1) << 30;
};

}  // namespace weft::core

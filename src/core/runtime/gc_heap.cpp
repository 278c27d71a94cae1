// Allocation of GC objects (see gc_heap.h).
#include "core/runtime/gc_heap.h"

namespace weft::core {

GcObject* GcHeap::allocate(const CanonType* type, uint32_t length, uint32_t elem_size, uint64_t payload) {
  const uint64_t bytes = (sizeof(GcObject) + payload + 7) / 8 * 8;
  if (payload > limit_ || bytes > limit_ - used_) return nullptr;
  uint8_t* p = nullptr;
  if (bytes > kChunkBytes / 4) {  // large objects get a chunk of their own
    auto chunk = std::make_unique<uint64_t[]>(bytes / 8);
    p = reinterpret_cast<uint8_t*>(chunk.get());
    chunks_.push_back(std::move(chunk));
  } else {
    if (bytes > left_) {
      auto chunk = std::make_unique<uint64_t[]>(kChunkBytes / 8);
      next_ = reinterpret_cast<uint8_t*>(chunk.get());
      left_ = kChunkBytes;
      chunks_.push_back(std::move(chunk));
    }
    p = next_;
    next_ += bytes;
    left_ -= bytes;
  }
  used_ += bytes;
  auto* o = new (p) GcObject{type, length, elem_size};
  return o;
}

}  // namespace weft::core

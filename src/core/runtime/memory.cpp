// Linear memory on a pooled reservation (PROT_NONE), committed with mprotect on grow.
#include "core/runtime/memory.h"

#include <sys/mman.h>

#include <algorithm>

#include "core/runtime/memory_pool.h"

namespace weft::core {
namespace {

uint8_t* reserve(uint64_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
}

}  // namespace

MemoryInst::~MemoryInst() {
  if (!data_) return;
  if (pooled_) MemoryPool::global().release(data_, size_);
  else munmap(data_, reserved_);
}

Result<void> MemoryInst::init(MemoryType type, uint64_t page_limit) {
  declared_max_ = type.limits.max;
  is64_ = type.is64;
  const uint64_t addressable = is64_ ? kMaxReserve64 / kPageSize : kMaxPages32;
  max_pages_ = std::min<uint64_t>({type.limits.max.value_or(addressable), addressable, page_limit});
  if (type.limits.min > max_pages_) return make_error(Phase::Instantiate, {}, "memory size exceeds the store limit");
  const uint64_t initial = type.limits.min * kPageSize;
  const bool fits_pool = max_pages_ * kPageSize <= MemoryPool::kReservationBytes;
  if (fits_pool && (data_ = MemoryPool::global().acquire(initial))) {
    reserved_ = MemoryPool::kReservationBytes;
    size_ = initial;
    pooled_ = true;
    return {};
  }
  // E.g. a tight RLIMIT_AS: fall back to what the maximum needs, outside the pool.
  reserved_ = std::max<uint64_t>(max_pages_ * kPageSize, kPageSize);
  data_ = reserve(reserved_);
  if (!data_) return make_error(Phase::Instantiate, {}, "cannot reserve linear memory");
  if (grow(type.limits.min) < 0) return make_error(Phase::Instantiate, {}, "cannot commit linear memory");
  return {};
}

int64_t MemoryInst::grow(uint64_t delta_pages) {
  const uint64_t old_pages = pages();
  if (delta_pages > max_pages_ - old_pages) return -1;
  const uint64_t new_size = (old_pages + delta_pages) * kPageSize;
  if (new_size > reserved_) return -1;
  if (new_size > size_ && mprotect(data_ + size_, new_size - size_, PROT_READ | PROT_WRITE) != 0) {
    pooled_ = false;  // a failed mprotect may have changed part of the range: unmap it at the end
    return -1;
  }
  size_ = new_size;
  return int64_t(old_pages);
}

}  // namespace weft::core

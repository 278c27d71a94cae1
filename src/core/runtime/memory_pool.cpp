// The reservation pool: mmap once, then recycle. A released memory is zeroed in
// user space where that is cheap (no system call, no page fault for the next
// instance) and with MADV_DONTNEED beyond, and its page tables stay in place.
#include "core/runtime/memory_pool.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>

#include "core/binary/types.h"

namespace weft::core {
namespace {

uint8_t* map_reservation() {
  void* p = mmap(nullptr, MemoryPool::kReservationBytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
}

// Makes exactly [0, want) accessible when [0, had) is.
bool set_accessible(uint8_t* base, uint64_t had, uint64_t want) {
  if (want > had) return mprotect(base + had, want - had, PROT_READ | PROT_WRITE) == 0;
  if (want < had) return mprotect(base + want, had - want, PROT_NONE) == 0;
  return true;
}

}  // namespace

MemoryPool& MemoryPool::global() {
  static MemoryPool* const pool = new MemoryPool();
  return *pool;
}

MemoryPool::~MemoryPool() {
  for (const Idle& r : idle_) munmap(r.base, kReservationBytes);
}

uint8_t* MemoryPool::acquire(uint64_t accessible) {
  if (accessible > kReservationBytes) return nullptr;
  uint64_t had = 0;
  if (uint8_t* base = take(accessible, had)) {
    if (set_accessible(base, had, accessible)) return base;
    unmap(base);  // its protection is now unknown
  }
  uint8_t* base = map_reservation();
  if (!base) {  // idle reservations may be what exhausts the address space
    trim();
    base = map_reservation();
  }
  if (!base) return nullptr;
  if (!set_accessible(base, 0, accessible)) {
    unmap(base);
    return nullptr;
  }
  std::lock_guard lock(mutex_);
  ++stats_.mapped;
  return base;
}

// The idle reservation with exactly `accessible` bytes committed (no mprotect
// then), else the most recently released one.
uint8_t* MemoryPool::take(uint64_t accessible, uint64_t& had) {
  std::lock_guard lock(mutex_);
  if (idle_.empty()) return nullptr;
  auto it = std::find_if(idle_.rbegin(), idle_.rend(), [&](const Idle& r) { return r.accessible == accessible; });
  const Idle r = it != idle_.rend() ? *it : idle_.back();
  idle_.erase(it != idle_.rend() ? std::next(it).base() : idle_.end() - 1);
  ++stats_.reused;
  had = r.accessible;
  return r.base;
}

void MemoryPool::release(uint8_t* base, uint64_t accessible) {
  bool room = false;
  uint64_t in_place = 0;
  {
    std::lock_guard lock(mutex_);
    room = idle_.size() < limits_.max_idle;
    in_place = std::min(accessible, limits_.zero_in_place_bytes / kPageSize * kPageSize);
  }
  if (!room) return unmap(base);  // before zeroing it for nothing
  // Everything a future instance can make accessible must read as zero. Pages
  // beyond `accessible` already do: nothing could write them since they were last zeroed.
  std::memset(base, 0, in_place);
  if (accessible > in_place && madvise(base + in_place, accessible - in_place, MADV_DONTNEED) != 0) {
    return unmap(base);
  }
  {
    std::lock_guard lock(mutex_);
    if (idle_.size() < limits_.max_idle) {
      idle_.push_back(Idle{base, accessible});
      return;
    }
  }
  unmap(base);
}

void MemoryPool::trim(size_t keep) {
  std::vector<Idle> surplus;
  {
    std::lock_guard lock(mutex_);
    if (idle_.size() <= keep) return;
    const auto oldest_kept = idle_.end() - ptrdiff_t(keep);
    surplus.assign(idle_.begin(), oldest_kept);
    idle_.erase(idle_.begin(), oldest_kept);
  }
  for (const Idle& r : surplus) unmap(r.base);
}

void MemoryPool::unmap(uint8_t* base) {
  munmap(base, kReservationBytes);
  std::lock_guard lock(mutex_);
  ++stats_.unmapped;
}

void MemoryPool::set_limits(MemoryPoolLimits limits) {
  {
    std::lock_guard lock(mutex_);
    limits_ = limits;
  }
  trim(limits.max_idle);
}

MemoryPoolLimits MemoryPool::limits() const {
  std::lock_guard lock(mutex_);
  return limits_;
}

MemoryPoolStats MemoryPool::stats() const {
  std::lock_guard lock(mutex_);
  MemoryPoolStats s = stats_;
  s.idle = idle_.size();
  return s;
}

}  // namespace weft::core

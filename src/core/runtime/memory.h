// Linear memory: a virtual address reservation that never moves, committed page by page.
// Reservations come from (and go back to) the process-wide MemoryPool.
// spec: https://webassembly.github.io/spec/core/exec/runtime.html#memory-instances
#pragma once

#include <cstdint>
#include <span>

#include "core/binary/types.h"
#include "support/error.h"

namespace weft::core {

class MemoryInst {
 public:
  static constexpr uint64_t kMaxReserve64 = uint64_t{1} << 40;  // 1 TiB of address space

  MemoryInst() = default;
  ~MemoryInst();
  MemoryInst(const MemoryInst&) = delete;
  MemoryInst& operator=(const MemoryInst&) = delete;

  // Reserves address space and commits `type.limits.min` pages, all reading as zero.
  // `page_limit` is the store's cap; the effective maximum is the smaller of it and
  // the type's max. Exactly [0, size()) is ever accessible: the interpreter checks
  // bounds explicitly, but a tier relying on guard pages may count on it.
  // An i64 memory gets a pooled reservation too when its maximum fits in one (8 GiB);
  // a larger one reserves up to kMaxReserve64 bytes of address space (never committed
  // until grown into) and cannot grow past that: its base never moves either.
  Result<void> init(MemoryType type, uint64_t page_limit);

  // spec: memory.grow; returns the old size in pages or -1.
  int64_t grow(uint64_t delta_pages);

  uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }  // in bytes
  uint64_t pages() const { return size_ / kPageSize; }
  MemoryType type() const { return MemoryType{Limits{pages(), declared_max_}, is64_}; }
  bool is64() const { return is64_; }
  std::span<uint8_t> bytes() const { return {data_, size_t(size_)}; }
  // True when [offset, offset + length) lies inside the memory.
  bool in_bounds(uint64_t offset, uint64_t length) const { return offset <= size_ && length <= size_ - offset; }

 private:
  uint8_t* data_ = nullptr;
  uint64_t size_ = 0;      // committed, accessible bytes
  uint64_t reserved_ = 0;  // reserved bytes (accessible + guard)
  bool pooled_ = false;    // the reservation goes back to the pool (else it is unmapped)
  uint64_t max_pages_ = 0;
  std::optional<uint64_t> declared_max_;
  bool is64_ = false;
};

}  // namespace weft::core

// A process-wide pool of linear-memory reservations, so that instantiating a module
// reuses the address space, page tables and pages of a memory released before.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace weft::core {

// How much the pool may keep while idle. Changing the limits trims the pool to them.
struct MemoryPoolLimits {
  // Idle reservations kept for reuse (8 GiB of address space and two mappings
  // each); a memory released beyond this is unmapped. 0 disables the pool.
  size_t max_idle = 128;
  // Of a released memory, the first bytes are zeroed with memset and stay resident,
  // ready for the next instance without page faults; pages beyond are given back to
  // the OS (MADV_DONTNEED). Bounds the resident memory an idle reservation keeps.
  uint64_t zero_in_place_bytes = uint64_t{256} << 10;
};

struct MemoryPoolStats {
  size_t idle = 0;         // reservations waiting for reuse
  uint64_t reused = 0;     // acquisitions served from the pool
  uint64_t mapped = 0;     // acquisitions that had to map a fresh reservation
  uint64_t unmapped = 0;   // reservations given back to the OS
};

// Every reservation is kReservationBytes of address space: 4 GiB of i32 index plus
// 4 GiB of static offset, so any i32 address + offset lands inside it and a later
// tier may drop bounds checks in favour of the guard pages. An i64 memory of at
// most this size uses one too (always with explicit bounds checks).
//
// A reservation handed out by acquire(n) has exactly [0, n) readable and writable
// and reading as zero; the rest is PROT_NONE. Pages beyond the accessible prefix
// are never left accessible, in the pool or out of it. Thread-safe.
class MemoryPool {
 public:
  static constexpr uint64_t kReservationBytes = uint64_t{8} << 30;

  explicit MemoryPool(MemoryPoolLimits limits = {}) : limits_(limits) {}
  ~MemoryPool();  // unmaps the idle reservations
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  // The pool every MemoryInst uses; never destroyed, so memories in static stores are safe.
  static MemoryPool& global();

  // A reservation with `accessible` bytes (a multiple of the OS page size) committed,
  // or nullptr when no address space can be had (e.g. under a tight RLIMIT_AS).
  uint8_t* acquire(uint64_t accessible);
  // Gives back a reservation from acquire(); `accessible` is its current accessible
  // prefix (everything beyond it must be PROT_NONE). Zeroes it and keeps it, or unmaps it.
  void release(uint8_t* base, uint64_t accessible);
  // Unmaps idle reservations until at most `keep` are left.
  void trim(size_t keep = 0);

  void set_limits(MemoryPoolLimits limits);
  MemoryPoolLimits limits() const;
  MemoryPoolStats stats() const;

 private:
  struct Idle {
    uint8_t* base;
    uint64_t accessible;
  };
  uint8_t* take(uint64_t accessible, uint64_t& had);
  void unmap(uint8_t* base);

  mutable std::mutex mutex_;
  MemoryPoolLimits limits_;
  std::vector<Idle> idle_;  // most recently released last: its pages are the warmest
  MemoryPoolStats stats_;
};

}  // namespace weft::core

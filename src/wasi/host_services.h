// What WASI needs from the host besides fds: clocks, a random source, and errno translation.
// Abstract so that tests (and later per-instance policies) can substitute them.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "wasi/abi.h"
#include "wasi/interrupter.h"

namespace weft::wasi {

class Clocks {
 public:
  virtual ~Clocks() = default;
  // Nanoseconds; Errno::Inval for a clock the host does not have.
  virtual WasiResult<uint64_t> resolution(ClockId id) = 0;
  virtual WasiResult<uint64_t> now(ClockId id) = 0;
  // Blocks the calling thread for about `ns` nanoseconds (poll_oneoff's clock subscriptions).
  virtual void sleep(uint64_t ns) = 0;
};

// clock_gettime(2) with CLOCK_REALTIME, CLOCK_MONOTONIC and the CPU-time clocks.
// Sleeps end early when `waiter` (if given) is interrupted.
class HostClocks final : public Clocks {
 public:
  explicit HostClocks(std::shared_ptr<const Interrupter> waiter = nullptr) : waiter_(std::move(waiter)) {}
  WasiResult<uint64_t> resolution(ClockId id) override;
  WasiResult<uint64_t> now(ClockId id) override;
  void sleep(uint64_t ns) override;

 private:
  std::shared_ptr<const Interrupter> waiter_;
};

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual WasiResult<void> fill(std::span<uint8_t> out) = 0;
};

// The kernel's CSPRNG through getrandom(2).
class HostRandom final : public RandomSource {
 public:
  WasiResult<void> fill(std::span<uint8_t> out) override;
};

// A host errno value (EBADF, EPIPE, ...) as the WASI errno; Errno::Io when WASI has none.
Errno errno_from_host(int host_errno);

}  // namespace weft::wasi

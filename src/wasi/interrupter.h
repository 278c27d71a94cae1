// Blocking waits of host objects, and the way another thread cuts them short.
// Every host call that may block (poll_oneoff, accept, reads of sockets and stdin,
// sleeps) waits here, so that `weft run --timeout` also stops a guest that sits
// in a host call rather than in wasm code.
#pragma once

#include <poll.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <span>

#include "wasi/abi.h"

namespace weft::wasi {

class Interrupter {
 public:
  Interrupter();
  ~Interrupter();
  Interrupter(const Interrupter&) = delete;
  Interrupter& operator=(const Interrupter&) = delete;

  // Thread-safe. Wakes every current and future wait (it stays set).
  void interrupt();
  bool interrupted() const { return interrupted_.load(std::memory_order_acquire); }

  // Waits until one of `fds` has an event (their `revents` are filled in), the
  // timeout passes (nullopt: no timeout) or interrupt() is called. Returns the
  // nanoseconds waited; Errno::Intr when interrupted.
  WasiResult<uint64_t> wait(std::span<pollfd> fds, std::optional<uint64_t> timeout_ns) const;
  // Waits until `fd` has one of `events` (or an error or hangup); Errno::Intr when interrupted.
  WasiResult<void> wait_for(int fd, short events) const;

 private:
  int event_fd_ = -1;
  std::atomic<bool> interrupted_{false};
};

}  // namespace weft::wasi

// `weft run --timeout`: a thread that interrupts a running guest at a deadline.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "core/runtime/store.h"
#include "wasi/wasi_ctx.h"

namespace weft::cli {

// Interrupts the store (wasm code) and the WASI context (blocking host calls) when
// the deadline passes; stops early when destroyed.
class Watchdog {
 public:
  Watchdog(core::Store& store, wasi::WasiCtx& ctx, std::optional<double> seconds) {
    if (!seconds) return;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(*seconds);
    thread_ = std::thread([this, &store, &ctx, deadline] {
      std::unique_lock lock(mutex_);
      if (!cv_.wait_until(lock, deadline, [this] { return done_; })) {
        store.interrupt();
        ctx.interrupt();
      }
    });
  }
  ~Watchdog() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace weft::cli

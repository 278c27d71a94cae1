// Stream objects for stdin/stdout/stderr: the host's own fds, or memory buffers for tests and embedders.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "wasi/fd_table.h"
#include "wasi/interrupter.h"

namespace weft::wasi {

// Rights a stdio stream is given (no seek or tell, so that wasi-libc's isatty holds).
constexpr Rights kStdinRights =
    rights::kFdRead | rights::kFdFdstatSetFlags | rights::kPollFdReadwrite | rights::kFdFilestatGet;
constexpr Rights kStdoutRights =
    rights::kFdWrite | rights::kFdFdstatSetFlags | rights::kPollFdReadwrite | rights::kFdFilestatGet;

// One of the host process's own fds (not owned: never closed). Reads and writes go
// straight through (no buffering here: the guest's libc buffers). A read first
// waits for input through `waiter` (when given), so that it can be interrupted.
class HostStream final : public FdObject {
 public:
  explicit HostStream(int host_fd, std::shared_ptr<const Interrupter> waiter = nullptr)
      : host_fd_(host_fd), waiter_(std::move(waiter)) {}
  Filetype filetype() const override { return Filetype::CharacterDevice; }
  WasiResult<uint64_t> read(IoBuffers buffers) override;
  WasiResult<uint64_t> write(IoBuffers buffers) override;
  WasiResult<std::optional<Readiness>> poll_ready(EventType type) override;
  int pollable_fd() const override { return host_fd_; }

 private:
  int host_fd_;
  std::shared_ptr<const Interrupter> waiter_;
};

// Input from a string: reads return its bytes, then end of input.
class MemoryInput final : public FdObject {
 public:
  explicit MemoryInput(std::string data = {}) : data_(std::move(data)) {}
  Filetype filetype() const override { return Filetype::CharacterDevice; }
  WasiResult<uint64_t> read(IoBuffers buffers) override;
  WasiResult<std::optional<Readiness>> poll_ready(EventType type) override;

 private:
  std::string data_;
  size_t pos_ = 0;
};

// Output captured into a string (tests, embedders), optionally bounded: once
// `limit` bytes are held, writes fail with Errno::NoSpc.
class MemoryOutput final : public FdObject {
 public:
  explicit MemoryOutput(size_t limit = size_t(64) << 20) : limit_(limit) {}
  Filetype filetype() const override { return Filetype::CharacterDevice; }
  WasiResult<uint64_t> write(IoBuffers buffers) override;
  const std::string& contents() const { return data_; }
  void clear() { data_.clear(); }

 private:
  std::string data_;
  size_t limit_;
};

// Discards writes; reads see end of input at once.
class NullStream final : public FdObject {
 public:
  Filetype filetype() const override { return Filetype::CharacterDevice; }
  WasiResult<uint64_t> read(IoBuffers buffers) override { return 0; }
  WasiResult<uint64_t> write(IoBuffers buffers) override;
};

}  // namespace weft::wasi

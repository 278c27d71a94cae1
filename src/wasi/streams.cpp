// Stream objects for stdin/stdout/stderr.
#include "wasi/streams.h"

#include <algorithm>
#include <cstring>

#include "wasi/host_io.h"

namespace weft::wasi {

WasiResult<uint64_t> HostStream::read(IoBuffers buffers) {
  bool empty = std::all_of(buffers.begin(), buffers.end(), [](auto b) { return b.empty(); });
  if (empty) return 0;
  if (waiter_) WASI_CHECK(waiter_->wait_for(host_fd_, POLLIN));
  return host_read(host_fd_, buffers, waiter_.get());
}

// Writes everything unless the host fails part-way; a partial count is then the result.
WasiResult<uint64_t> HostStream::write(IoBuffers buffers) { return host_write(host_fd_, buffers, waiter_.get()); }

WasiResult<std::optional<Readiness>> HostStream::poll_ready(EventType type) {
  return host_poll_ready(host_fd_, type);
}

WasiResult<uint64_t> MemoryInput::read(IoBuffers buffers) {
  uint64_t total = 0;
  for (auto b : buffers) {
    size_t n = std::min(b.size(), data_.size() - pos_);
    if (n > 0) std::memcpy(b.data(), data_.data() + pos_, n);
    pos_ += n;
    total += n;
  }
  return total;
}

WasiResult<std::optional<Readiness>> MemoryInput::poll_ready(EventType type) {
  return std::optional(Readiness{type == EventType::FdRead ? data_.size() - pos_ : 0, false});
}

WasiResult<uint64_t> MemoryOutput::write(IoBuffers buffers) {
  uint64_t total = 0;
  for (auto b : buffers) total += b.size();
  if (total > limit_ - std::min(limit_, data_.size())) return std::unexpected(Errno::NoSpc);
  for (auto b : buffers) data_.append(reinterpret_cast<const char*>(b.data()), b.size());
  return total;
}

WasiResult<uint64_t> NullStream::write(IoBuffers buffers) {
  uint64_t total = 0;
  for (auto b : buffers) total += b.size();
  return total;
}

}  // namespace weft::wasi

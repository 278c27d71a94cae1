// Stream objects for stdin/stdout/stderr.
#include "wasi/streams.h"

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "wasi/host_services.h"

namespace weft::wasi {
namespace {

std::vector<iovec> to_host_iovecs(IoBuffers buffers) {
  std::vector<iovec> iov;
  iov.reserve(buffers.size());
  for (auto b : buffers) {
    if (!b.empty()) iov.push_back(iovec{b.data(), b.size()});
  }
  return iov;
}

}  // namespace

WasiResult<uint64_t> HostStream::read(IoBuffers buffers) {
  std::vector<iovec> iov = to_host_iovecs(buffers);
  if (iov.empty()) return 0;
  for (;;) {
    ssize_t n = ::readv(host_fd_, iov.data(), int(iov.size()));
    if (n >= 0) return uint64_t(n);
    if (errno != EINTR) return std::unexpected(errno_from_host(errno));
  }
}

// Writes everything unless the host fails part-way; a partial count is then the result.
WasiResult<uint64_t> HostStream::write(IoBuffers buffers) {
  std::vector<iovec> iov = to_host_iovecs(buffers);
  uint64_t total = 0;
  size_t first = 0;
  while (first < iov.size()) {
    ssize_t n = ::writev(host_fd_, iov.data() + first, int(iov.size() - first));
    if (n < 0) {
      if (errno == EINTR) continue;
      if (total > 0) return total;
      return std::unexpected(errno_from_host(errno));
    }
    total += uint64_t(n);
    size_t left = size_t(n);
    while (first < iov.size() && left >= iov[first].iov_len) left -= iov[first++].iov_len;
    if (first < iov.size()) {
      iov[first].iov_base = static_cast<uint8_t*>(iov[first].iov_base) + left;
      iov[first].iov_len -= left;
    }
  }
  return total;
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

WasiResult<std::optional<uint64_t>> MemoryInput::poll_ready(EventType type) {
  return std::optional<uint64_t>(type == EventType::FdRead ? data_.size() - pos_ : 0);
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

// Host fd I/O for the host objects: scatter/gather, interruptible waits, readiness.
#include "wasi/host_io.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/host_services.h"

namespace weft::wasi {

std::vector<iovec> to_host_iovecs(IoBuffers buffers) {
  std::vector<iovec> iov;
  iov.reserve(buffers.size());
  for (auto b : buffers) {
    if (!b.empty()) iov.push_back(iovec{b.data(), b.size()});
  }
  return iov;
}

WasiResult<uint64_t> host_read(int fd, IoBuffers buffers, const Interrupter* waiter) {
  std::vector<iovec> iov = to_host_iovecs(buffers);
  if (iov.empty()) return 0;
  for (;;) {
    ssize_t n = ::readv(fd, iov.data(), int(iov.size()));
    if (n >= 0) return uint64_t(n);
    if (errno == EINTR) continue;
    if ((errno == EAGAIN || errno == EWOULDBLOCK) && waiter) {
      WASI_CHECK(waiter->wait_for(fd, POLLIN));
      continue;
    }
    return std::unexpected(errno_from_host(errno));
  }
}

WasiResult<uint64_t> host_write(int fd, IoBuffers buffers, const Interrupter* waiter, bool socket) {
  std::vector<iovec> iov = to_host_iovecs(buffers);
  uint64_t total = 0;
  size_t first = 0;
  while (first < iov.size()) {
    ssize_t n;
    if (socket) {
      msghdr msg{};
      msg.msg_iov = iov.data() + first;
      msg.msg_iovlen = iov.size() - first;
      n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
    } else {
      n = ::writev(fd, iov.data() + first, int(iov.size() - first));
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      if ((errno == EAGAIN || errno == EWOULDBLOCK) && waiter) {
        auto waited = waiter->wait_for(fd, POLLOUT);
        if (waited) continue;
        if (total > 0) return total;
        return std::unexpected(waited.error());
      }
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

WasiResult<std::optional<Readiness>> host_poll_ready(int fd, EventType type) {
  pollfd p{fd, short(type == EventType::FdRead ? POLLIN : POLLOUT), 0};
  int n;
  do {
    n = ::poll(&p, 1, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return std::unexpected(errno_from_host(errno));
  if (p.revents & POLLNVAL) return std::unexpected(Errno::Badf);
  if (n == 0) return std::optional<Readiness>();
  Readiness r;
  r.hangup = p.revents & POLLHUP;
  int avail = 0;
  if (type == EventType::FdRead && ::ioctl(fd, FIONREAD, &avail) == 0 && avail > 0) r.nbytes = uint64_t(avail);
  return std::optional(r);
}

}  // namespace weft::wasi

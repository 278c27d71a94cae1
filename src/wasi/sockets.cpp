// TCP and UDP host sockets: non-blocking host fds, waits through the sandbox's waiter.
#include "wasi/sockets.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

#include "wasi/host_io.h"
#include "wasi/host_services.h"

namespace weft::wasi {
namespace {

Errno deny(const Sandbox& sandbox, std::string what) {
  sandbox.denials.report(what);
  return Errno::Acces;
}

}  // namespace

WasiResult<UniqueFd> host_socket(int family, int type) {
  UniqueFd fd(::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return std::unexpected(errno_from_host(errno));
  return fd;
}

WasiResult<SocketAddress> socket_address_of(int fd, bool peer) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  auto* sa = reinterpret_cast<sockaddr*>(&ss);
  if ((peer ? ::getpeername(fd, sa, &len) : ::getsockname(fd, sa, &len)) != 0)
    return std::unexpected(errno_from_host(errno));
  auto a = SocketAddress::from_sockaddr(sa, len);
  if (!a) return std::unexpected(Errno::AfNoSupport);
  return *a;
}

WasiResult<uint64_t> TcpStream::recv(IoBuffers buffers, bool peek, bool wait_all) {
  std::vector<iovec> iov = to_host_iovecs(buffers);
  if (iov.empty()) return 0;
  uint64_t total = 0;
  size_t first = 0;
  const int flags = peek ? MSG_PEEK : 0;
  for (;;) {
    msghdr msg{};
    msg.msg_iov = iov.data() + first;
    msg.msg_iovlen = iov.size() - first;
    ssize_t n = ::recvmsg(fd_.get(), &msg, flags);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        if (total > 0) return total;
        return std::unexpected(errno_from_host(errno));
      }
      if (nonblock_ && total == 0) return std::unexpected(Errno::Again);
      if (nonblock_) return total;
      auto waited = sandbox_->waiter.wait_for(fd_.get(), POLLIN);
      if (!waited) return total > 0 ? WasiResult<uint64_t>(total) : std::unexpected(waited.error());
      continue;
    }
    total += uint64_t(n);
    if (n == 0 || !wait_all || peek) return total;
    size_t left = size_t(n);
    while (first < iov.size() && left >= iov[first].iov_len) left -= iov[first++].iov_len;
    if (first == iov.size()) return total;
    iov[first].iov_base = static_cast<uint8_t*>(iov[first].iov_base) + left;
    iov[first].iov_len -= left;
  }
}

WasiResult<uint64_t> TcpStream::send(IoBuffers buffers) {
  return host_write(fd_.get(), buffers, nonblock_ ? nullptr : &sandbox_->waiter, true);
}

WasiResult<void> TcpStream::shutdown(bool read, bool write) {
  const int how = read && write ? SHUT_RDWR : read ? SHUT_RD : SHUT_WR;
  if (::shutdown(fd_.get(), how) != 0) return std::unexpected(errno_from_host(errno));
  return {};
}

WasiResult<void> TcpStream::set_flags(uint16_t flags) {
  if (flags & ~(fdflags::kNonblock | fdflags::kAppend)) return std::unexpected(Errno::NotSup);
  nonblock_ = flags & fdflags::kNonblock;
  return {};
}

WasiResult<std::optional<Readiness>> TcpStream::poll_ready(EventType type) {
  return host_poll_ready(fd_.get(), type);
}

WasiResult<std::shared_ptr<TcpListener>> TcpListener::bind(const SocketAddress& address, SandboxPtr sandbox) {
  WASI_TRY(fd, host_socket(address.family(), SOCK_STREAM));
  int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd.get(), address.sockaddr_ptr(), address.sockaddr_len()) != 0)
    return std::unexpected(errno_from_host(errno));
  if (::listen(fd.get(), SOMAXCONN) != 0) return std::unexpected(errno_from_host(errno));
  WASI_TRY(local, socket_address_of(fd.get()));
  return std::shared_ptr<TcpListener>(new TcpListener(std::move(fd), local, std::move(sandbox)));
}

WasiResult<std::shared_ptr<TcpStream>> TcpListener::accept(bool nonblock) {
  for (;;) {
    int fd = ::accept4(fd_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) return std::make_shared<TcpStream>(UniqueFd(fd), nonblock, sandbox_);
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if ((errno != EAGAIN && errno != EWOULDBLOCK) || nonblock_) return std::unexpected(errno_from_host(errno));
    WASI_CHECK(sandbox_->waiter.wait_for(fd_.get(), POLLIN));
  }
}

WasiResult<void> TcpListener::set_flags(uint16_t flags) {
  if (flags & ~fdflags::kNonblock) return std::unexpected(Errno::NotSup);
  nonblock_ = flags & fdflags::kNonblock;
  return {};
}

WasiResult<std::optional<Readiness>> TcpListener::poll_ready(EventType type) {
  return host_poll_ready(fd_.get(), type);
}

WasiResult<uint64_t> UdpSocket::send_to(std::span<const uint8_t> data, const SocketAddress& to) {
  ssize_t n;
  do {
    n = ::sendto(fd_.get(), data.data(), data.size(), MSG_NOSIGNAL, to.sockaddr_ptr(), to.sockaddr_len());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return std::unexpected(errno_from_host(errno));
  return uint64_t(n);
}

WasiResult<std::pair<uint64_t, SocketAddress>> UdpSocket::receive_from(std::span<uint8_t> buffer) {
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    ssize_t n = ::recvfrom(fd_.get(), buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&ss), &len);
    if (n >= 0) {
      auto from = SocketAddress::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len);
      if (!from) return std::unexpected(Errno::AfNoSupport);
      return std::pair{uint64_t(n), *from};
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return std::unexpected(errno_from_host(errno));
    WASI_CHECK(sandbox_->waiter.wait_for(fd_.get(), POLLIN));
  }
}

WasiResult<std::shared_ptr<TcpStream>> tcp_connect(const Capabilities& caps, const SocketAddress& to,
                                                   SandboxPtr sandbox) {
  if (!caps.allows_tcp_connect(to))
    return std::unexpected(deny(*sandbox, fmt::format("tcp connect to {}: not granted (--allow-tcp-connect)", to.to_string())));
  WASI_TRY(fd, host_socket(to.family(), SOCK_STREAM));
  if (::connect(fd.get(), to.sockaddr_ptr(), to.sockaddr_len()) != 0) {
    if (errno != EINPROGRESS) return std::unexpected(errno_from_host(errno));
    WASI_CHECK(sandbox->waiter.wait_for(fd.get(), POLLOUT));
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return std::unexpected(errno_from_host(err));
  }
  return std::make_shared<TcpStream>(std::move(fd), false, std::move(sandbox));
}

WasiResult<std::shared_ptr<TcpListener>> tcp_listen(const Capabilities& caps, const SocketAddress& on,
                                                    SandboxPtr sandbox) {
  if (!caps.allows_tcp_listen(on))
    return std::unexpected(deny(*sandbox, fmt::format("tcp listen on {}: not granted (--allow-tcp-listen)", on.to_string())));
  return TcpListener::bind(on, std::move(sandbox));
}

WasiResult<std::shared_ptr<UdpSocket>> udp_bind(const Capabilities& caps, const SocketAddress& on,
                                                SandboxPtr sandbox) {
  if (!caps.udp) return std::unexpected(deny(*sandbox, fmt::format("udp bind on {}: not granted (--allow-udp)", on.to_string())));
  WASI_TRY(fd, host_socket(on.family(), SOCK_DGRAM));
  if (::bind(fd.get(), on.sockaddr_ptr(), on.sockaddr_len()) != 0) return std::unexpected(errno_from_host(errno));
  WASI_TRY(local, socket_address_of(fd.get()));
  return std::make_shared<UdpSocket>(std::move(fd), local, std::move(sandbox));
}

}  // namespace weft::wasi

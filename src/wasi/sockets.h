// TCP and UDP sockets as host objects. Preview 1 can only accept on listeners the
// host preopened (`weft run --tcp-listen`) and use the connections it accepts; the
// capability-checked constructors below (connect, listen, UDP bind) are what the
// WASI 0.2 host (wasi:sockets) will call for guest-created sockets.
#pragma once

#include <memory>

#include "wasi/capabilities.h"
#include "wasi/fd_table.h"
#include "wasi/net_address.h"
#include "wasi/sandbox.h"
#include "wasi/unique_fd.h"

namespace weft::wasi {

// A connected TCP socket. The host socket is always non-blocking; a blocking guest
// call waits through the sandbox's waiter, so it can be interrupted.
class TcpStream final : public FdObject {
 public:
  TcpStream(UniqueFd fd, bool nonblock, SandboxPtr sandbox)
      : fd_(std::move(fd)), nonblock_(nonblock), sandbox_(std::move(sandbox)) {}

  Filetype filetype() const override { return Filetype::SocketStream; }
  WasiResult<uint64_t> read(IoBuffers buffers) override { return recv(buffers, false, false); }
  WasiResult<uint64_t> write(IoBuffers buffers) override { return send(buffers); }
  // `peek`: leave the data queued; `wait_all`: keep reading until the buffers are
  // full or the peer closes. 0 bytes: the peer closed its side.
  WasiResult<uint64_t> recv(IoBuffers buffers, bool peek, bool wait_all);
  WasiResult<uint64_t> send(IoBuffers buffers);
  WasiResult<void> shutdown(bool read, bool write);
  WasiResult<void> set_flags(uint16_t flags) override;
  WasiResult<Filestat> filestat() override { return Filestat{.filetype = Filetype::SocketStream}; }
  WasiResult<std::optional<Readiness>> poll_ready(EventType type) override;
  int pollable_fd() const override { return fd_.get(); }

 private:
  UniqueFd fd_;
  bool nonblock_;
  SandboxPtr sandbox_;
};

// A listening TCP socket.
class TcpListener final : public FdObject {
 public:
  // Binds and listens on `address` (port 0: the host picks one). Not capability-
  // checked: the caller decides (see tcp_listen and WasiCtx::preopen_tcp_listener).
  static WasiResult<std::shared_ptr<TcpListener>> bind(const SocketAddress& address, SandboxPtr sandbox);

  SocketAddress local_address() const { return local_; }
  // The next connection; waits for one unless the listener is non-blocking
  // (Errno::Again then). `nonblock`: the connection's own mode.
  WasiResult<std::shared_ptr<TcpStream>> accept(bool nonblock);

  Filetype filetype() const override { return Filetype::SocketStream; }
  WasiResult<void> set_flags(uint16_t flags) override;
  WasiResult<Filestat> filestat() override { return Filestat{.filetype = Filetype::SocketStream}; }
  WasiResult<std::optional<Readiness>> poll_ready(EventType type) override;
  int pollable_fd() const override { return fd_.get(); }

 private:
  TcpListener(UniqueFd fd, SocketAddress local, SandboxPtr sandbox)
      : fd_(std::move(fd)), local_(local), sandbox_(std::move(sandbox)) {}

  UniqueFd fd_;
  SocketAddress local_;
  bool nonblock_ = false;
  SandboxPtr sandbox_;
};

// A UDP socket bound to a local address: datagrams to and from any peer.
class UdpSocket final : public FdObject {
 public:
  UdpSocket(UniqueFd fd, SocketAddress local, SandboxPtr sandbox)
      : fd_(std::move(fd)), local_(local), sandbox_(std::move(sandbox)) {}

  Filetype filetype() const override { return Filetype::SocketDgram; }
  SocketAddress local_address() const { return local_; }
  WasiResult<uint64_t> send_to(std::span<const uint8_t> data, const SocketAddress& to);
  // One datagram (cut to fit `buffer`) and its sender; waits for one.
  WasiResult<std::pair<uint64_t, SocketAddress>> receive_from(std::span<uint8_t> buffer);
  int pollable_fd() const override { return fd_.get(); }

 private:
  UniqueFd fd_;
  SocketAddress local_;
  SandboxPtr sandbox_;
};

// A non-blocking, close-on-exec host socket.
WasiResult<UniqueFd> host_socket(int family, int type);
// The socket's local address (or its peer's), as the host reports it.
WasiResult<SocketAddress> socket_address_of(int fd, bool peer = false);

// Guest-initiated sockets, denied (Errno::Acces, wasi:sockets' `access-denied`,
// reported to the sandbox's Denials) unless a grant allows them.
WasiResult<std::shared_ptr<TcpStream>> tcp_connect(const Capabilities& caps, const SocketAddress& to,
                                                   SandboxPtr sandbox);
WasiResult<std::shared_ptr<TcpListener>> tcp_listen(const Capabilities& caps, const SocketAddress& on,
                                                    SandboxPtr sandbox);
WasiResult<std::shared_ptr<UdpSocket>> udp_bind(const Capabilities& caps, const SocketAddress& on,
                                                SandboxPtr sandbox);

}  // namespace weft::wasi

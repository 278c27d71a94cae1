// wasi:sockets/tcp and tcp-create-socket over non-blocking host sockets; binds and
// connects are checked against the grants (--allow-tcp-listen, --allow-tcp-connect).
// spec: ../shared/wit/wasi-0.2.12/sockets/{tcp,tcp-create-socket}.wit
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "wasi/host_io.h"
#include "wasi/host_services.h"
#include "wasi/name_lookup.h"
#include "wasi/p2/host.h"
#include "wasi/p2/net_values.h"

namespace weft::wasi::p2 {

WasiResult<std::optional<Readiness>> SocketFd::poll_ready(EventType type) {
  return host_poll_ready(fd_.get(), type);
}

namespace {

using R = Result<std::optional<Val>>;

Result<TcpSocket*> tcp(Host& h, const Val& v) { return h.object(h.tcp_sockets, v, "tcp-socket"); }

// Input and output streams over a connected socket.
Result<Val> stream_pair(Host& h, const std::shared_ptr<TcpStream>& s) {
  WEFT_TRY(in, h.own(h.input_rt, h.inputs.add(InputStream::over(s))));
  WEFT_TRY(out, h.own(h.output_rt, h.outputs.add(OutputStream::over(s))));
  return Val::tuple({std::move(in), std::move(out)});
}

// A connected socket's stream (a dup of its fd: the tcp-socket keeps its own).
WasiResult<std::shared_ptr<TcpStream>> connected_stream(Host& h, int fd) {
  UniqueFd dup(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
  if (!dup) return std::unexpected(errno_from_host(errno));
  return std::make_shared<TcpStream>(std::move(dup), false, h.ctx.sandbox());
}

R start_bind(Host& h, const Args& a) {
  WEFT_TRY(s, tcp(h, a[0]));
  if (s->state != TcpState::Unbound) return net_err(NetCode::InvalidState);
  auto addr = socket_address(a[2]);
  if (!addr || addr->family() != s->family) return net_err(NetCode::InvalidArgument);
  if (!h.ctx.capabilities().allows_tcp_listen(*addr)) {
    h.ctx.deny(fmt::format("tcp bind on {}: not granted (--allow-tcp-listen)", addr->to_string()));
    return net_err(NetCode::AccessDenied);
  }
  int one = 1;
  ::setsockopt(s->fd->get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(s->fd->get(), addr->sockaddr_ptr(), addr->sockaddr_len()) != 0)
    return errno == EADDRNOTAVAIL ? net_err(NetCode::AddressNotBindable) : host_net_err();
  s->state = TcpState::BindStarted;
  return ok();
}

R start_connect(Host& h, const Args& a) {
  WEFT_TRY(s, tcp(h, a[0]));
  if (s->state != TcpState::Unbound && s->state != TcpState::Bound) return net_err(NetCode::InvalidState);
  auto addr = socket_address(a[2]);
  if (!addr || addr->family() != s->family || addr->port() == 0) return net_err(NetCode::InvalidArgument);
  if (!h.ctx.capabilities().allows_tcp_connect(*addr)) {
    h.ctx.deny(fmt::format("tcp connect to {}: not granted (--allow-tcp-connect)", addr->to_string()));
    return net_err(NetCode::AccessDenied);
  }
  s->state = TcpState::ConnectStarted;
  if (::connect(s->fd->get(), addr->sockaddr_ptr(), addr->sockaddr_len()) != 0 && errno != EINPROGRESS)
    s->connect_error = errno_from_host(errno);
  return ok();
}

R finish_connect(Host& h, const Args& a) {
  WEFT_TRY(s, tcp(h, a[0]));
  if (s->state != TcpState::ConnectStarted) return net_err(NetCode::NotInProgress);
  if (s->connect_error) {
    s->state = TcpState::Closed;
    return net_err(*s->connect_error);
  }
  auto ready = s->fd->poll_ready(EventType::FdWrite);
  if (ready && !*ready) return net_err(NetCode::WouldBlock);
  int err = 0;
  socklen_t len = sizeof err;
  ::getsockopt(s->fd->get(), SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) {
    s->state = TcpState::Closed;
    return net_err(errno_from_host(err));
  }
  auto stream = connected_stream(h, s->fd->get());
  if (!stream) return net_err(stream.error());
  s->stream = *stream;
  s->state = TcpState::Connected;
  WEFT_TRY(pair, stream_pair(h, s->stream));
  return ok(std::move(pair));
}

R accept(Host& h, const Args& a) {
  WEFT_TRY(s, tcp(h, a[0]));
  if (s->state != TcpState::Listening) return net_err(NetCode::InvalidState);
  UniqueFd fd(::accept4(s->fd->get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
  if (!fd) return errno == EAGAIN || errno == EWOULDBLOCK ? net_err(NetCode::WouldBlock) : host_net_err();
  auto conn = std::make_shared<SocketFd>(std::move(fd));
  auto stream = connected_stream(h, conn->get());
  if (!stream) return net_err(stream.error());
  TcpSocket child{conn, s->family, TcpState::Connected, std::nullopt, *stream, 128};
  WEFT_TRY(sock, h.own(h.tcp_rt, h.tcp_sockets.add(std::move(child))));
  WEFT_TRY(pair, stream_pair(h, *stream));
  pair.items.insert(pair.items.begin(), std::move(sock));  // (socket, input, output)
  return ok(std::move(pair));
}

void define_tcp_lifecycle(Host& h, Iface& t) {
  t.func("[method]tcp-socket.start-bind", [&h](auto a) { return start_bind(h, a); });
  t.func("[method]tcp-socket.finish-bind", [&h](auto a) -> R {
    WEFT_TRY(s, tcp(h, a[0]));
    if (s->state != TcpState::BindStarted) return net_err(NetCode::NotInProgress);
    s->state = TcpState::Bound;
    return ok();
  });
  t.func("[method]tcp-socket.start-connect", [&h](auto a) { return start_connect(h, a); });
  t.func("[method]tcp-socket.finish-connect", [&h](auto a) { return finish_connect(h, a); });
  t.func("[method]tcp-socket.start-listen", [&h](auto a) -> R {
    WEFT_TRY(s, tcp(h, a[0]));
    if (s->state != TcpState::Bound) return net_err(NetCode::InvalidState);
    if (::listen(s->fd->get(), int(std::min<uint64_t>(s->backlog, SOMAXCONN))) != 0) return host_net_err();
    s->state = TcpState::ListenStarted;
    return ok();
  });
  t.func("[method]tcp-socket.finish-listen", [&h](auto a) -> R {
    WEFT_TRY(s, tcp(h, a[0]));
    if (s->state != TcpState::ListenStarted) return net_err(NetCode::NotInProgress);
    s->state = TcpState::Listening;
    return ok();
  });
  t.func("[method]tcp-socket.accept", [&h](auto a) { return accept(h, a); });
  t.func("[method]tcp-socket.shutdown", [&h](auto a) -> R {
    WEFT_TRY(s, tcp(h, a[0]));
    if (s->state != TcpState::Connected) return net_err(NetCode::InvalidState);
    const int how = a[1].bits == 0 ? SHUT_RD : a[1].bits == 1 ? SHUT_WR : SHUT_RDWR;
    if (::shutdown(s->fd->get(), how) != 0) return host_net_err();
    return ok();
  });
  t.func("[method]tcp-socket.subscribe", [&h](auto a) -> R {
    WEFT_TRY(s, tcp(h, a[0]));
    switch (s->state) {
      case TcpState::Listening: return h.new_pollable(Pollable::on(s->fd, EventType::FdRead));
      case TcpState::ConnectStarted: return h.new_pollable(Pollable::on(s->fd, EventType::FdWrite));
      default: return h.new_pollable({});
    }
  });
}

void define_tcp_queries(Host& h, Iface& t) {
  t.func("[method]tcp-socket.local-address", [&h](auto a) -> R {
    WEFT_TRY(s, tcp(h, a[0]));
    if (s->state == TcpState::Unbound || s->state == TcpState::BindStarted)
      return net_err(NetCode::InvalidState);
    auto addr = socket_address_of(s->fd->get(), false);
    if (!addr) return net_err(addr.error());
    return ok(socket_address_val(*addr));
  });
  t.func("[method]tcp-socket.remote-address", [&h](auto a) -> R {
    WEFT_TRY(s, tcp(h, a[0]));
    if (s->state != TcpState::Connected) return net_err(NetCode::InvalidState);
    auto addr = socket_address_of(s->fd->get(), true);
    if (!addr) return net_err(addr.error());
    return ok(socket_address_val(*addr));
  });
  t.func("[method]tcp-socket.is-listening", [&h](auto a) -> R {
    WEFT_TRY(s, tcp(h, a[0]));
    return Val::boolean(s->state == TcpState::Listening);
  });
  t.func("[method]tcp-socket.address-family", [&h](auto a) -> R {
    WEFT_TRY(s, tcp(h, a[0]));
    return Val::enumeration(s->family == AF_INET6 ? 1 : 0);
  });
  t.func("[method]tcp-socket.set-listen-backlog-size", [&h](auto a) -> R {
    WEFT_TRY(s, tcp(h, a[0]));
    if (a[1].bits == 0) return net_err(NetCode::InvalidArgument);
    s->backlog = a[1].bits;
    if (s->state == TcpState::Listening &&
        ::listen(s->fd->get(), int(std::min<uint64_t>(s->backlog, SOMAXCONN))) != 0)
      return host_net_err();
    return ok();
  });
  define_socket_options(t, "tcp-socket", [&h](const Val& v) -> Result<int> {
    WEFT_TRY(s, tcp(h, v));
    return s->fd->get();
  });
}

}  // namespace

void define_tcp(Host& h, component::Linker& l) {
  Iface t(l, "wasi:sockets/tcp");
  t.resource("tcp-socket", h.tcp_rt);
  t.resources({{"network", h.network_rt},
               {"input-stream", h.input_rt},
               {"output-stream", h.output_rt},
               {"pollable", h.pollable_rt}});
  define_tcp_lifecycle(h, t);
  define_tcp_queries(h, t);

  Iface c(l, "wasi:sockets/tcp-create-socket");
  c.resource("tcp-socket", h.tcp_rt);
  c.resource("network", h.network_rt);
  c.func("create-tcp-socket", [&h](auto a) -> R {
    const int family = a[0].bits == 1 ? AF_INET6 : AF_INET;
    auto fd = new_socket(family, SOCK_STREAM);
    if (!fd) return net_err(fd.error());
    WEFT_TRY(s, h.own(h.tcp_rt, h.tcp_sockets.add(
                                    TcpSocket{*fd, family, TcpState::Unbound, std::nullopt, nullptr, 128})));
    return ok(std::move(s));
  });
}

}  // namespace weft::wasi::p2

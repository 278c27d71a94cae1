// wasi:sockets/udp and udp-create-socket over non-blocking host sockets; every UDP
// socket needs the --allow-udp grant.
// spec: ../shared/wit/wasi-0.2.12/sockets/{udp,udp-create-socket}.wit
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include "wasi/host_services.h"
#include "wasi/p2/net_values.h"

namespace weft::wasi::p2 {

namespace {

using R = Result<std::optional<Val>>;

// Datagrams one receive returns at most, and the largest one.
constexpr uint64_t kMaxBatch = 64;
constexpr size_t kMaxDatagram = 65536;

Result<UdpEndpoint*> udp(Host& h, const Val& v) { return h.object(h.udp_sockets, v, "udp-socket"); }

R start_bind(Host& h, const Args& a) {
  WEFT_TRY(s, udp(h, a[0]));
  if (s->bind_started) return net_err(NetCode::InvalidState);
  auto addr = socket_address(a[2]);
  if (!addr || addr->family() != s->family) return net_err(NetCode::InvalidArgument);
  if (!h.ctx.capabilities().udp) {
    h.ctx.deny(fmt::format("udp bind on {}: not granted (--allow-udp)", addr->to_string()));
    return net_err(NetCode::AccessDenied);
  }
  if (::bind(s->fd->get(), addr->sockaddr_ptr(), addr->sockaddr_len()) != 0)
    return errno == EADDRNOTAVAIL ? net_err(NetCode::AddressNotBindable) : host_net_err();
  s->bind_started = true;
  return ok();
}

// %stream: (re)connects the socket to `remote` (or disconnects it) and makes new streams.
R stream(Host& h, const Args& a) {
  WEFT_TRY(s, udp(h, a[0]));
  if (!s->bound) return net_err(NetCode::InvalidState);
  std::optional<SocketAddress> remote;
  if (a[1].bits == 1) {
    remote = socket_address(a[1].items.at(0));
    if (!remote || remote->family() != s->family || remote->port() == 0)
      return net_err(NetCode::InvalidArgument);
    if (::connect(s->fd->get(), remote->sockaddr_ptr(), remote->sockaddr_len()) != 0) return host_net_err();
  } else if (s->remote) {
    sockaddr unspec{};
    unspec.sa_family = AF_UNSPEC;
    ::connect(s->fd->get(), &unspec, sizeof unspec);
  }
  s->remote = remote;
  WEFT_TRY(in, h.own(h.incoming_dgram_rt, h.incoming_dgrams.add({s->fd, remote})));
  WEFT_TRY(out, h.own(h.outgoing_dgram_rt, h.outgoing_dgrams.add({s->fd, remote})));
  return ok(Val::tuple({std::move(in), std::move(out)}));
}

R receive(Host& h, const Args& a) {
  WEFT_TRY(d, h.object(h.incoming_dgrams, a[0], "incoming-datagram-stream"));
  std::vector<Val> out;
  std::vector<uint8_t> buf(kMaxDatagram);
  for (uint64_t i = 0; i < std::min(a[1].bits, kMaxBatch); ++i) {
    sockaddr_storage from{};
    socklen_t len = sizeof from;
    ssize_t n = ::recvfrom(d->fd->get(), buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (out.empty()) return host_net_err();
      break;
    }
    auto sender = SocketAddress::from_sockaddr(reinterpret_cast<sockaddr*>(&from), len);
    if (!sender) continue;
    out.push_back(Val::record({bytes_val(std::span(buf.data(), size_t(n))), socket_address_val(*sender)}));
  }
  return ok(Val::list(std::move(out)));
}

R send(Host& h, const Args& a) {
  WEFT_TRY(d, h.object(h.outgoing_dgrams, a[0], "outgoing-datagram-stream"));
  uint64_t sent = 0;
  for (const Val& dg : a[1].items) {
    std::vector<uint8_t> data = bytes_of(dg.items.at(0));
    const Val& to = dg.items.at(1);
    std::optional<SocketAddress> addr;
    if (to.bits == 1) {
      addr = socket_address(to.items.at(0));
      if (!addr || (d->remote && !(addr->same_ip(*d->remote) && addr->port() == d->remote->port())))
        return sent ? ok(Val::u64(sent)) : net_err(NetCode::InvalidArgument);
    } else if (!d->remote) {
      return sent ? ok(Val::u64(sent)) : net_err(NetCode::InvalidArgument);
    }
    ssize_t n = addr && !d->remote ? ::sendto(d->fd->get(), data.data(), data.size(), 0, addr->sockaddr_ptr(),
                                              addr->sockaddr_len())
                                   : ::send(d->fd->get(), data.data(), data.size(), 0);
    if (n < 0) {
      if (sent > 0 || errno == EAGAIN || errno == EWOULDBLOCK) break;
      return host_net_err();
    }
    ++sent;
  }
  return ok(Val::u64(sent));
}

void define_udp_socket(Host& h, Iface& u) {
  u.func("[method]udp-socket.start-bind", [&h](auto a) { return start_bind(h, a); });
  u.func("[method]udp-socket.finish-bind", [&h](auto a) -> R {
    WEFT_TRY(s, udp(h, a[0]));
    if (!s->bind_started || s->bound) return net_err(NetCode::NotInProgress);
    s->bound = true;
    return ok();
  });
  u.func("[method]udp-socket.stream", [&h](auto a) { return stream(h, a); });
  auto address = [&h](bool peer) {
    return [&h, peer](auto a) -> R {
      WEFT_TRY(s, udp(h, a[0]));
      if (peer ? !s->remote : !s->bound) return net_err(NetCode::InvalidState);
      auto addr = socket_address_of(s->fd->get(), peer);
      if (!addr) return net_err(addr.error());
      return ok(socket_address_val(*addr));
    };
  };
  u.func("[method]udp-socket.local-address", address(false));
  u.func("[method]udp-socket.remote-address", address(true));
  u.func("[method]udp-socket.address-family", [&h](auto a) -> R {
    WEFT_TRY(s, udp(h, a[0]));
    return Val::enumeration(s->family == AF_INET6 ? 1 : 0);
  });
  u.func("[method]udp-socket.subscribe", [&h](auto a) -> R {
    WEFT_CHECK(udp(h, a[0]));
    return h.new_pollable({});
  });
  define_socket_options(
      u, "udp-socket",
      [&h](const Val& v) -> Result<int> {
        WEFT_TRY(s, udp(h, v));
        return s->fd->get();
      },
      false);
}

}  // namespace

void define_udp(Host& h, component::Linker& l) {
  Iface u(l, "wasi:sockets/udp");
  u.resources({{"udp-socket", h.udp_rt},
               {"incoming-datagram-stream", h.incoming_dgram_rt},
               {"outgoing-datagram-stream", h.outgoing_dgram_rt},
               {"network", h.network_rt},
               {"pollable", h.pollable_rt}});
  define_udp_socket(h, u);
  u.func("[method]incoming-datagram-stream.receive", [&h](auto a) { return receive(h, a); });
  u.func("[method]incoming-datagram-stream.subscribe", [&h](auto a) -> R {
    WEFT_TRY(d, h.object(h.incoming_dgrams, a[0], "incoming-datagram-stream"));
    return h.new_pollable(Pollable::on(d->fd, EventType::FdRead));
  });
  u.func("[method]outgoing-datagram-stream.check-send", [&h](auto a) -> R {
    WEFT_CHECK(h.object(h.outgoing_dgrams, a[0], "outgoing-datagram-stream"));
    return ok(Val::u64(kMaxBatch));
  });
  u.func("[method]outgoing-datagram-stream.send", [&h](auto a) { return send(h, a); });
  u.func("[method]outgoing-datagram-stream.subscribe", [&h](auto a) -> R {
    WEFT_TRY(d, h.object(h.outgoing_dgrams, a[0], "outgoing-datagram-stream"));
    return h.new_pollable(Pollable::on(d->fd, EventType::FdWrite));
  });

  Iface c(l, "wasi:sockets/udp-create-socket");
  c.resource("udp-socket", h.udp_rt);
  c.resource("network", h.network_rt);
  c.func("create-udp-socket", [&h](auto a) -> R {
    const int family = a[0].bits == 1 ? AF_INET6 : AF_INET;
    auto fd = new_socket(family, SOCK_DGRAM);
    if (!fd) return net_err(fd.error());
    UdpEndpoint s{*fd, family, false, false, std::nullopt};
    WEFT_TRY(sock, h.own(h.udp_rt, h.udp_sockets.add(std::move(s))));
    return ok(std::move(sock));
  });
}

}  // namespace weft::wasi::p2

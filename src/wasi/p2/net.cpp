// wasi:sockets/network, instance-network and ip-name-lookup; the values and socket
// options that tcp and udp share.
// spec: ../shared/wit/wasi-0.2.12/sockets/{network,instance-network,ip-name-lookup}.wit
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <climits>
#include <cstring>

#include "wasi/host_services.h"
#include "wasi/name_lookup.h"
#include "wasi/p2/net_values.h"

namespace weft::wasi::p2 {

NetCode net_code(Errno e) {
  switch (e) {
    case Errno::Acces:
    case Errno::Perm: return NetCode::AccessDenied;
    case Errno::NotSup:
    case Errno::AfNoSupport:
    case Errno::NoProtoOpt:
    case Errno::NoSys: return NetCode::NotSupported;
    case Errno::Inval: return NetCode::InvalidArgument;
    case Errno::NoMem:
    case Errno::NoBufs: return NetCode::OutOfMemory;
    case Errno::TimedOut: return NetCode::Timeout;
    case Errno::Again: return NetCode::WouldBlock;
    case Errno::Mfile:
    case Errno::Nfile: return NetCode::NewSocketLimit;
    case Errno::AddrNotAvail: return NetCode::AddressNotBindable;
    case Errno::AddrInUse: return NetCode::AddressInUse;
    case Errno::HostUnreach:
    case Errno::NetUnreach:
    case Errno::NetDown: return NetCode::RemoteUnreachable;
    case Errno::ConnRefused: return NetCode::ConnectionRefused;
    case Errno::ConnReset:
    case Errno::Pipe: return NetCode::ConnectionReset;
    case Errno::ConnAborted: return NetCode::ConnectionAborted;
    case Errno::MsgSize: return NetCode::DatagramTooLarge;
    default: return NetCode::Unknown;
  }
}

Val net_err(NetCode c) { return Val::err({Val::enumeration(uint32_t(c))}); }
Val net_err(Errno e) { return net_err(net_code(e)); }
Val host_net_err() { return net_err(errno_from_host(errno)); }

WasiResult<std::shared_ptr<SocketFd>> new_socket(int family, int type) {
  auto fd = host_socket(family, type);
  if (!fd) return std::unexpected(fd.error());
  if (family == AF_INET6) {
    int one = 1;
    ::setsockopt(fd->get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  }
  return std::make_shared<SocketFd>(std::move(*fd));
}

std::optional<SocketAddress> socket_address(const Val& v) {
  if (v.kind != ValKind::Variant || v.items.size() != 1) return std::nullopt;
  const Val& rec = v.items[0];
  sockaddr_storage ss{};
  if (v.bits == 0 && rec.items.size() == 2 && rec.items[1].items.size() == 4) {
    auto* in = reinterpret_cast<sockaddr_in*>(&ss);
    in->sin_family = AF_INET;
    in->sin_port = htons(uint16_t(rec.items[0].bits));
    uint8_t* b = reinterpret_cast<uint8_t*>(&in->sin_addr);
    for (int i = 0; i < 4; ++i) b[i] = uint8_t(rec.items[1].items[i].bits);
    return SocketAddress::from_sockaddr(reinterpret_cast<sockaddr*>(in), sizeof *in);
  }
  if (v.bits == 1 && rec.items.size() == 4 && rec.items[2].items.size() == 8) {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&ss);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(uint16_t(rec.items[0].bits));
    in6->sin6_flowinfo = htonl(uint32_t(rec.items[1].bits));
    for (int i = 0; i < 8; ++i) {
      const uint16_t part = uint16_t(rec.items[2].items[i].bits);
      in6->sin6_addr.s6_addr[2 * i] = uint8_t(part >> 8);
      in6->sin6_addr.s6_addr[2 * i + 1] = uint8_t(part);
    }
    in6->sin6_scope_id = uint32_t(rec.items[3].bits);
    return SocketAddress::from_sockaddr(reinterpret_cast<sockaddr*>(in6), sizeof *in6);
  }
  return std::nullopt;
}

Val ip_address_val(const SocketAddress& a) {
  std::vector<Val> parts;
  if (a.family() == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(a.sockaddr_ptr());
    const uint8_t* b = reinterpret_cast<const uint8_t*>(&in->sin_addr);
    for (int i = 0; i < 4; ++i) parts.push_back(Val::u8(b[i]));
    return Val::variant(0, {Val::tuple(std::move(parts))});
  }
  const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a.sockaddr_ptr());
  for (int i = 0; i < 8; ++i)
    parts.push_back(
        Val::u16(uint16_t(in6->sin6_addr.s6_addr[2 * i] << 8 | in6->sin6_addr.s6_addr[2 * i + 1])));
  return Val::variant(1, {Val::tuple(std::move(parts))});
}

Val socket_address_val(const SocketAddress& a) {
  Val ip = ip_address_val(a);
  Val address = std::move(ip.items[0]);
  if (a.family() == AF_INET) return Val::variant(0, {Val::record({Val::u16(a.port()), std::move(address)})});
  const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a.sockaddr_ptr());
  return Val::variant(1, {Val::record({Val::u16(a.port()), Val::u32(ntohl(in6->sin6_flowinfo)),
                                       std::move(address), Val::u32(in6->sin6_scope_id)})});
}

namespace {

using R = Result<std::optional<Val>>;

// One integer socket option as a getter and a setter (`scale`: guest units per host unit).
struct IntOption {
  const char* getter;
  const char* setter;
  int level, name;
  ValKind kind;
  uint64_t scale = 1;
};

R get_int(int fd, int level, int name, ValKind kind, uint64_t scale) {
  int value = 0;
  socklen_t len = sizeof value;
  if (::getsockopt(fd, level, name, &value, &len) != 0) return host_net_err();
  const uint64_t v = uint64_t(value < 0 ? 0 : value) * scale;
  if (kind == ValKind::Bool) return ok(Val::boolean(value != 0));
  return ok(Val{kind, kind == ValKind::U8 ? std::min<uint64_t>(v, 255) : v});
}

R set_int(int fd, int level, int name, const Val& v, uint64_t scale) {
  uint64_t x = v.bits / scale;
  if (v.kind != ValKind::Bool && x == 0) return net_err(NetCode::InvalidArgument);
  const int value = int(std::min<uint64_t>(x, INT_MAX));
  if (::setsockopt(fd, level, name, &value, sizeof value) != 0) return host_net_err();
  return ok();
}

bool is_ipv6(int fd) {
  int domain = 0;
  socklen_t len = sizeof domain;
  return ::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 && domain == AF_INET6;
}

}  // namespace

void define_socket_options(Iface& iface, const std::string& resource,
                           std::function<Result<int>(const Val&)> fd_of, bool tcp) {
  std::vector<IntOption> options{
      {"receive-buffer-size", "set-receive-buffer-size", SOL_SOCKET, SO_RCVBUF, ValKind::U64},
      {"send-buffer-size", "set-send-buffer-size", SOL_SOCKET, SO_SNDBUF, ValKind::U64},
  };
  if (tcp) {
    options.push_back(
        {"keep-alive-enabled", "set-keep-alive-enabled", SOL_SOCKET, SO_KEEPALIVE, ValKind::Bool});
    options.push_back({"keep-alive-idle-time", "set-keep-alive-idle-time", IPPROTO_TCP, TCP_KEEPIDLE,
                       ValKind::U64, 1'000'000'000});
    options.push_back({"keep-alive-interval", "set-keep-alive-interval", IPPROTO_TCP, TCP_KEEPINTVL,
                       ValKind::U64, 1'000'000'000});
    options.push_back({"keep-alive-count", "set-keep-alive-count", IPPROTO_TCP, TCP_KEEPCNT, ValKind::U32});
  }
  const std::string m = "[method]" + resource + ".";
  for (const IntOption& o : options) {
    iface.func(m + o.getter, [fd_of, o](auto a) -> R {
      WEFT_TRY(fd, fd_of(a[0]));
      return get_int(fd, o.level, o.name, o.kind, o.scale);
    });
    iface.func(m + o.setter, [fd_of, o](auto a) -> R {
      WEFT_TRY(fd, fd_of(a[0]));
      return set_int(fd, o.level, o.name, a[1], o.scale);
    });
  }
  const std::string hop = tcp ? "hop-limit" : "unicast-hop-limit";
  iface.func(m + hop, [fd_of](auto a) -> R {
    WEFT_TRY(fd, fd_of(a[0]));
    return is_ipv6(fd) ? get_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, ValKind::U8, 1)
                       : get_int(fd, IPPROTO_IP, IP_TTL, ValKind::U8, 1);
  });
  iface.func(m + "set-" + hop, [fd_of](auto a) -> R {
    WEFT_TRY(fd, fd_of(a[0]));
    return is_ipv6(fd) ? set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, a[1], 1)
                       : set_int(fd, IPPROTO_IP, IP_TTL, a[1], 1);
  });
}

namespace {

void define_name_lookup(Host& h, component::Linker& l) {
  Iface n(l, "wasi:sockets/ip-name-lookup");
  n.resources(
      {{"resolve-address-stream", h.resolve_rt}, {"network", h.network_rt}, {"pollable", h.pollable_rt}});
  n.func("resolve-addresses", [&h](auto a) -> R {
    const std::string& name = a[1].str;
    if (name.empty() || name.size() > 253) return net_err(NetCode::InvalidArgument);
    auto found = resolve_addresses(h.ctx.capabilities(), *h.ctx.sandbox(), name);
    if (!found) {
      if (found.error() == Errno::Acces) return net_err(NetCode::AccessDenied);
      return net_err(found.error() == Errno::NoEnt ? NetCode::NameUnresolvable
                                                   : NetCode::PermanentResolverFailure);
    }
    WEFT_TRY(s, h.own(h.resolve_rt, h.resolves.add(ResolveStream{std::move(*found)})));
    return ok(std::move(s));
  });
  n.func("[method]resolve-address-stream.resolve-next-address", [&h](auto a) -> R {
    WEFT_TRY(s, h.object(h.resolves, a[0], "resolve-address-stream"));
    if (s->next >= s->addresses.size()) return ok(Val::none());
    return ok(Val::some(ip_address_val(s->addresses[s->next++])));
  });
  n.func("[method]resolve-address-stream.subscribe", [&h](auto a) -> R {
    WEFT_CHECK(h.object(h.resolves, a[0], "resolve-address-stream"));
    return h.new_pollable({});  // the lookup finished when the stream was made
  });
}

}  // namespace

void define_sockets(Host& h, component::Linker& l) {
  Iface net(l, "wasi:sockets/network");
  net.resource("network", h.network_rt);
  net.resource("error", h.error_rt);
  net.func("network-error-code", [&h](auto a) -> R {
    WEFT_TRY(e, h.object(h.errors, a[0], "error"));
    if (!e->code) return Val::none();
    return Val::some(Val::enumeration(uint32_t(net_code(*e->code))));
  });
  Iface inst(l, "wasi:sockets/instance-network");
  inst.resource("network", h.network_rt);
  inst.func("instance-network", [&h](auto) -> R { return Val::own(h.network_rt, 1); });
  define_tcp(h, l);
  define_udp(h, l);
  define_name_lookup(h, l);
}

}  // namespace weft::wasi::p2

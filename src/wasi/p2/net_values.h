// wasi:sockets values: error codes, IP addresses and socket addresses as component
// values, and the socket options tcp-socket and udp-socket share.
#pragma once

#include <functional>
#include <optional>

#include "wasi/net_address.h"
#include "wasi/p2/host.h"

namespace weft::wasi::p2 {

// spec: network.wit `error-code`, in case order
enum class NetCode : uint32_t {
  Unknown,
  AccessDenied,
  NotSupported,
  InvalidArgument,
  OutOfMemory,
  Timeout,
  ConcurrencyConflict,
  NotInProgress,
  WouldBlock,
  InvalidState,
  NewSocketLimit,
  AddressNotBindable,
  AddressInUse,
  RemoteUnreachable,
  ConnectionRefused,
  ConnectionReset,
  ConnectionAborted,
  DatagramTooLarge,
  NameUnresolvable,
  TemporaryResolverFailure,
  PermanentResolverFailure,
};
NetCode net_code(Errno e);
// result<_, error-code>'s error case for a code, for an Errno, or for the host's errno.
Val net_err(NetCode c);
Val net_err(Errno e);
Val host_net_err();

// A non-blocking host socket (IPv6 ones v6-only) as a pollable object.
WasiResult<std::shared_ptr<SocketFd>> new_socket(int family, int type);

// ip-socket-address <-> SocketAddress; nullopt for a malformed value.
std::optional<SocketAddress> socket_address(const Val& v);
Val socket_address_val(const SocketAddress& a);
// ip-address (the address part alone)
Val ip_address_val(const SocketAddress& a);

// receive-buffer-size, send-buffer-size, the hop limit and (TCP) keep-alive
// getters and setters of `resource`, on the host fd `fd_of` finds.
void define_socket_options(Iface& iface, const std::string& resource,
                           std::function<Result<int>(const Val&)> fd_of, bool tcp = true);

void define_tcp(Host& h, component::Linker& l);
void define_udp(Host& h, component::Linker& l);

}  // namespace weft::wasi::p2

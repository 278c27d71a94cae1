// WASI handlers for sockets (sock_*). Preview 1 cannot create sockets: the guest
// accepts connections on listeners the host preopened (weft run --tcp-listen).
#include "wasi/handlers.h"
#include "wasi/sockets.h"

namespace weft::wasi::handlers {
namespace {

// A fd that is a socket but not of the kind asked for answers as POSIX would.
template <class T>
WasiResult<std::pair<FdEntry*, T*>> socket_with(WasiCall& call, Rights required, Errno other_socket) {
  WASI_TRY(entry, call.ctx().fds().get(call.u32(0)));
  Filetype type = entry->object->filetype();
  bool socket = type == Filetype::SocketStream || type == Filetype::SocketDgram;
  return object_with<T>(call, call.u32(0), required, socket ? other_socket : Errno::NotSock);
}

}  // namespace

// (fd, flags, result_fd)
Result<Errno> sock_accept(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(found, socket_with<TcpListener>(call, rights::kSockAccept, Errno::Inval));
  const uint32_t flags = call.u32(1), result = call.u32(2);
  if (flags & ~uint32_t(fdflags::kNonblock)) return Errno::Inval;
  WASI_CHECK(mem.slice(result, 4));
  WASI_TRY(stream, found.second->accept(flags & fdflags::kNonblock));
  FdEntry entry{stream, rights::kSocketRights & found.first->rights_inheriting, 0, uint16_t(flags), std::nullopt};
  WASI_TRY(fd, call.ctx().fds().insert(std::move(entry)));
  return status(mem.store_u32(result, fd));
}

// (fd, ri_data, ri_data_len, ri_flags, ro_datalen, ro_flags)
Result<Errno> sock_recv(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(found, socket_with<TcpStream>(call, rights::kFdRead, Errno::NotConn));
  const uint32_t flags = call.u32(3), datalen = call.u32(4), roflags = call.u32(5);
  if (flags & ~uint32_t(kRecvPeek | kRecvWaitall)) return Errno::Inval;
  WASI_CHECK(mem.slice(datalen, 4));
  WASI_CHECK(mem.slice(roflags, 2));
  WASI_TRY(buffers, mem.iovecs(call.u32(1), call.u32(2)));
  WASI_TRY(n, found.second->recv(buffers, flags & kRecvPeek, flags & kRecvWaitall));
  WASI_CHECK(mem.store_u32(datalen, uint32_t(n)));
  return status(mem.store_u16(roflags, 0));  // a stream never truncates a message
}

// (fd, si_data, si_data_len, si_flags, so_datalen)
Result<Errno> sock_send(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(found, socket_with<TcpStream>(call, rights::kFdWrite, Errno::NotConn));
  if (call.u32(3) != 0) return Errno::Inval;  // spec: siflags has no flags yet
  WASI_CHECK(mem.slice(call.u32(4), 4));
  WASI_TRY(buffers, mem.iovecs(call.u32(1), call.u32(2)));
  WASI_TRY(n, found.second->send(buffers));
  return status(mem.store_u32(call.u32(4), uint32_t(n)));
}

// (fd, how: sdflags)
Result<Errno> sock_shutdown(WasiCall& call) {
  WASI_TRY(found, socket_with<TcpStream>(call, rights::kSockShutdown, Errno::NotConn));
  const uint32_t how = call.u32(1);
  if (how == 0 || (how & ~uint32_t(kShutdownRd | kShutdownWr))) return Errno::Inval;
  return status(found.second->shutdown(how & kShutdownRd, how & kShutdownWr));
}

}  // namespace weft::wasi::handlers

// WASI handlers for what comes with a later issue: paths (files and directories) and sockets.
// They answer as a host without preopened directories or sockets must: Badf for a
// fd that is not open, NotDir / NotSock for one of the wrong kind, else NotCapable.
#include "wasi/handlers.h"

namespace weft::wasi::handlers {
namespace {

// Every path_* function resolves its path relative to a directory fd.
Errno path_base(WasiCall& call, size_t fd_arg) {
  auto entry = call.ctx().fds().get(call.u32(fd_arg));
  if (!entry) return entry.error();
  if ((*entry)->object->filetype() != Filetype::Directory) return Errno::NotDir;
  return Errno::NotCapable;
}

Errno two_paths(WasiCall& call, size_t old_fd_arg, size_t new_fd_arg) {
  Errno old_dir = path_base(call, old_fd_arg);
  return old_dir == Errno::NotCapable ? path_base(call, new_fd_arg) : old_dir;
}

Errno socket_base(WasiCall& call) {
  auto entry = call.ctx().fds().get(call.u32(0));
  if (!entry) return entry.error();
  Filetype type = (*entry)->object->filetype();
  if (type != Filetype::SocketStream && type != Filetype::SocketDgram) return Errno::NotSock;
  return Errno::NotCapable;
}

}  // namespace

Result<Errno> path_create_directory(WasiCall& call) { return path_base(call, 0); }
Result<Errno> path_filestat_get(WasiCall& call) { return path_base(call, 0); }
Result<Errno> path_filestat_set_times(WasiCall& call) { return path_base(call, 0); }
Result<Errno> path_open(WasiCall& call) { return path_base(call, 0); }
Result<Errno> path_readlink(WasiCall& call) { return path_base(call, 0); }
Result<Errno> path_remove_directory(WasiCall& call) { return path_base(call, 0); }
Result<Errno> path_unlink_file(WasiCall& call) { return path_base(call, 0); }
// (old_fd, old_flags, old_path, old_path_len, new_fd, new_path, new_path_len)
Result<Errno> path_link(WasiCall& call) { return two_paths(call, 0, 4); }
// (fd, old_path, old_path_len, new_fd, new_path, new_path_len)
Result<Errno> path_rename(WasiCall& call) { return two_paths(call, 0, 3); }
// (old_path, old_path_len, fd, new_path, new_path_len)
Result<Errno> path_symlink(WasiCall& call) { return path_base(call, 2); }

Result<Errno> sock_accept(WasiCall& call) { return socket_base(call); }
Result<Errno> sock_recv(WasiCall& call) { return socket_base(call); }
Result<Errno> sock_send(WasiCall& call) { return socket_base(call); }
Result<Errno> sock_shutdown(WasiCall& call) { return socket_base(call); }

}  // namespace weft::wasi::handlers

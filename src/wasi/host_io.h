// Reads, writes and readiness checks on host fds, shared by the host objects
// (stdio streams, files, sockets). Waits go through the Interrupter.
#pragma once

#include <sys/uio.h>

#include <vector>

#include "wasi/fd_table.h"
#include "wasi/interrupter.h"

namespace weft::wasi {

std::vector<iovec> to_host_iovecs(IoBuffers buffers);

// One read. When the fd has nothing yet (EAGAIN) and `waiter` is set, waits for
// data and tries again; without a waiter, EAGAIN is the result.
WasiResult<uint64_t> host_read(int fd, IoBuffers buffers, const Interrupter* waiter);

// Writes every buffer, waiting (with `waiter`) while the fd is full. An error after
// part of the data went out returns the part. `socket`: sendmsg with MSG_NOSIGNAL.
WasiResult<uint64_t> host_write(int fd, IoBuffers buffers, const Interrupter* waiter, bool socket = false);

// Whether a read (or write) on `fd` would not block now; for reads, the bytes
// already waiting (FIONREAD) when the host knows them.
WasiResult<std::optional<Readiness>> host_poll_ready(int fd, EventType type);

}  // namespace weft::wasi

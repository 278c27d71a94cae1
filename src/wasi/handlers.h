// Internal: one handler per WASI function, declared from functions.def, and their shared helpers.
#pragma once

#include <string>

#include "wasi/functions.h"

namespace weft::wasi::handlers {

#define WASI_FUNC(name, params, results) Result<Errno> name(WasiCall& call);
#include "wasi/functions.def"
#undef WASI_FUNC

inline Errno status(const WasiResult<void>& r) { return r ? Errno::Success : r.error(); }

// The names of the rights in `missing`, "fd_read, fd_seek".
std::string rights_list(Rights missing);

// The entry of an open fd that holds all of `required`: Badf / NotCapable
// otherwise (a denial, reported with the function's name).
WasiResult<FdEntry*> entry_with(WasiCall& call, uint32_t fd, Rights required);

// The object of an open fd as the kind `T` (a DirHandle, a TcpStream, ...) with
// all of `required`: Badf, `wrong_kind` (NotDir, NotSock), or NotCapable.
template <class T>
WasiResult<std::pair<FdEntry*, T*>> object_with(WasiCall& call, uint32_t fd, Rights required, Errno wrong_kind) {
  WASI_TRY(entry, call.ctx().fds().get(fd));
  T* object = dynamic_cast<T*>(entry->object.get());
  if (!object) return std::unexpected(wrong_kind);
  WASI_CHECK(entry_with(call, fd, required));
  return std::pair{entry, object};
}

// A path argument: `len` bytes at `ptr` in guest memory (Fault when out of bounds).
WasiResult<std::string_view> guest_string(const GuestMemory& mem, uint32_t ptr, uint32_t len);

// Writes a `filestat` record at `p` (padding cleared).
WasiResult<void> store_filestat(const GuestMemory& mem, uint32_t p, const Filestat& st);

// fstflags and the two timestamps as updates; Inval for unknown bits or both
// "set" and "now" for one time.
WasiResult<std::pair<TimeUpdate, TimeUpdate>> time_updates(uint64_t atim, uint64_t mtim, uint32_t flags);

}  // namespace weft::wasi::handlers

// Internal: one handler per WASI function, declared from functions.def, and their shared helpers.
#pragma once

#include "wasi/functions.h"

namespace weft::wasi::handlers {

#define WASI_FUNC(name, params, results) Result<Errno> name(WasiCall& call);
#include "wasi/functions.def"
#undef WASI_FUNC

inline Errno status(const WasiResult<void>& r) { return r ? Errno::Success : r.error(); }

// The entry of an open fd that holds all of `required`: Badf / NotCapable otherwise.
inline WasiResult<FdEntry*> entry_with(WasiCtx& ctx, uint32_t fd, Rights required) {
  WASI_TRY(entry, ctx.fds().get(fd));
  if (!entry->has(required)) return std::unexpected(Errno::NotCapable);
  return entry;
}

}  // namespace weft::wasi::handlers

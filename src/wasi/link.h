// Linking a module against WASI and running it as a command: the API the CLI and embedders call.
#pragma once

#include <vector>

#include "core/runtime/store.h"
#include "support/error.h"
#include "wasi/functions.h"
#include "wasi/wasi_ctx.h"

namespace weft::wasi {

// Adds the host function for `fn` to the store, bound to `ctx` (which must outlive
// every call of it). It reaches the calling instance's exported "memory".
core::FuncAddr add_wasi_function(core::Store& store, WasiCtx& ctx, const WasiFunction& fn);

// One external value per import of `module`, in import order. Every import must be
// a function of wasi_snapshot_preview1 with the witx signature; otherwise a Link
// error: `unknown import: "env" "f"` or `incompatible import type: "wasi_snapshot_preview1" "fd_write"`.
Result<std::vector<core::Extern>> resolve_imports(core::Store& store, WasiCtx& ctx,
                                                  const core::Module& module);

// Resolves the imports and instantiates. A reactor (a module exporting
// `_initialize` and no `_start`) has `_initialize` called, as the WASI
// application ABI asks before any other export is used.
Result<core::InstanceAddr> instantiate_wasi(core::Store& store, WasiCtx& ctx,
                                            const core::ValidatedModulePtr& module);

// Instantiates a WASI command and calls its `_start`. The exit status: 0 when
// `_start` returns, the status given to proc_exit (exit(3)) otherwise. A trap or a
// link failure stays an Error.
Result<int> run_command(core::Store& store, WasiCtx& ctx, const core::ValidatedModulePtr& module);

}  // namespace weft::wasi

// The WASI 0.2 host: every interface of ../shared/wit/wasi-0.2.12 that a command
// component imports (wasi:io, wasi:clocks, wasi:random, wasi:cli, wasi:filesystem,
// wasi:sockets), defined in a component Linker over the same host objects and
// grants as preview 1 (WasiCtx). Nothing is reachable unless the WasiCtx grants it.
// spec: ../shared/wit/wasi-0.2.12 (an import of any 0.2.x version is served, see Linker)
#pragma once

#include <memory>
#include <string>

#include "component/link/linker.h"
#include "support/error.h"
#include "wasi/wasi_ctx.h"

namespace weft::wasi::p2 {

// The version every interface is defined with.
inline constexpr const char* kVersion = "0.2.12";

// Defines every WASI 0.2 interface in `linker`, with host resource types created in
// `rt` and state bound to `ctx` (which must outlive every call into instances that
// import them; the state itself is kept alive by `rt`).
void add_to_linker(component::Runtime& rt, component::Linker& linker, WasiCtx& ctx);

// Runs a command component: instantiates it against WASI and calls the `run`
// function of its `wasi:cli/run@0.2.x` export. The exit status: 0 when run returns
// ok, 1 when it returns error, the status given to wasi:cli/exit otherwise.
// A component without that export is a Link error naming what it exports.
Result<int> run_command(component::Runtime& rt, component::Linker& linker,
                        const component::ValidatedComponentPtr& component);

}  // namespace weft::wasi::p2

// The table of WASI preview 1 host functions: names, core wasm signatures and handlers.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/binary/types.h"
#include "core/runtime/value.h"
#include "support/error.h"
#include "wasi/abi.h"
#include "wasi/guest_memory.h"
#include "wasi/wasi_ctx.h"

namespace weft::wasi {

constexpr std::string_view kModuleName = "wasi_snapshot_preview1";

// One host call in progress: the arguments as the guest passed them and the
// caller's exported memory, when it has one.
class WasiCall {
 public:
  WasiCall(WasiCtx& ctx, std::string_view name, std::span<const core::Value> args,
           std::optional<std::span<uint8_t>> memory)
      : ctx_(ctx), name_(name), args_(args), memory_(memory) {}

  WasiCtx& ctx() { return ctx_; }
  std::string_view name() const { return name_; }  // "fd_write", for denial messages
  uint32_t u32(size_t i) const { return args_[i].as_u32(); }
  uint64_t u64(size_t i) const { return args_[i].as_u64(); }
  // A Host error (which traps the caller) when the caller exports no memory.
  Result<GuestMemory> memory() const;

 private:
  WasiCtx& ctx_;
  std::string_view name_;
  std::span<const core::Value> args_;
  std::optional<std::span<uint8_t>> memory_;
};

// A handler returns the errno the guest sees, or an Error that ends the call:
// an exit (proc_exit) or a trap.
using Handler = Result<Errno> (*)(WasiCall&);

struct WasiFunction {
  std::string_view name;
  core::FuncType type;
  Handler handler = nullptr;
};

// All of wasi_snapshot_preview1, in witx order.
std::span<const WasiFunction> wasi_functions();
const WasiFunction* find_wasi_function(std::string_view name);

// Runs one WASI function on `memory` (the caller's, if it has one) and returns the
// errno the guest sees. proc_exit returns its Phase::Exit error instead, and a
// call made or cut short after WasiCtx::interrupt() the trap "interrupted". Used
// by the host functions added to a store, and directly by tests.
Result<Errno> call_wasi_function(WasiCtx& ctx, const WasiFunction& fn,
                                 std::optional<std::span<uint8_t>> memory, std::span<const core::Value> args);

}  // namespace weft::wasi

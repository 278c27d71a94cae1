// The WASI function table built from functions.def, and the call entry point.
#include "wasi/functions.h"

#include <fmt/format.h>

#include <algorithm>

#include "wasi/handlers.h"

namespace weft::wasi {
namespace {

std::vector<core::ValType> types_of(std::string_view letters) {
  std::vector<core::ValType> types;
  for (char c : letters) types.push_back(c == 'I' ? core::ValType::I64 : core::ValType::I32);
  return types;
}

Result<Errno> interrupted() { return make_error(Phase::Execute, {}, "interrupted"); }

std::vector<WasiFunction> build_table() {
  std::vector<WasiFunction> table;
#define WASI_FUNC(name, params, results) \
  table.push_back(WasiFunction{#name, core::FuncType{types_of(params), types_of(results)}, &handlers::name});
#include "wasi/functions.def"
#undef WASI_FUNC
  return table;
}

}  // namespace

Result<GuestMemory> WasiCall::memory() const {
  if (!memory_) return make_error(Phase::Host, {}, "wasi: the calling module exports no \"memory\"");
  return GuestMemory(*memory_);
}

std::span<const WasiFunction> wasi_functions() {
  static const std::vector<WasiFunction> table = build_table();
  return table;
}

const WasiFunction* find_wasi_function(std::string_view name) {
  auto table = wasi_functions();
  auto it = std::find_if(table.begin(), table.end(), [&](const WasiFunction& f) { return f.name == name; });
  return it == table.end() ? nullptr : &*it;
}

Result<Errno> call_wasi_function(WasiCtx& ctx, const WasiFunction& fn,
                                 std::optional<std::span<uint8_t>> memory,
                                 std::span<const core::Value> args) {
  if (args.size() != fn.type.params.size()) {
    return make_error(
        Phase::Usage, {},
        fmt::format("wasi {} takes {} arguments, got {}", fn.name, fn.type.params.size(), args.size()));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type != fn.type.params[i]) {
      return make_error(Phase::Usage, {}, fmt::format("wasi {}: argument {} has the wrong type", fn.name, i));
    }
  }
  if (ctx.interrupted()) return interrupted();
  WasiCall call(ctx, fn.name, args, memory);
  auto result = fn.handler(call);
  // A wait cut short by interrupt() ends the call as the interpreter's own check would.
  if (ctx.interrupted()) return interrupted();
  return result;
}

}  // namespace weft::wasi

// Linking against wasi_snapshot_preview1, and running WASI commands.
#include "wasi/link.h"

#include <fmt/format.h>

#include <map>

namespace weft::wasi {
namespace {

std::optional<std::span<uint8_t>> caller_memory(core::HostContext& host) {
  if (host.caller == core::kNoInstance) return std::nullopt;
  auto memory = host.store.find_export(host.caller, "memory");
  if (!memory || memory->kind != core::ExternKind::Memory) return std::nullopt;
  return host.store.memory_data(memory->addr);
}

std::string quoted(const core::Import& import) {
  return fmt::format("\"{}\" \"{}\"", import.module, import.name);
}

// Calls an export that takes and returns nothing (`_start`, `_initialize`).
Result<void> call_entry(core::Store& store, core::InstanceAddr inst, core::Extern func,
                        std::string_view name) {
  if (func.kind != core::ExternKind::Func) {
    return make_error(Phase::Link, {}, fmt::format("wasi: export \"{}\" is not a function", name));
  }
  const core::FuncType& type = store.func_type(func.addr);
  if (!type.params.empty() || !type.results.empty()) {
    return make_error(Phase::Link, {}, fmt::format("wasi: export \"{}\" must have type [] -> []", name));
  }
  WEFT_CHECK(store.invoke(func.addr, {}));
  return {};
}

}  // namespace

core::FuncAddr add_wasi_function(core::Store& store, WasiCtx& ctx, const WasiFunction& fn) {
  const WasiFunction* bound = &fn;  // entries of the static table live forever
  core::HostFunc host = [&ctx, bound](core::HostContext& hc, std::span<const core::Value> args,
                                      std::span<core::Value> results) -> Result<void> {
    WEFT_TRY(err, call_wasi_function(ctx, *bound, caller_memory(hc), args));
    if (!results.empty()) results[0] = core::Value::i32(uint32_t(err));
    return {};
  };
  return store.add_host_func(fn.type, std::move(host), fmt::format("{}.{}", kModuleName, fn.name));
}

Result<std::vector<core::Extern>> resolve_imports(core::Store& store, WasiCtx& ctx,
                                                  const core::Module& module) {
  std::vector<core::Extern> externs;
  std::map<std::string_view, core::FuncAddr> added;  // one host function per name
  for (const core::Import& import : module.imports) {
    const WasiFunction* fn = import.module == kModuleName ? find_wasi_function(import.name) : nullptr;
    if (!fn) return make_error(Phase::Link, Span::at(import.offset), "unknown import: " + quoted(import));
    bool matches = import.kind == core::ExternKind::Func && import.func_type < module.types.size() &&
                   module.types[import.func_type].func == fn->type;
    if (!matches) {
      return make_error(Phase::Link, Span::at(import.offset), "incompatible import type: " + quoted(import));
    }
    auto [it, inserted] = added.try_emplace(fn->name, 0);
    if (inserted) it->second = add_wasi_function(store, ctx, *fn);
    externs.push_back(core::Extern{core::ExternKind::Func, it->second});
  }
  return externs;
}

Result<core::InstanceAddr> instantiate_wasi(core::Store& store, WasiCtx& ctx,
                                            const core::ValidatedModulePtr& module) {
  WEFT_TRY(imports, resolve_imports(store, ctx, module->module));
  WEFT_TRY(inst, store.instantiate(module, imports));
  auto initialize = store.find_export(inst, "_initialize");
  if (initialize && !store.find_export(inst, "_start"))
    WEFT_CHECK(call_entry(store, inst, *initialize, "_initialize"));
  return inst;
}

Result<int> run_command(core::Store& store, WasiCtx& ctx, const core::ValidatedModulePtr& module) {
  auto exit_status = [](const Error& e) -> Result<int> {
    if (e.phase == Phase::Exit) return int(e.code);
    return std::unexpected(e);
  };
  auto inst = instantiate_wasi(store, ctx, module);
  if (!inst) return exit_status(inst.error());  // proc_exit from a start function
  auto start = store.find_export(*inst, "_start");
  if (!start) {
    return make_error(Phase::Link, {},
                      "wasi: the module is not a command: it exports no \"_start\" function");
  }
  auto ran = call_entry(store, *inst, *start, "_start");
  if (!ran) return exit_status(ran.error());
  return 0;
}

}  // namespace weft::wasi

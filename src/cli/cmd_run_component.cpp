// `weft run comp.wasm` runs a command component (wasi:cli/run) on the WASI 0.2 host;
// `weft run --invoke 'f(1, "x")' comp.wasm` calls one of its exports with arguments
// written in WAVE and prints the results in WAVE. Both get only what was granted.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/watchdog.h"
#include "component/link/linker.h"
#include "component/wave/wave.h"
#include "wasi/p2/wasi_p2.h"

namespace weft::cli {

namespace {

using component::RtInstance;
using component::RtItem;

std::vector<std::string> export_names(const RtInstance& inst) {
  std::vector<std::string> out;
  for (const auto& [name, item] : inst.exports) {
    if (item.kind == component::ExternKind::Func) out.push_back(name);
    if (item.kind == component::ExternKind::Instance && item.instance)
      for (const auto& [n, i] : item.instance->exports)
        if (i.kind == component::ExternKind::Func) out.push_back(name + "#" + n);
  }
  return out;
}

// Calls one export with WAVE arguments and prints its results in WAVE.
Result<int> invoke(component::Runtime& rt, const component::Linker& linker, const component::ValidatedComponentPtr& vc,
                   const std::string& invocation) {
  WEFT_TRY(call, component::wave::parse_invocation(invocation));
  WEFT_TRY(inst, linker.instantiate(rt, vc));
  const RtItem* f = component::find_func_export(*inst, call.name);
  if (!f) {
    std::vector<std::string> names = export_names(*inst);
    return make_error(Phase::Usage, {},
                      fmt::format("the component exports no function \"{}\" (it exports: {})", call.name,
                                  names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
  }
  const component::TypeArena& types = *f->func->types;
  WEFT_TRY(args, component::wave::parse_args(call, types, f->func->params));
  WEFT_TRY(results, component::call_func(rt, *f->func, nullptr, args));
  for (size_t i = 0; i < results.size(); ++i)
    fmt::print("{}\n", component::wave::print_value(results[i], types, f->func->results[i]));
  return 0;
}

// A component named by --link (a binary).
Result<component::ValidatedComponentPtr> load_linked(const std::string& path, const core::Features& features) {
  auto bytes = read_module_bytes(path);
  if (!bytes) {
    Error e = bytes.error();
    e.file = path;
    return std::unexpected(e);
  }
  auto vc = component::load_component(*bytes, features);
  if (!vc) {
    Error e = vc.error();
    e.file = path;
    return std::unexpected(e);
  }
  return *vc;
}

}  // namespace

Result<int> run_component(const std::vector<uint8_t>& bytes, const std::string& path, ComponentRun run) {
  auto vc = component::load_component(bytes, run.features);
  if (!vc) {
    Error e = vc.error();
    e.file = path;
    return std::unexpected(e);
  }
  core::Store store(run.limits);
  component::Runtime rt(store);
  wasi::WasiCtx ctx(std::move(run.config));
  WEFT_TRY(preopens, ctx.open_grants());
  if (run.verbose)
    for (const auto& p : preopens) fmt::print(stderr, "weft: preopened {}\n", p.description);
  component::Linker linker;
  wasi::p2::add_to_linker(rt, linker, ctx);
  auto is_wasi = [](std::string_view name) { return name.starts_with("wasi:"); };
  for (const std::string& link : run.links) {
    WEFT_TRY(provider, load_linked(link, run.features));
    linker.define_unknown_imports_as_traps(rt, provider, is_wasi);
    auto inst = linker.instantiate(rt, provider);
    if (!inst) {
      Error e = inst.error();
      e.file = link;
      return std::unexpected(e);
    }
    for (const auto& [name, item] : (*inst)->exports) {
      if (run.verbose) fmt::print(stderr, "weft: {} provides {}\n", link, name);
      linker.define(name, item);
    }
  }
  // WASI interfaces weft does not implement yet link, and trap when called.
  auto missing = linker.define_unknown_imports_as_traps(rt, *vc, is_wasi);
  if (run.verbose)
    for (const auto& name : missing) fmt::print(stderr, "weft: not supported yet (its calls trap): {}\n", name);
  Watchdog watchdog(store, ctx, run.timeout);
  if (!run.invoke.empty()) {
    auto status = invoke(rt, linker, *vc, run.invoke);
    if (!status && status.error().phase == Phase::Exit) return int(status.error().code);
    return status;
  }
  return wasi::p2::run_command(rt, linker, *vc);
}

}  // namespace weft::cli

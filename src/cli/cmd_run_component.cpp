// `weft run --invoke 'f(1, "x")' comp.wasm`: instantiate a component and call one of
// its exports with arguments written in WAVE; the result prints in WAVE.
#include <fmt/format.h>

#include "cli/commands.h"
#include "component/link/linker.h"
#include "component/wave/wave.h"

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

}  // namespace

Result<int> run_component(const std::vector<uint8_t>& bytes, const std::string& path, const std::string& invoke,
                          const core::Features& features, const core::StoreLimits& limits) {
  auto vc = component::load_component(bytes, features);
  if (!vc) {
    Error e = vc.error();
    e.file = path;
    return std::unexpected(e);
  }
  if (invoke.empty())
    return make_error(Phase::Link, {},
                      "not supported yet: running WASI 0.2 command components (wasi:cli/run); "
                      "call an export with --invoke 'name(args)'");
  WEFT_TRY(call, component::wave::parse_invocation(invoke));
  core::Store store(limits);
  component::Runtime rt(store);
  component::Linker linker;  // no host definitions yet: the WASI 0.2 host is still to come
  WEFT_TRY(inst, linker.instantiate(rt, *vc));
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

}  // namespace weft::cli

// The embedding API (include/weft/weft.h) over the component runtime.
#include "weft/weft.h"

#include <fmt/format.h>

#include "component/text/component_wat.h"
#include "support/file.h"

namespace weft {

Result<Component> Component::from_binary(const Engine& engine, std::span<const uint8_t> bytes) {
  WEFT_TRY(vc, component::load_component(bytes, engine.features()));
  Component c;
  c.vc_ = std::move(vc);
  return c;
}

Result<Component> Component::from_file(const Engine& engine, const std::string& path) {
  WEFT_TRY(text, read_file(path));
  bool binary = text.size() >= 4 && text.compare(0, 4, std::string("\0asm", 4)) == 0;
  std::vector<uint8_t> bytes;
  if (binary) {
    bytes.assign(text.begin(), text.end());
  } else {
    auto encoded = component::text::parse_component_wat(text);
    if (!encoded) {
      Error e = encoded.error();
      e.file = path;
      return std::unexpected(e);
    }
    bytes = std::move(*encoded);
  }
  auto c = from_binary(engine, bytes);
  if (!c) {
    Error e = c.error();
    e.file = path;
    return std::unexpected(e);
  }
  return c;
}

std::vector<std::string> Component::exports() const {
  std::vector<std::string> out;
  const component::TypeArena& types = *vc_->types;
  for (const component::NamedExtern& e : types.component(vc_->info.type.index).exports) {
    if (e.type.kind == component::ExternKind::Func) out.push_back(e.name);
    if (e.type.kind == component::ExternKind::Instance)
      for (const component::NamedExtern& f : types.instance(e.type.type.index).exports)
        if (f.type.kind == component::ExternKind::Func) out.push_back(e.name + "#" + f.name);
  }
  return out;
}

namespace {
component::HostFunc adapt(Linker::Callback fn) {
  return [fn = std::move(fn)](component::Runtime&, component::InstanceState*, std::span<const Val> args,
                              std::vector<Val>& results) { return fn(args, results); };
}
}  // namespace

void Linker::func_vals(const std::string& name, Callback fn) { linker_.define_func(name, adapt(std::move(fn))); }

void Linker::func_vals(const std::string& interface, const std::string& name, Callback fn) {
  linker_.define_func(interface, name, adapt(std::move(fn)));
}

Result<Instance> Linker::instantiate(Store& store, const Component& component) const {
  WEFT_TRY(inst, linker_.instantiate(store.runtime(), component.validated()));
  Instance i;
  i.inst_ = std::move(inst);
  return i;
}

Result<std::vector<Val>> Instance::call_vals(Store& store, std::string_view name, std::span<const Val> args) const {
  const component::RtItem* item = component::find_func_export(*inst_, name);
  if (!item)
    return make_error(Phase::Usage, {}, fmt::format("the instance exports no function \"{}\"", name));
  const component::FuncInst& f = *item->func;
  if (args.size() != f.params.size())
    return make_error(Phase::Usage, {}, fmt::format("\"{}\" takes {} argument(s), {} given", name, f.params.size(), args.size()));
  return component::call_func(store.runtime(), f, nullptr, args);
}

}  // namespace weft

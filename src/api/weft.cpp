// The embedding API (include/weft/weft.h) over the component runtime.
#include "weft/weft.h"

#include <fmt/format.h>

#include <algorithm>

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

Result<Component> Component::from_text(const Engine& engine, std::string_view wat) {
  WEFT_TRY(bytes, component::text::parse_component_wat(wat));
  return from_binary(engine, bytes);
}

std::vector<std::string> Component::exports() const {
  std::vector<std::string> out;
  if (!vc_) return out;
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

namespace {
// What an item stands for; held, so that no other object can take its address.
std::shared_ptr<const void> identity(const component::RtItem& item) {
  if (item.func) return item.func;
  if (item.instance) return item.instance;
  return nullptr;
}
}  // namespace

void Linker::provided(const std::string& name, const component::RtItem& item, const Store* store) {
  linker_.define(name, item);
  if (auto id = identity(item)) provided_.emplace_back(std::move(id), store);
}

Result<void> Linker::instance(const std::string& name, const Instance& provider,
                              std::string_view export_name) {
  if (export_name.empty()) export_name = name;
  const component::RtItem* item = provider.inst_ ? provider.inst_->find(export_name) : nullptr;
  if (!item)
    return make_error(Phase::Usage, {},
                      fmt::format("the provider exports nothing named \"{}\"", export_name));
  provided(name, *item, provider.store_);
  return {};
}

void Linker::link(const Instance& provider) {
  if (!provider.inst_) return;
  for (const auto& [name, item] : provider.inst_->exports) provided(name, item, provider.store_);
}

void Linker::slot(const std::string& name, const std::shared_ptr<ProviderSlot>& slot) {
  if (slot) provided(name, slot->item(), nullptr);  // without one the import stays missing
}

// A provider's functions run on its store's memories and tables: the importer must
// live in that store. (Their types are checked by the component linker, which
// compares a function of another component with the import's type exactly.)
Result<void> Linker::check_provided(const Store& store, const Component& component) const {
  if (provided_.empty()) return {};
  const component::ValidatedComponentPtr& vc = component.validated();
  for (const component::NamedExtern& imp : vc->types->component(vc->info.type.index).imports) {
    WEFT_TRY(item, linker_.resolve_import(imp, vc));
    if (!item) continue;
    std::shared_ptr<const void> id = identity(*item);
    auto p = std::find_if(provided_.begin(), provided_.end(), [&id](const auto& x) { return x.first == id; });
    if (!id || p == provided_.end()) continue;
    if (p->second && p->second != &store)
      return make_error(Phase::Link, {},
                        fmt::format("import `{}`: its provider lives in another store", imp.name));
  }
  return {};
}

Result<Instance> Linker::instantiate(Store& store, const Component& component) const {
  if (!component.validated()) return make_error(Phase::Usage, {}, "the component is empty (not loaded)");
  WEFT_CHECK(check_provided(store, component));
  WEFT_TRY(inst, linker_.instantiate(store.runtime(), component.validated()));
  Instance i;
  i.inst_ = std::move(inst);
  i.store_ = &store;
  return i;
}

Result<std::vector<Val>> Instance::call_vals(Store& store, std::string_view name, std::span<const Val> args) const {
  if (!inst_) return make_error(Phase::Usage, {}, "the instance is empty (not instantiated)");
  if (store_ != &store) return make_error(Phase::Usage, {}, "the instance lives in another store");
  const component::RtItem* item = component::find_func_export(*inst_, name);
  if (!item)
    return make_error(Phase::Usage, {}, fmt::format("the instance exports no function \"{}\"", name));
  const component::FuncInst& f = *item->func;
  if (args.size() != f.params.size())
    return make_error(Phase::Usage, {}, fmt::format("\"{}\" takes {} argument(s), {} given", name, f.params.size(), args.size()));
  return component::call_func(store.runtime(), f, nullptr, args);
}

}  // namespace weft

// Resolving a component's imports from host definitions.
#include "component/link/linker.h"

#include <fmt/format.h>

namespace weft::component {

void Linker::define_func(const std::string& name, HostFunc fn) { defs_[name].fn = std::move(fn); }

void Linker::define_func(const std::string& instance, const std::string& func, HostFunc fn) {
  defs_[instance].members[func].fn = std::move(fn);
}

void Linker::define_resource(const std::string& instance, const std::string& type, uint32_t rt) {
  Def& d = instance.empty() ? defs_[type] : defs_[instance].members[type];
  d.item = RtItem::type(rt);
}

void Linker::define(const std::string& name, RtItem item) { defs_[name].item = std::move(item); }

Result<RtItem> Linker::resolve(const Def& def, const ExternType& type, const ValidatedComponentPtr& c,
                               const std::string& what) const {
  if (def.item) return *def.item;
  auto fail = [&](std::string why) { return make_error(Phase::Link, {}, fmt::format("import `{}`: {}", what, why)); };
  switch (type.kind) {
    case ExternKind::Func:
      if (!def.fn) return fail("the host defines no function of that name");
      return RtItem::of(make_host_func(c->types, type.type, def.fn));
    case ExternKind::Instance: {
      auto inst = std::make_shared<RtInstance>();
      for (const NamedExtern& e : c->types->instance(type.type.index).exports) {
        auto m = def.members.find(e.name);
        if (m == def.members.end() && e.type.kind == ExternKind::Type && e.type.type.kind != TypeKind::Resource) {
          inst->exports.emplace_back(e.name, RtItem::type(std::nullopt));
          continue;
        }
        if (m == def.members.end()) return fail(fmt::format("the host defines no `{}` in it", e.name));
        WEFT_TRY(item, resolve(m->second, e.type, c, what + "#" + e.name));
        inst->exports.emplace_back(e.name, std::move(item));
      }
      return RtItem::of(RtInstancePtr(std::move(inst)));
    }
    default: return fail(fmt::format("not supported yet: host-defined {} imports", extern_kind_name(type.kind)));
  }
}

Result<RtInstancePtr> Linker::instantiate(Runtime& rt, const ValidatedComponentPtr& component) const {
  Imports imports;
  const ComponentType& ct = component->types->component(component->info.type.index);
  for (const NamedExtern& imp : ct.imports) {
    auto d = defs_.find(imp.name);
    if (d == defs_.end() && imp.type.kind == ExternKind::Type && imp.type.type.kind != TypeKind::Resource) {
      imports.emplace_back(imp.name, RtItem::type(std::nullopt));  // a value type: nothing to supply
      continue;
    }
    if (d == defs_.end())
      return make_error(Phase::Link, {}, fmt::format("missing import `{}` ({})", imp.name, extern_kind_name(imp.type.kind)));
    WEFT_TRY(item, resolve(d->second, imp.type, component, imp.name));
    imports.emplace_back(imp.name, std::move(item));
  }
  return component::instantiate(rt, component, imports);
}

}  // namespace weft::component

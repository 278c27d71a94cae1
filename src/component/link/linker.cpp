// Resolving a component's imports from host definitions.
#include "component/link/linker.h"

#include <fmt/format.h>

#include <algorithm>

#include "component/types/semver.h"

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

Linker::Def& Linker::at(const std::vector<std::string>& path) {
  Def* d = &defs_[path.at(0)];
  for (size_t i = 1; i < path.size(); ++i) d = &d->members[path[i]];
  return *d;
}

void Linker::define_func_at(const std::vector<std::string>& path, HostFunc fn) { at(path).fn = std::move(fn); }
void Linker::define_at(const std::vector<std::string>& path, RtItem item) { at(path).item = std::move(item); }

// The definition for `name`, or else the highest semver-compatible version of it
// ("wasi:io/streams@0.2.0" is served by a host defining "wasi:io/streams@0.2.12").
auto Linker::find_def(std::string_view name) const -> const Def* {
  if (auto d = defs_.find(name); d != defs_.end()) return &d->second;
  auto want = split_version(name);
  if (!want) return nullptr;
  const Def* best = nullptr;
  PlainVersion best_version{};
  for (const auto& [n, def] : defs_) {
    auto have = split_version(n);
    if (!have || have->first != want->first || !version_serves(want->second, have->second)) continue;
    if (!best || have->second > best_version) best = &def, best_version = have->second;
  }
  return best;
}

Result<std::optional<RtItem>> Linker::resolve_import(const NamedExtern& imp, const ValidatedComponentPtr& c) const {
  const Def* d = find_def(imp.name);
  if (!d) return std::optional<RtItem>{};
  WEFT_TRY(item, resolve(*d, imp.type, c, imp.name));
  return std::optional<RtItem>{std::move(item)};
}

namespace {
template <class Def>
std::optional<RtItem> same_resource_impl(const Def& def, const InstanceType& it, const NamedExtern& e, const TypeArena& types) {
  if (e.type.kind != ExternKind::Type || e.type.type.kind != TypeKind::Resource) return std::nullopt;
  uint32_t root = types.resource_root(e.type.type.index);
  for (const NamedExtern& o : it.exports) {
    if (o.type.kind != ExternKind::Type || o.type.type.kind != TypeKind::Resource || &o == &e) continue;
    if (types.resource_root(o.type.type.index) != root) continue;
    auto m = def.members.find(o.name);
    if (m != def.members.end() && m->second.item) return m->second.item;
  }
  return std::nullopt;
}
}  // namespace

std::optional<RtItem> Linker::same_resource(const Def& def, const InstanceType& it, const NamedExtern& e,
                                            const TypeArena& types) const {
  return same_resource_impl(def, it, e, types);
}

Result<RtItem> Linker::resolve(const Def& def, const ExternType& type, const ValidatedComponentPtr& c,
                               const std::string& what) const {
  if (def.item) return *def.item;
  auto fail = [&](std::string why) { return make_error(Phase::Link, {}, fmt::format("import `{}`: {}", what, why)); };
  switch (type.kind) {
    case ExternKind::Func:
      if (!def.fn) return fail("the host defines no function of that name");
      return RtItem::of(make_host_func(c->types, type.type, def.fn));
    case ExternKind::Instance: {
      if (def.members.empty()) return fail("the host defines no instance of that name");
      auto inst = std::make_shared<RtInstance>();
      for (const NamedExtern& e : c->types->instance(type.type.index).exports) {
        auto m = def.members.find(e.name);
        if (m == def.members.end()) {
          if (auto item = implicit_item(*c->types, e.type)) {
            inst->exports.emplace_back(e.name, std::move(*item));
            continue;
          }
          // Another name (`eq` bound) of a resource the host does define.
          if (auto same = same_resource(def, c->types->instance(type.type.index), e, *c->types)) {
            inst->exports.emplace_back(e.name, std::move(*same));
            continue;
          }
          // A name for a resource the component defines itself (in a composition, a
          // plug's resource that a host interface uses): nothing for the host to give.
          if (e.type.kind == ExternKind::Type && e.type.type.kind == TypeKind::Resource) {
            const auto& imported = c->types->component(c->info.type.index).imported_resources;
            if (std::find(imported.begin(), imported.end(), c->types->resource_root(e.type.type.index)) ==
                imported.end()) {
              inst->exports.emplace_back(e.name, RtItem::type(std::nullopt));
              continue;
            }
          }
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

std::vector<std::string> Linker::define_unknown_imports_as_traps(Runtime& rt, const ValidatedComponentPtr& c,
                                                                 const std::function<bool(std::string_view)>& which) {
  std::vector<std::string> defined;
  const TypeArena& types = *c->types;
  std::map<uint32_t, uint32_t> roots;  // resource identity in `types` -> run-time resource type
  auto resource_root = [&](const NamedExtern& e) -> std::optional<uint32_t> {
    if (e.type.kind != ExternKind::Type || e.type.type.kind != TypeKind::Resource) return std::nullopt;
    return types.resource_root(e.type.type.index);
  };
  for (const NamedExtern& imp : types.component(c->info.type.index).imports) {
    if (imp.type.kind != ExternKind::Instance) continue;
    const InstanceType& it = types.instance(imp.type.type.index);
    if (const Def* d = find_def(imp.name)) {  // remember the resources it defines, for `use`s of them
      for (const NamedExtern& e : it.exports) {
        auto m = d->members.find(e.name);
        if (auto root = resource_root(e); root && m != d->members.end() && m->second.item && m->second.item->resource)
          roots.try_emplace(*root, *m->second.item->resource);
      }
      continue;
    }
    if (!which(imp.name)) continue;
    defined.push_back(imp.name);
    for (const NamedExtern& e : it.exports) {
      if (auto root = resource_root(e)) {
        auto [at, fresh] = roots.try_emplace(*root, 0);
        if (fresh) at->second = rt.new_host_resource_type(e.name);
        define_resource(imp.name, e.name, at->second);
      } else if (e.type.kind == ExternKind::Func) {
        std::string what = fmt::format("not supported yet: {}#{}", imp.name, e.name);
        define_func(imp.name, e.name,
                    [what](Runtime&, InstanceState*, std::span<const Val>, std::vector<Val>&) -> Result<void> {
                      return make_error(Phase::Execute, {}, what);
                    });
      }
    }
  }
  return defined;
}

Result<RtInstancePtr> Linker::instantiate(Runtime& rt, const ValidatedComponentPtr& component) const {
  Imports imports;
  const ComponentType& ct = component->types->component(component->info.type.index);
  for (const NamedExtern& imp : ct.imports) {
    WEFT_TRY(item, resolve_import(imp, component));
    if (!item) item = implicit_item(*component->types, imp.type);  // value types need no supplier
    if (!item)
      return make_error(Phase::Link, {}, fmt::format("missing import `{}` ({})", imp.name, extern_kind_name(imp.type.kind)));
    imports.emplace_back(imp.name, std::move(*item));
  }
  return component::instantiate(rt, component, imports);
}

}  // namespace weft::component

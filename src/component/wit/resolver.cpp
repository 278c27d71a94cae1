// Name resolution, package level: items, their order, feature gates and `use` paths.
#include "component/wit/resolver.h"

#include <fmt/format.h>

#include <algorithm>

#include "component/wit/toposort.h"

namespace weft::component::wit {
namespace {

// Calls f(origin, path, wants_world) for every path of a package in source order;
// `origin` is the interface or world the path is written in (null at top level).
template <class F>
Result<void> walk_paths(const std::vector<ast::TopItem>& items, F&& f) {
  for (const ast::TopItem& item : items) {
    if (const auto* use = std::get_if<ast::TopUse>(&item)) {
      WEFT_CHECK(f(nullptr, use->path, false));
    } else if (const auto* iface = std::get_if<ast::Interface>(&item)) {
      for (const ast::InterfaceItem& it : iface->items)
        if (const auto* u = std::get_if<ast::Use>(&it)) WEFT_CHECK(f(&iface->name, u->path, false));
    } else if (const auto* world = std::get_if<ast::World>(&item)) {
      for (const ast::WorldItem& it : world->items) {
        if (const auto* ie = std::get_if<ast::ImportExport>(&it)) {
          using K = ast::Extern::Kind;
          if (ie->ext.kind == K::Path || ie->ext.kind == K::NamedPath) WEFT_CHECK(f(&world->name, ie->ext.path, false));
          for (const ast::InterfaceItem& inner : ie->ext.items)
            if (const auto* u = std::get_if<ast::Use>(&inner)) WEFT_CHECK(f(&world->name, u->path, false));
        } else if (const auto* u = std::get_if<ast::Use>(&it)) {
          WEFT_CHECK(f(&world->name, u->path, false));
        } else if (const auto* inc = std::get_if<ast::Include>(&it)) {
          WEFT_CHECK(f(&world->name, inc->path, true));
        }
      }
    }
  }
  return {};
}

std::string kind_name(bool world) { return world ? "world" : "interface"; }
std::string with_article(bool world) { return world ? "a world" : "an interface"; }

}  // namespace

std::vector<ForeignDep> foreign_deps(const PackageSource& pkg) {
  std::vector<ForeignDep> deps;
  for (const PackageSource::Part& part : pkg.parts) {
    (void)walk_paths(*part.items, [&](const ast::Ident*, const ast::UsePath& path, bool) -> Result<void> {
      if (!path.package) return {};
      PackageName name = path.package->to_name();
      auto same = [&](const ForeignDep& d) { return d.name == name; };
      if (std::none_of(deps.begin(), deps.end(), same)) deps.push_back({name, path.package->span, part.file});
      return {};
    });
  }
  return deps;
}

std::unexpected<Error> Resolver::fail(Span span, std::string message) const {
  Error e{Phase::Validate, span, std::move(message), {}, 0, {}};
  if (src_ && part_ < src_->parts.size()) e.file = *src_->parts[part_].file;
  return std::unexpected(std::move(e));
}

std::unexpected<Error> Resolver::excluded(Span span, std::string_view kind) const {
  return fail(span, fmt::format("found a reference to a {} which is excluded due to its feature not being activated",
                                kind));
}

Result<PackageId> Resolver::push(const PackageSource& pkg) {
  src_ = &pkg;
  items_.clear();
  item_index_.clear();
  file_names_.assign(pkg.parts.size(), {});
  anon_.clear();
  own_handles_.clear();
  part_ = 0;
  package_ = PackageId{uint32_t(r_.packages.size())};
  r_.packages.push_back(Package{pkg.decl.name.to_name(), pkg.decl.docs, {}, {}});
  WEFT_CHECK(collect_items());
  WEFT_TRY(order, sort_items());
  WEFT_CHECK(check_foreign_uses());
  WEFT_CHECK(allocate(order));
  for (uint32_t i : order) {
    const Item& item = items_[i];
    if (item.excluded || !item.iface) continue;
    part_ = item.part;
    WEFT_CHECK(resolve_interface(item.interface, item.iface->items));
  }
  for (uint32_t i : order) {
    const Item& item = items_[i];
    if (item.excluded || !item.world) continue;
    part_ = item.part;
    WEFT_CHECK(resolve_world(item.world_id, *item.world));
  }
  return package_;
}

// Every interface and world of the package, with names unique across its files.
Result<void> Resolver::collect_items() {
  for (uint32_t part = 0; part < src_->parts.size(); ++part) {
    part_ = part;
    for (const ast::TopItem& top : *src_->parts[part].items) {
      Item item;
      item.part = part;
      if (const auto* iface = std::get_if<ast::Interface>(&top)) {
        item.iface = iface;
      } else if (const auto* world = std::get_if<ast::World>(&top)) {
        item.world = world;
      } else {
        continue;
      }
      const ast::Ident& name = item.name();
      if (item_index_.count(name.name)) return fail(name.span, fmt::format("duplicate item named `{}`", name.name));
      item_index_.emplace(name.name, uint32_t(items_.size()));
      items_.push_back(item);
    }
  }
  for (uint32_t part = 0; part < src_->parts.size(); ++part) WEFT_CHECK(collect_file_names(part));
  return {};
}

// The names one file's items and top-level `use`s define.
Result<void> Resolver::collect_file_names(uint32_t part) {
  part_ = part;
  auto& names = file_names_[part];
  for (const ast::TopItem& top : *src_->parts[part].items) {
    FileName fn;
    const ast::Ident* name = nullptr;
    if (const auto* use = std::get_if<ast::TopUse>(&top)) {
      name = &use->local();
      fn.local = !use->path.package;
      fn.path = &use->path;
      if (fn.local) {
        auto it = item_index_.find(use->path.name.name);
        if (it == item_index_.end())
          return fail(use->path.name.span,
                      fmt::format("interface or world `{}` does not exist", use->path.name.name));
        fn.item = it->second;
      }
    } else {
      name = std::holds_alternative<ast::Interface>(top) ? &std::get<ast::Interface>(top).name
                                                         : &std::get<ast::World>(top).name;
      fn.item = item_index_.at(name->name);
    }
    fn.span = name->span;
    if (names.count(name->name))
      return fail(name->span, fmt::format("duplicate name `{}` in this file", name->name));
    names.emplace(name->name, fn);
  }
  return {};
}

// Interfaces and worlds in an order where each comes after the local items it uses.
Result<std::vector<uint32_t>> Resolver::sort_items() {
  std::vector<std::vector<TopoDep>> deps(items_.size());
  for (uint32_t part = 0; part < src_->parts.size(); ++part) {
    part_ = part;
    WEFT_CHECK(walk_paths(*src_->parts[part].items,
                          [&](const ast::Ident* origin, const ast::UsePath& path, bool world) -> Result<void> {
                            if (!origin || path.package) return {};
                            return item_deps(part, path, world, deps[item_index_.at(origin->name)]);
                          }));
  }
  auto order = toposort(deps);
  if (!order) {
    const TopoDep& dep = order.error().dep;
    part_ = items_[dep.node].part;
    return fail(dep.span, fmt::format("interface or world `{}` depends on itself", dep.name));
  }
  return std::move(*order);
}

// A local path: to an item declared in this file (an edge at its declaration), to a
// foreign `use` of this file (no edge), or to an item of another file of the package.
Result<void> Resolver::item_deps(uint32_t part, const ast::UsePath& path, bool wants_world,
                                 std::vector<TopoDep>& deps) {
  const auto& names = file_names_[part];
  auto check_kind = [&](const Item& target) -> Result<void> {
    if (bool(target.world) == wants_world) return {};
    return fail(path.name.span, fmt::format("name `{}` is defined as {}, not {}", path.name.name,
                                            with_article(bool(target.world)), with_article(wants_world)));
  };
  if (auto it = names.find(path.name.name); it != names.end()) {
    if (!it->second.local) return {};
    const Item& target = items_[it->second.item];
    WEFT_CHECK(check_kind(target));
    if (it->second.path) {  // a local `use x as y`: the edge is at the use
      deps.push_back({it->second.item, it->second.path->name.span, target.name().name});
    } else {
      deps.push_back({it->second.item, target.name().span, target.name().name});
    }
    return {};
  }
  auto it = item_index_.find(path.name.name);
  if (it == item_index_.end())
    return fail(path.name.span, fmt::format("interface or world `{}` does not exist", path.name.name));
  WEFT_CHECK(check_kind(items_[it->second]));
  deps.push_back({it->second, path.name.span, path.name.name});
  return {};
}

Result<bool> Resolver::include_stability(const Stability& s, Span span) {
  switch (s.kind) {
    case Stability::Kind::Unknown: return true;
    case Stability::Kind::Unstable:
      return options_.all_features ||
             std::find(options_.features.begin(), options_.features.end(), s.feature) != options_.features.end();
    case Stability::Kind::Stable: break;
  }
  const PackageName& name = r_[package_].name;
  if (!name.version)
    return fail(span, fmt::format("package [{}] contains a feature gate with a version specifier, so it must have "
                                  "a version",
                                  name.to_string()));
  if (s.since > *name.version)
    return fail(span, fmt::format("feature gate cannot reference unreleased version {} of package [{}] (current "
                                  "version {})",
                                  s.since.to_string(), name.to_string(), name.version->to_string()));
  return true;
}

// Interfaces and worlds get their ids in dependency order; gated-out ones get none.
Result<void> Resolver::allocate(const std::vector<uint32_t>& order) {
  for (uint32_t i : order) {
    Item& item = items_[i];
    part_ = item.part;
    const ast::Gate& gate = item.iface ? item.iface->gate : item.world->gate;
    WEFT_TRY(included, include_stability(gate.stability, item.name().span));
    if (!included) {
      item.excluded = true;
      excluded_items_.emplace(package_.index, item.name().name);
      WEFT_CHECK(check_excluded_contents(item));
      continue;
    }
    Package& pkg = r_[package_];
    if (item.iface) {
      item.interface = InterfaceId{uint32_t(r_.interfaces.size())};
      Interface iface;
      iface.name = item.iface->name.name;
      iface.package = package_;
      iface.docs = item.iface->docs;
      iface.stability = gate.stability;
      r_.interfaces.push_back(std::move(iface));
      pkg.interfaces.emplace_back(item.iface->name.name, item.interface);
    } else {
      item.world_id = WorldId{uint32_t(r_.worlds.size())};
      World world;
      world.name = item.world->name.name;
      world.package = package_;
      world.docs = item.world->docs;
      world.stability = gate.stability;
      r_.worlds.push_back(std::move(world));
      pkg.worlds.emplace_back(item.world->name.name, item.world_id);
    }
  }
  return {};
}

// A gated-out interface or world may only hold types that are gated out too.
Result<void> Resolver::check_excluded_contents(const Item& item) {
  auto check = [&](const ast::Gate& gate, const ast::Ident& name) -> Result<void> {
    WEFT_TRY(included, include_stability(gate.stability, name.span));
    if (!included) return {};
    return fail(name.span, fmt::format("found a reference to a {0} which is excluded due to its feature not being "
                                       "activated; this type is not gated by a feature but its {0} is",
                                       kind_name(item.world)));
  };
  auto check_items = [&](const auto& items) -> Result<void> {
    for (const auto& it : items) {
      if (const auto* def = std::get_if<ast::TypeDef>(&it)) WEFT_CHECK(check(def->gate, def->name));
      if (const auto* use = std::get_if<ast::Use>(&it))
        for (const ast::UseName& n : use->names) WEFT_CHECK(check(use->gate, n.local()));
    }
    return {};
  };
  return item.iface ? check_items(item.iface->items) : check_items(item.world->items);
}

// Each package and item named by a foreign path must exist (checked eagerly, as
// wit-parser does), and one name is either an interface or a world, not both.
Result<void> Resolver::check_foreign_uses() {
  struct Ref {
    const ast::UsePath* path;
    bool world;
    uint32_t part;
  };
  std::map<std::pair<std::string, std::string>, bool> kinds;  // (package, item) -> is world
  std::vector<Ref> first_refs;
  for (uint32_t part = 0; part < src_->parts.size(); ++part) {
    part_ = part;
    WEFT_CHECK(walk_paths(*src_->parts[part].items,
                          [&](const ast::Ident*, const ast::UsePath& path, bool world) -> Result<void> {
                            if (!path.package) return {};
                            auto key = std::make_pair(path.package->to_name().to_string(), path.name.name);
                            auto [it, fresh] = kinds.emplace(key, world);
                            if (fresh) first_refs.push_back({&path, world, part});
                            if (fresh || it->second == world) return {};
                            return fail(path.name.span, fmt::format("name `{}` is defined as {}, not {}",
                                                                    path.name.name, with_article(it->second),
                                                                    with_article(world)));
                          }));
  }
  for (const Ref& ref : first_refs) {
    part_ = ref.part;
    WEFT_CHECK(resolve_foreign(*ref.path, ref.world));
  }
  return {};
}

Result<Resolver::Target> Resolver::resolve_foreign(const ast::UsePath& path, bool want_world) {
  PackageName name = path.package->to_name();
  auto pkg = r_.find_package(name);
  if (!pkg) {
    std::string known;
    for (const Package& p : r_.packages)
      if (&p != &r_[package_]) known += "\n    " + p.name.to_string();
    return fail(path.package->span, fmt::format("package '{}' not found. known packages:{}", name.to_string(), known));
  }
  const Package& p = r_[*pkg];
  Target target;
  if (want_world) {
    if (auto w = p.find_world(path.name.name)) {
      target.world = *w;
      return target;
    }
  } else if (auto i = p.find_interface(path.name.name)) {
    target.interface = *i;
    return target;
  }
  if (excluded_items_.count({pkg->index, path.name.name})) return target;  // both ids invalid
  return fail(path.name.span, fmt::format("{} '{}' not found in package '{}'", kind_name(want_world), path.name.name,
                                          name.to_string()));
}

// The interface (or world) a path names, from the current file's point of view.
Result<Resolver::Target> Resolver::resolve_path(const ast::UsePath& path, bool want_world) {
  const ast::UsePath* foreign = path.package ? &path : nullptr;
  uint32_t local = 0;
  if (!foreign) {
    const auto& names = file_names_[part_];
    auto it = names.find(path.name.name);
    if (it != names.end() && !it->second.local) {
      foreign = it->second.path;
    } else if (it != names.end()) {
      local = it->second.item;
    } else if (auto at = item_index_.find(path.name.name); at != item_index_.end()) {
      local = at->second;
    } else {
      return fail(path.name.span, fmt::format("interface or world `{}` does not exist", path.name.name));
    }
  }
  if (foreign) {
    WEFT_TRY(target, resolve_foreign(*foreign, want_world));
    if (!target.interface.valid() && !target.world.valid()) return excluded(item_span_, kind_name(want_world));
    target.foreign = true;
    return target;
  }
  const Item& item = items_[local];
  if (bool(item.world) != want_world)
    return fail(path.name.span, fmt::format("name `{}` is defined as {}, not {}", path.name.name,
                                            with_article(bool(item.world)), with_article(want_world)));
  if (item.excluded) return excluded(item_span_, kind_name(want_world));
  return Target{item.interface, item.world_id};
}

}  // namespace weft::component::wit

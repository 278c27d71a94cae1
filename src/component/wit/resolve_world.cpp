// Name resolution of worlds: types, imports and exports, then includes and elaboration.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "component/wit/resolver.h"

namespace weft::component::wit {

Result<void> Resolver::resolve_world(WorldId id, const ast::World& world) {
  Scope scope;
  scope.owner = TypeOwner{TypeOwner::Kind::World, {}, id};
  std::vector<const ast::Use*> uses;
  std::vector<const ast::TypeDef*> defs;
  for (const ast::WorldItem& item : world.items) {
    if (const auto* u = std::get_if<ast::Use>(&item)) uses.push_back(u);
    if (const auto* d = std::get_if<ast::TypeDef>(&item)) defs.push_back(d);
  }
  WEFT_CHECK(resolve_uses(scope, uses));
  WEFT_CHECK(resolve_typedefs(scope, uses, defs));
  WEFT_CHECK(resolve_world_items(id, scope, world));
  for (const ast::WorldItem& item : world.items) {
    const auto* inc = std::get_if<ast::Include>(&item);
    if (!inc) continue;
    WEFT_TRY(included, include_stability(inc->gate.stability, inc->path.name.span));
    if (included) WEFT_CHECK(apply_include(id, *inc));
  }
  WEFT_CHECK(elaborate(id, world.name.span));
  return check_case_conflicts(r_[id], world.name.span);
}

// The world's own items: its types first, then imports, exports and resource functions
// in the order written.
Result<void> Resolver::resolve_world_items(WorldId id, Scope& scope, const ast::World& world) {
  std::vector<WorldItem> items[2];  // imports, exports
  std::map<std::string, std::string> names[2];  // plain name -> kind of what took it
  std::set<uint32_t> interfaces[2];
  for (const auto& [name, type] : scope.types) {
    names[0].emplace(name, "type");
    WorldItem item;
    item.key.name = name;
    item.kind = WorldItem::Kind::Type;
    item.type = type;
    items[0].push_back(std::move(item));
  }
  for (const ast::WorldItem& witem : world.items) {
    if (const auto* def = std::get_if<ast::TypeDef>(&witem); def && def->kind == ast::TypeDef::Kind::Resource) {
      std::vector<Function> funcs;
      WEFT_CHECK(resolve_resource_funcs(scope, *def, funcs));
      for (Function& f : funcs) {
        WorldItem item;
        item.key.name = f.name;
        item.kind = WorldItem::Kind::Function;
        item.function = std::move(f);
        items[0].push_back(std::move(item));
      }
      continue;
    }
    const auto* ie = std::get_if<ast::ImportExport>(&witem);
    if (!ie) continue;
    int which = ie->is_export ? 1 : 0;
    std::string_view desc = ie->is_export ? "export" : "import";
    const ast::Extern& ext = ie->ext;
    if (ext.kind != ast::Extern::Kind::Path) {
      auto [it, fresh] = names[which].emplace(ext.label.name, ext.kind == ast::Extern::Kind::Func ? "func" : "interface");
      if (!fresh)
        return fail(ext.label.span, fmt::format("{} `{}` conflicts with prior {} of same name", desc, ext.label.name,
                                                it->second));
    }
    WEFT_TRY(included, include_stability(ie->gate.stability, ext.span));
    if (!included) continue;
    WEFT_TRY(item, resolve_extern(scope, *ie));
    if (ext.kind == ast::Extern::Kind::Path && !interfaces[which].insert(item.interface.index).second)
      return fail(ext.span, fmt::format("interface cannot be {}ed more than once", desc));
    items[which].push_back(std::move(item));
  }
  r_[id].imports = std::move(items[0]);
  r_[id].exports = std::move(items[1]);
  return {};
}

Result<WorldItem> Resolver::resolve_extern(Scope& scope, const ast::ImportExport& ie) {
  const ast::Extern& ext = ie.ext;
  WorldItem item;
  item.stability = ie.gate.stability;
  item.external_id = ie.gate.external_id;
  item_span_ = ext.span;
  switch (ext.kind) {
    case ast::Extern::Kind::Path:
    case ast::Extern::Kind::NamedPath: {
      WEFT_TRY(target, resolve_path(ext.path, false));
      item.interface = target.interface;
      if (ext.kind == ast::Extern::Kind::Path) {
        item.key.interface = target.interface;
      } else {
        item.key.name = ext.label.name;
      }
      return item;
    }
    case ast::Extern::Kind::Func: {
      ast::NamedFunc f{ext.label, ext.func, ie.docs, ie.gate};
      WEFT_TRY(func, resolve_function(scope, f, Function::Kind::Freestanding, ext.label.name, {}));
      item.key.name = ext.label.name;
      item.kind = WorldItem::Kind::Function;
      item.function = std::move(func);
      return item;
    }
    case ast::Extern::Kind::Interface: {
      InterfaceId id{uint32_t(r_.interfaces.size())};
      Interface iface;
      iface.package = package_;
      iface.docs = ie.docs;
      iface.stability = ie.gate.stability;
      r_.interfaces.push_back(std::move(iface));
      WEFT_CHECK(resolve_interface(id, ext.items));
      item.key.name = ext.label.name;
      item.interface = id;
      return item;
    }
  }
  return fail(ext.span, "unknown import kind");
}

// Kebab-case names are case-insensitive: `get-user` and `GET-USER` collide.
Result<void> Resolver::check_case_conflicts(const World& world, Span span) const {
  for (const auto* items : {&world.imports, &world.exports}) {
    std::map<std::string, std::string> seen;
    for (const WorldItem& item : *items) {
      if (item.key.is_interface()) continue;
      std::string lower = item.key.name;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
      auto [it, fresh] = seen.emplace(lower, item.key.name);
      if (fresh || it->second == item.key.name) continue;
      std::string_view desc = items == &world.imports ? "import" : "export";
      return fail(span, fmt::format("{0} `{1}` in world `{2}` conflicts with {0} `{3}` (kebab-case identifiers are "
                                    "case-insensitive)",
                                    desc, item.key.name, world.name, it->second));
    }
  }
  return {};
}

}  // namespace weft::component::wit

// Decoding WIT packages encoded as components (and the worlds core modules embed in
// `component-type:*` custom sections) back to the WIT model.
// spec: WIT.md "Package Format"; Binary.md "Type Definitions", "Import and Export Definitions"
#include "component/wit/decode.h"

#include <fmt/format.h>

#include <algorithm>

#include "component/binary/decoder.h"
#include "component/binary/validator.h"
#include "component/wit/decode_impl.h"
#include "core/binary/decoder.h"

namespace weft::component::wit {

std::optional<ItemPath> parse_item_path(std::string_view name) {
  size_t colon = name.find(':');
  size_t slash = name.find('/');
  if (colon == std::string_view::npos || slash == std::string_view::npos || colon == 0 || slash < colon + 2 ||
      slash + 1 >= name.size())
    return std::nullopt;
  ItemPath out;
  out.package.ns = std::string(name.substr(0, colon));
  out.package.name = std::string(name.substr(colon + 1, slash - colon - 1));
  std::string_view rest = name.substr(slash + 1);
  if (size_t at = rest.find('@'); at != std::string_view::npos) {
    auto v = Version::parse(rest.substr(at + 1));
    if (!v) return std::nullopt;
    out.package.version = *v;
    rest = rest.substr(0, at);
  }
  if (rest.empty() || rest.find_first_of(":/@") != std::string_view::npos) return std::nullopt;
  out.name = std::string(rest);
  return out;
}

namespace detail {

PackageId Decoder::package_for(const PackageName& name) {
  if (auto id = r_.find_package(name)) return *id;
  PackageId id{uint32_t(r_.packages.size())};
  Package pkg;
  pkg.name = name;
  r_.packages.push_back(std::move(pkg));
  return id;
}

Result<InterfaceId> Decoder::interface_for(std::string_view name, uint32_t offset) {
  auto path = parse_item_path(name);
  if (!path) return fail(offset, fmt::format("`{}` is not an interface name like `ns:pkg/name@1.0.0`", name));
  PackageId pkg = package_for(path->package);
  if (auto id = r_[pkg].find_interface(path->name)) return *id;
  InterfaceId id{uint32_t(r_.interfaces.size())};
  Interface iface;
  iface.name = path->name;
  iface.package = pkg;
  r_.interfaces.push_back(std::move(iface));
  r_[pkg].interfaces.emplace_back(path->name, id);
  return id;
}

// The interface an instance import or export stands for: a named one (merged with
// what is known of it), or an anonymous one for a plain name inside a world.
Result<InterfaceId> Decoder::instance_interface(const cb::ExternName& name, const Entry& type,
                                                std::optional<PackageId> anonymous_in) {
  if (type.kind != Entry::Kind::Instance)
    return fail(name.offset, fmt::format("`{}` does not have an instance type", name.name));
  InterfaceId id;
  if (parse_item_path(name.name) || !anonymous_in) {
    WEFT_TRY(named, interface_for(name.name, name.offset));
    id = named;
  } else {
    id = InterfaceId{uint32_t(r_.interfaces.size())};
    Interface iface;
    iface.package = *anonymous_in;
    r_.interfaces.push_back(std::move(iface));
  }
  WEFT_CHECK(merge_instance(*type.def, *type.frame, id));
  return id;
}

Result<void> Decoder::add_world_item(WorldId world, bool is_import, const cb::ExternName& name,
                                     const cb::ExternDesc& desc, Frame& frame, uint32_t offset) {
  WorldItem item;
  item.key.name = name.name;
  Owner owner{{}, world};
  if (desc.kind == ExternKind::Instance) {
    WEFT_TRY(e, type_at(frame, desc.index, uint32_t(frame.types.size()), offset));
    WEFT_TRY(iface, instance_interface(name, *e, r_[world].package));
    item.kind = WorldItem::Kind::Interface;
    item.interface = iface;
    if (!r_[iface].name.empty()) item.key = WorldKey{"", iface};
    InstanceRef inst;
    inst.interface = iface;
    frame.instances.push_back(std::move(inst));
  } else if (desc.kind == ExternKind::Func) {
    WEFT_TRY(e, type_at(frame, desc.index, uint32_t(frame.types.size()), offset));
    WEFT_TRY(fn, function(*e, name.name, owner, offset));
    item.kind = WorldItem::Kind::Function;
    item.function = std::move(fn);
    frame.funcs.push_back(e);
  } else if (desc.kind == ExternKind::Type && is_import) {
    TypeId id;
    if (desc.sub_resource) {
      id = add_resource(name.name, owner);
    } else {
      WEFT_TRY(e, type_at(frame, desc.index, uint32_t(frame.types.size()), offset));
      WEFT_TRY(named, name_type(*e, name.name, owner, offset));
      id = named;
    }
    item.kind = WorldItem::Kind::Type;
    item.type = id;
    auto v = std::make_shared<Entry>();
    v->kind = Entry::Kind::Value;
    v->value = Type::of(id);
    frame.types.push_back(v);
  } else {
    return fail(offset, fmt::format("not supported yet: {} {} `{}` in a world", extern_kind_name(desc.kind),
                                    is_import ? "import" : "export", name.name));
  }
  item.external_id = name.external_id;
  (is_import ? r_[world].imports : r_[world].exports).push_back(std::move(item));
  return {};
}

// The declarators of an interface's or a world's component type. For an interface
// (no `world`) each instance import is a dependency and the export the interface.
Result<void> Decoder::component_type(const cb::TypeDef& def, Frame& parent, std::optional<WorldId> world) {
  Frame& f = new_frame(&parent);
  for (const cb::Decl& d : def.decls) {
    WEFT_CHECK(spend(d.offset));
    switch (d.kind) {
      case cb::Decl::Kind::CoreType: break;
      case cb::Decl::Kind::Type: {
        WEFT_TRY(e, entry_of(*d.type, f));
        f.types.push_back(e);
        break;
      }
      case cb::Decl::Kind::Alias: WEFT_CHECK(component_alias(d.alias, f)); break;
      case cb::Decl::Kind::Import: case cb::Decl::Kind::Export: {
        bool is_import = d.kind == cb::Decl::Kind::Import;
        if (world) {
          WEFT_CHECK(add_world_item(*world, is_import, d.name, d.desc, f, d.offset));
          break;
        }
        if (d.desc.kind != ExternKind::Instance)
          return fail(d.offset, fmt::format("an interface's component type has a {} `{}`",
                                            extern_kind_name(d.desc.kind), d.name.name));
        WEFT_TRY(e, type_at(f, d.desc.index, uint32_t(f.types.size()), d.offset));
        WEFT_TRY(iface, instance_interface(d.name, *e, std::nullopt));
        InstanceRef inst;
        inst.interface = iface;
        f.instances.push_back(std::move(inst));
        break;
      }
    }
  }
  return {};
}

namespace {

// The last export declarator of a package item's component type: the interface's
// instance or the world's component.
const cb::Decl* item_export(const cb::TypeDef& def) {
  const cb::Decl* last = nullptr;
  for (const cb::Decl& d : def.decls)
    if (d.kind == cb::Decl::Kind::Export) last = &d;
  return last;
}

}  // namespace

// A world item of a package: a wrapper component type whose own types come first and
// whose export is the world's component type. A world already known is kept.
Result<void> Decoder::package_world(const Entry& wrapper, const cb::Decl& last, const ItemPath& path, PackageId pkg) {
  Frame& w = new_frame(wrapper.frame);
  for (const cb::Decl& d : wrapper.def->decls) {
    if (d.kind != cb::Decl::Kind::Type) continue;
    WEFT_TRY(e, entry_of(*d.type, w));
    w.types.push_back(e);
  }
  WEFT_TRY(world_type, type_at(w, last.desc.index, uint32_t(w.types.size()), last.offset));
  if (world_type->kind != Entry::Kind::Component)
    return fail(last.offset, fmt::format("world `{}` does not have a component type", last.name.name));
  if (auto known = r_[pkg].find_world(path.name)) {  // merged by name
    last_world = *known;
    return {};
  }
  WorldId id{uint32_t(r_.worlds.size())};
  World world;
  world.name = path.name;
  world.package = pkg;
  r_.worlds.push_back(std::move(world));
  r_[pkg].worlds.emplace_back(path.name, id);
  WEFT_CHECK(component_type(*world_type->def, *world_type->frame, id));
  last_world = id;
  return {};
}

// A WIT package: each export is a component type for an interface or a world.
Result<PackageId> Decoder::package_component(const cb::Component& c) {
  Frame& top = new_frame(nullptr);
  std::optional<PackageId> main;
  std::vector<std::pair<std::string, bool>> items;  // (name, is_world) in export order
  for (const cb::Component::Definition& d : c.definitions) {
    if (d.kind == cb::Component::DefKind::Type) {
      WEFT_TRY(e, entry_of(c.types[d.index], top));
      top.types.push_back(e);
      continue;
    }
    const cb::ExportDef& ex = c.exports[d.index];
    WEFT_TRY(e, type_at(top, ex.item.index, uint32_t(top.types.size()), ex.offset));
    const cb::Decl* last = e->kind == Entry::Kind::Component ? item_export(*e->def) : nullptr;
    if (!last) return fail(ex.offset, fmt::format("package item `{}` is not an interface or world type", ex.name.name));
    auto path = parse_item_path(last->name.name);
    if (!path) return fail(last->offset, fmt::format("`{}` is not a name like `ns:pkg/name`", last->name.name));
    PackageId pkg = package_for(path->package);
    if (main && *main != pkg)
      return fail(last->offset, fmt::format("`{}` is not in package `{}`", last->name.name, r_[*main].name.to_string()));
    main = pkg;
    bool is_world = last->desc.kind == ExternKind::Component;
    if (is_world) WEFT_CHECK(package_world(*e, *last, *path, pkg));
    else WEFT_CHECK(component_type(*e->def, *e->frame, std::nullopt));
    items.emplace_back(path->name, is_world);
    top.types.push_back(e);  // a type export is a new type index
  }
  if (!main) return fail(0, "the component exports no WIT package items");
  // Interfaces of the package met as dependencies first still list in export order.
  Package& p = r_[*main];
  auto rank = [&](const std::string& name, bool world) {
    auto it = std::find(items.begin(), items.end(), std::pair{name, world});
    return size_t(it - items.begin());
  };
  std::stable_sort(p.interfaces.begin(), p.interfaces.end(),
                   [&](const auto& a, const auto& b) { return rank(a.first, false) < rank(b.first, false); });
  return *main;
}

}  // namespace detail
}  // namespace weft::component::wit

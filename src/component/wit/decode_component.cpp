// Decoding an ordinary component to the world it targets, `root:component/root` (as
// wit-component names it): its imports as they are typed, its exports through the
// shim components that wit-component instantiates to give exported instances types.
// spec: Binary.md "Instance Definitions", "Alias Definitions", "Import and Export Definitions"
#include <fmt/format.h>

#include "component/wit/decode_impl.h"

namespace weft::component::wit::detail {
namespace {

EntryPtr value_entry(TypeId id) {
  auto v = std::make_shared<Entry>();
  v->kind = Entry::Kind::Value;
  v->value = Type::of(id);
  return v;
}

template <class T>
const T* named(const std::vector<std::pair<std::string, T>>& items, std::string_view name) {
  for (const auto& [n, item] : items)
    if (n == name) return &item;
  return nullptr;
}

}  // namespace

// `alias export` of a type or function of an instance, or `alias outer` of a type.
Result<void> Decoder::component_alias(const cb::Alias& a, Frame& frame) {
  if (a.target == cb::Alias::Target::CoreExport) return {};
  if (a.target == cb::Alias::Target::Outer) {
    if (a.sort != cb::Sort::Type) return fail(a.offset, "not supported yet: outer aliases of this sort");
    WEFT_TRY(e, outer_type(frame, a.count, a.index, a.offset));
    frame.types.push_back(e);
    return {};
  }
  if (a.instance >= frame.instances.size()) return fail(a.offset, fmt::format("instance index {} out of bounds", a.instance));
  const InstanceRef& inst = frame.instances[a.instance];
  if (a.sort == cb::Sort::Type) {
    if (inst.interface) {
      auto id = r_[*inst.interface].find_type(a.name);
      if (!id) return fail(a.offset, fmt::format("instance {} has no type `{}`", a.instance, a.name));
      frame.types.push_back(value_entry(*id));
    } else {
      const EntryPtr* e = named(inst.types, a.name);
      if (!e) return fail(a.offset, fmt::format("instance {} has no type `{}`", a.instance, a.name));
      frame.types.push_back(*e);
    }
  } else if (a.sort == cb::Sort::Func) {
    const EntryPtr* e = named(inst.funcs, a.name);
    frame.funcs.push_back(e ? *e : nullptr);
  } else if (a.sort == cb::Sort::Instance) {
    frame.instances.emplace_back();
  } else if (a.sort == cb::Sort::Component) {
    frame.components.push_back(nullptr);
  }
  return {};
}

// Instantiating a nested component: its exports, with its imports bound to the
// arguments, as a bag of named types and functions.
Result<void> Decoder::instantiate(const cb::InstanceDef& d, Frame& frame) {
  InstanceRef bag;
  if (!d.instantiate) {
    for (const cb::InstanceDef::Export& e : d.exports) {
      if (e.item.sort == cb::Sort::Type) {
        WEFT_TRY(t, type_at(frame, e.item.index, uint32_t(frame.types.size()), e.offset));
        bag.types.emplace_back(e.name.name, t);
      } else if (e.item.sort == cb::Sort::Func && e.item.index < frame.funcs.size()) {
        bag.funcs.emplace_back(e.name.name, frame.funcs[e.item.index]);
      }
    }
    frame.instances.push_back(std::move(bag));
    return {};
  }
  if (d.component >= frame.components.size() || !frame.components[d.component])
    return fail(d.offset, "not supported yet: instantiating a component that is not defined in this component");
  const cb::Component& c = *frame.components[d.component];
  if (depth_ >= 100) return fail(d.offset, "components are nested too deeply");
  Frame& nf = new_frame(&frame);
  ++depth_;
  Result<void> ok;
  for (const cb::Component::Definition& def : c.definitions) {
    ok = spend(d.offset);
    if (!ok) break;
    if (def.kind == cb::Component::DefKind::Import) ok = bind_import(c.imports[def.index], d, frame, nf);
    else if (def.kind == cb::Component::DefKind::Export) bag_export(c.exports[def.index], nf, bag);
    else ok = component_def(c, def, nf, WorldId{});
    if (!ok) break;
  }
  --depth_;
  if (!ok) return std::unexpected(ok.error());
  frame.instances.push_back(std::move(bag));
  return {};
}

// A nested component's import, bound to the argument of that name (a type import
// with an `eq` bound and no argument is that type).
Result<void> Decoder::bind_import(const cb::ImportDef& imp, const cb::InstanceDef& d, Frame& outer, Frame& nf) {
  const cb::InstanceDef::Arg* arg = nullptr;
  for (const auto& a : d.args)
    if (a.name == imp.name.name) arg = &a;
  if (imp.desc.kind == ExternKind::Type) {
    if (arg && arg->item.sort == cb::Sort::Type && arg->item.index < outer.types.size())
      nf.types.push_back(outer.types[arg->item.index]);
    else if (!imp.desc.sub_resource && imp.desc.index < nf.types.size())
      nf.types.push_back(nf.types[imp.desc.index]);
    else
      return fail(imp.offset, fmt::format("type import `{}` has no argument", imp.name.name));
  } else if (imp.desc.kind == ExternKind::Func) {
    auto e = type_at(nf, imp.desc.index, uint32_t(nf.types.size()), imp.offset);
    nf.funcs.push_back(e ? *e : nullptr);
  } else if (imp.desc.kind == ExternKind::Instance) {
    bool given = arg && arg->item.sort == cb::Sort::Instance && arg->item.index < outer.instances.size();
    nf.instances.push_back(given ? outer.instances[arg->item.index] : InstanceRef{});
  }
  return {};
}

// A nested component's export of a type or function, added to the bag its instance is.
void Decoder::bag_export(const cb::ExportDef& ex, Frame& nf, InstanceRef& bag) {
  if (ex.item.sort == cb::Sort::Type && ex.item.index < nf.types.size()) {
    // A new name for the type, like wasmparser's `created` ids: naming it in an
    // interface later names every use of it.
    auto named_entry = std::make_shared<Entry>(*nf.types[ex.item.index]);
    nf.types.push_back(named_entry);
    bag.types.emplace_back(ex.name.name, named_entry);
  } else if (ex.item.sort == cb::Sort::Func) {
    EntryPtr e = ex.item.index < nf.funcs.size() ? nf.funcs[ex.item.index] : nullptr;
    if (ex.desc) {
      auto t = type_at(nf, ex.desc->index, uint32_t(nf.types.size()), ex.offset);
      if (t) e = *t;
    }
    nf.funcs.push_back(e);
    bag.funcs.emplace_back(ex.name.name, e);
  }
}

// Names the types and functions of an instantiated shim in interface `into`.
Result<void> Decoder::merge_bag(const InstanceRef& bag, InterfaceId into, uint32_t offset) {
  Owner owner{into, {}};
  for (const auto& [name, e] : bag.types) {
    std::optional<TypeId> id = r_[into].find_type(name);
    if (!id) {
      WEFT_TRY(t, name_type(*e, name, owner, offset));
      r_[into].types.emplace_back(name, t);
      id = t;
    }
    *e = *value_entry(*id);
  }
  for (const auto& [name, e] : bag.funcs) {
    if (r_[into].find_function(name)) continue;
    if (!e) return fail(offset, fmt::format("not supported yet: the type of exported function `{}`", name));
    WEFT_TRY(fn, function(*e, name, owner, offset));
    r_[into].functions.push_back(std::move(fn));
  }
  return {};
}

Result<void> Decoder::root_export(const cb::ExportDef& e, Frame& frame, WorldId world) {
  WorldItem item;
  item.key.name = e.name.name;
  if (e.item.sort == cb::Sort::Func) {
    EntryPtr t = e.item.index < frame.funcs.size() ? frame.funcs[e.item.index] : nullptr;
    if (e.desc) {
      WEFT_TRY(ascribed, type_at(frame, e.desc->index, uint32_t(frame.types.size()), e.offset));
      t = ascribed;
    }
    if (!t) return fail(e.offset, fmt::format("not supported yet: the type of exported function `{}`", e.name.name));
    WEFT_TRY(fn, function(*t, e.name.name, Owner{{}, world}, e.offset));
    item.kind = WorldItem::Kind::Function;
    item.function = std::move(fn);
    frame.funcs.push_back(t);
  } else if (e.item.sort == cb::Sort::Instance) {
    if (e.item.index >= frame.instances.size())
      return fail(e.offset, fmt::format("instance index {} out of bounds", e.item.index));
    InstanceRef inst = frame.instances[e.item.index];
    InterfaceId id;
    if (parse_item_path(e.name.name)) {
      WEFT_TRY(named_id, interface_for(e.name.name, e.offset));
      id = named_id;
      item.key = WorldKey{"", id};
    } else {
      id = InterfaceId{uint32_t(r_.interfaces.size())};
      r_.interfaces.push_back(Interface{});
      r_.interfaces.back().package = r_[world].package;
    }
    if (e.desc && e.desc->kind == ExternKind::Instance) {
      WEFT_TRY(t, type_at(frame, e.desc->index, uint32_t(frame.types.size()), e.offset));
      if (t->kind != Entry::Kind::Instance) return fail(e.offset, "an instance export ascribed a type that is not an instance");
      WEFT_CHECK(merge_instance(*t->def, *t->frame, id));
    } else if (!inst.interface) {
      WEFT_CHECK(merge_bag(inst, id, e.offset));
    }
    item.kind = WorldItem::Kind::Interface;
    item.interface = id;
    frame.instances.push_back(InstanceRef{id, {}, {}});
  } else {
    return fail(e.offset, fmt::format("not supported yet: exporting a {} (`{}`) from a component",
                                      sort_name(e.item.sort), e.name.name));
  }
  r_[world].exports.push_back(std::move(item));
  return {};
}

// One definition of a component: the root one when `world` is valid, else a nested one.
Result<void> Decoder::component_def(const cb::Component& c, const cb::Component::Definition& d, Frame& frame,
                                    WorldId world) {
  using K = cb::Component::DefKind;
  switch (d.kind) {
    case K::Type: {
      WEFT_TRY(e, entry_of(c.types[d.index], frame));
      frame.types.push_back(e);
      return {};
    }
    case K::Alias: return component_alias(c.aliases[d.index], frame);
    case K::Canon: {
      const cb::Canon& canon = c.canons[d.index];
      if (canon.op != 0x00) return {};  // only `canon lift` makes a component function
      auto e = type_at(frame, canon.type, uint32_t(frame.types.size()), canon.offset);
      frame.funcs.push_back(e ? *e : nullptr);
      return {};
    }
    case K::Component: frame.components.push_back(&c.components[d.index]); return {};
    case K::Instance: return instantiate(c.instances[d.index], frame);
    case K::Import: {
      const cb::ImportDef& imp = c.imports[d.index];
      if (!world.valid()) return {};
      return add_world_item(world, true, imp.name, imp.desc, frame, imp.offset);
    }
    case K::Export: {
      if (!world.valid()) return {};
      return root_export(c.exports[d.index], frame, world);
    }
    default: return {};  // core definitions, start functions and values do not show in WIT
  }
}

Result<WorldId> Decoder::root_world(const cb::Component& c) {
  PackageName name{"root", "component", std::nullopt};
  PackageId pkg = package_for(name);
  WorldId id{uint32_t(r_.worlds.size())};
  World world;
  world.name = "root";
  world.package = pkg;
  r_.worlds.push_back(std::move(world));
  r_[pkg].worlds.emplace_back("root", id);
  Frame& top = new_frame(nullptr);
  for (const cb::Component::Definition& d : c.definitions) {
    WEFT_CHECK(spend(0));
    WEFT_CHECK(component_def(c, d, top, id));
  }
  return id;
}

}  // namespace weft::component::wit::detail

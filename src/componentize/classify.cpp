// What each core import and export of the main module stands for, by wit-component's
// naming contract (componentize.h), checked against the world and the canonical ABI.
#include <fmt/format.h>

#include <set>

#include "componentize/builder.h"

namespace weft::componentize {
namespace {

std::string sig_string(const core::FuncType& t) {
  auto list = [](const std::vector<core::ValType>& v) {
    std::string out;
    for (core::ValType x : v) {
      if (!out.empty()) out += ", ";
      out += core::valtype_name(x);
    }
    return "[" + out + "]";
  };
  return list(t.params) + " -> " + list(t.results);
}

// The resource named `name` among the types of `types`.
std::optional<wit::TypeId> find_resource(const wit::Resolve& r,
                                         const std::vector<std::pair<std::string, wit::TypeId>>& types,
                                         std::string_view name) {
  for (const auto& [n, id] : types)
    if (n == name && std::holds_alternative<wit::Resource>(r[r.follow_aliases(id)].kind)) return id;
  return std::nullopt;
}

}  // namespace

std::string Names::export_name(std::string_view path, std::string_view f) const {
  if (cm32p2) return fmt::format("cm32p2|{}|{}", path, f);
  return path.empty() ? std::string(f) : fmt::format("{}#{}", path, f);
}

std::string Names::post_return(std::string_view export_name) const {
  return cm32p2 ? fmt::format("{}_post", export_name) : fmt::format("cabi_post_{}", export_name);
}

std::string Names::import_module(std::string_view module) const {
  if (!cm32p2 || !module.starts_with("cm32p2")) return std::string(module);
  std::string_view rest = module.substr(6);
  if (rest.starts_with("|")) rest.remove_prefix(1);
  return rest.empty() ? "$root" : std::string(rest);
}

std::string Builder::world_name(uint32_t part) const { return r_[parts_[part].world].name; }

std::optional<uint32_t> Builder::find_export(std::string_view name, core::ExternKind kind,
                                             uint32_t part) const {
  const core::Module& m = parts_[part].module;
  for (uint32_t i = 0; i < m.exports.size(); ++i)
    if (m.exports[i].name == name && m.exports[i].kind == kind) return i;
  return std::nullopt;
}

Result<void> Builder::classify_imports() {
  for (uint32_t part = 0; part < parts_.size(); ++part) {
    // Core wasm allows a name twice; a core module inside a component does not.
    std::set<std::pair<std::string_view, std::string_view>> seen;
    for (const core::Import& import : parts_[part].module.imports) {
      if (!seen.insert({import.module, import.name}).second)
        return fail(import.offset, fmt::format("core import `{}`.`{}` appears twice; a core module inside a "
                                               "component must import each name once",
                                               import.module, import.name));
      WEFT_CHECK(classify_import(part, import));
    }
  }
  return {};
}

// An adapter's imports of the main module: `env`.`memory` and `__main_module__` functions.
Result<void> Builder::classify_adapter_import(uint32_t part, const core::Import& im, Lowering& l) {
  const core::Module& adapter = parts_[part].module;
  if (im.module == "env" && im.name == "memory" && im.kind == core::ExternKind::Memory) {
    l.kind = Lowering::Kind::Memory;
    lowerings_.push_back(std::move(l));
    return {};
  }
  auto e = im.kind == core::ExternKind::Func ? find_export(im.name, core::ExternKind::Func) : std::nullopt;
  if (!e)
    return fail(
        im.offset,
        fmt::format("adapter `{}` imports `__main_module__`.`{}`, which the main module does not export "
                    "as a function",
                    parts_[part].name, im.name));
  if (!(main_.func_type(main_.exports[*e].index) == adapter.types[im.func_type].func))
    return fail(
        im.offset,
        fmt::format("type mismatch for adapter `{}`'s import `__main_module__`.`{}`: the main module "
                    "exports `{}`",
                    parts_[part].name, im.name, sig_string(main_.func_type(main_.exports[*e].index))));
  l.kind = Lowering::Kind::MainExport;
  lowerings_.push_back(std::move(l));
  return {};
}

// `module` names world import `key` at a semver-compatible version (0.2.6 for 0.2.12):
// adapters are built against older WASI releases than the world they are used in.
static bool module_matches(std::string_view key, std::string_view module) {
  if (key == module) return true;
  size_t ka = key.find('@'), ma = module.find('@');
  if (ka == std::string_view::npos || ma == std::string_view::npos ||
      key.substr(0, ka) != module.substr(0, ma))
    return false;
  auto parse = [](std::string_view v) { return wit::Version::parse(v); };
  auto a = parse(key.substr(ka + 1)), b = parse(module.substr(ma + 1));
  if (!a || !b) return false;
  if (a->major != b->major) return false;
  return a->major != 0 || a->minor == b->minor;
}

Result<void> Builder::add_lowering(Lowering l, const core::Import& im, const core::FuncType& expected) {
  const core::FuncType& actual = parts_[l.part].module.types[im.func_type].func;
  if (!(expected == actual))
    return fail(im.offset,
                fmt::format("type mismatch for core import `{}`.`{}`: expected `{}` but found `{}`",
                            im.module, im.name, sig_string(expected), sig_string(actual)));
  lowerings_.push_back(std::move(l));
  return {};
}

Result<void> Builder::classify_import(uint32_t part, const core::Import& im) {
  Lowering l;
  l.part = part;
  l.module = im.module;
  l.field = im.name;
  l.offset = im.offset;
  l.import = uint32_t(&im - parts_[part].module.imports.data());
  if (part > 0 && (im.module == "env" || im.module == "__main_module__"))
    return classify_adapter_import(part, im, l);
  if (im.kind != core::ExternKind::Func)
    return fail(im.offset, fmt::format("not supported yet: core import `{}`.`{}` is a {}, not a function",
                                       im.module, im.name, core::extern_kind_name(im.kind)));
  for (uint32_t k = 1; k < parts_.size(); ++k) {
    if (part != 0 || parts_[k].name != im.module) continue;
    auto e = find_export(im.name, core::ExternKind::Func, k);
    if (!e)
      return fail(im.offset, fmt::format("core import `{}`.`{}`: the adapter does not export `{}`", im.module,
                                         im.name, im.name));
    const core::Module& adapter = parts_[k].module;
    l.kind = Lowering::Kind::Adapter;
    l.adapter = k;
    return add_lowering(std::move(l), im, adapter.func_type(adapter.exports[*e].index));
  }
  if (im.module == "wasi_snapshot_preview1")
    return fail(im.offset, "core import `wasi_snapshot_preview1`.`" + im.name +
                               "` needs a WASI preview-1 adapter (`--adapt wasi_snapshot_preview1=PATH`)");
  std::string module = names(part).import_module(im.module);
  if (module.starts_with("[export]")) return classify_intrinsic(std::move(l), im, module.substr(8));
  if (module == "$root") return classify_root_import(std::move(l), im);
  return classify_interface_import(std::move(l), im, module);
}

// `[export]IFACE`.`[resource-new|rep|drop]r`: intrinsics of an exported resource.
Result<void> Builder::classify_intrinsic(Lowering l, const core::Import& im, std::string_view owner) {
  const wit::World& world = r_[parts_[l.part].world];
  const wit::WorldItem* item = nullptr;
  for (const wit::WorldItem& e : world.exports)
    if (e.kind == wit::WorldItem::Kind::Interface && r_.key_name(e.key) == owner) item = &e;
  if (!item)
    return fail(im.offset, fmt::format("core import module `{}` names no exported interface of world {}",
                                       im.module, world_name(l.part)));
  static constexpr std::pair<std::string_view, Lowering::Kind> kIntrinsics[] = {
      {"[resource-new]", Lowering::Kind::ExportNew},
      {"[resource-rep]", Lowering::Kind::ExportRep},
      {"[resource-drop]", Lowering::Kind::ExportDrop}};
  for (auto [prefix, kind] : kIntrinsics) {
    if (!im.name.starts_with(prefix)) continue;
    auto res = find_resource(r_, r_[item->interface].types, std::string_view(im.name).substr(prefix.size()));
    if (!res) break;
    l.kind = kind;
    l.iface = item->interface;
    l.resource = r_.follow_aliases(*res);
    core::FuncType sig{{core::ValType::I32}, {core::ValType::I32}};  // new: rep -> handle; rep: handle -> rep
    if (kind == Lowering::Kind::ExportDrop) sig.results.clear();
    return add_lowering(std::move(l), im, sig);
  }
  return fail(im.offset,
              fmt::format("core import `{}`.`{}` is not a resource intrinsic of interface {} in world {}",
                          im.module, im.name, owner, world_name(l.part)));
}

// `$root`.`f`: a function (or resource) the world itself imports.
Result<void> Builder::classify_root_import(Lowering l, const core::Import& im) {
  const wit::World& world = r_[parts_[l.part].world];
  if (im.name.starts_with("[resource-drop]")) {
    std::vector<std::pair<std::string, wit::TypeId>> types;
    for (const wit::WorldItem& item : world.imports)
      if (item.kind == wit::WorldItem::Kind::Type) types.emplace_back(item.key.name, item.type);
    if (auto res = find_resource(r_, types, std::string_view(im.name).substr(15))) {
      l.kind = Lowering::Kind::ResourceDrop;
      l.resource = *res;
      return add_lowering(std::move(l), im, {{core::ValType::I32}, {}});
    }
  }
  for (const wit::WorldItem& item : world.imports) {
    if (item.kind != wit::WorldItem::Kind::Function || item.key.name != im.name) continue;
    l.func = &item.function;
    l.abi = lower_abi(r_, item.function);
    core::FuncType sig = l.abi.sig;
    return add_lowering(std::move(l), im, sig);
  }
  return fail(im.offset,
              fmt::format("core import `$root`.`{}` is not a function or resource imported by world {}",
                          im.name, world_name(l.part)));
}

// `IFACE`.`f` or `IFACE`.`[resource-drop]r` of an imported interface.
Result<void> Builder::classify_interface_import(Lowering l, const core::Import& im, std::string_view module) {
  const wit::World& world = r_[parts_[l.part].world];
  for (const wit::WorldItem& item : world.imports) {
    if (item.kind != wit::WorldItem::Kind::Interface || !module_matches(r_.key_name(item.key), module))
      continue;
    const wit::Interface& iface = r_[item.interface];
    l.iface = item.interface;
    if (im.name.starts_with("[resource-drop]")) {
      if (auto res = find_resource(r_, iface.types, std::string_view(im.name).substr(15))) {
        l.kind = Lowering::Kind::ResourceDrop;
        l.resource = *res;
        return add_lowering(std::move(l), im, {{core::ValType::I32}, {}});
      }
    }
    const wit::Function* f = iface.find_function(im.name);
    if (f && f->is_async)
      return fail(im.offset, fmt::format("not supported yet: core import `{}`.`{}` of an async function",
                                         im.module, im.name));
    if (!f)
      return fail(im.offset,
                  fmt::format("core import `{}`.`{}` is not a function of interface {} in world {}",
                              im.module, im.name, im.module, world_name(l.part)));
    l.func = f;
    l.abi = lower_abi(r_, *f);
    core::FuncType sig = l.abi.sig;
    return add_lowering(std::move(l), im, sig);
  }
  return fail(im.offset,
              fmt::format("core import module `{}` (of `{}`.`{}`) is not an interface imported by world {}",
                          im.module, im.module, im.name, world_name(l.part)));
}

Result<void> Builder::add_lifting(uint32_t part, const wit::Function& f, std::string core_name,
                                  std::vector<Lifting>& out) {
  const core::Module& m = parts_[part].module;
  if (f.is_async)
    return fail(fmt::format("not supported yet: async function `{}` of world {}", f.name, world_name(part)));
  auto index = find_export(core_name, core::ExternKind::Func, part);
  if (!index)
    return fail(fmt::format("the module does not export `{}` (function `{}` of world {})", core_name, f.name,
                            world_name(part)));
  const core::Export& e = m.exports[*index];
  Lifting l;
  l.part = part;
  l.func = &f;
  l.abi = lift_abi(r_, f);
  const core::FuncType& actual = m.func_type(e.index);
  if (!(actual == l.abi.sig))
    return fail(e.offset, fmt::format("type mismatch for core export `{}`: expected `{}` but found `{}`",
                                      core_name, sig_string(l.abi.sig), sig_string(actual)));
  l.post_name = names(part).post_return(core_name);
  if (auto post = find_export(l.post_name, core::ExternKind::Func, part)) {
    const core::FuncType& pt = m.func_type(m.exports[*post].index);
    if (!(pt == core::FuncType{l.abi.sig.results, {}}))
      return fail(m.exports[*post].offset,
                  fmt::format("type mismatch for core export `{}`: expected `{}` but found `{}`", l.post_name,
                              sig_string({l.abi.sig.results, {}}), sig_string(pt)));
    l.post_return = *post;
  }
  l.core_name = std::move(core_name);
  l.core_index = *index;
  out.push_back(std::move(l));
  return {};
}

Result<void> Builder::classify_exports(uint32_t part) {
  Part& p = parts_[part];
  const wit::World& world = r_[p.world];
  for (uint32_t i = 0; i < world.exports.size(); ++i) {
    const wit::WorldItem& item = world.exports[i];
    switch (item.kind) {
      case wit::WorldItem::Kind::Function:
        WEFT_CHECK(
            add_lifting(part, item.function, names(part).export_name("", item.key.name), p.root_exports));
        break;
      case wit::WorldItem::Kind::Interface: {
        std::string path = r_.key_name(item.key);
        std::vector<Lifting>& funcs = p.iface_exports[i];
        for (const wit::Function& f : r_[item.interface].functions)
          WEFT_CHECK(add_lifting(part, f, names(part).export_name(path, f.name), funcs));
        for (const auto& [name, id] : r_[item.interface].types) {
          if (!std::holds_alternative<wit::Resource>(r_[id].kind)) continue;
          if (part > 0) return fail("not supported yet: resources exported by an adapter");
          ExportedResource res;
          res.id = id;
          res.dtor_export = find_export(path + "#[dtor]" + name, core::ExternKind::Func);
          if (res.dtor_export) {
            const core::Export& e = main_.exports[*res.dtor_export];
            if (!(main_.func_type(e.index) == core::FuncType{{core::ValType::I32}, {}}))
              return fail(e.offset,
                          fmt::format("type mismatch for core export `{}`: expected `[i32] -> []`", e.name));
          }
          resources_[id.index] = res;
        }
        break;
      }
      case wit::WorldItem::Kind::Type:
        return fail(fmt::format("not supported yet: world {} exports type `{}`", world_name(part),
                                r_.key_name(item.key)));
    }
  }
  if (part > 0) return {};
  initialize_ = find_export(names().initialize(), core::ExternKind::Func);
  if (initialize_ && !(main_.func_type(main_.exports[*initialize_].index) == core::FuncType{}))
    return fail(main_.exports[*initialize_].offset,
                "type mismatch for core export `_initialize`: expected `[] -> []`");
  return {};
}

}  // namespace weft::componentize

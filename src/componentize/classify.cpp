// What each core import and export of the main module stands for, by wit-component's
// naming contract (componentize.h), checked against the world and the canonical ABI.
#include <fmt/format.h>

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

std::unexpected<Error> fail(uint32_t offset, std::string message) {
  return make_error(Phase::Validate, Span::at(offset), std::move(message));
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

std::string Builder::world_name() const { return r_[world_].name; }

std::optional<uint32_t> Builder::find_export(std::string_view name, core::ExternKind kind) const {
  for (uint32_t i = 0; i < main_.exports.size(); ++i)
    if (main_.exports[i].name == name && main_.exports[i].kind == kind) return i;
  return std::nullopt;
}

Result<void> Builder::classify_imports() {
  for (const core::Import& import : main_.imports) WEFT_CHECK(classify_import(import));
  return {};
}

Result<void> Builder::classify_import(const core::Import& im) {
  if (im.kind != core::ExternKind::Func)
    return fail(im.offset, fmt::format("not supported yet: core import `{}`.`{}` is a {}, not a function",
                                       im.module, im.name, core::extern_kind_name(im.kind)));
  Lowering l;
  l.module = im.module;
  l.field = im.name;
  l.offset = im.offset;
  const wit::World& world = r_[world_];
  const core::FuncType& actual = main_.types[im.func_type];
  auto check = [&](const core::FuncType& expected) -> Result<void> {
    if (expected == actual) return {};
    return fail(im.offset,
                fmt::format("type mismatch for core import `{}`.`{}`: expected `{}` but found `{}`",
                            im.module, im.name, sig_string(expected), sig_string(actual)));
  };
  const core::FuncType drop_sig{{core::ValType::I32}, {}};
  for (const auto& a : options_.adapters)
    if (a.name == im.module) return fail(im.offset, "not supported yet: adapters (`--adapt`)");
  if (im.module == "wasi_snapshot_preview1")
    return fail(im.offset, "core import `wasi_snapshot_preview1`.`" + im.name +
                               "` needs a WASI preview-1 adapter: not supported yet (`--adapt`)");
  // Exported resources: `[export]IFACE`.`[resource-new|rep|drop]r`.
  if (im.module.starts_with("[export]")) {
    std::string_view owner = std::string_view(im.module).substr(8);
    const wit::WorldItem* item = nullptr;
    for (const wit::WorldItem& e : world.exports)
      if (e.kind == wit::WorldItem::Kind::Interface && r_.key_name(e.key) == owner) item = &e;
    if (!item)
      return fail(
          im.offset,
          fmt::format("core import module `{}` names no exported interface of world {}{}", im.module,
                      world_name(), owner == "$root" ? " (world-level resources: not supported yet)" : ""));
    static constexpr std::pair<std::string_view, Lowering::Kind> kIntrinsics[] = {
        {"[resource-new]", Lowering::Kind::ExportNew},
        {"[resource-rep]", Lowering::Kind::ExportRep},
        {"[resource-drop]", Lowering::Kind::ExportDrop}};
    for (auto [prefix, kind] : kIntrinsics) {
      if (!im.name.starts_with(prefix)) continue;
      auto res =
          find_resource(r_, r_[item->interface].types, std::string_view(im.name).substr(prefix.size()));
      if (!res) break;
      l.kind = kind;
      l.iface = item->interface;
      l.resource = r_.follow_aliases(*res);
      WEFT_CHECK(check(kind == Lowering::Kind::ExportDrop ? drop_sig
                       : kind == Lowering::Kind::ExportNew
                           ? core::FuncType{{core::ValType::I32}, {core::ValType::I32}}
                           : core::FuncType{{core::ValType::I32}, {core::ValType::I32}}));
      lowerings_.push_back(std::move(l));
      return {};
    }
    return fail(im.offset,
                fmt::format("core import `{}`.`{}` is not a resource intrinsic of interface {} in world {}",
                            im.module, im.name, owner, world_name()));
  }
  if (im.module == "$root") {
    for (const wit::WorldItem& item : world.imports) {
      if (item.kind == wit::WorldItem::Kind::Function && item.key.name == im.name) {
        l.func = &item.function;
        l.abi = lower_abi(r_, item.function);
        WEFT_CHECK(check(l.abi.sig));
        lowerings_.push_back(std::move(l));
        return {};
      }
    }
    return fail(im.offset, fmt::format("core import `$root`.`{}` is not a function imported by world {}"
                                       "{}",
                                       im.name, world_name(),
                                       im.name.starts_with("[resource-drop]")
                                           ? " (world-level resources: not supported yet)"
                                           : ""));
  }
  for (const wit::WorldItem& item : world.imports) {
    if (item.kind != wit::WorldItem::Kind::Interface || r_.key_name(item.key) != im.module) continue;
    const wit::Interface& iface = r_[item.interface];
    l.iface = item.interface;
    if (im.name.starts_with("[resource-drop]")) {
      if (auto res = find_resource(r_, iface.types, std::string_view(im.name).substr(15))) {
        l.kind = Lowering::Kind::ResourceDrop;
        l.resource = *res;
        WEFT_CHECK(check(drop_sig));
        lowerings_.push_back(std::move(l));
        return {};
      }
    }
    const wit::Function* f = iface.find_function(im.name);
    if (!f)
      return fail(im.offset,
                  fmt::format("core import `{}`.`{}` is not a function of interface {} in world {}",
                              im.module, im.name, im.module, world_name()));
    l.func = f;
    l.abi = lower_abi(r_, *f);
    WEFT_CHECK(check(l.abi.sig));
    lowerings_.push_back(std::move(l));
    return {};
  }
  return fail(im.offset,
              fmt::format("core import module `{}` (of `{}`.`{}`) is not an interface imported by world {}",
                          im.module, im.module, im.name, world_name()));
}

Result<void> Builder::add_lifting(const wit::Function& f, std::string core_name, std::vector<Lifting>& out) {
  auto index = find_export(core_name, core::ExternKind::Func);
  if (!index)
    return fail(0, fmt::format("the module does not export `{}` (function `{}` of world {})", core_name,
                               f.name, world_name()));
  const core::Export& e = main_.exports[*index];
  Lifting l;
  l.func = &f;
  l.abi = lift_abi(r_, f);
  const core::FuncType& actual = main_.func_type(e.index);
  if (!(actual == l.abi.sig))
    return fail(e.offset, fmt::format("type mismatch for core export `{}`: expected `{}` but found `{}`",
                                      core_name, sig_string(l.abi.sig), sig_string(actual)));
  if (auto post = find_export("cabi_post_" + core_name, core::ExternKind::Func)) {
    const core::FuncType& pt = main_.func_type(main_.exports[*post].index);
    if (!(pt == core::FuncType{l.abi.sig.results, {}}))
      return fail(main_.exports[*post].offset,
                  fmt::format("type mismatch for core export `cabi_post_{}`: expected `{}` but found `{}`",
                              core_name, sig_string({l.abi.sig.results, {}}), sig_string(pt)));
    l.post_return = *post;
  }
  l.core_name = std::move(core_name);
  l.core_index = *index;
  out.push_back(std::move(l));
  return {};
}

Result<void> Builder::classify_exports() {
  for (const core::Export& e : main_.exports)
    if (e.name.starts_with("cm32p2"))
      return fail(e.offset, fmt::format("not supported yet: core export `{}` (the `cm32p2` naming)", e.name));
  const wit::World& world = r_[world_];
  for (uint32_t i = 0; i < world.exports.size(); ++i) {
    const wit::WorldItem& item = world.exports[i];
    switch (item.kind) {
      case wit::WorldItem::Kind::Function:
        WEFT_CHECK(add_lifting(item.function, item.key.name, root_exports_));
        break;
      case wit::WorldItem::Kind::Interface: {
        std::string path = r_.key_name(item.key);
        std::vector<Lifting>& funcs = iface_exports_[i];
        for (const wit::Function& f : r_[item.interface].functions)
          WEFT_CHECK(add_lifting(f, path + "#" + f.name, funcs));
        for (const auto& [name, id] : r_[item.interface].types) {
          if (!std::holds_alternative<wit::Resource>(r_[id].kind)) continue;
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
        return fail(0, fmt::format("not supported yet: world {} exports type `{}`", world_name(),
                                   r_.key_name(item.key)));
    }
  }
  initialize_ = find_export("_initialize", core::ExternKind::Func);
  if (initialize_ && !(main_.func_type(main_.exports[*initialize_].index) == core::FuncType{}))
    return fail(main_.exports[*initialize_].offset,
                "type mismatch for core export `_initialize`: expected `[] -> []`");
  return {};
}

}  // namespace weft::componentize

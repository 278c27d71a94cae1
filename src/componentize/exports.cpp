// The component's exports: each function lifted from the main module, and each exported
// interface as an instance of a small nested component that imports the lifted
// functions and the interface's types and exports them again, so that every type in
// an exported signature has a name (as wit-component does).
#include <fmt/format.h>

#include "componentize/builder.h"
#include "core/text/writer.h"

namespace weft::componentize {
namespace {

using core::text::write_name;
using core::text::write_u32;
using wit::TypeScope;

constexpr uint8_t kComponentSection = 4, kInstanceSection = 5, kExportSection = 11;
constexpr uint8_t kSortFunc = 0x01, kSortType = 0x03, kSortInstance = 0x05;

void put_export(TypeScope& s, std::string_view name, uint8_t sort, uint32_t index) {
  Bytes& e = s.item(kExportSection);
  e.push_back(0x00);
  write_name(e, name);
  e.push_back(sort);
  write_u32(e, index);
  e.push_back(0x00);  // no ascribed type
}

// The nested component's import name of a function: kebab-case, as wit-component
// spells it ("import-func-f", "import-constructor-r", "import-method-r-f").
std::string import_name(const wit::Function& f) {
  std::string resource;
  if (f.kind != wit::Function::Kind::Freestanding) {
    std::string_view n = f.name;
    size_t close = n.find(']');
    size_t dot = n.find('.', close);
    resource = std::string(
        n.substr(close + 1, dot == std::string_view::npos ? std::string_view::npos : dot - close - 1));
  }
  switch (f.kind) {
    case wit::Function::Kind::Freestanding: return "import-func-" + f.name;
    case wit::Function::Kind::Constructor: return "import-constructor-" + resource;
    case wit::Function::Kind::Method: return "import-method-" + resource + "-" + std::string(f.item_name());
    case wit::Function::Kind::Static: return "import-static-" + resource + "-" + std::string(f.item_name());
  }
  return "import-func-" + f.name;
}

}  // namespace

Result<void> Builder::lift(Lifting& l) {
  if (l.abi.memory) WEFT_CHECK(need_memory(fmt::format("lifting `{}`", l.core_name)));
  Part& p = parts_[l.part];
  std::optional<uint32_t>& realloc = l.part == 0 ? p.realloc : p.export_realloc;
  std::string realloc_name = l.part == 0 ? names().realloc() : "cabi_export_realloc";
  if (l.abi.realloc && !realloc) {
    WEFT_TRY(r, realloc_func(l.part, realloc_name, fmt::format("lifting `{}`", l.core_name)));
    realloc = r;
  }
  uint32_t core = alias_core(*p.instance, l.core_name, 0x00);
  std::optional<uint32_t> post;
  if (l.post_return) post = alias_core(*p.instance, l.post_name, 0x00);
  WEFT_TRY(type, enc_.encode_func(*l.func));
  Bytes item{0x00, 0x00};
  write_u32(item, core);
  Bytes opts = canon_options(l.abi, l.abi.realloc ? realloc : std::nullopt, post);
  item.insert(item.end(), opts.begin(), opts.end());
  write_u32(item, type);
  l.func_index = canon(item, false);
  return {};
}

Result<Bytes> Builder::nested_component(wit::InterfaceId iface, const std::vector<Lifting>& funcs,
                                        std::vector<std::pair<std::string, wit::TypeId>>& type_imports) {
  wit::TypeEncoder n(r_, true);
  wit::TypeScope& s = n.outer();
  n.set_interface(iface);
  n.set_import_types(true);
  n.set_foreign_types_local(true);
  n.set_type_name_prefix("import-type-");
  const wit::Interface& i = r_[iface];
  for (const auto& [name, id] : i.types) WEFT_CHECK(n.encode_valtype(wit::Type::of(id)));
  for (const Lifting& l : funcs) {
    WEFT_TRY(type, n.encode_func(*l.func));
    wit::TypeEncoder::declare(s, 0x03, import_name(*l.func), wit::kFuncDesc, type);
  }
  type_imports = n.named_types();
  // The types again, defined in terms of each other's exports and exported by name (a
  // resource, or a type of another interface: the imported one exported).
  std::map<uint32_t, uint32_t> imported = std::move(s.type_map);
  s.type_map.clear();
  for (const auto& [name, id] : type_imports)
    if (r_[id].owner.kind == wit::TypeOwner::Kind::Interface && !(r_[id].owner.interface == iface))
      s.type_map[id.index] = imported.at(id.index);
  n.set_import_types(false);
  n.set_type_name_prefix("");
  for (const auto& [name, id] : i.types) {
    if (std::holds_alternative<wit::Resource>(r_[id].kind)) {
      put_export(s, name, kSortType, imported.at(id.index));
      s.type_map[id.index] = s.types++;
    } else {
      WEFT_CHECK(n.encode_valtype(wit::Type::of(id)));
      // A `use`d type is exported under its name here: signatures naming the
      // original must refer to that export too.
      if (const auto* a = std::get_if<wit::Alias>(&r_[id].kind); a && a->target.is_def())
        if (auto it = s.type_map.find(id.index); it != s.type_map.end())
          s.type_map[a->target.def.index] = it->second;
    }
  }
  for (uint32_t k = 0; k < funcs.size(); ++k) {
    WEFT_TRY(type, n.encode_func(*funcs[k].func));
    Bytes& e = s.item(kExportSection);
    e.push_back(0x00);
    write_name(e, funcs[k].func->name);
    e.push_back(kSortFunc);
    write_u32(e, k);
    e.insert(e.end(), {0x01, wit::kFuncDesc});
    write_u32(e, type);
  }
  Bytes out{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  s.write_sections(out);
  return out;
}

Result<void> Builder::emit_interface_export(const wit::WorldItem& item, std::vector<Lifting>& funcs) {
  wit::TypeScope& s = enc_.outer();
  enc_.set_interface(item.interface);
  enc_.set_name_types(false);
  for (const auto& [name, id] : r_[item.interface].types) WEFT_CHECK(enc_.encode_valtype(wit::Type::of(id)));
  std::vector<std::pair<std::string, std::pair<uint8_t, uint32_t>>> args;
  for (Lifting& l : funcs) {
    WEFT_CHECK(lift(l));
    args.push_back({import_name(*l.func), {kSortFunc, l.func_index}});
  }
  std::vector<std::pair<std::string, wit::TypeId>> type_imports;
  WEFT_TRY(nested, nested_component(item.interface, funcs, type_imports));
  // The nested component's type imports, given this component's definitions or aliases.
  std::vector<std::pair<std::string, std::pair<uint8_t, uint32_t>>> type_args;
  for (const auto& [name, id] : type_imports) {
    auto it = s.type_map.find(id.index);
    uint32_t index;
    if (it != s.type_map.end()) {
      index = it->second;
    } else {
      WEFT_TRY(v, enc_.encode_valtype(wit::Type::of(id)));
      index = v.primitive ? wit::TypeEncoder::define(s, Bytes{v.code}) : v.index;
    }
    type_args.push_back({name, {kSortType, index}});
  }
  enc_.set_name_types(true);
  args.insert(args.begin(), type_args.begin(), type_args.end());
  s.item(kComponentSection) = std::move(nested);
  Bytes& inst = s.item(kInstanceSection);
  inst.push_back(0x00);
  write_u32(inst, components_++);
  write_u32(inst, uint32_t(args.size()));
  for (const auto& [name, what] : args) {
    write_name(inst, name);
    inst.push_back(what.first);
    write_u32(inst, what.second);
  }
  put_export(s, r_.key_name(item.key), kSortInstance, s.instances++);
  ++s.instances;  // the export is an instance index too
  return {};
}

Result<void> Builder::emit_world_exports(uint32_t part) {
  Part& p = parts_[part];
  const wit::World& world = r_[p.world];
  size_t root = 0;
  for (uint32_t i = 0; i < world.exports.size(); ++i) {
    const wit::WorldItem& item = world.exports[i];
    if (item.kind == wit::WorldItem::Kind::Interface) {
      WEFT_CHECK(emit_interface_export(item, p.iface_exports[i]));
    } else if (item.kind == wit::WorldItem::Kind::Function) {
      Lifting& l = p.root_exports[root++];
      enc_.set_interface(std::nullopt);
      enc_.set_name_types(false);
      WEFT_CHECK(lift(l));
      enc_.set_name_types(true);
      put_export(enc_.outer(), item.key.name, kSortFunc, l.func_index);
      ++funcs_;  // an export is a new function index
    }
  }
  return {};
}

}  // namespace weft::componentize

// Assembling the component: imports, the main module with what it imports lowered,
// the shim and fixup modules for lowerings that need the main module's memory, then
// (exports.cpp) the lifted exports. The layout follows wit-component's.
#include "componentize/builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "component/wit/decode.h"
#include "componentize/core_modules.h"
#include "core/text/writer.h"
#include "core/validate/validator.h"

namespace weft::componentize {
namespace {

using core::text::write_name;
using core::text::write_u32;

// Sections of the component binary format (Binary.md).
constexpr uint8_t kCoreModuleSection = 1, kCoreInstanceSection = 2, kCanonSection = 8, kAliasSection = 6;
// Core sorts.
constexpr uint8_t kCoreFunc = 0x00, kCoreTable = 0x01, kCoreMemory = 0x02;

uint32_t read_u32(std::span<const uint8_t> b, size_t& pos) {
  uint32_t v = 0;
  for (int shift = 0; pos < b.size() && shift < 35; shift += 7) {
    uint8_t byte = b[pos++];
    v |= uint32_t(byte & 0x7f) << shift;
    if (!(byte & 0x80)) break;
  }
  return v;
}

void put_module(wit::TypeScope& s, const Bytes& module) { s.item(kCoreModuleSection) = module; }

}  // namespace

// The module's bytes without its `component-type*` custom sections.
Bytes strip_component_type_sections(const core::Module& module) {
  std::span<const uint8_t> b = module.bytes;
  Bytes out(b.begin(), b.begin() + std::min<size_t>(8, b.size()));
  size_t pos = 8;
  while (pos < b.size()) {
    size_t start = pos;
    uint8_t id = b[pos++];
    size_t size = read_u32(b, pos);
    size_t end = std::min(b.size(), pos + size);
    bool drop = false;
    if (id == 0) {
      size_t p = pos;
      size_t len = read_u32(b, p);
      std::string_view name(reinterpret_cast<const char*>(b.data()) + std::min(p, end),
                            std::min(len, end - std::min(p, end)));
      drop = name.starts_with("component-type");
    }
    if (!drop) out.insert(out.end(), b.begin() + start, b.begin() + end);
    pos = end;
  }
  return out;
}

uint32_t Builder::alias_core(uint32_t instance, std::string_view name, uint8_t sort) {
  Bytes& item = enc_.outer().item(kAliasSection);
  item.insert(item.end(), {0x00, sort, 0x01});
  write_u32(item, instance);
  write_name(item, name);
  switch (sort) {
    case kCoreFunc: return core_funcs_++;
    case kCoreTable: return core_tables_++;
    default: return core_memories_++;
  }
}

uint32_t Builder::canon(const Bytes& item, bool core_func) {
  Bytes& out = enc_.outer().item(kCanonSection);
  out.insert(out.end(), item.begin(), item.end());
  return core_func ? core_funcs_++ : funcs_++;
}

Bytes Builder::canon_options(const FuncAbi& abi, std::optional<uint32_t> realloc,
                             std::optional<uint32_t> post_return) {
  Bytes opts;
  uint32_t n = 0;
  if (abi.strings) opts.push_back(0x00), ++n;  // string-encoding=utf8
  if (abi.memory) opts.push_back(0x03), write_u32(opts, *memory_), ++n;
  if (abi.realloc) opts.push_back(0x04), write_u32(opts, *realloc), ++n;
  if (post_return) opts.push_back(0x05), write_u32(opts, *post_return), ++n;
  Bytes out;
  write_u32(out, n);
  out.insert(out.end(), opts.begin(), opts.end());
  return out;
}

Result<void> Builder::need_memory(std::string_view what) {
  if (!memory_) {
    auto m = find_export(names().memory(), core::ExternKind::Memory);
    if (!m) return fail(fmt::format("{} needs the module to export its memory as `memory`", what));
    memory_ = alias_core(*main_instance_, names().memory(), kCoreMemory);
  }
  return {};
}

// The imported interfaces some lowering or export needs, with the interfaces their
// types come from, imported in the world's order (dependencies come first there), each
// with only the functions the module imports.
Result<void> Builder::emit_imports() {
  std::map<uint32_t, std::vector<std::string>> used;  // InterfaceId -> function names
  std::vector<wit::InterfaceId> pending;
  for (const Lowering& l : lowerings_) {
    if (!l.iface || (l.kind != Lowering::Kind::Func && l.kind != Lowering::Kind::ResourceDrop)) continue;
    auto& names = used[l.iface->index];
    if (l.func && std::find(names.begin(), names.end(), l.func->name) == names.end())
      names.push_back(l.func->name);
    pending.push_back(*l.iface);
  }
  for (const Part& part : parts_) {
    for (const wit::WorldItem& item : r_[part.world].exports)
      if (item.kind == wit::WorldItem::Kind::Interface)
        for (wit::InterfaceId dep : r_.interface_direct_deps(item.interface)) pending.push_back(dep);
    // World-level functions may use the types the world `use`s from interfaces.
    for (const wit::WorldItem& item : r_[part.world].imports)
      if (item.kind == wit::WorldItem::Kind::Type)
        if (auto dep = r_.type_interface_dep(item.type)) pending.push_back(*dep);
  }
  std::set<uint32_t> needed;
  while (!pending.empty()) {
    wit::InterfaceId id = pending.back();
    pending.pop_back();
    if (!id.valid() || !needed.insert(id.index).second) continue;
    for (wit::InterfaceId dep : r_.interface_direct_deps(id)) pending.push_back(dep);
  }
  // The worlds' imports in order, each interface once (an adapter's world lists its own).
  std::vector<const wit::WorldItem*> items;
  for (const Part& part : parts_)
    for (const wit::WorldItem& item : r_[part.world].imports)
      if (item.kind == wit::WorldItem::Kind::Interface && needed.erase(item.interface.index))
        items.push_back(&item);
  for (const wit::WorldItem* it_item : items) {
    const wit::WorldItem& item = *it_item;
    enc_.set_interface(item.interface);
    static const std::vector<std::string> kNone;
    auto it = used.find(item.interface.index);
    WEFT_TRY(type, enc_.encode_instance(item.interface, true, it == used.end() ? &kNone : &it->second));
    instance_of_[item.interface.index] = enc_.outer().instances;
    enc_.declare_instance(0x03, item.interface, r_.key_name(item.key), type);
  }
  // World-level functions, and the world-level types they use, imported by name.
  enc_.set_interface(std::nullopt);
  enc_.set_import_types(true);
  // The world's own types (`use`d ones and resources) imported by name, as wit-component does.
  for (const wit::WorldItem& item : r_[parts_[0].world].imports)
    if (item.kind == wit::WorldItem::Kind::Type)
      if (auto t = enc_.encode_valtype(wit::Type::of(item.type)); !t) return std::unexpected(t.error());
  for (const Lowering& l : lowerings_) {
    if (l.iface || l.kind != Lowering::Kind::Func || l.part != 0 || root_funcs_.count(l.field)) continue;
    WEFT_TRY(type, enc_.encode_func(*l.func));
    wit::TypeEncoder::declare(enc_.outer(), 0x03, l.field, wit::kFuncDesc, type);
    root_funcs_[l.field] = funcs_++;
  }
  enc_.set_import_types(false);
  return {};
}

Result<uint32_t> Builder::component_func(const Lowering& l) {
  if (!l.iface) {
    auto it = root_funcs_.find(l.field);
    if (it == root_funcs_.end())
      return fail(l.offset, fmt::format("not supported yet: `$root`.`{}` of an adapter", l.field));
    return it->second;
  }
  Bytes& item = enc_.outer().item(kAliasSection);
  item.insert(item.end(), {0x01, 0x00});  // sort func, export of an instance
  write_u32(item, instance_of_.at(l.iface->index));
  write_name(item, l.field);
  return funcs_++;
}

Result<uint32_t> Builder::resource_type(const Lowering& l) {
  if (l.kind != Lowering::Kind::ResourceDrop) return resources_.at(l.resource.index).type_index;
  enc_.set_interface(std::nullopt);
  WEFT_TRY(v, enc_.encode_valtype(wit::Type::of(l.resource)));
  return v.index;
}

// Which imports go through the shim: lowerings that need a memory or realloc that
// exists only once a module is instantiated, adapter functions (adapters are
// instantiated after the main module) and destructors of exported resources.
void Builder::assign_slots() {
  for (Lowering& l : lowerings_) {
    bool late = l.kind == Lowering::Kind::Adapter ||
                (l.kind == Lowering::Kind::Func && (l.abi.memory || l.abi.realloc));
    if (!late) continue;
    l.slot = uint32_t(slots_.size());
    slots_.push_back(l.kind == Lowering::Kind::Adapter ? main_.types[main_.imports[l.import].func_type].func
                                                       : l.abi.sig);
  }
  for (auto& [id, res] : resources_)
    if (res.dtor_export) {
      res.slot = uint32_t(slots_.size());
      slots_.push_back({{core::ValType::I32}, {}});
    }
}

// The core functions that need no instance: lowerings without memory, resource
// intrinsics, and the shim's trampolines.
Result<void> Builder::emit_early_lowerings() {
  for (Lowering& l : lowerings_) {
    if (l.slot) {
      l.core_func = alias_core(*shim_instance_, std::to_string(*l.slot), kCoreFunc);
      continue;
    }
    Bytes item;
    switch (l.kind) {
      case Lowering::Kind::MainExport:
      case Lowering::Kind::Memory: continue;  // once the main module exists
      case Lowering::Kind::Func: {
        WEFT_TRY(f, component_func(l));
        item = {0x01, 0x00};
        write_u32(item, f);
        item.push_back(0x00);  // no options
        break;
      }
      default: {
        WEFT_TRY(t, resource_type(l));
        item.push_back(l.kind == Lowering::Kind::ExportNew   ? 0x02
                       : l.kind == Lowering::Kind::ExportRep ? 0x04
                                                             : 0x03);
        write_u32(item, t);
      }
    }
    l.core_func = canon(item, true);
  }
  return {};
}

// One core instance per import module name of `part`, in order of first use.
Result<void> Builder::instance_args(uint32_t part, std::vector<std::pair<std::string, uint32_t>>& args) {
  wit::TypeScope& s = enc_.outer();
  std::vector<std::string> modules;
  for (const Lowering& l : lowerings_)
    if (l.part == part && std::find(modules.begin(), modules.end(), l.module) == modules.end())
      modules.push_back(l.module);
  for (const std::string& m : modules) {
    Bytes exports;
    uint32_t n = 0;
    for (Lowering& l : lowerings_) {
      if (l.part != part || l.module != m) continue;
      uint8_t sort = kCoreFunc;
      if (l.kind == Lowering::Kind::Memory) {
        WEFT_CHECK(need_memory("adapter `" + parts_[part].name + "`"));
        sort = kCoreMemory;
        l.core_func = *memory_;
      } else if (l.kind == Lowering::Kind::MainExport) {
        l.core_func = alias_core(*main_instance_, l.field, kCoreFunc);
      }
      write_name(exports, l.field);
      exports.push_back(sort);
      write_u32(exports, l.core_func);
      ++n;
    }
    Bytes& inst = s.item(kCoreInstanceSection);
    inst.push_back(0x01);
    write_u32(inst, n);
    inst.insert(inst.end(), exports.begin(), exports.end());
    args.emplace_back(m, core_instances_++);
  }
  return {};
}

uint32_t Builder::instantiate(uint32_t module, const std::vector<std::pair<std::string, uint32_t>>& args) {
  Bytes& inst = enc_.outer().item(kCoreInstanceSection);
  inst.push_back(0x00);
  write_u32(inst, module);
  write_u32(inst, uint32_t(args.size()));
  for (const auto& [name, index] : args) {
    write_name(inst, name);
    inst.push_back(0x12);  // instance
    write_u32(inst, index);
  }
  return core_instances_++;
}

// The modules, the shim, the exported resources' types, the lowerings that need no
// memory, and the main module instantiated with them.
Result<void> Builder::emit_main_instance() {
  wit::TypeScope& s = enc_.outer();
  for (const Part& p : parts_) {
    put_module(s, p.instance_bytes);
    ++core_modules_;
  }
  assign_slots();
  if (!slots_.empty()) {
    put_module(s, shim_module(slots_));
    shim_instance_ = instantiate(core_modules_++, {});
  }
  // Exported resources: `(type (resource (rep i32) (dtor f)))`.
  for (auto& [id, res] : resources_) {
    Bytes type{0x3f, 0x7f};
    if (res.slot) {
      type.push_back(0x01);
      write_u32(type, alias_core(*shim_instance_, std::to_string(*res.slot), kCoreFunc));
    } else {
      type.push_back(0x00);
    }
    res.type_index = wit::TypeEncoder::define(s, type);
    s.type_map[id] = res.type_index;
  }
  WEFT_CHECK(emit_early_lowerings());
  std::vector<std::pair<std::string, uint32_t>> args;
  WEFT_CHECK(instance_args(0, args));
  main_instance_ = instantiate(0, args);
  parts_[0].instance = main_instance_;
  return {};
}

// An adapter, instantiated with the main module's memory and exports.
Result<void> Builder::emit_adapter_instance(uint32_t part) {
  std::vector<std::pair<std::string, uint32_t>> args;
  WEFT_CHECK(instance_args(part, args));
  parts_[part].instance = instantiate(part, args);
  return {};
}

// `part`'s realloc function `name`, checked: (ptr, old size, align, new size) -> ptr.
Result<uint32_t> Builder::realloc_func(uint32_t part, const std::string& name, const std::string& what) {
  Part& p = parts_[part];
  auto e = find_export(name, core::ExternKind::Func, part);
  std::string who = part == 0 ? "the module" : "adapter `" + p.name + "`";
  if (!e) return fail(fmt::format("{} needs {} to export `{}`", what, who, name));
  const core::FuncType want{{core::ValType::I32, core::ValType::I32, core::ValType::I32, core::ValType::I32},
                            {core::ValType::I32}};
  if (!(p.module.func_type(p.module.exports[*e].index) == want))
    return fail(p.module.exports[*e].offset, fmt::format("type mismatch for core export `{}`: expected "
                                                         "`[i32, i32, i32, i32] -> [i32]`",
                                                         name));
  return alias_core(*p.instance, name, kCoreFunc);
}

// The lowerings of `part` that need the main module's memory or a realloc.
Result<void> Builder::emit_late_lowerings(uint32_t part) {
  Part& p = parts_[part];
  std::string realloc_name = part == 0 ? names().realloc() : "cabi_import_realloc";
  for (Lowering& l : lowerings_) {
    if (!l.slot || l.part != part || l.kind != Lowering::Kind::Func) continue;
    WEFT_CHECK(need_memory(fmt::format("lowering `{}`.`{}`", l.module, l.field)));
    if (l.abi.realloc && !p.realloc) {
      WEFT_TRY(r, realloc_func(part, realloc_name, fmt::format("lowering `{}`.`{}`", l.module, l.field)));
      p.realloc = r;
    }
    WEFT_TRY(f, component_func(l));
    Bytes item{0x01, 0x00};
    write_u32(item, f);
    Bytes opts = canon_options(l.abi, p.realloc, std::nullopt);
    item.insert(item.end(), opts.begin(), opts.end());
    l.core_func = canon(item, true);
  }
  return {};
}

// The fixup module fills the shim's table and runs `_initialize`.
Result<void> Builder::emit_fixup() {
  if (slots_.empty() && !initialize_) return {};
  wit::TypeScope& s = enc_.outer();
  std::vector<std::pair<std::string, std::pair<uint8_t, uint32_t>>> exports;
  if (!slots_.empty())
    exports.push_back({"$imports", {kCoreTable, alias_core(*shim_instance_, "$imports", kCoreTable)}});
  std::vector<uint32_t> slot_funcs(slots_.size());
  for (const Lowering& l : lowerings_) {
    if (!l.slot) continue;
    slot_funcs[*l.slot] = l.kind == Lowering::Kind::Adapter
                              ? alias_core(*parts_[l.adapter].instance, l.field, kCoreFunc)
                              : l.core_func;
  }
  for (const auto& [id, res] : resources_)
    if (res.slot)
      slot_funcs[*res.slot] = alias_core(*main_instance_, main_.exports[*res.dtor_export].name, kCoreFunc);
  for (uint32_t i = 0; i < slot_funcs.size(); ++i)
    exports.push_back({std::to_string(i), {kCoreFunc, slot_funcs[i]}});
  if (initialize_)
    exports.push_back(
        {"_initialize", {kCoreFunc, alias_core(*main_instance_, names().initialize(), kCoreFunc)}});
  Bytes& inst = s.item(kCoreInstanceSection);
  inst.push_back(0x01);
  write_u32(inst, uint32_t(exports.size()));
  for (const auto& [name, what] : exports) {
    write_name(inst, name);
    inst.push_back(what.first);
    write_u32(inst, what.second);
  }
  uint32_t args = core_instances_++;
  put_module(s, fixup_module(slots_, initialize_.has_value()));
  instantiate(core_modules_++, {{"", args}});
  return {};
}

Result<Bytes> Builder::build() {
  WEFT_CHECK(classify_imports());
  for (uint32_t part = 0; part < parts_.size(); ++part) WEFT_CHECK(classify_exports(part));
  WEFT_CHECK(emit_imports());
  WEFT_CHECK(emit_main_instance());
  WEFT_CHECK(emit_late_lowerings(0));
  for (uint32_t part = 1; part < parts_.size(); ++part) {
    WEFT_CHECK(emit_adapter_instance(part));
    WEFT_CHECK(emit_late_lowerings(part));
  }
  WEFT_CHECK(emit_fixup());
  for (uint32_t part = 0; part < parts_.size(); ++part) WEFT_CHECK(emit_world_exports(part));
  Bytes out{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  enc_.outer().write_sections(out);
  return out;
}

namespace {

bool has_world(const core::Module& m) {
  for (const core::CustomSection& s : m.customs)
    if (s.name.starts_with("component-type")) return true;
  return false;
}

// A world with nothing in it, for a module without a component-type section that an
// adapter makes into a component (a WASI preview-1 command).
wit::WorldId empty_world(wit::Resolve& r) {
  r.packages.push_back(wit::Package{wit::PackageName{"root", "component", std::nullopt}, {}, {}, {}});
  wit::PackageId pkg{uint32_t(r.packages.size() - 1)};
  r.worlds.push_back(wit::World{"root", {}, {}, pkg, {}, {}});
  wit::WorldId id{uint32_t(r.worlds.size() - 1)};
  r[pkg].worlds.emplace_back("root", id);
  return id;
}

// Decodes and validates one module, and reads its world into `r`.
Result<Part> load_part(wit::Resolve& r, std::span<const uint8_t> bytes, std::string name,
                       bool world_optional) {
  if (bytes.size() >= 8 && bytes[4] == 0x0d) return fail(0, "expected a core module, found a component");
  // Validated first, so that every index the module's imports and exports hold is in range.
  WEFT_TRY(validated, core::load_module(bytes));
  Part p;
  p.name = std::move(name);
  p.module = validated->module;
  for (const core::Export& e : p.module.exports) p.cm32p2 |= e.name.starts_with("cm32p2");
  for (const core::Import& i : p.module.imports) p.cm32p2 |= i.module.starts_with("cm32p2");
  if (!has_world(p.module) && world_optional) {
    p.world = empty_world(r);
  } else {
    WEFT_TRY(world, wit::decode_wasm(r, bytes));
    if (!world.world) return fail(0, "the module's `component-type` section holds no world");
    p.world = *world.world;
  }
  p.instance_bytes = strip_component_type_sections(p.module);
  return p;
}

}  // namespace

Result<Bytes> componentize(std::span<const uint8_t> module, const Options& options) {
  wit::Resolve r;
  std::vector<Part> parts;
  WEFT_TRY(main, load_part(r, module, "", !options.adapters.empty()));
  parts.push_back(std::move(main));
  for (const Adapter& a : options.adapters) {
    auto adapter = load_part(r, a.bytes, a.name, false);
    if (!adapter) {
      Error e = adapter.error();
      e.message = fmt::format("adapter `{}`: {}", a.name, e.message);
      return std::unexpected(e);
    }
    parts.push_back(std::move(*adapter));
  }
  Builder b(r, std::move(parts));
  return b.build();
}

}  // namespace weft::componentize

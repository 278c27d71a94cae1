// Component validation: index spaces, core modules and instances, component
// instances, aliases, imports, exports, start and values.
// spec: Explainer.md "Instance Definitions", "Alias Definitions", "Import and Export
// Definitions", "Start Definitions"; Binary.md notes on validation
#include "component/binary/validator_impl.h"

#include "component/binary/decoder.h"

namespace weft::component {
namespace detail {
namespace {

std::string sort_noun(Sort s) {
  switch (s) {
    case Sort::CoreFunc: return "func";
    case Sort::CoreTable: return "table";
    case Sort::CoreMemory: return "memory";
    case Sort::CoreGlobal: return "global";
    case Sort::CoreTag: return "tag";
    default: return std::string(sort_name(s));
  }
}

ExternKind extern_kind_of(Sort s) {
  switch (s) {
    case Sort::Func: return ExternKind::Func;
    case Sort::Value: return ExternKind::Value;
    case Sort::Type: return ExternKind::Type;
    case Sort::Component: return ExternKind::Component;
    case Sort::Instance: return ExternKind::Instance;
    default: return ExternKind::Module;
  }
}

// A core module's types as the component sees them: type indices of the module
// become canonical ids, so that types of different modules compare.
struct CanonView {
  const core::ValidatedModule& vm;
  core::ValType val(core::ValType t) const {
    if (!t.is_ref() || !t.heap.is_index()) return t;
    return core::ValType::ref(core::HeapType::canonical(vm.types[t.heap.value()]->id), t.nullable);
  }
  core::FuncType func(uint32_t type_index) const {
    core::FuncType f = vm.module.types[type_index].func;
    for (core::ValType& p : f.params) p = val(p);
    for (core::ValType& r : f.results) r = val(r);
    return f;
  }
};

CoreExternType module_import_type(const CanonView& c, const core::Import& imp) {
  CoreExternType t;
  t.kind = imp.kind;
  if (imp.kind == core::ExternKind::Func) t.func = c.func(imp.func_type);
  if (imp.kind == core::ExternKind::Tag) t.func = c.func(imp.tag.type_index);
  t.table = imp.table, t.memory = imp.memory, t.global = imp.global;
  t.table.elem = c.val(t.table.elem);
  t.global.type = c.val(t.global.type);
  return t;
}

CoreExternType module_export_type(const CanonView& c, const core::Export& e) {
  const core::Module& m = c.vm.module;
  CoreExternType t;
  t.kind = e.kind;
  switch (e.kind) {
    case core::ExternKind::Func: t.func = c.func(m.func_type_index(e.index)); break;
    case core::ExternKind::Table:
      t.table = m.table_type(e.index);
      t.table.elem = c.val(t.table.elem);
      break;
    case core::ExternKind::Memory: t.memory = m.memory_type(e.index); break;
    case core::ExternKind::Global:
      t.global = m.global_type(e.index);
      t.global.type = c.val(t.global.type);
      break;
    case core::ExternKind::Tag: t.func = c.func(m.tag_type(e.index).type_index); break;
  }
  return t;
}

}  // namespace

// ---- index lookups ------------------------------------------------------------------

Result<TypeRef> Validator::type_at(uint32_t index, uint32_t offset) {
  if (index >= scope().spaces.types.size())
    return invalid(offset, fmt::format("unknown type {}: type index out of bounds", index));
  return scope().spaces.types[index];
}

Result<ValType> Validator::valtype(const ValTypeDesc& v, uint32_t offset) {
  if (v.is_prim) return TypeRef::prim(PrimValType(v.value));
  WEFT_TRY(t, type_at(v.value, offset));
  if (!t.is_valtype()) return invalid(offset, fmt::format("type index {} is not a defined type", v.value));
  return t;
}

Result<CoreFuncType> Validator::core_func_at(uint32_t index, uint32_t offset) {
  if (index >= scope().spaces.core_funcs.size())
    return invalid(offset, fmt::format("unknown core function {}: function index out of bounds", index));
  return scope().spaces.core_funcs[index];
}

Result<core::MemoryType> Validator::memory_at(uint32_t index, uint32_t offset) {
  if (index >= scope().spaces.core_memories.size())
    return invalid(offset, fmt::format("unknown memory {}: memory index out of bounds", index));
  return scope().spaces.core_memories[index];
}

Result<core::TableType> Validator::table_at(uint32_t index, uint32_t offset) {
  if (index >= scope().spaces.core_tables.size())
    return invalid(offset, fmt::format("unknown table {}: table index out of bounds", index));
  return scope().spaces.core_tables[index];
}

Result<const IndexSpaces::CoreType*> Validator::core_type_at(uint32_t index, uint32_t offset) {
  if (index >= scope().spaces.core_types.size())
    return invalid(offset, fmt::format("unknown core type {}: type index out of bounds", index));
  return &scope().spaces.core_types[index];
}

Result<TypeRef> Validator::func_at(uint32_t index, uint32_t offset) {
  if (index >= scope().spaces.funcs.size())
    return invalid(offset, fmt::format("unknown function {}: function index out of bounds", index));
  return scope().spaces.funcs[index];
}

// The extern type of an item passed to `instantiate` or exported.
Result<ExternType> Validator::item_type(const SortIndex& item, uint32_t offset, bool consume_value) {
  IndexSpaces& s = scope().spaces;
  auto bounds = [&](size_t size, const char* what, const char* noun) -> Result<void> {
    if (item.index >= size) return invalid(offset, fmt::format("unknown {} {}: {} index out of bounds", what, item.index, noun));
    return {};
  };
  switch (item.sort) {
    case Sort::CoreModule:
      WEFT_CHECK(bounds(s.core_modules.size(), "module", "module"));
      return ExternType{ExternKind::Module, s.core_modules[item.index]};
    case Sort::Func:
      WEFT_CHECK(bounds(s.funcs.size(), "function", "function"));
      return ExternType{ExternKind::Func, s.funcs[item.index]};
    case Sort::Value:
      WEFT_CHECK(bounds(s.values.size(), "value", "value"));
      if (consume_value) {
        if (scope().value_used[item.index]) return invalid(offset, fmt::format("value {} cannot be used more than once", item.index));
        scope().value_used[item.index] = true;
      }
      return ExternType{ExternKind::Value, s.values[item.index]};
    case Sort::Type:
      WEFT_CHECK(bounds(s.types.size(), "type", "type"));
      return ExternType{ExternKind::Type, s.types[item.index]};
    case Sort::Component:
      WEFT_CHECK(bounds(s.components.size(), "component", "component"));
      return ExternType{ExternKind::Component, s.components[item.index]};
    case Sort::Instance:
      WEFT_CHECK(bounds(s.instances.size(), "instance", "instance"));
      return ExternType{ExternKind::Instance, s.instances[item.index]};
    default:
      return invalid(offset, fmt::format("core {} cannot be used as a component-level item", sort_noun(item.sort)));
  }
}

void Validator::push_item(ExternKind kind, TypeRef type) {
  Scope& sc = scope();
  switch (kind) {
    case ExternKind::Module: sc.spaces.core_modules.push_back(type); break;
    case ExternKind::Func: sc.spaces.funcs.push_back(type); break;
    case ExternKind::Value:
      sc.spaces.values.push_back(type);
      sc.value_used.push_back(false);
      break;
    case ExternKind::Type: sc.spaces.types.push_back(type); break;
    case ExternKind::Component: sc.spaces.components.push_back(type); break;
    case ExternKind::Instance: sc.spaces.instances.push_back(type); break;
  }
}

// ---- core modules and instances ---------------------------------------------------------

Result<void> Validator::core_module(core::ByteRange range, ComponentInfo& info) {
  auto m = core::load_module(bytes_.subspan(range.begin, range.size()), features_);
  if (!m) {
    Error e = m.error();
    if (e.span.has_offset()) e.span.offset += range.begin;
    if (e.message == "unexpected content after last section") e.message = "section out of order";
    if (e.message == "unexpected end") e.message = "unexpected end-of-file";
    return std::unexpected(e);
  }
  const core::Module& mod = (*m)->module;
  ModuleType t;
  // Two-level import names mangle to one `module:name` in the component, so they must be
  // unique, although core wasm alone allows duplicates.
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (const core::Import& imp : mod.imports) {
    if (!seen.insert({imp.module, imp.name}).second)
      return invalid(range.begin + imp.offset, fmt::format("duplicate import name `{}:{}`", imp.module, imp.name));
    t.imports.push_back({imp.module, imp.name, module_import_type(CanonView{**m}, imp)});
  }
  for (const core::Export& e : mod.exports) t.exports.push_back({e.name, module_export_type(CanonView{**m}, e)});
  scope().spaces.core_modules.push_back(arena_.add_module(std::move(t)));
  info.modules.push_back(*m);
  return {};
}

Result<void> Validator::core_instance(const CoreInstanceDef& d) {
  IndexSpaces& s = scope().spaces;
  CoreInstanceType result;
  if (d.instantiate) {
    if (d.module >= s.core_modules.size())
      return invalid(d.offset, fmt::format("unknown module {}: module index out of bounds", d.module));
    std::map<std::string, uint32_t> args;
    for (const CoreInstanceDef::Arg& a : d.args) {
      if (a.instance >= s.core_instances.size())
        return invalid(a.offset, fmt::format("unknown core instance {}: instance index out of bounds", a.instance));
      if (!args.emplace(a.name, a.instance).second)
        return invalid(a.offset, fmt::format("duplicate module instantiation argument named `{}`", a.name));
    }
    const ModuleType& mt = arena_.module(s.core_modules[d.module].index);
    Subtyping sub(arena_);
    for (const CoreImport& imp : mt.imports) {
      auto it = args.find(imp.module);
      if (it == args.end()) return invalid(d.offset, fmt::format("missing module instantiation argument named `{}`", imp.module));
      const CoreExport* e = arena_.core_instance(s.core_instances[it->second]).find_export(imp.name);
      if (!e)
        return invalid(d.offset, fmt::format("module instantiation argument `{}` does not export an item named `{}`", imp.module, imp.name));
      if (auto c = sub.core_extern(e->type, imp.type); !c)
        return invalid(d.offset, fmt::format("type mismatch for export `{}` of module instantiation argument `{}`: {}", imp.name, imp.module, c.error()));
    }
    result.exports = mt.exports;
  } else {
    std::set<std::string> names;
    for (const CoreInstanceDef::Export& e : d.exports) {
      if (!names.insert(e.name).second) return invalid(e.offset, fmt::format("export name `{}` already defined", e.name));
      CoreExternType t;
      switch (e.item.sort) {
        case Sort::CoreFunc: {
          t.kind = core::ExternKind::Func;
          WEFT_TRY(f, core_func_at(e.item.index, e.offset));
          t.func = f;
          break;
        }
        case Sort::CoreTable: {
          t.kind = core::ExternKind::Table;
          WEFT_TRY(tt, table_at(e.item.index, e.offset));
          t.table = tt;
          break;
        }
        case Sort::CoreMemory: {
          t.kind = core::ExternKind::Memory;
          WEFT_TRY(mt, memory_at(e.item.index, e.offset));
          t.memory = mt;
          break;
        }
        case Sort::CoreGlobal:
          t.kind = core::ExternKind::Global;
          if (e.item.index >= s.core_globals.size())
            return invalid(e.offset, fmt::format("unknown global {}: global index out of bounds", e.item.index));
          t.global = s.core_globals[e.item.index];
          break;
        default:
          t.kind = core::ExternKind::Tag;
          if (e.item.index >= s.core_tags.size())
            return invalid(e.offset, fmt::format("unknown tag {}: tag index out of bounds", e.item.index));
          t.func = s.core_tags[e.item.index];
          break;
      }
      result.exports.push_back({e.name, t});
    }
  }
  s.core_instances.push_back(arena_.add_core_instance(std::move(result)));
  return {};
}

// ---- component instances ---------------------------------------------------------------

Result<void> Validator::instance(const InstanceDef& d) {
  Scope& sc = scope();
  if (!d.instantiate) {
    InstanceType it;
    NameSet names;
    for (const InstanceDef::Export& e : d.exports) {
      WEFT_TRY(t, item_type(e.item, e.offset, true));
      // A local instance may export types that have no external name (spec).
      WEFT_TRY(p, check_name(e.name, t, false, false));
      if (auto c = names.add(p, e.name.name, "export"); !c) return invalid(e.offset, c.error());
      it.exports.push_back({e.name.name, t});
    }
    sc.spaces.instances.push_back(arena_.add_instance(std::move(it)));
    return {};
  }
  if (d.component >= sc.spaces.components.size())
    return invalid(d.offset, fmt::format("unknown component {}: component index out of bounds", d.component));
  std::map<std::string, std::pair<ExternType, uint32_t>> args;
  NameSet arg_names;
  for (const InstanceDef::Arg& a : d.args) {
    WEFT_TRY(t, item_type(a.item, a.offset, true));
    auto parsed = parse_extern_name(a.name);
    ParsedName p = parsed ? *parsed : ParsedName{ParsedName::Kind::Label, "", a.name, a.name};
    if (!arg_names.add(p, a.name, "instantiation argument"))
      return invalid(a.offset, fmt::format("instantiation argument `{}` conflicts with previous argument `{}`", a.name, a.name));
    args[a.name] = {t, a.offset};
  }
  const ComponentType& ct = arena_.component(sc.spaces.components[d.component].index);
  Subtyping sub(arena_);
  sub.allow_binding(ct.imported_resources);
  for (const NamedExtern& imp : ct.imports) {
    auto it = args.find(imp.name);
    if (it == args.end()) return invalid(d.offset, fmt::format("missing import named `{}`", imp.name));
    if (auto c = sub.extern_type(it->second.first, imp.type); !c)
      return invalid(it->second.second, fmt::format("type mismatch in instantiation argument `{}`: {}", imp.name, c.error()));
  }
  // The instance's exports: imports substituted by the arguments, exported resources
  // fresh for this instance.
  std::map<uint32_t, uint32_t> m(sub.bindings().begin(), sub.bindings().end());
  for (uint32_t r : ct.defined_resources) {
    uint32_t fresh = arena_.add_resource().index;
    m[r] = fresh;
    sc.created.insert(fresh);
  }
  // A type import bound to a defined type is replaced by the argument, so the exports
  // that mention it refer to the name the instantiating component has for it.
  std::map<uint32_t, uint32_t> defined;
  for (const NamedExtern& imp : ct.imports) {
    const ExternType& arg = args.at(imp.name).first;
    if (imp.type.kind == ExternKind::Type && imp.type.type.kind == TypeKind::Defined &&
        arg.kind == ExternKind::Type && arg.type.kind == TypeKind::Defined)
      defined[imp.type.type.index] = arg.type.index;
    if (imp.type.kind == ExternKind::Instance && arg.kind == ExternKind::Instance) {
      const InstanceType& given = arena_.instance(arg.type.index);
      for (const NamedExtern& e : arena_.instance(imp.type.type.index).exports) {
        if (e.type.kind != ExternKind::Type || e.type.type.kind != TypeKind::Defined) continue;
        for (const NamedExtern& g : given.exports)
          if (g.name == e.name && g.type.kind == ExternKind::Type && g.type.type.kind == TypeKind::Defined)
            defined[e.type.type.index] = g.type.type.index;
      }
    }
  }
  Remap remap(arena_, std::move(m), std::move(defined));
  InstanceType it;
  for (const NamedExtern& e : ct.exports) it.exports.push_back({e.name, remap.extern_type(e.type)});
  sc.spaces.instances.push_back(arena_.add_instance(std::move(it)));
  return {};
}

// ---- aliases ------------------------------------------------------------------------------

Result<void> Validator::alias(const Alias& a) {
  Scope& sc = scope();
  if (a.target == Alias::Target::Outer) return outer_alias(a);
  if (a.target == Alias::Target::CoreExport) {
    if (a.instance >= sc.spaces.core_instances.size())
      return invalid(a.offset, fmt::format("unknown core instance {}: instance index out of bounds", a.instance));
    const CoreExport* e = arena_.core_instance(sc.spaces.core_instances[a.instance]).find_export(a.name);
    if (!e) return invalid(a.offset, fmt::format("core instance {} has no export named `{}`", a.instance, a.name));
    core::ExternKind want;
    switch (a.sort) {
      case Sort::CoreFunc: want = core::ExternKind::Func; break;
      case Sort::CoreTable: want = core::ExternKind::Table; break;
      case Sort::CoreMemory: want = core::ExternKind::Memory; break;
      case Sort::CoreGlobal: want = core::ExternKind::Global; break;
      case Sort::CoreTag: want = core::ExternKind::Tag; break;
      default: return invalid(a.offset, fmt::format("core export alias of a {} is not supported", sort_name(a.sort)));
    }
    if (e->type.kind != want)
      return invalid(a.offset, fmt::format("export `{}` for core instance {} is not a {}", a.name, a.instance, sort_noun(a.sort)));
    switch (want) {
      case core::ExternKind::Func: sc.spaces.core_funcs.push_back(e->type.func); break;
      case core::ExternKind::Table: sc.spaces.core_tables.push_back(e->type.table); break;
      case core::ExternKind::Memory: sc.spaces.core_memories.push_back(e->type.memory); break;
      case core::ExternKind::Global: sc.spaces.core_globals.push_back(e->type.global); break;
      case core::ExternKind::Tag: sc.spaces.core_tags.push_back(e->type.func); break;
    }
    return {};
  }
  if (sc.kind != ScopeKind::Component && a.sort != Sort::Type && a.sort != Sort::Instance)
    return invalid(a.offset, "export aliases in types may only refer to types or instances");
  if (a.instance >= sc.spaces.instances.size())
    return invalid(a.offset, fmt::format("unknown instance {}: instance index out of bounds", a.instance));
  const NamedExtern* e = arena_.instance(sc.spaces.instances[a.instance].index).find_export(a.name);
  if (!e) return invalid(a.offset, fmt::format("instance {} has no export named `{}`", a.instance, a.name));
  if (is_core(a.sort) && a.sort != Sort::CoreModule)
    return invalid(a.offset, fmt::format("export `{}` for instance {} is not a {}", a.name, a.instance, sort_name(a.sort)));
  if (e->type.kind != extern_kind_of(a.sort))
    return invalid(a.offset, fmt::format("export `{}` for instance {} is not a {}", a.name, a.instance, sort_name(a.sort)));
  push_item(e->type.kind, e->type.type);
  return {};
}

Result<void> Validator::outer_alias(const Alias& a) {
  if (a.count >= scopes_.size()) return invalid(a.offset, fmt::format("invalid outer alias count of {}", a.count));
  Scope& target = *scopes_[scopes_.size() - 1 - a.count];
  bool crosses_component = false;
  for (uint32_t i = 0; i < a.count; ++i)
    crosses_component |= scopes_[scopes_.size() - 1 - i]->kind == ScopeKind::Component;
  Scope& here = scope();
  if (here.kind != ScopeKind::Component && (a.sort == Sort::CoreModule || a.sort == Sort::Component))
    return invalid(a.offset, "outer aliases in types may only refer to types");
  auto out_of_bounds = [&](const char* what) {
    return invalid(a.offset, fmt::format("unknown {} {}: {} index out of bounds", what, a.index, what));
  };
  switch (a.sort) {
    case Sort::CoreModule:
      if (a.index >= target.spaces.core_modules.size()) return out_of_bounds("module");
      here.spaces.core_modules.push_back(target.spaces.core_modules[a.index]);
      return {};
    case Sort::CoreType:
      if (a.index >= target.spaces.core_types.size()) return out_of_bounds("type");
      here.spaces.core_types.push_back(target.spaces.core_types[a.index]);
      return {};
    case Sort::Component:
      if (a.index >= target.spaces.components.size()) return out_of_bounds("component");
      here.spaces.components.push_back(target.spaces.components[a.index]);
      return {};
    case Sort::Type: {
      if (a.index >= target.spaces.types.size()) return out_of_bounds("type");
      TypeRef t = target.spaces.types[a.index];
      if (crosses_component && a.count > 0) {
        std::vector<uint32_t> rs;
        collect_resources(arena_, t, rs);
        if (!rs.empty())
          return invalid(a.offset, "cannot alias outer type which transitively refers to resources not defined in the current component");
      }
      here.spaces.types.push_back(t);
      return {};
    }
    default: return invalid(a.offset, "invalid outer alias sort");
  }
}

// ---- imports and exports -------------------------------------------------------------------

Result<void> Validator::import(const ExternName& name, const ExternDesc& desc, uint32_t offset) {
  Scope& sc = scope();
  WEFT_TRY(t, extern_desc(desc));
  if (t.kind == ExternKind::Instance) {
    // Importing an instance type gives its exported resources fresh identities.
    const InstanceType& it = arena_.instance(t.type.index);
    std::vector<uint32_t> roots = it.defined_resources;
    t.type = freshen(arena_, t.type, roots);
    for (uint32_t r : arena_.instance(t.type.index).defined_resources) sc.created.insert(r), sc.imported.insert(r);
  }
  if (t.kind == ExternKind::Type && t.type.kind == TypeKind::Resource && desc.sub_resource) {
    sc.created.insert(arena_.resource_root(t.type.index));
    sc.imported.insert(arena_.resource_root(t.type.index));
  }
  if (t.kind == ExternKind::Type && t.type.kind == TypeKind::Resource && !desc.sub_resource)
    t.type = arena_.alias_resource(t.type.index);  // a new name for the same resource
  // `(import "t" (type $t' (eq $t)))`: $t' is a new name for an equal type; only $t' is
  // externally visible (spec: "External Visibility of Types").
  if (t.kind == ExternKind::Type && t.type.kind == TypeKind::Defined)
    t.type = arena_.add_defined(arena_.defined(t.type.index));
  WEFT_TRY(p, check_name(name, t, true));
  if (auto c = sc.import_names.add(p, name.name, "import"); !c) return invalid(offset, c.error());
  if (t.kind == ExternKind::Type || t.kind == ExternKind::Instance) name_type(p, t.type, true);
  push_item(t.kind, t.type);
  sc.imports.push_back({name.name, t});
  return {};
}

// `from_item`: an export definition (a new index is appended, types get new names).
Result<void> Validator::export_(const ExternName& name, ExternType t, uint32_t offset, bool from_item) {
  Scope& sc = scope();
  if (t.kind == ExternKind::Type) {
    if (t.type.kind == TypeKind::Resource) {
      t.type = arena_.alias_resource(t.type.index);
    } else if (t.type.kind == TypeKind::Defined) {
      uint32_t original = t.type.index;
      t.type = arena_.add_defined(arena_.defined(original));
      defined_copy_of_[t.type.index] = original;
    }
  }
  WEFT_TRY(p, check_name(name, t, false));
  if (auto c = sc.export_names.add(p, name.name, "export"); !c) return invalid(offset, c.error());
  if (t.kind == ExternKind::Type || t.kind == ExternKind::Instance) name_type(p, t.type, false);
  push_item(t.kind, t.type);
  sc.exports.push_back({name.name, t});
  (void)from_item;
  return {};
}

Result<void> Validator::export_def(const ExportDef& d) {
  WEFT_TRY(t, item_type(d.item, d.offset, true));
  if (d.desc) {
    WEFT_TRY(ascribed, extern_desc(*d.desc));
    Subtyping sub(arena_);
    if (auto c = sub.extern_type(t, ascribed); !c)
      return invalid(d.offset, fmt::format("ascribed type of export is not compatible with item's type: {}", c.error()));
    // A (sub resource) ascription keeps the item's resource, under a new name.
    if (!(ascribed.kind == ExternKind::Type && d.desc->sub_resource)) t = ascribed;
    if (ascribed.kind == ExternKind::Type && d.desc->sub_resource) scope().created.erase(arena_.resource_root(ascribed.type.index));
  }
  return export_(d.name, t, d.offset, true);
}

// ---- start and values ----------------------------------------------------------------------

Result<void> Validator::start(const StartDef& d) {
  WEFT_TRY(f, func_at(d.func, d.offset));
  const FuncType& ft = arena_.func(f.index);
  if (ft.params.size() != d.args.size())
    return invalid(d.offset, fmt::format("component start function requires {} arguments but was given {}", ft.params.size(), d.args.size()));
  Subtyping sub(arena_);
  for (size_t i = 0; i < d.args.size(); ++i) {
    WEFT_TRY(v, item_type({Sort::Value, d.args[i]}, d.offset, true));
    if (auto c = sub.value(v.type, ft.params[i].type); !c)
      return invalid(d.offset, fmt::format("value type mismatch for component start function argument {}: {}", i, c.error()));
  }
  uint32_t results = ft.result ? 1 : 0;
  if (d.results != results)
    return invalid(d.offset, fmt::format("component start function has a result count of {} but the function type has a result count of {}", d.results, results));
  if (ft.result) push_item(ExternKind::Value, *ft.result);
  return {};
}

Result<void> Validator::value(const ValueDef& d) {
  WEFT_TRY(t, valtype(d.type, d.offset));
  push_item(ExternKind::Value, t);
  return {};
}

// ---- components ------------------------------------------------------------------------------

Result<TypeRef> Validator::finish_component_type(Scope& s) {
  ComponentType ct;
  ct.imports = s.imports;
  ct.exports = s.exports;
  // Only resources an import introduced: an import may also name a resource that an
  // instance made inside this component (a composition's host interface using a plug's
  // resource), which the instantiator does not supply.
  ct.imported_resources = created_resources(s, s.imports);
  std::erase_if(ct.imported_resources, [&](uint32_t r) { return !s.imported.count(r); });
  ct.defined_resources = created_resources(s, s.exports, ct.imported_resources);
  return arena_.add_component(std::move(ct));
}

std::vector<uint32_t> Validator::created_resources(const Scope& s, const std::vector<NamedExtern>& externs,
                                                   const std::vector<uint32_t>& exclude) {
  std::vector<uint32_t> out;
  std::set<uint32_t> seen(exclude.begin(), exclude.end());
  for (const NamedExtern& e : externs) {
    std::vector<uint32_t> rs;
    collect_resources(arena_, e.type.type, rs);
    for (uint32_t r : rs) {
      uint32_t root = arena_.resource_root(r);
      if (s.created.count(root) && seen.insert(root).second) out.push_back(root);
    }
  }
  return out;
}

Result<void> Validator::definition(const Component& c, const Component::Definition& d, ComponentInfo& info) {
  using K = Component::DefKind;
  switch (d.kind) {
    case K::CoreModule: return core_module(c.modules[d.index], info);
    case K::CoreInstance: return core_instance(c.core_instances[d.index]);
    case K::CoreType: {
      if (!c.core_types[d.index].group.empty()) return gc_core_types(c.core_types[d.index], scope().spaces.core_types);
      WEFT_TRY(t, core_type(c.core_types[d.index]));
      scope().spaces.core_types.push_back(t);
      return {};
    }
    case K::Component: {
      info.components.emplace_back();
      WEFT_CHECK(component(c.components[d.index], info.components.back()));
      scope().spaces.components.push_back(info.components.back().type);
      return {};
    }
    case K::Instance: return instance(c.instances[d.index]);
    case K::Alias: return alias(c.aliases[d.index]);
    case K::Type: {
      WEFT_TRY(t, type_def(c.types[d.index]));
      scope().spaces.types.push_back(t);
      return {};
    }
    case K::Canon: return canon(c.canons[d.index]);
    case K::Start: return start(c.starts[d.index]);
    case K::Import: {
      const ImportDef& imp = c.imports[d.index];
      return import(imp.name, imp.desc, imp.offset);
    }
    case K::Export: return export_def(c.exports[d.index]);
    case K::Value: return value(c.values[d.index]);
  }
  return {};
}

Result<void> Validator::component(const Component& c, ComponentInfo& info) {
  if (scopes_.size() > kMaxNesting) return invalid(c.range.begin, "nesting too deep");
  scopes_.push_back(std::make_unique<Scope>());
  // Bound total work on hostile input: types may be shared DAGs, but the arena grows
  // with every definition, so cap it.
  for (const Component::Definition& d : c.definitions) {
    WEFT_CHECK(definition(c, d, info));
    if (arena_.size() > 10'000'000) return invalid(c.range.begin, "component too large to validate");
  }
  Scope& sc = scope();
  for (size_t i = 0; i < sc.value_used.size(); ++i)
    if (!sc.value_used[i]) return invalid(c.range.end, fmt::format("value index {} was not used", i));
  WEFT_TRY(t, finish_component_type(sc));
  info.type = t;
  info.spaces = std::move(sc.spaces);
  scopes_.pop_back();
  return {};
}

}  // namespace detail

Result<ValidatedComponentPtr> validate_component(Component component, std::vector<uint8_t> bytes,
                                                 const core::Features& features) {
  auto out = std::make_shared<ValidatedComponent>();
  out->bytes = std::move(bytes);
  out->component = std::move(component);
  out->features = features;
  auto arena = std::make_shared<TypeArena>();
  detail::Validator v(*arena, out->bytes, out->features);
  WEFT_CHECK(v.component(out->component, out->info));
  out->types = std::move(arena);
  return ValidatedComponentPtr(std::move(out));
}

Result<ValidatedComponentPtr> load_component(std::span<const uint8_t> bytes, const core::Features& features) {
  WEFT_TRY(c, decode_component(bytes));
  return validate_component(std::move(c), std::vector<uint8_t>(bytes.begin(), bytes.end()), features);
}

}  // namespace weft::component

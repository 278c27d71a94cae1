// Validation of type definitions: value types into the arena, function types, component
// and instance types (with their declarators), core function and module types.
// spec: Explainer.md "Type Definitions", "Declarators"; Binary.md "Type Definitions"
#include "component/binary/validator_impl.h"
#include "core/validate/subtyping.h"

#include "component/binary/decoder.h"

namespace weft::component::detail {
namespace {

// Labels of records, variants, flags, enums and parameters: kebab case, strongly unique.
Check labels(const std::vector<std::string>& names, const char* what, const char* previous) {
  std::map<std::string, std::string> seen;
  for (const std::string& n : names) {
    if (n.empty()) return std::unexpected(fmt::format("{} name cannot be empty", what));
    if (!is_kebab_label(n)) return std::unexpected(fmt::format("{} name `{}` is not in kebab case", what, n));
    std::string lower = n;
    for (char& c : lower) c = char(std::tolower(uint8_t(c)));
    auto [it, inserted] = seen.emplace(lower, n);
    if (!inserted) return std::unexpected(fmt::format("{} name `{}` conflicts with previous {} name `{}`", what, n, previous, it->second));
  }
  return {};
}

bool is_key_type(ValType t) {
  if (t.kind != TypeKind::Prim) return false;
  switch (t.as_prim()) {
    case PrimValType::F32: case PrimValType::F64: case PrimValType::ErrorContext: return false;
    default: return true;
  }
}

}  // namespace

Result<ValType> Validator::defined_valtype(const TypeDef& t) {
  using K = TypeDef::Kind;
  uint32_t at = t.offset;
  DefinedType d;
  auto val = [&](const ValTypeDesc& v) { return valtype(v, at); };
  auto opt = [&](const std::optional<ValTypeDesc>& v) -> Result<std::optional<ValType>> {
    if (!v) return std::optional<ValType>{};
    WEFT_TRY(x, val(*v));
    return std::optional<ValType>(x);
  };
  switch (t.kind) {
    case K::Record: {
      d.kind = DefinedKind::Record;
      if (t.fields.empty()) return invalid(at, "record type must have at least one field");
      std::vector<std::string> names;
      for (const FieldDesc& f : t.fields) names.push_back(f.name);
      if (auto c = labels(names, "record field", "field"); !c) return invalid(at, c.error());
      for (const FieldDesc& f : t.fields) {
        WEFT_TRY(v, val(f.type));
        d.fields.push_back({f.name, v});
      }
      break;
    }
    case K::Variant: {
      d.kind = DefinedKind::Variant;
      if (t.cases.empty()) return invalid(at, "variant type must have at least one case");
      std::vector<std::string> names;
      for (const CaseDesc& c : t.cases) names.push_back(c.name);
      if (auto c = labels(names, "variant case", "case"); !c) return invalid(at, c.error());
      if (t.cases.size() > 0xffffffffu) return invalid(at, "too many cases");
      for (const CaseDesc& c : t.cases) {
        WEFT_TRY(v, opt(c.type));
        d.cases.push_back({c.name, v});
      }
      break;
    }
    case K::List: case K::Option: {
      d.kind = t.kind == K::List ? DefinedKind::List : DefinedKind::Option;
      WEFT_TRY(v, val(*t.a));
      d.elem = v;
      break;
    }
    case K::FixedList: {
      d.kind = DefinedKind::FixedList;
      if (t.index == 0) return invalid(at, "Fixed size lists must have more than zero elements");
      WEFT_TRY(v, val(*t.a));
      d.elem = v, d.length = t.index;
      break;
    }
    case K::Tuple: {
      d.kind = DefinedKind::Tuple;
      if (t.types.empty()) return invalid(at, "tuple type must have at least one type");
      for (const ValTypeDesc& v : t.types) {
        WEFT_TRY(x, val(v));
        d.types.push_back(x);
      }
      break;
    }
    case K::Flags: case K::Enum: {
      bool flags = t.kind == K::Flags;
      d.kind = flags ? DefinedKind::Flags : DefinedKind::Enum;
      if (t.labels.empty()) return invalid(at, flags ? "flags must have at least one entry" : "enum type must have at least one variant");
      if (flags && t.labels.size() > 32) return invalid(at, "cannot have more than 32 flags");
      if (auto c = labels(t.labels, flags ? "flag" : "enum tag", flags ? "flag" : "tag"); !c) return invalid(at, c.error());
      d.labels = t.labels;
      break;
    }
    case K::Result: {
      d.kind = DefinedKind::Result;
      WEFT_TRY(ok, opt(t.a));
      WEFT_TRY(err, opt(t.b));
      d.elem = ok, d.elem2 = err;
      break;
    }
    case K::Own: case K::Borrow: {
      d.kind = t.kind == K::Own ? DefinedKind::Own : DefinedKind::Borrow;
      WEFT_TRY(r, type_at(t.index, at));
      if (r.kind != TypeKind::Resource) return invalid(at, fmt::format("type index {} is not a resource type", t.index));
      d.resource = r.index;
      break;
    }
    case K::Stream: case K::Future: {
      bool stream = t.kind == K::Stream;
      d.kind = stream ? DefinedKind::Stream : DefinedKind::Future;
      WEFT_TRY(v, opt(t.a));
      if (v && arena_.info(*v).contains_borrow)
        return invalid(at, fmt::format("{} types cannot contain a `borrow` type", stream ? "stream" : "future"));
      if (stream && v && *v == TypeRef::prim(PrimValType::Char)) return invalid(at, "`stream<char>` is not valid");
      d.elem = v;
      break;
    }
    case K::Map: {
      d.kind = DefinedKind::Map;
      WEFT_TRY(k, val(*t.a));
      WEFT_TRY(v, val(*t.b));
      if (!is_key_type(k)) return invalid(at, "map key type must be a primitive type other than floats or error-context");
      d.elem = k, d.elem2 = v;
      break;
    }
    default: return invalid(at, "not a defined value type");
  }
  ValType out = arena_.add_defined(std::move(d));
  const TypeInfo& info = arena_.defined(out.index).info;
  if (info.depth > kMaxTypeDepth) return invalid(at, "type nesting is too deep");
  if (info.size64 >= kMaxValueSize) return invalid(at, "value type exceeds maximum byte size");
  return out;
}

Result<TypeRef> Validator::func_type(const TypeDef& t) {
  FuncType f;
  f.async = t.async;
  std::vector<std::string> names;
  for (const FieldDesc& p : t.fields) names.push_back(p.name);
  if (auto c = labels(names, "function parameter", "parameter"); !c) return invalid(t.offset, c.error());
  for (const FieldDesc& p : t.fields) {
    WEFT_TRY(v, valtype(p.type, t.offset));
    f.params.push_back({p.name, v});
  }
  if (t.a) {
    WEFT_TRY(r, valtype(*t.a, t.offset));
    if (arena_.info(r).contains_borrow) return invalid(t.offset, "function result cannot contain a `borrow` type");
    f.result = r;
  }
  return arena_.add_func(std::move(f));
}

// Component and instance types: their declarators run in a fresh scope.
Result<TypeRef> Validator::decls_type(const TypeDef& t) {
  if (scopes_.size() > kMaxNesting) return invalid(t.offset, "nesting too deep");
  bool component = t.kind == TypeDef::Kind::Component;
  auto s = std::make_unique<Scope>();
  s->kind = component ? ScopeKind::ComponentType : ScopeKind::InstanceType;
  scopes_.push_back(std::move(s));
  for (const Decl& d : t.decls) {
    auto ok = decl(d);
    if (!ok) {
      scopes_.pop_back();
      return std::unexpected(ok.error());
    }
  }
  Scope& sc = scope();
  TypeRef out;
  if (component) {
    WEFT_TRY(ct, finish_component_type(sc));
    out = ct;
  } else {
    InstanceType it;
    it.exports = sc.exports;
    it.defined_resources = created_resources(sc, sc.exports);
    out = arena_.add_instance(std::move(it));
  }
  scopes_.pop_back();
  return out;
}

Result<void> Validator::decl(const Decl& d) {
  switch (d.kind) {
    case Decl::Kind::CoreType: {
      if (!d.core_type->group.empty()) return gc_core_types(*d.core_type, scope().spaces.core_types);
      WEFT_TRY(t, core_type(*d.core_type));
      scope().spaces.core_types.push_back(t);
      return {};
    }
    case Decl::Kind::Type: {
      if (d.type->kind == TypeDef::Kind::Resource)
        return invalid(d.offset, "resources can only be defined within a concrete component");
      WEFT_TRY(t, type_def(*d.type));
      scope().spaces.types.push_back(t);
      return {};
    }
    case Decl::Kind::Alias: return alias(d.alias);
    case Decl::Kind::Import: return import(d.name, d.desc, d.offset);
    case Decl::Kind::Export: {
      // An export declarator introduces its type like an import does.
      Scope& sc = scope();
      WEFT_TRY(t, extern_desc(d.desc));
      if (t.kind == ExternKind::Instance) {
        std::vector<uint32_t> roots = arena_.instance(t.type.index).defined_resources;
        t.type = freshen(arena_, t.type, roots);
        for (uint32_t r : arena_.instance(t.type.index).defined_resources) sc.created.insert(r);
      }
      if (t.kind == ExternKind::Type && t.type.kind == TypeKind::Resource && d.desc.sub_resource)
        sc.created.insert(arena_.resource_root(t.type.index));
      if (t.kind == ExternKind::Type && !d.desc.sub_resource && t.type.kind == TypeKind::Resource)
        t.type = arena_.alias_resource(t.type.index);
      else if (t.kind == ExternKind::Type && t.type.kind == TypeKind::Defined)
        t.type = arena_.add_defined(arena_.defined(t.type.index));
      WEFT_TRY(p, check_name(d.name, t, false));
      if (auto c = sc.export_names.add(p, d.name.name, "export"); !c) return invalid(d.offset, c.error());
      if (t.kind == ExternKind::Type || t.kind == ExternKind::Instance) name_type(p, t.type, false);
      push_item(t.kind, t.type);
      sc.exports.push_back({d.name.name, t});
      return {};
    }
  }
  return {};
}

Result<TypeRef> Validator::type_def(const TypeDef& t) {
  using K = TypeDef::Kind;
  switch (t.kind) {
    case K::Prim: return TypeRef::prim(t.prim);
    case K::Func: return func_type(t);
    case K::Component: case K::Instance: return decls_type(t);
    case K::Resource: {
      Scope& sc = scope();
      if (sc.kind != ScopeKind::Component) return invalid(t.offset, "resources can only be defined within a concrete component");
      if (t.rep != core::ValType::I32) return invalid(t.offset, "resources can only be represented by `i32`");
      if (t.dtor) {
        WEFT_TRY(f, core_func_at(*t.dtor, t.offset));
        if (f != core::FuncType{{core::ValType::I32}, {}}) return invalid(t.offset, "wrong signature for a destructor");
      }
      TypeRef r = arena_.add_resource(t.rep, t.dtor);
      sc.created.insert(r.index);
      sc.local.insert(r.index);
      return r;
    }
    default: return defined_valtype(t);
  }
}

// ---- externtype ------------------------------------------------------------------------

Result<ExternType> Validator::extern_desc(const ExternDesc& d) {
  switch (d.kind) {
    case ExternKind::Module: {
      WEFT_TRY(ct, core_type_at(d.index, d.offset));
      if (!ct->is_module) return invalid(d.offset, fmt::format("core type index {} is not a module type", d.index));
      return ExternType{ExternKind::Module, ct->module};
    }
    case ExternKind::Func: {
      WEFT_TRY(t, type_at(d.index, d.offset));
      if (t.kind != TypeKind::Func) return invalid(d.offset, fmt::format("type index {} is not a function type", d.index));
      return ExternType{ExternKind::Func, t};
    }
    case ExternKind::Value: {
      if (d.value_eq) {
        WEFT_TRY(v, item_type({Sort::Value, d.index}, d.offset, true));
        return v;
      }
      WEFT_TRY(v, valtype(d.value_type, d.offset));
      return ExternType{ExternKind::Value, v};
    }
    case ExternKind::Type: {
      if (d.sub_resource) return ExternType{ExternKind::Type, arena_.add_resource()};
      WEFT_TRY(t, type_at(d.index, d.offset));
      return ExternType{ExternKind::Type, t};
    }
    case ExternKind::Component: {
      WEFT_TRY(t, type_at(d.index, d.offset));
      if (t.kind != TypeKind::Component) return invalid(d.offset, fmt::format("type index {} is not a component type", d.index));
      return ExternType{ExternKind::Component, t};
    }
    case ExternKind::Instance: {
      WEFT_TRY(t, type_at(d.index, d.offset));
      if (t.kind != TypeKind::Instance) return invalid(d.offset, fmt::format("type index {} is not an instance type", d.index));
      return ExternType{ExternKind::Instance, t};
    }
  }
  return invalid(d.offset, "bad extern type");
}

// ---- core types ------------------------------------------------------------------------

Result<CoreExternType> Validator::core_extern(const core::Import& imp, const std::vector<IndexSpaces::CoreType>& types) {
  CoreExternType t;
  t.kind = imp.kind;
  switch (imp.kind) {
    case core::ExternKind::Func: case core::ExternKind::Tag:
      if (imp.func_type >= types.size())
        return invalid(imp.offset, fmt::format("unknown type {}: type index out of bounds", imp.func_type));
      if (!types[imp.func_type].is_func())
        return invalid(imp.offset, fmt::format("type index {} is not a function type", imp.func_type));
      t.func = types[imp.func_type].func;
      break;
    case core::ExternKind::Table:
      t.table = imp.table;
      if (imp.table.limits.max && imp.table.limits.min > *imp.table.limits.max)
        return invalid(imp.offset, "size minimum must not be greater than maximum");
      break;
    case core::ExternKind::Memory:
      t.memory = imp.memory;
      if (const uint64_t bound = imp.memory.is64 ? core::kMaxPages64 : core::kMaxPages32;
          imp.memory.limits.min > bound || (imp.memory.limits.max && *imp.memory.limits.max > bound)) {
        return invalid(imp.offset, imp.memory.is64 ? "memory size must be at most 2^48 pages"
                                                   : "memory size must be at most 65536 pages (4GiB)");
      }
      if (imp.memory.limits.max && imp.memory.limits.min > *imp.memory.limits.max)
        return invalid(imp.offset, "size minimum must not be greater than maximum");
      break;
    case core::ExternKind::Global: t.global = imp.global; break;
  }
  return t;
}

// spec (3.0): GC core types in a core type space. Reference types to defined
// types are refused by the decoder, so a group's types refer to nothing but
// their supertypes: an earlier type that is not final and that they match.
Result<void> Validator::gc_core_types(const CoreTypeDef& t, std::vector<IndexSpaces::CoreType>& space) {
  for (const core::SubType& st : t.group) {
    IndexSpaces::CoreType ct;
    ct.gc = true;
    ct.sub = st;
    ct.func = st.func;
    if (st.super == core::SubType::kTooManySupers) return invalid(t.offset, "multiple supertypes");
    if (st.super != core::SubType::kNoSuper) {
      if (st.super >= space.size())
        return invalid(t.offset, fmt::format("unknown core type {}: type index out of bounds", st.super));
      const IndexSpaces::CoreType& super = space[st.super];
      const core::SubType* sup = super.gc ? &super.sub : nullptr;
      core::SubType plain;  // a plain function type: final, so no type can extend it
      if (!sup && !super.is_module) {
        plain.func = super.func;
        sup = &plain;
      }
      if (!sup || sup->final) return invalid(t.offset, "sub type cannot have a final super type");
      if (!core::comp_subtype(st, *sup, core::TypeSpace{})) return invalid(t.offset, "sub type must match super type");
    }
    space.push_back(std::move(ct));
  }
  return {};
}

Result<IndexSpaces::CoreType> Validator::core_type(const CoreTypeDef& t) {
  IndexSpaces::CoreType out;
  if (!t.is_module) {
    out.func = t.func;
    return out;
  }
  // A module type has its own, initially empty, core type index space; outer aliases
  // reach the enclosing scopes' core types.
  std::vector<IndexSpaces::CoreType> types;
  ModuleType mt;
  std::set<std::pair<std::string, std::string>> imports;
  std::set<std::string> exports;
  for (const ModuleDecl& d : t.decls) {
    switch (d.kind) {
      case ModuleDecl::Kind::Type:
        if (d.type->is_module) return invalid(d.offset, "core type index is a module type: module types cannot be nested");
        if (!d.type->group.empty()) {
          WEFT_CHECK(gc_core_types(*d.type, types));
        } else {
          IndexSpaces::CoreType ct;
          ct.func = d.type->func;
          types.push_back(std::move(ct));
        }
        break;
      case ModuleDecl::Kind::Alias: {
        if (d.count == 0) return invalid(d.offset, "invalid outer alias count of 0");
        if (d.count > scopes_.size()) return invalid(d.offset, fmt::format("invalid outer alias count of {}", d.count));
        Scope& target = *scopes_[scopes_.size() - d.count];
        if (d.index >= target.spaces.core_types.size())
          return invalid(d.offset, fmt::format("unknown core type {}: type index out of bounds", d.index));
        const IndexSpaces::CoreType& ct = target.spaces.core_types[d.index];
        if (ct.is_module) return invalid(d.offset, "module types cannot be aliased into module types");
        types.push_back(ct);
        break;
      }
      case ModuleDecl::Kind::Import: {
        WEFT_TRY(x, core_extern(d.import, types));
        if (!imports.insert({d.import.module, d.import.name}).second)
          return invalid(d.offset, fmt::format("duplicate import name `{}:{}`", d.import.module, d.import.name));
        mt.imports.push_back({d.import.module, d.import.name, x});
        break;
      }
      case ModuleDecl::Kind::Export: {
        WEFT_TRY(x, core_extern(d.import, types));
        if (!exports.insert(d.import.name).second)
          return invalid(d.offset, fmt::format("export name `{}` already defined", d.import.name));
        mt.exports.push_back({d.import.name, x});
        break;
      }
    }
  }
  out.is_module = true;
  out.module = arena_.add_module(std::move(mt));
  return out;
}

}  // namespace weft::component::detail

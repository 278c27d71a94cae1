// Decoding component-level types to WIT type definitions and functions, and instance
// types to interfaces.
// spec: Binary.md "Type Definitions"; WIT.md "Package Format"
#include <fmt/format.h>

#include "component/wit/decode_impl.h"

namespace weft::component::wit::detail {
namespace {

constexpr uint32_t kMaxDepth = 200;  // type conversion recursion (the validator allows 100)

Type prim_type(uint32_t code) {
  using K = Type::Kind;
  switch (PrimValType(code)) {
    case PrimValType::Bool: return Type::of(K::Bool);
    case PrimValType::S8: return Type::of(K::S8);
    case PrimValType::U8: return Type::of(K::U8);
    case PrimValType::S16: return Type::of(K::S16);
    case PrimValType::U16: return Type::of(K::U16);
    case PrimValType::S32: return Type::of(K::S32);
    case PrimValType::U32: return Type::of(K::U32);
    case PrimValType::S64: return Type::of(K::S64);
    case PrimValType::U64: return Type::of(K::U64);
    case PrimValType::F32: return Type::of(K::F32);
    case PrimValType::F64: return Type::of(K::F64);
    case PrimValType::Char: return Type::of(K::Char);
    case PrimValType::String: return Type::of(K::String);
    case PrimValType::ErrorContext: return Type::of(K::ErrorContext);
  }
  return Type::of(K::Bool);  // unreachable: the binary decoder checks the codes
}

// "[method]r.f" -> (Method, "r"); plain names are freestanding.
std::pair<Function::Kind, std::string_view> function_kind(std::string_view name) {
  auto after = [&](std::string_view prefix) { return name.substr(prefix.size()); };
  if (name.starts_with("[constructor]")) return {Function::Kind::Constructor, after("[constructor]")};
  Function::Kind kind;
  std::string_view rest;
  if (name.starts_with("[method]")) {
    kind = Function::Kind::Method;
    rest = after("[method]");
  } else if (name.starts_with("[static]")) {
    kind = Function::Kind::Static;
    rest = after("[static]");
  } else {
    return {Function::Kind::Freestanding, {}};
  }
  return {kind, rest.substr(0, rest.find('.'))};
}

}  // namespace

Result<EntryPtr> Decoder::entry_of(const cb::TypeDef& def, Frame& frame) {
  auto e = std::make_shared<Entry>();
  e->def = &def;
  e->frame = &frame;
  e->limit = uint32_t(frame.types.size());
  switch (def.kind) {
    case cb::TypeDef::Kind::Prim:
      e->kind = Entry::Kind::Value;
      e->value = prim_type(uint32_t(def.prim));
      break;
    case cb::TypeDef::Kind::Func: e->kind = Entry::Kind::Func; break;
    case cb::TypeDef::Kind::Instance: e->kind = Entry::Kind::Instance; break;
    case cb::TypeDef::Kind::Component: e->kind = Entry::Kind::Component; break;
    default: e->kind = Entry::Kind::Syntax; break;
  }
  return e;
}

Result<EntryPtr> Decoder::type_at(Frame& frame, uint32_t index, uint32_t limit, uint32_t offset) {
  if (index >= limit || index >= frame.types.size())
    return fail(offset, fmt::format("type index {} out of bounds", index));
  return frame.types[index];
}

Result<EntryPtr> Decoder::outer_type(Frame& frame, uint32_t count, uint32_t index, uint32_t offset) {
  Frame* f = &frame;
  for (uint32_t i = 0; i < count; ++i) {
    f = f->parent;
    if (!f) return fail(offset, fmt::format("outer alias count {} reaches past the outermost scope", count));
  }
  return type_at(*f, index, uint32_t(f->types.size()), offset);
}

Result<Type> Decoder::valtype(const cb::ValTypeDesc& v, Frame& frame, uint32_t limit, uint32_t offset) {
  if (v.is_prim) return prim_type(v.value);
  WEFT_TRY(e, type_at(frame, v.value, limit, offset));
  return value_type(*e, offset);
}

Result<std::optional<Type>> Decoder::opt_valtype(const std::optional<cb::ValTypeDesc>& v, Frame& frame,
                                                 uint32_t limit, uint32_t offset) {
  if (!v) return std::optional<Type>{};
  WEFT_TRY(t, valtype(*v, frame, limit, offset));
  return std::optional<Type>(t);
}

Result<Type> Decoder::value_type(Entry& e, uint32_t offset) {
  if (e.kind == Entry::Kind::Value) return e.value;
  if (e.kind != Entry::Kind::Syntax) return fail(offset, "a value type was expected");
  if (e.converted) return Type::of(*e.converted);
  if (depth_ >= kMaxDepth) return fail(offset, "types are nested too deeply");
  ++depth_;
  auto kind = kind_of(*e.def, *e.frame, e.limit);
  --depth_;
  if (!kind) return std::unexpected(kind.error());
  TypeId id{uint32_t(r_.types.size())};
  r_.types.push_back(TypeDef{"", std::move(*kind), {}, {}, {}});
  e.converted = id;
  return Type::of(id);
}

// One `defvaltype` (or resource definition) as a WIT type definition kind.
Result<TypeDefKind> Decoder::kind_of(const cb::TypeDef& def, Frame& frame, uint32_t limit) {
  using K = cb::TypeDef::Kind;
  uint32_t at = def.offset;
  auto val = [&](const cb::ValTypeDesc& v) { return valtype(v, frame, limit, at); };
  auto opt = [&](const std::optional<cb::ValTypeDesc>& v) { return opt_valtype(v, frame, limit, at); };
  auto elem = [&]() -> Result<Type> {
    if (!def.a) return fail(at, "a type without its element type");
    return val(*def.a);
  };
  switch (def.kind) {
    case K::Record: {
      Record rec;
      for (const cb::FieldDesc& f : def.fields) {
        WEFT_TRY(t, val(f.type));
        rec.fields.push_back(Field{f.name, t, {}});
      }
      return rec;
    }
    case K::Variant: {
      Variant var;
      for (const cb::CaseDesc& c : def.cases) {
        WEFT_TRY(t, opt(c.type));
        var.cases.push_back(Case{c.name, t, {}});
      }
      return var;
    }
    case K::Tuple: {
      Tuple tup;
      for (const cb::ValTypeDesc& v : def.types) {
        WEFT_TRY(t, val(v));
        tup.types.push_back(t);
      }
      return tup;
    }
    case K::Flags: {
      Flags flags;
      for (const std::string& l : def.labels) flags.flags.push_back(Flag{l, {}});
      return flags;
    }
    case K::Enum: {
      Enum en;
      for (const std::string& l : def.labels) en.cases.push_back(EnumCase{l, {}});
      return en;
    }
    case K::List: { WEFT_TRY(t, elem()); return List{t}; }
    case K::FixedList: { WEFT_TRY(t, elem()); return FixedList{t, def.index}; }
    case K::Option: { WEFT_TRY(t, elem()); return Option{t}; }
    case K::Result: {
      WEFT_TRY(ok, opt(def.a));
      WEFT_TRY(err, opt(def.b));
      return ResultType{ok, err};
    }
    case K::Map: {
      WEFT_TRY(k, elem());
      if (!def.b) return fail(at, "a map without its value type");
      WEFT_TRY(v, val(*def.b));
      return Map{k, v};
    }
    case K::Stream: { WEFT_TRY(t, opt(def.a)); return Stream{t}; }
    case K::Future: { WEFT_TRY(t, opt(def.a)); return Future{t}; }
    case K::Own: case K::Borrow: {
      WEFT_TRY(e, type_at(frame, def.index, limit, at));
      WEFT_TRY(t, value_type(*e, at));
      if (!t.is_def() || !std::holds_alternative<Resource>(r_[r_.follow_aliases(t.def)].kind))
        return fail(at, "a handle names a type that is not a resource");
      return Handle{def.kind == K::Own ? Handle::Kind::Own : Handle::Kind::Borrow, t.def};
    }
    case K::Resource: return Resource{};
    case K::Prim: return Alias{prim_type(uint32_t(def.prim))};
    case K::Func: case K::Component: case K::Instance: break;
  }
  return fail(at, "a value type was expected");
}

TypeId Decoder::add_resource(const std::string& name, Owner owner) {
  TypeId id{uint32_t(r_.types.size())};
  r_.types.push_back(TypeDef{name, Resource{}, owner.type_owner(), {}, {}});
  return id;
}

// wit-component's rule: an export of a type not yet seen defines the named type;
// an export of a type that already has a name is `type name = other`.
Result<TypeId> Decoder::name_type(Entry& e, const std::string& name, Owner owner, uint32_t offset) {
  TypeDefKind kind;
  if (e.kind == Entry::Kind::Syntax && !e.converted) {
    if (depth_ >= kMaxDepth) return fail(offset, "types are nested too deeply");
    ++depth_;
    auto k = kind_of(*e.def, *e.frame, e.limit);
    --depth_;
    if (!k) return std::unexpected(k.error());
    kind = std::move(*k);
  } else if (e.kind == Entry::Kind::Syntax && r_[*e.converted].name.empty()) {
    kind = r_[*e.converted].kind;
  } else if (e.kind == Entry::Kind::Syntax) {
    kind = Alias{Type::of(*e.converted)};
  } else if (e.kind == Entry::Kind::Value) {
    kind = Alias{e.value};
  } else {
    return fail(offset, fmt::format("type export `{}` is not a value type", name));
  }
  TypeId id{uint32_t(r_.types.size())};
  r_.types.push_back(TypeDef{name, std::move(kind), owner.type_owner(), {}, {}});
  if (e.kind == Entry::Kind::Syntax && !e.converted) e.converted = id;
  return id;
}

std::optional<TypeId> Decoder::find_owned_type(Owner owner, std::string_view name) const {
  if (owner.interface.valid()) return r_[owner.interface].find_type(name);
  for (const WorldItem& item : r_[owner.world].imports)
    if (item.kind == WorldItem::Kind::Type && r_[item.type].name == name) return item.type;
  return std::nullopt;
}

Result<Function> Decoder::function(const Entry& e, const std::string& name, Owner owner, uint32_t offset) {
  if (e.kind != Entry::Kind::Func) return fail(offset, fmt::format("function `{}` does not have a function type", name));
  const cb::TypeDef& def = *e.def;
  Function f;
  f.name = name;
  f.is_async = def.async;
  auto [kind, resource] = function_kind(name);
  f.kind = kind;
  if (kind != Function::Kind::Freestanding) {
    auto id = find_owned_type(owner, resource);
    if (!id || !std::holds_alternative<Resource>(r_[r_.follow_aliases(*id)].kind))
      return fail(offset, fmt::format("function `{}` names `{}`, which is not a resource here", name, resource));
    f.resource = *id;
  }
  for (const cb::FieldDesc& p : def.fields) {
    WEFT_TRY(t, valtype(p.type, *e.frame, e.limit, def.offset));
    f.params.push_back(Param{p.name, t});
  }
  WEFT_TRY(result, opt_valtype(def.a, *e.frame, e.limit, def.offset));
  f.result = result;
  return f;
}

// An instance type's declarators: types and outer aliases build its index space;
// each export is a type or function of the interface, unless it has one already.
Result<void> Decoder::merge_instance(const cb::TypeDef& def, Frame& parent, InterfaceId into) {
  Frame& f = new_frame(&parent);
  Owner owner{into, {}};
  for (const cb::Decl& d : def.decls) {
    WEFT_CHECK(spend(d.offset));
    switch (d.kind) {
      case cb::Decl::Kind::CoreType: break;
      case cb::Decl::Kind::Type: {
        WEFT_TRY(e, entry_of(*d.type, f));
        f.types.push_back(e);
        break;
      }
      case cb::Decl::Kind::Alias: {
        if (d.alias.target != cb::Alias::Target::Outer || d.alias.sort != cb::Sort::Type)
          return fail(d.offset, "not supported yet: this alias in an interface's instance type");
        WEFT_TRY(e, outer_type(f, d.alias.count, d.alias.index, d.offset));
        f.types.push_back(e);
        break;
      }
      case cb::Decl::Kind::Import: return fail(d.offset, "an instance type cannot import");
      case cb::Decl::Kind::Export: {
        const std::string& name = d.name.name;
        if (d.desc.kind == ExternKind::Type) {
          std::optional<TypeId> id = r_[into].find_type(name);
          if (!id && d.desc.sub_resource) id = add_resource(name, owner);
          if (!id) {
            WEFT_TRY(e, type_at(f, d.desc.index, uint32_t(f.types.size()), d.offset));
            WEFT_TRY(named, name_type(*e, name, owner, d.offset));
            id = named;
          }
          if (!r_[into].find_type(name)) r_[into].types.emplace_back(name, *id);
          auto v = std::make_shared<Entry>();
          v->kind = Entry::Kind::Value;
          v->value = Type::of(*id);
          f.types.push_back(v);
        } else if (d.desc.kind == ExternKind::Func) {
          if (r_[into].find_function(name)) break;
          WEFT_TRY(e, type_at(f, d.desc.index, uint32_t(f.types.size()), d.offset));
          WEFT_TRY(fn, function(*e, name, owner, d.offset));
          r_[into].functions.push_back(std::move(fn));
        } else {
          return fail(d.offset, fmt::format("not supported yet: {} export `{}` in an interface",
                                            extern_kind_name(d.desc.kind), name));
        }
        break;
      }
    }
  }
  return {};
}

}  // namespace weft::component::wit::detail

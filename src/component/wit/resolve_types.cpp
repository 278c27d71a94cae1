// Name resolution inside interfaces and worlds: `use`, type definitions and functions.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "component/wit/resolver.h"
#include "component/wit/toposort.h"

namespace weft::component::wit {
namespace {

std::string type_key(Type t) { return t.is_def() ? fmt::format("#{}", t.def.index) : fmt::format("{}", int(t.kind)); }
std::string opt_key(const std::optional<Type>& t) { return t ? type_key(*t) : "_"; }

// The structural key of an anonymous type, or "" for kinds that always have a name.
struct KindKey {
  std::string operator()(const Handle& h) const {
    return fmt::format("h{}{}", h.kind == Handle::Kind::Own ? 'o' : 'b', h.resource.index);
  }
  std::string operator()(const Tuple& t) const {
    std::string s = "t(";
    for (Type m : t.types) s += type_key(m) + ",";
    return s + ")";
  }
  std::string operator()(const Option& o) const { return "o" + type_key(o.type); }
  std::string operator()(const ResultType& r) const { return "r" + opt_key(r.ok) + "," + opt_key(r.err); }
  std::string operator()(const List& l) const { return "l" + type_key(l.element); }
  std::string operator()(const FixedList& l) const { return fmt::format("L{},{}", type_key(l.element), l.length); }
  std::string operator()(const Map& m) const { return "m" + type_key(m.key) + "," + type_key(m.value); }
  std::string operator()(const Future& f) const { return "f" + opt_key(f.payload); }
  std::string operator()(const Stream& s) const { return "s" + opt_key(s.payload); }
  template <class T>
  std::string operator()(const T&) const {
    return "";
  }
};

std::string kind_key(const TypeDefKind& kind) { return std::visit(KindKey{}, kind); }

// The names a type expression refers to, for ordering type definitions.
void collect_deps(const ast::TypeExpr& ty, std::vector<const ast::Ident*>& out) {
  using K = ast::TypeExpr::Kind;
  if (ty.kind == K::Name || ty.kind == K::Own || ty.kind == K::Borrow) out.push_back(&ty.name);
  for (const ast::TypeExpr& arg : ty.args) collect_deps(arg, out);
}

void collect_def_deps(const ast::TypeDef& def, std::vector<const ast::Ident*>& out) {
  switch (def.kind) {
    case ast::TypeDef::Kind::Alias: collect_deps(def.alias, out); break;
    case ast::TypeDef::Kind::Record:
      for (const ast::Field& f : def.fields) collect_deps(f.type, out);
      break;
    case ast::TypeDef::Kind::Variant:
      for (const ast::Case& c : def.cases)
        if (c.type) collect_deps(*c.type, out);
      break;
    default: break;
  }
}

}  // namespace

Result<void> Resolver::resolve_interface(InterfaceId id, const std::vector<ast::InterfaceItem>& items) {
  Scope scope;
  scope.owner = TypeOwner{TypeOwner::Kind::Interface, id, {}};
  std::vector<const ast::Use*> uses;
  std::vector<const ast::TypeDef*> defs;
  for (const ast::InterfaceItem& item : items) {
    if (const auto* u = std::get_if<ast::Use>(&item)) uses.push_back(u);
    if (const auto* d = std::get_if<ast::TypeDef>(&item)) defs.push_back(d);
  }
  WEFT_CHECK(resolve_uses(scope, uses));
  WEFT_CHECK(resolve_typedefs(scope, uses, defs));
  std::vector<Function> funcs;
  WEFT_CHECK(resolve_functions(scope, items, funcs));
  r_[id].types = std::move(scope.types);
  r_[id].functions = std::move(funcs);
  return {};
}

Result<void> Resolver::define(Scope& scope, const ast::Ident& name, Binding binding) {
  if (scope.names.count(name.name))
    return fail(name.span, fmt::format("name `{}` is defined more than once", name.name));
  binding.span = name.span;
  scope.names.emplace(name.name, binding);
  return {};
}

Result<void> Resolver::resolve_uses(Scope& scope, const std::vector<const ast::Use*>& uses) {
  for (const ast::Use* use : uses) WEFT_CHECK(resolve_use(scope, *use));
  return {};
}

// `use path.{a, b as c}`: each name becomes a type of this scope aliasing the original.
Result<void> Resolver::resolve_use(Scope& scope, const ast::Use& use) {
  Span gate_span = use.names.empty() ? use.path.name.span : use.names[0].local().span;
  WEFT_TRY(included, include_stability(use.gate.stability, gate_span));
  if (!included) {
    for (const ast::UseName& n : use.names) WEFT_CHECK(define(scope, n.local(), Binding::of(Binding::Kind::ExcludedType)));
    if (scope.owner.kind == TypeOwner::Kind::Interface)
      for (const ast::UseName& n : use.names) excluded_types_.emplace(scope.owner.interface.index, n.local().name);
    return {};
  }
  item_span_ = use.path.name.span;
  WEFT_TRY(target, resolve_path(use.path, false));
  for (const ast::UseName& n : use.names) {
    item_span_ = n.local().span;
    const Interface& from = r_[target.interface];
    auto found = from.find_type(n.name.name);
    if (!found) {
      if (excluded_types_.count({target.interface.index, n.name.name})) return excluded(n.name.span, "type");
      if (target.foreign)
        return fail(n.name.span, fmt::format("type `{}` not defined in interface", n.name.name));
      if (from.find_function(n.name.name))
        return fail(n.name.span, fmt::format("cannot import function `{}`", n.name.name));
      return fail(n.name.span, fmt::format("name `{}` does not exist", n.name.name));
    }
    TypeId id{uint32_t(r_.types.size())};
    r_.types.push_back(TypeDef{n.local().name, Alias{Type::of(*found)}, scope.owner, {}, use.gate.stability});
    WEFT_CHECK(define(scope, n.local(), Binding::of(Binding::Kind::Type, id)));
    scope.types.emplace_back(n.local().name, id);
  }
  return {};
}

// Type definitions in dependency order, so each refers only to earlier ones.
Result<void> Resolver::resolve_typedefs(Scope& scope, const std::vector<const ast::Use*>& uses,
                                        const std::vector<const ast::TypeDef*>& defs) {
  std::unordered_map<std::string, uint32_t> index;
  for (uint32_t i = 0; i < defs.size(); ++i) {
    const ast::Ident& name = defs[i]->name;
    if (index.count(name.name) || scope.names.count(name.name))
      return fail(name.span, fmt::format("name `{}` is defined more than once", name.name));
    index.emplace(name.name, i);
  }
  std::vector<std::vector<TopoDep>> deps(defs.size());
  for (uint32_t i = 0; i < defs.size(); ++i) {
    std::vector<const ast::Ident*> names;
    collect_def_deps(*defs[i], names);
    for (const ast::Ident* n : names) {
      if (auto it = index.find(n->name); it != index.end()) {
        deps[i].push_back({it->second, n->span, n->name});
      } else if (!scope.names.count(n->name)) {
        deps[i].push_back({TopoDep::kMissing, n->span, n->name});
      }
    }
  }
  auto order = toposort(deps);
  if (!order) {
    const TopoFailure& f = order.error();
    return fail(f.dep.span, f.missing ? fmt::format("type `{}` does not exist", f.dep.name)
                                      : fmt::format("type `{}` depends on itself", f.dep.name));
  }
  for (uint32_t i : *order) {
    const ast::TypeDef& def = *defs[i];
    item_span_ = def.name.span;
    WEFT_TRY(included, include_stability(def.gate.stability, def.name.span));
    if (!included) {
      WEFT_CHECK(define(scope, def.name, Binding::of(Binding::Kind::ExcludedType)));
      if (scope.owner.kind == TypeOwner::Kind::Interface)
        excluded_types_.emplace(scope.owner.interface.index, def.name.name);
      continue;
    }
    WEFT_TRY(kind, resolve_kind(scope, def, def.gate.stability));
    TypeId id{uint32_t(r_.types.size())};
    r_.types.push_back(TypeDef{def.name.name, std::move(kind), scope.owner, def.docs, def.gate.stability});
    WEFT_CHECK(define(scope, def.name, Binding::of(Binding::Kind::Type, id)));
    scope.types.emplace_back(def.name.name, id);
  }
  return {};
}

Result<TypeDefKind> Resolver::resolve_kind(Scope& scope, const ast::TypeDef& def, const Stability&) {
  using K = ast::TypeDef::Kind;
  switch (def.kind) {
    case K::Alias: return resolve_type_kind(scope, def.alias);
    case K::Resource: return TypeDefKind(Resource{});
    case K::Record: {
      Record rec;
      for (const ast::Field& f : def.fields) {
        item_span_ = f.name.span;
        WEFT_TRY(ty, resolve_value_type(scope, f.type));
        rec.fields.push_back(Field{f.name.name, ty, f.docs});
      }
      return TypeDefKind(std::move(rec));
    }
    case K::Flags: {
      Flags flags;
      for (const ast::Case& c : def.cases) flags.flags.push_back(Flag{c.name.name, c.docs});
      return TypeDefKind(std::move(flags));
    }
    case K::Enum: {
      if (def.cases.empty()) return fail(def.name.span, "empty enum");
      Enum e;
      for (const ast::Case& c : def.cases) e.cases.push_back(EnumCase{c.name.name, c.docs});
      return TypeDefKind(std::move(e));
    }
    case K::Variant: {
      if (def.cases.empty()) return fail(def.name.span, "empty variant");
      Variant v;
      for (const ast::Case& c : def.cases) {
        item_span_ = c.name.span;
        std::optional<Type> payload;
        if (c.type) {
          WEFT_TRY(ty, resolve_value_type(scope, *c.type));
          payload = ty;
        }
        v.cases.push_back(Case{c.name.name, payload, c.docs});
      }
      return TypeDefKind(std::move(v));
    }
  }
  return fail(def.name.span, "unknown type definition");
}

// The definition a type expression stands for when it is given a name.
Result<TypeDefKind> Resolver::resolve_type_kind(Scope& scope, const ast::TypeExpr& ty) {
  using K = ast::TypeExpr::Kind;
  auto arg = [&](size_t i) { return resolve_value_type(scope, ty.args[i]); };
  switch (ty.kind) {
    case K::Primitive: return TypeDefKind(Alias{Type::of(ty.primitive)});
    case K::Name: {
      WEFT_TRY(id, lookup_type(scope, ty.name));
      return TypeDefKind(Alias{Type::of(id)});
    }
    case K::Own:
    case K::Borrow: {
      WEFT_TRY(id, lookup_resource(scope, ty.name));
      return TypeDefKind(Handle{ty.kind == K::Own ? Handle::Kind::Own : Handle::Kind::Borrow, id});
    }
    case K::List: {
      WEFT_TRY(e, arg(0));
      return TypeDefKind(List{e});
    }
    case K::FixedList: {
      WEFT_TRY(e, arg(0));
      return TypeDefKind(FixedList{e, ty.length});
    }
    case K::Option: {
      WEFT_TRY(e, arg(0));
      return TypeDefKind(Option{e});
    }
    case K::Result: {
      ResultType res;
      size_t next = 0;
      if (ty.has_ok) {
        WEFT_TRY(ok, arg(next++));
        res.ok = ok;
      }
      if (ty.has_err) {
        WEFT_TRY(err, arg(next));
        res.err = err;
      }
      return TypeDefKind(res);
    }
    case K::Tuple: {
      Tuple t;
      for (size_t i = 0; i < ty.args.size(); ++i) {
        WEFT_TRY(m, arg(i));
        t.types.push_back(m);
      }
      return TypeDefKind(std::move(t));
    }
    case K::Map: {
      WEFT_TRY(k, arg(0));
      WEFT_TRY(v, arg(1));
      return TypeDefKind(Map{k, v});
    }
    case K::Future:
    case K::Stream: {
      std::optional<Type> payload;
      if (!ty.args.empty()) {
        WEFT_TRY(p, arg(0));
        payload = p;
      }
      if (ty.kind == K::Future) return TypeDefKind(Future{payload});
      return TypeDefKind(Stream{payload});
    }
  }
  return fail(ty.span, "unknown type");
}

// An anonymous use of a type: named types by reference, `own<r>` as `r` itself, the
// rest as shared anonymous definitions.
Result<Type> Resolver::resolve_type(Scope& scope, const ast::TypeExpr& ty) {
  WEFT_TRY(kind, resolve_type_kind(scope, ty));
  if (const auto* alias = std::get_if<Alias>(&kind)) return alias->target;
  if (const auto* h = std::get_if<Handle>(&kind); h && h->kind == Handle::Kind::Own) return Type::of(h->resource);
  return intern(std::move(kind));
}

Result<Type> Resolver::resolve_value_type(Scope& scope, const ast::TypeExpr& ty) {
  WEFT_TRY(t, resolve_type(scope, ty));
  return own_if_resource(t);
}

// A resource named where a value goes is an owned handle to it.
Type Resolver::own_if_resource(Type ty) {
  if (!ty.is_def() || !std::holds_alternative<Resource>(r_[r_.follow_aliases(ty.def)].kind)) return ty;
  return intern(Handle{Handle::Kind::Own, ty.def});
}

Type Resolver::intern(TypeDefKind kind) {
  std::string key = kind_key(kind);
  if (!key.empty())
    if (auto it = anon_.find(key); it != anon_.end()) return Type::of(it->second);
  TypeId id{uint32_t(r_.types.size())};
  r_.types.push_back(TypeDef{"", std::move(kind), {}, {}, {}});
  if (!key.empty()) anon_.emplace(std::move(key), id);
  return Type::of(id);
}

Result<TypeId> Resolver::lookup_type(Scope& scope, const ast::Ident& name) {
  auto it = scope.names.find(name.name);
  if (it == scope.names.end())
    return fail(name.span, fmt::format("{} `{}` does not exist", in_function_ ? "name" : "type", name.name));
  switch (it->second.kind) {
    case Binding::Kind::Function: return fail(name.span, fmt::format("cannot use function `{}` as a type", name.name));
    case Binding::Kind::ExcludedType: return excluded(item_span_, "type");
    case Binding::Kind::Type: break;
  }
  return it->second.type;
}

Result<TypeId> Resolver::lookup_resource(Scope& scope, const ast::Ident& name) {
  WEFT_TRY(id, lookup_type(scope, name));
  if (!std::holds_alternative<Resource>(r_[r_.follow_aliases(id)].kind))
    return fail(name.span, fmt::format("type `{}` used in a handle must be a resource", name.name));
  return id;
}

}  // namespace weft::component::wit

// Name resolution of functions: freestanding ones, and resource constructors, methods
// and static functions with their component-level names.
#include <fmt/format.h>

#include <set>

#include "component/wit/resolver.h"

namespace weft::component::wit {
namespace {

std::string resource_func_name(ast::ResourceFunc::Kind kind, std::string_view resource, std::string_view name) {
  switch (kind) {
    case ast::ResourceFunc::Kind::Constructor: return fmt::format("[constructor]{}", resource);
    case ast::ResourceFunc::Kind::Method: return fmt::format("[method]{}.{}", resource, name);
    case ast::ResourceFunc::Kind::Static: return fmt::format("[static]{}.{}", resource, name);
  }
  return std::string(name);
}

Function::Kind function_kind(ast::ResourceFunc::Kind kind) {
  switch (kind) {
    case ast::ResourceFunc::Kind::Constructor: return Function::Kind::Constructor;
    case ast::ResourceFunc::Kind::Method: return Function::Kind::Method;
    case ast::ResourceFunc::Kind::Static: return Function::Kind::Static;
  }
  return Function::Kind::Freestanding;
}

// Name lookups inside a function signature report "name `x` does not exist".
struct InFunction {
  explicit InFunction(bool& flag) : flag_(flag) { flag_ = true; }
  ~InFunction() { flag_ = false; }
  bool& flag_;
};

}  // namespace

// Functions in declaration order, a resource's functions where the resource is.
Result<void> Resolver::resolve_functions(Scope& scope, const std::vector<ast::InterfaceItem>& items,
                                         std::vector<Function>& out) {
  for (const ast::InterfaceItem& item : items) {
    if (const auto* f = std::get_if<ast::NamedFunc>(&item)) {
      WEFT_CHECK(define(scope, f->name, Binding::of(Binding::Kind::Function)));
      WEFT_TRY(included, include_stability(f->gate.stability, f->name.span));
      if (!included) continue;
      WEFT_TRY(func, resolve_function(scope, *f, Function::Kind::Freestanding, f->name.name, {}));
      out.push_back(std::move(func));
    } else if (const auto* def = std::get_if<ast::TypeDef>(&item); def && def->kind == ast::TypeDef::Kind::Resource) {
      WEFT_CHECK(resolve_resource_funcs(scope, *def, out));
    }
  }
  return {};
}

Result<void> Resolver::resolve_resource_funcs(Scope& scope, const ast::TypeDef& def, std::vector<Function>& out) {
  std::set<std::string> names;
  bool constructor = false;
  for (const ast::ResourceFunc& rf : def.funcs) {
    const ast::Ident& name = rf.func.name;
    if (rf.kind == ast::ResourceFunc::Kind::Constructor) {
      if (constructor) return fail(name.span, "duplicate constructors");
      constructor = true;
    } else if (!names.insert(name.name).second) {
      return fail(name.span, fmt::format("duplicate function name `{}`", name.name));
    }
  }
  for (const ast::ResourceFunc& rf : def.funcs) {
    WEFT_TRY(included, include_stability(rf.func.gate.stability, rf.func.name.span));
    if (!included) continue;
    item_span_ = rf.func.name.span;
    WEFT_TRY(resource, lookup_type(scope, def.name));
    std::string name = resource_func_name(rf.kind, def.name.name, rf.func.name.name);
    WEFT_TRY(func, resolve_function(scope, rf.func, function_kind(rf.kind), name, resource));
    if (rf.kind == ast::ResourceFunc::Kind::Constructor) {
      WEFT_TRY(result, constructor_result(scope, def, rf.func.func));
      func.result = result;
    }
    out.push_back(std::move(func));
  }
  return {};
}

Result<Function> Resolver::resolve_function(Scope& scope, const ast::NamedFunc& f, Function::Kind kind,
                                            const std::string& name, TypeId resource) {
  item_span_ = f.name.span;
  Function func;
  func.name = name;
  func.kind = kind;
  func.is_async = f.func.is_async;
  func.resource = resource;
  func.docs = f.docs;
  func.stability = f.gate.stability;
  func.external_id = f.gate.external_id;
  if (kind == Function::Kind::Method) func.params.push_back(Param{"self", intern(Handle{Handle::Kind::Borrow, resource})});
  std::set<std::string> seen;
  InFunction guard(in_function_);
  for (const ast::Param& p : f.func.params) {
    if (!seen.insert(p.name.name).second)
      return fail(p.name.span, fmt::format("param `{}` is defined more than once", p.name.name));
    WEFT_TRY(ty, resolve_value_type(scope, p.type));
    func.params.push_back(Param{p.name.name, ty});
  }
  if (kind != Function::Kind::Constructor && f.func.result) {
    WEFT_TRY(ty, resolve_value_type(scope, *f.func.result));
    func.result = ty;
  }
  if (func.result && contains_borrow(*func.result))
    return fail(f.name.span,
                fmt::format("function `{}` returns a type which contains a `borrow<T>` which is not supported", name));
  return func;
}

// `constructor(...)` returns `own<r>`; a declared result must be `result<r, E>`.
Result<std::optional<Type>> Resolver::constructor_result(Scope& scope, const ast::TypeDef& def,
                                                         const ast::Func& func) {
  if (!func.result) {
    WEFT_TRY(resource, lookup_type(scope, def.name));
    return std::optional<Type>(own_if_resource(Type::of(resource)));
  }
  const ast::TypeExpr& ty = *func.result;
  if (ty.kind != ast::TypeExpr::Kind::Result)
    return fail(ty.span, "if a constructor return type is declared it must be a `result`");
  if (!ty.has_ok || ty.args[0].kind != ast::TypeExpr::Kind::Name || ty.args[0].name.name != def.name.name)
    return fail(ty.has_ok ? ty.args[0].span : ty.span, "the `ok` type must be the resource being constructed");
  InFunction guard(in_function_);
  WEFT_TRY(result, resolve_value_type(scope, ty));
  return std::optional<Type>(result);
}

// Whether a value of this type can hold a `borrow<T>`; walks the type graph once.
bool Resolver::contains_borrow(Type ty, uint32_t) const {
  std::vector<Type> work{ty};
  std::set<uint32_t> seen;
  while (!work.empty()) {
    Type t = work.back();
    work.pop_back();
    if (!t.is_def() || !seen.insert(t.def.index).second) continue;
    const TypeDefKind& kind = r_[t.def].kind;
    auto push = [&](const std::optional<Type>& x) {
      if (x) work.push_back(*x);
    };
    if (const auto* h = std::get_if<Handle>(&kind)) {
      if (h->kind == Handle::Kind::Borrow) return true;
    } else if (const auto* a = std::get_if<Alias>(&kind)) {
      work.push_back(a->target);
    } else if (const auto* rec = std::get_if<Record>(&kind)) {
      for (const Field& f : rec->fields) work.push_back(f.type);
    } else if (const auto* tup = std::get_if<Tuple>(&kind)) {
      for (Type m : tup->types) work.push_back(m);
    } else if (const auto* var = std::get_if<Variant>(&kind)) {
      for (const Case& c : var->cases) push(c.type);
    } else if (const auto* opt = std::get_if<Option>(&kind)) {
      work.push_back(opt->type);
    } else if (const auto* res = std::get_if<ResultType>(&kind)) {
      push(res->ok);
      push(res->err);
    } else if (const auto* list = std::get_if<List>(&kind)) {
      work.push_back(list->element);
    } else if (const auto* fixed = std::get_if<FixedList>(&kind)) {
      work.push_back(fixed->element);
    } else if (const auto* map = std::get_if<Map>(&kind)) {
      work.push_back(map->key);
      work.push_back(map->value);
    }
  }
  return false;
}

}  // namespace weft::component::wit

// Subtyping, resource substitution and type-graph walks.
#include "component/types/subtype.h"

#include <fmt/format.h>

namespace weft::component {
namespace {

std::unexpected<std::string> fail(std::string m) { return std::unexpected(std::move(m)); }

// "context: detail", so a script's expected text matches either line.
Check context(Check c, const std::string& what) {
  if (c) return c;
  return fail(what + ": " + c.error());
}

uint64_t key(TypeRef t) { return (uint64_t(t.kind) << 32) | t.index; }

std::string core_functype_text(const core::FuncType& f) {
  std::string s = "(func";
  if (!f.params.empty()) {
    s += " (param";
    for (auto p : f.params) s += fmt::format(" {}", core::valtype_name(p));
    s += ")";
  }
  if (!f.results.empty()) {
    s += " (result";
    for (auto r : f.results) s += fmt::format(" {}", core::valtype_name(r));
    s += ")";
  }
  return s + ")";
}

bool limits_match(const core::Limits& a, const core::Limits& b) {
  if (a.min < b.min) return false;
  if (!b.max) return true;
  return a.max && *a.max <= *b.max;
}

constexpr uint32_t kMaxCheckDepth = 1000;  // far above what validation lets types nest

}  // namespace

Check Subtyping::resource(uint32_t a, uint32_t b) {
  uint32_t ra = arena_.resource_root(a), rb = arena_.resource_root(b);
  for (uint32_t* r : {&ra, &rb}) {
    if (auto it = bindings_.find(*r); it != bindings_.end()) *r = it->second;
  }
  if (ra == rb) return {};
  // Unbound type variables take the other side's resource.
  if (bindable_.count(rb) && !bindings_.count(rb)) { bindings_[rb] = ra; return {}; }
  if (bindable_.count(ra) && !bindings_.count(ra)) { bindings_[ra] = rb; return {}; }
  return fail("resource types are not the same");
}

Check Subtyping::optional_value(const std::optional<ValType>& a, const std::optional<ValType>& b, const char* what) {
  if (a && b) return context(value(*a, *b), fmt::format("type mismatch in {}", what));
  if (!a && b) return fail(fmt::format("expected {} type, but found none", what));
  if (a && !b) return fail(fmt::format("expected {} type to not be present", what));
  return {};
}

Check Subtyping::value(ValType a, ValType b) {
  if (a == b) return {};
  bool ap = a.kind == TypeKind::Prim, bp = b.kind == TypeKind::Prim;
  if (ap && bp) return fail(fmt::format("expected primitive `{}` found primitive `{}`", prim_name(b.as_prim()), prim_name(a.as_prim())));
  if (ap || bp) return fail(fmt::format("expected {}, found {}", arena_.describe(b), arena_.describe(a)));
  if (proven_.count({key(a), key(b)})) return {};
  if (++depth_ > kMaxCheckDepth) return fail("type nesting is too deep");
  Check c = defined(arena_.defined(a.index), arena_.defined(b.index));
  --depth_;
  if (c) proven_.insert({key(a), key(b)});
  return c;
}

Check Subtyping::defined(const DefinedType& a, const DefinedType& b) {
  if (a.kind != b.kind || (a.kind == DefinedKind::FixedList) != (b.kind == DefinedKind::FixedList)) {
    return fail(fmt::format("expected {}, found {}", defined_kind_name(b.kind), defined_kind_name(a.kind)));
  }
  switch (a.kind) {
    case DefinedKind::Record:
      if (a.fields.size() != b.fields.size())
        return fail(fmt::format("expected {} fields, found {}", b.fields.size(), a.fields.size()));
      for (size_t i = 0; i < a.fields.size(); ++i) {
        if (a.fields[i].name != b.fields[i].name)
          return fail(fmt::format("expected field name `{}`, found `{}`", b.fields[i].name, a.fields[i].name));
        Check c = context(value(a.fields[i].type, b.fields[i].type), fmt::format("type mismatch in record field `{}`", a.fields[i].name));
        if (!c) return c;
      }
      return {};
    case DefinedKind::Variant:
      if (a.cases.size() != b.cases.size())
        return fail(fmt::format("expected {} cases, found {}", b.cases.size(), a.cases.size()));
      for (size_t i = 0; i < a.cases.size(); ++i) {
        const Case &ca = a.cases[i], &cb = b.cases[i];
        if (ca.name != cb.name) return fail(fmt::format("expected case named `{}`, found `{}`", cb.name, ca.name));
        if (cb.type && !ca.type) return fail(fmt::format("expected case `{}` to have a type, found none", ca.name));
        if (!cb.type && ca.type) return fail(fmt::format("expected case `{}` to have no type", ca.name));
        if (ca.type) {
          Check c = context(value(*ca.type, *cb.type), fmt::format("type mismatch in variant case `{}`", ca.name));
          if (!c) return c;
        }
      }
      return {};
    case DefinedKind::Tuple:
      if (a.types.size() != b.types.size())
        return fail(fmt::format("expected {} types, found {}", b.types.size(), a.types.size()));
      for (size_t i = 0; i < a.types.size(); ++i) {
        Check c = context(value(a.types[i], b.types[i]), fmt::format("type mismatch in tuple field {}", i));
        if (!c) return c;
      }
      return {};
    case DefinedKind::Flags:
      if (a.labels != b.labels) return fail("mismatch in flags elements");
      return {};
    case DefinedKind::Enum:
      if (a.labels != b.labels) return fail("mismatch in enum elements");
      return {};
    case DefinedKind::List: return context(value(*a.elem, *b.elem), "type mismatch in list");
    case DefinedKind::FixedList:
      if (a.length != b.length) return fail(fmt::format("expected list of length {}, found length {}", b.length, a.length));
      return context(value(*a.elem, *b.elem), "type mismatch in list");
    case DefinedKind::Option: return context(value(*a.elem, *b.elem), "type mismatch in option");
    case DefinedKind::Result: {
      Check ok = optional_value(a.elem, b.elem, "ok");
      if (!ok) {
        // wasm-tools says "ok variant"/"err variant" for mismatching payloads.
        if (ok.error().starts_with("type mismatch in ok")) return fail("type mismatch in ok variant" + ok.error().substr(19));
        return ok;
      }
      Check err = optional_value(a.elem2, b.elem2, "err");
      if (!err && err.error().starts_with("type mismatch in err")) return fail("type mismatch in err variant" + err.error().substr(20));
      return err;
    }
    case DefinedKind::Map: {
      Check k = context(value(*a.elem, *b.elem), "type mismatch in map key");
      if (!k) return k;
      return context(value(*a.elem2, *b.elem2), "type mismatch in map value");
    }
    case DefinedKind::Own: case DefinedKind::Borrow: return resource(a.resource, b.resource);
    case DefinedKind::Stream: case DefinedKind::Future: {
      const char* what = a.kind == DefinedKind::Stream ? "stream" : "future";
      if (a.elem.has_value() != b.elem.has_value()) return fail(fmt::format("type mismatch in {}", what));
      if (!a.elem) return {};
      return context(value(*a.elem, *b.elem), fmt::format("type mismatch in {}", what));
    }
  }
  return {};
}

Check Subtyping::func(const FuncType& a, const FuncType& b) {
  if (a.async && !b.async) return fail("expected sync function, found async function");
  if (!a.async && b.async) return fail("expected async function, found sync function");
  if (a.params.size() != b.params.size())
    return fail(fmt::format("expected {} parameters, found {}", b.params.size(), a.params.size()));
  for (size_t i = 0; i < a.params.size(); ++i) {
    if (a.params[i].name != b.params[i].name)
      return fail(fmt::format("expected parameter named `{}`, found `{}`", b.params[i].name, a.params[i].name));
    // Parameters are contravariant; with value types being invariant the order only
    // matters for messages.
    Check c = context(value(b.params[i].type, a.params[i].type), fmt::format("type mismatch in function parameter `{}`", a.params[i].name));
    if (!c) return c;
  }
  if (a.result && b.result) return context(value(*a.result, *b.result), "type mismatch with result type");
  if (!a.result && b.result) return fail("expected a result, found none");
  if (a.result && !b.result) return fail("expected no result, found one");
  return {};
}

Check Subtyping::instance(const InstanceType& a, const InstanceType& b) {
  for (const NamedExtern& be : b.exports) {
    const NamedExtern* ae = a.find_export(be.name);
    if (!ae) return fail(fmt::format("missing expected export `{}`", be.name));
    Check c = context(extern_type(ae->type, be.type), fmt::format("type mismatch in instance export `{}`", be.name));
    if (!c) return c;
  }
  return {};
}

Check Subtyping::component(const ComponentType& a, const ComponentType& b) {
  // The subtype's imports are type variables the supertype's imports instantiate, and
  // its exported resources correspond to the supertype's.
  allow_binding(a.imported_resources);
  allow_binding(a.defined_resources);
  for (const NamedExtern& ai : a.imports) {
    const NamedExtern* bi = b.find_import(ai.name);
    if (!bi) return fail(fmt::format("missing expected import `{}`", ai.name));
    Check c = context(extern_type(bi->type, ai.type), fmt::format("type mismatch in import `{}`", ai.name));
    if (!c) return c;
  }
  for (const NamedExtern& be : b.exports) {
    const NamedExtern* ae = a.find_export(be.name);
    if (!ae) return fail(fmt::format("missing expected export `{}`", be.name));
    Check c = context(extern_type(ae->type, be.type), fmt::format("type mismatch in export `{}`", be.name));
    if (!c) return c;
  }
  return {};
}

Check Subtyping::core_extern(const CoreExternType& a, const CoreExternType& b) {
  if (a.kind != b.kind)
    return fail(fmt::format("expected {}, found {}", core::extern_kind_name(b.kind), core::extern_kind_name(a.kind)));
  switch (a.kind) {
    case core::ExternKind::Func: case core::ExternKind::Tag:
      if (a.func != b.func)
        return fail(fmt::format("type mismatch: expected: {}, found: {}", core_functype_text(b.func), core_functype_text(a.func)));
      return {};
    case core::ExternKind::Table:
      if (a.table.elem != b.table.elem)
        return fail(fmt::format("expected table element type {}, found {}", core::valtype_name(b.table.elem), core::valtype_name(a.table.elem)));
      if (a.table.is64 != b.table.is64) return fail("mismatch in table address type");
      if (!limits_match(a.table.limits, b.table.limits)) return fail("mismatch in table limits");
      return {};
    case core::ExternKind::Memory:
      if (a.memory.is64 != b.memory.is64) return fail("mismatch in memory address type");
      if (a.memory.shared != b.memory.shared) return fail("mismatch in the shared flag for memories");
      if (!limits_match(a.memory.limits, b.memory.limits)) return fail("mismatch in memory limits");
      return {};
    case core::ExternKind::Global:
      if (a.global.mut != b.global.mut) return fail("global types differ in mutability");
      if (a.global.type != b.global.type)
        return fail(fmt::format("expected global type {}, found {}", core::valtype_name(b.global.type), core::valtype_name(a.global.type)));
      return {};
  }
  return {};
}

Check Subtyping::module(const ModuleType& a, const ModuleType& b) {
  for (const CoreImport& ai : a.imports) {
    const CoreImport* bi = nullptr;
    for (const CoreImport& x : b.imports)
      if (x.module == ai.module && x.name == ai.name) bi = &x;
    if (!bi) return fail(fmt::format("missing expected import `{}::{}`", ai.module, ai.name));
    Check c = context(core_extern(bi->type, ai.type), fmt::format("type mismatch in import `{}::{}`", ai.module, ai.name));
    if (!c) return c;
  }
  for (const CoreExport& be : b.exports) {
    const CoreExport* ae = nullptr;
    for (const CoreExport& x : a.exports)
      if (x.name == be.name) ae = &x;
    if (!ae) return fail(fmt::format("missing expected export `{}`", be.name));
    Check c = context(core_extern(ae->type, be.type), fmt::format("type mismatch in export `{}`", be.name));
    if (!c) return c;
  }
  return {};
}

Check Subtyping::type_ref(TypeRef a, TypeRef b) {
  if (b.kind == TypeKind::Resource) {
    if (a.kind != TypeKind::Resource) return fail("expected resource, found defined type");
    return resource(a.index, b.index);
  }
  if (a.kind == TypeKind::Resource) return fail(b.is_valtype() ? "expected defined type, found resource" : "expected " + arena_.describe(b) + ", found resource");
  if (a.is_valtype() && b.is_valtype()) {
    if (b.kind == TypeKind::Prim && a.kind == TypeKind::Defined)
      return fail(fmt::format("expected primitive, found {}", arena_.describe(a)));
    return value(a, b);
  }
  if (a.kind != b.kind) return fail(fmt::format("expected {}, found {}", arena_.describe(b), arena_.describe(a)));
  switch (a.kind) {
    case TypeKind::Func: return func(arena_.func(a.index), arena_.func(b.index));
    case TypeKind::Instance: return instance(arena_.instance(a.index), arena_.instance(b.index));
    case TypeKind::Component: return component(arena_.component(a.index), arena_.component(b.index));
    case TypeKind::Module: return module(arena_.module(a.index), arena_.module(b.index));
    default: return {};
  }
}

Check Subtyping::extern_type(const ExternType& a, const ExternType& b) {
  if (a.kind != b.kind) return fail(fmt::format("expected {}, found {}", extern_kind_name(b.kind), extern_kind_name(a.kind)));
  if (a.kind == ExternKind::Value) return value(a.type, b.type);
  if (a.kind == ExternKind::Type) return type_ref(a.type, b.type);
  if (++depth_ > kMaxCheckDepth) return fail("type nesting is too deep");
  Check c = type_ref(a.type, b.type);
  --depth_;
  return c;
}

// ---- Remap ------------------------------------------------------------------------

uint32_t Remap::root(uint32_t r) const {
  auto it = roots_.find(r);
  return it == roots_.end() ? r : it->second;
}

std::vector<uint32_t> Remap::roots(const std::vector<uint32_t>& rs) const {
  std::vector<uint32_t> out;
  for (uint32_t r : rs) out.push_back(root(r));
  return out;
}

std::vector<NamedExtern> Remap::externs(const std::vector<NamedExtern>& es) {
  std::vector<NamedExtern> out;
  out.reserve(es.size());
  for (const NamedExtern& e : es) out.push_back({e.name, extern_type(e.type)});
  return out;
}

TypeRef Remap::type(TypeRef t) {
  if (empty() || t.kind == TypeKind::Prim || t.kind == TypeKind::Module) return t;
  if (t.kind == TypeKind::Defined)
    if (auto it = defined_.find(t.index); it != defined_.end()) return {TypeKind::Defined, it->second};
  auto mk = std::make_pair(uint8_t(t.kind), t.index);
  if (auto it = memo_.find(mk); it != memo_.end()) return it->second;
  TypeRef out = t;
  switch (t.kind) {
    case TypeKind::Resource: {
      uint32_t r = arena_.resource_root(t.index);
      if (root(r) != r) out = arena_.resource_with_root(root(r));
      break;
    }
    case TypeKind::Defined: {
      DefinedType d = arena_.defined(t.index);
      DefinedType n = d;
      for (Field& f : n.fields) f.type = type(f.type);
      for (Case& c : n.cases) c.type = opt(c.type);
      for (ValType& v : n.types) v = type(v);
      n.elem = opt(n.elem);
      n.elem2 = opt(n.elem2);
      if (n.kind == DefinedKind::Own || n.kind == DefinedKind::Borrow) n.resource = type({TypeKind::Resource, n.resource}).index;
      bool same = n.resource == d.resource && n.elem == d.elem && n.elem2 == d.elem2;
      for (size_t i = 0; same && i < n.fields.size(); ++i) same = n.fields[i].type == d.fields[i].type;
      for (size_t i = 0; same && i < n.cases.size(); ++i) same = n.cases[i].type == d.cases[i].type;
      for (size_t i = 0; same && i < n.types.size(); ++i) same = n.types[i] == d.types[i];
      if (!same) out = arena_.add_defined(std::move(n));
      break;
    }
    case TypeKind::Func: {
      FuncType f = arena_.func(t.index);
      for (Field& p : f.params) p.type = type(p.type);
      f.result = opt(f.result);
      out = arena_.add_func(std::move(f));
      break;
    }
    case TypeKind::Instance: {
      InstanceType src = arena_.instance(t.index);
      InstanceType i{externs(src.exports), roots(src.defined_resources)};
      out = arena_.add_instance(std::move(i));
      break;
    }
    case TypeKind::Component: {
      ComponentType src = arena_.component(t.index);
      ComponentType c{externs(src.imports), externs(src.exports), roots(src.imported_resources), roots(src.defined_resources)};
      out = arena_.add_component(std::move(c));
      break;
    }
    default: break;
  }
  memo_[mk] = out;
  return out;
}

TypeRef freshen(TypeArena& arena, TypeRef t, const std::vector<uint32_t>& roots) {
  if (roots.empty()) return t;
  std::map<uint32_t, uint32_t> m;
  for (uint32_t r : roots) m[r] = arena.add_resource().index;
  return Remap(arena, std::move(m)).type(t);
}

// ---- walks ------------------------------------------------------------------------

namespace {

template <class Visit>
void walk(const TypeArena& arena, TypeRef t, std::set<uint64_t>& seen, const Visit& visit) {
  if (t.kind == TypeKind::Prim || t.kind == TypeKind::Module || !seen.insert(key(t)).second) return;
  visit(t);
  auto go = [&](TypeRef u) { walk(arena, u, seen, visit); };
  auto go_opt = [&](const std::optional<ValType>& u) { if (u) go(*u); };
  switch (t.kind) {
    case TypeKind::Defined: {
      const DefinedType& d = arena.defined(t.index);
      for (const Field& f : d.fields) go(f.type);
      for (const Case& c : d.cases) go_opt(c.type);
      for (ValType v : d.types) go(v);
      go_opt(d.elem);
      go_opt(d.elem2);
      if (d.kind == DefinedKind::Own || d.kind == DefinedKind::Borrow) go({TypeKind::Resource, d.resource});
      break;
    }
    case TypeKind::Func: {
      const FuncType& f = arena.func(t.index);
      for (const Field& p : f.params) go(p.type);
      go_opt(f.result);
      break;
    }
    case TypeKind::Instance:
      for (const NamedExtern& e : arena.instance(t.index).exports) go(e.type.type);
      break;
    case TypeKind::Component: {
      const ComponentType& c = arena.component(t.index);
      for (const NamedExtern& e : c.imports) go(e.type.type);
      for (const NamedExtern& e : c.exports) go(e.type.type);
      break;
    }
    default: break;
  }
}

}  // namespace

void collect_resources(const TypeArena& arena, TypeRef t, std::vector<uint32_t>& out) {
  std::set<uint64_t> seen;
  walk(arena, t, seen, [&](TypeRef u) {
    if (u.kind == TypeKind::Resource) out.push_back(u.index);
  });
}

void collect_defined(const TypeArena& arena, TypeRef t, std::vector<uint32_t>& out) {
  std::set<uint64_t> seen;
  walk(arena, t, seen, [&](TypeRef u) {
    if (u.kind == TypeKind::Defined) out.push_back(u.index);
  });
}

}  // namespace weft::component

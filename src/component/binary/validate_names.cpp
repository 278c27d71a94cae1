// Import/export names in context: attributes, annotated names ([constructor], [method],
// [static]) and the external visibility of the types an import/export mentions.
// spec: Explainer.md "Import and Export Definitions", "External Visibility of Types";
// Binary.md "Import and Export Definitions" notes
#include "component/binary/validator_impl.h"

namespace weft::component::detail {
namespace {

bool nominal(DefinedKind k) {
  return k == DefinedKind::Record || k == DefinedKind::Variant || k == DefinedKind::Enum || k == DefinedKind::Flags;
}

struct VisibilityWalk {
  const TypeArena& arena;
  std::set<uint32_t> resources;  // named resource names
  std::set<uint32_t> defined;    // named defined type ids
  const std::map<uint32_t, uint32_t>* copy_of = nullptr;  // exported defined type -> what it exports

  // A type an instance or component type exports names, for the rest of that type,
  // the type the export refers to as well as the copy it creates (wasm-tools: the
  // `referenced` id), so a component instantiated from `(export "t" (type $t))` can
  // be exported as a whole. A component's own export names only the copy.
  void name_defined(uint32_t i) {
    while (defined.insert(i).second && copy_of) {
      auto it = copy_of->find(i);
      if (it == copy_of->end()) break;
      i = it->second;
    }
  }
  std::set<uint32_t> ok_defined; // memo

  // By name, not identity: `(export $R2 "r" (type $R))` names $R2 only (spec).
  bool resource_named(uint32_t r) const { return resources.count(r) > 0; }

  bool val(ValType t, bool top = false) {
    if (t.kind != TypeKind::Defined) return true;
    if (ok_defined.count(t.index)) return true;
    const DefinedType& d = arena.defined(t.index);
    if (!top && nominal(d.kind) && !defined.count(t.index)) return false;
    if (!top && defined.count(t.index)) return true;
    bool ok = true;
    if (d.kind == DefinedKind::Own || d.kind == DefinedKind::Borrow) ok = resource_named(d.resource);
    for (const Field& f : d.fields) ok = ok && val(f.type);
    for (const Case& c : d.cases) ok = ok && (!c.type || val(*c.type));
    for (ValType v : d.types) ok = ok && val(v);
    if (d.elem) ok = ok && val(*d.elem);
    if (d.elem2) ok = ok && val(*d.elem2);
    if (ok) ok_defined.insert(t.index);
    return ok;
  }

  bool func(const FuncType& f) {
    for (const Field& p : f.params)
      if (!val(p.type)) return false;
    return !f.result || val(*f.result);
  }

  // Types exported by an instance/component type name themselves for what follows.
  void name_externs(const std::vector<NamedExtern>& es) {
    for (const NamedExtern& e : es) {
      if (e.type.kind != ExternKind::Type) continue;
      if (e.type.type.kind == TypeKind::Resource) resources.insert(e.type.type.index);
      if (e.type.type.kind == TypeKind::Defined) name_defined(e.type.type.index);
    }
  }

  bool externs(const std::vector<NamedExtern>& es) {
    for (const NamedExtern& e : es)
      if (!extern_type(e.type)) return false;
    return true;
  }

  bool extern_type(const ExternType& t) {
    switch (t.kind) {
      case ExternKind::Func: return func(arena.func(t.type.index));
      case ExternKind::Value: return val(t.type);
      case ExternKind::Type:
        if (t.type.is_valtype()) return val(t.type, true);
        if (t.type.kind == TypeKind::Func) return func(arena.func(t.type.index));
        // An instance or component type as a type import/export: as if it were one.
        if (t.type.kind == TypeKind::Instance) return extern_type({ExternKind::Instance, t.type});
        if (t.type.kind == TypeKind::Component) return extern_type({ExternKind::Component, t.type});
        return true;
      case ExternKind::Instance: {
        const InstanceType& it = arena.instance(t.type.index);
        name_externs(it.exports);
        return externs(it.exports);
      }
      case ExternKind::Component: {
        const ComponentType& ct = arena.component(t.type.index);
        name_externs(ct.imports);
        name_externs(ct.exports);
        return externs(ct.imports) && externs(ct.exports);
      }
      case ExternKind::Module: return true;
    }
    return true;
  }
};

}  // namespace

bool Validator::visible(const ExternType& type, bool is_import) {
  Scope& sc = scope();
  VisibilityWalk w{arena_, sc.import_named_resources, sc.import_named_defined, {}};
  if (!is_import) {
    w.resources.insert(sc.export_named_resources.begin(), sc.export_named_resources.end());
    w.defined.insert(sc.export_named_defined.begin(), sc.export_named_defined.end());
  }
  w.copy_of = &defined_copy_of_;
  return w.extern_type(type);
}

void Validator::name_type(const ParsedName& p, TypeRef t, bool is_import) {
  Scope& sc = scope();
  if (t.kind == TypeKind::Instance || t.kind == TypeKind::Component) {
    // An imported/exported instance or component names the types it exports.
    std::vector<const std::vector<NamedExtern>*> lists;
    if (t.kind == TypeKind::Instance) lists.push_back(&arena_.instance(t.index).exports);
    else lists.push_back(&arena_.component(t.index).exports);
    for (const auto* l : lists)
      for (const NamedExtern& e : *l)
        if (e.type.kind == ExternKind::Type || e.type.kind == ExternKind::Instance) name_type({}, e.type.type, is_import);
    return;
  }
  if (t.kind == TypeKind::Resource) {
    (is_import ? sc.import_named_resources : sc.export_named_resources).insert(t.index);
    // The first name wins: `type trailers = fields;` must not rename `fields` for its
    // `[constructor]fields` (wasi:http types exports both before the functions).
    if (p.kind == ParsedName::Kind::Label)
      (is_import ? sc.import_resource_labels : sc.export_resource_labels).try_emplace(arena_.resource_root(t.index), p.label);
  } else if (t.kind == TypeKind::Defined) {
    (is_import ? sc.import_named_defined : sc.export_named_defined).insert(t.index);
  }
}

Result<void> Validator::check_annotated(const ParsedName& p, const ExternName& name, const ExternType& type, bool is_import) {
  if (type.kind != ExternKind::Func) return invalid(name.offset, fmt::format("`{}` is not a func", name.name));
  const FuncType& f = arena_.func(type.type.index);
  auto& labels = is_import ? scope().import_resource_labels : scope().export_resource_labels;
  auto check_resource = [&](uint32_t resource) -> Result<void> {
    auto it = labels.find(arena_.resource_root(resource));
    if (it == labels.end()) return invalid(name.offset, "resource used in function does not have a name in this context");
    if (it->second != p.resource)
      return invalid(name.offset, fmt::format("function does not match expected resource name `{}`", it->second));
    return {};
  };
  auto handle = [&](std::optional<ValType> v, DefinedKind kind) -> std::optional<uint32_t> {
    if (!v || v->kind != TypeKind::Defined) return std::nullopt;
    const DefinedType& d = arena_.defined(v->index);
    if (d.kind != kind) return std::nullopt;
    return d.resource;
  };
  switch (p.kind) {
    case ParsedName::Kind::Constructor: {
      if (!f.result) return invalid(name.offset, "function should return one value");
      auto r = handle(f.result, DefinedKind::Own);
      if (!r && f.result->kind == TypeKind::Defined) {
        const DefinedType& d = arena_.defined(f.result->index);
        if (d.kind == DefinedKind::Result) r = handle(d.elem, DefinedKind::Own);
      }
      if (!r) return invalid(name.offset, "function should return `(own $T)` or `(result (own $T))`");
      return check_resource(*r);
    }
    case ParsedName::Kind::Method: {
      if (f.params.empty()) return invalid(name.offset, "function should have at least one argument");
      if (f.params[0].name != "self") return invalid(name.offset, "function should have a first argument called `self`");
      auto r = handle(f.params[0].type, DefinedKind::Borrow);
      if (!r) return invalid(name.offset, "function should take a first argument of `(borrow $T)`");
      return check_resource(*r);
    }
    case ParsedName::Kind::Static: {
      for (const auto& [root, label] : labels)
        if (label == p.resource) return {};
      return invalid(name.offset, "static resource name is not known in this context");
    }
    default: return {};
  }
}

Result<ParsedName> Validator::check_name(const ExternName& name, const ExternType& type, bool is_import,
                                         bool check_visibility) {
  auto parsed = parse_extern_name(name.name);
  if (!parsed) return invalid(name.offset, parsed.error());
  if (name.implements) {
    if (!features_.cm_implements) return invalid(name.offset, "the `cm-implements` feature is not active");
    const std::string& i = *name.implements;
    if (i.empty()) return invalid(name.offset, "`` is not a valid name");
    if (i.find(':') == std::string::npos) return invalid(name.offset, fmt::format("`{}` must be an interface name", i));
    if (auto c = check_interface_name(i); !c) return invalid(name.offset, c.error());
    if (type.kind != ExternKind::Instance) return invalid(name.offset, "only instances can have an `implements`");
    if (parsed->kind != ParsedName::Kind::Label)
      return invalid(name.offset, fmt::format("name `{}` is not valid with `implements`", name.name));
  }
  if (parsed->kind == ParsedName::Kind::Constructor || parsed->kind == ParsedName::Kind::Method ||
      parsed->kind == ParsedName::Kind::Static)
    WEFT_CHECK(check_annotated(*parsed, name, type, is_import));
  // Instance types defer the check until they are attached to an import or export;
  // component types check eagerly.
  if (check_visibility && scope().kind != ScopeKind::InstanceType && !visible(type, is_import)) {
    return invalid(name.offset, fmt::format("{} not valid to be used as {}", extern_kind_name(type.kind),
                                            is_import ? "import" : "export"));
  }
  return *parsed;
}

}  // namespace weft::component::detail

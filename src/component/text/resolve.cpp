// Name resolution: every `$id` becomes an index, and the aliases behind inline
// export references and outer references are inserted before their users.
// spec: Explainer.md#alias-definitions (inline alias sugar, outer alias sugar)
//
// Like wasm-tools, each group of definitions (a component, a component or
// instance type, a module type) is resolved in two phases: the first inserts
// the implied aliases, the second, with the final index spaces, resolves names.
#include <fmt/format.h>

#include <array>
#include <unordered_map>

#include "component/text/passes.h"

namespace weft::component::text {
namespace {

struct IdHash {
  size_t operator()(const Id& id) const { return std::hash<std::string>()(id.name) ^ (size_t(id.gensym) << 1); }
};

const char* sort_desc(Sort sort) {
  static constexpr const char* kDesc[] = {"core func", "core table",  "core memory", "core global",
                                          "core tag",  "core type",   "core module", "core instance",
                                          "func",      "value",       "type",        "component",
                                          "instance"};
  return kDesc[size_t(sort)];
}

std::string display(const Id& id) { return id.gensym ? fmt::format("gensym{}", id.gensym) : id.name; }

struct Namespace {
  std::unordered_map<Id, uint32_t, IdHash> names;
  uint32_t count = 0;
};

// The index spaces of one group of definitions.
struct State {
  std::optional<Id> id;
  std::array<Namespace, size_t(Sort::Count)> spaces;

  Result<uint32_t> add(Sort sort, const std::optional<Id>& name) {
    Namespace& ns = spaces[size_t(sort)];
    uint32_t index = ns.count++;
    if (name && !ns.names.emplace(*name, index).second)
      return make_error(Phase::Text, name->span, fmt::format("duplicate {} identifier", sort_desc(sort)));
    return index;
  }
  std::optional<uint32_t> find(Sort sort, const Index& idx) const {
    if (!idx.is_id) return idx.num;
    const auto& names = spaces[size_t(sort)].names;
    auto it = names.find(idx.id);
    if (it == names.end()) return std::nullopt;
    return it->second;
  }
  Result<void> resolve(Sort sort, Index& idx) const {
    auto found = find(sort, idx);
    if (!found)
      return make_error(Phase::Text, idx.span,
                        fmt::format("unknown {}: failed to find name `${}`", sort_desc(sort), display(idx.id)));
    idx = Index::number(*found, idx.span);
    return {};
  }
};

Field to_item(AliasField alias, Field*) { return Field(std::move(alias)); }
Decl to_item(AliasField alias, Decl*) {
  Decl d;
  d.kind = Decl::Kind::Alias;
  d.alias = std::make_unique<AliasField>(std::move(alias));
  return d;
}
ModuleDecl to_item(AliasField alias, ModuleDecl*) {
  ModuleDecl d;
  d.kind = ModuleDecl::Kind::Alias;
  d.span = alias.span;
  d.alias = std::make_shared<AliasField>(std::move(alias));
  return d;
}

class Resolver {
 public:
  explicit Resolver(Gensym& gensym) : gensym_(gensym) {}
  Result<void> component(ComponentField& c);

 private:
  State& current() { return stack_.back(); }

  template <class T, class Process, class Register>
  Result<void> group(const std::optional<Id>& id, std::vector<T>& items, Process process, Register reg);

  Result<void> field(Field& f);
  Result<void> add_field(State& state, const Field& f);
  Result<void> add_alias(State& state, const AliasField& alias) { return add(state, alias.sort, alias.id); }
  Result<void> add(State& state, Sort sort, const std::optional<Id>& id) {
    auto r = state.add(sort, id);
    if (!r) return std::unexpected(r.error());
    return {};
  }

  Result<void> alias(AliasField& a);
  Result<void> outer_alias(AliasField& a);
  Result<void> canon(CanonField& c);
  Result<void> item_sig(ItemSig& sig);
  Result<void> type_def(TypeDef& def, const std::optional<Id>& id);
  Result<void> defined(DefinedType& def);
  Result<void> val(ValType& t);
  Result<void> core_valtype(CoreValType& t);
  Result<void> core_func_type(CoreFuncType& t);
  Result<void> decls(std::vector<Decl>& decls, const std::optional<Id>& id);
  Result<void> module_type(std::vector<ModuleDecl>& decls, const std::optional<Id>& id);
  Result<void> core_ref(ItemRef& ref);
  Result<void> component_ref(ItemRef& ref);
  Result<void> resolve_ns(Index& idx, Sort sort);

  Gensym& gensym_;
  std::vector<State> stack_;
  bool expanding_ = false;
  std::vector<AliasField> aliases_to_insert_;
};

template <class T, class Process, class Register>
Result<void> Resolver::group(const std::optional<Id>& id, std::vector<T>& items, Process process, Register reg) {
  // Groups nested in a definition are resolved in its second phase only.
  if (expanding_) return {};
  expanding_ = true;
  stack_.emplace_back();
  stack_.back().id = id;
  for (const T& item : items) WEFT_CHECK(reg(stack_.back(), item));
  for (size_t i = 0; i < items.size();) {
    auto r = process(items[i]);
    if (!r) {
      expanding_ = false;
      return r;
    }
    std::vector<T> before;
    for (AliasField& a : aliases_to_insert_) before.push_back(to_item(std::move(a), static_cast<T*>(nullptr)));
    aliases_to_insert_.clear();
    size_t amount = before.size();
    items.insert(items.begin() + ptrdiff_t(i), std::make_move_iterator(before.begin()),
                 std::make_move_iterator(before.end()));
    i += amount + 1;
  }
  stack_.pop_back();
  expanding_ = false;

  stack_.emplace_back();
  stack_.back().id = id;
  for (const T& item : items) WEFT_CHECK(reg(stack_.back(), item));
  for (T& item : items) WEFT_CHECK(process(item));
  stack_.pop_back();
  return {};
}

Result<void> Resolver::component(ComponentField& c) {
  return group(
      c.id, c.fields, [this](Field& f) { return field(f); },
      [this](State& s, const Field& f) { return add_field(s, f); });
}

Result<void> Resolver::add_field(State& s, const Field& f) {
  return std::visit(
      [&](const auto& x) -> Result<void> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, CoreModuleField>) return add(s, Sort::CoreModule, x.id);
        if constexpr (std::is_same_v<T, CoreInstanceField>) return add(s, Sort::CoreInstance, x.id);
        if constexpr (std::is_same_v<T, CoreTypeField>) return add(s, Sort::CoreType, x.id);
        if constexpr (std::is_same_v<T, ComponentField>) return add(s, Sort::Component, x.id);
        if constexpr (std::is_same_v<T, InstanceField>) return add(s, Sort::Instance, x.id);
        if constexpr (std::is_same_v<T, AliasField>) return add_alias(s, x);
        if constexpr (std::is_same_v<T, TypeField>) return add(s, Sort::Type, x.id);
        if constexpr (std::is_same_v<T, CanonField>) return add(s, x.op == "lift" ? Sort::Func : Sort::CoreFunc, x.id);
        if constexpr (std::is_same_v<T, StartField>) {
          for (const auto& r : x.results) WEFT_CHECK(add(s, Sort::Value, r));
          return {};
        }
        if constexpr (std::is_same_v<T, ImportField>) return add(s, x.item.sort, x.item.id);
        if constexpr (std::is_same_v<T, ExportField>) return add(s, x.ref.sort, x.id);
        return {};
      },
      f);
}

Result<void> Resolver::field(Field& f) {
  return std::visit(
      [&](auto& x) -> Result<void> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, CoreModuleField>) {
          return {};  // the core encoder resolves a module's own names
        } else if constexpr (std::is_same_v<T, CoreInstanceField>) {
          if (x.instantiate) {
            WEFT_CHECK(component_ref(x.module));
            for (auto& arg : x.args) WEFT_CHECK(core_ref(arg.instance));
          }
          for (auto& e : x.exports) WEFT_CHECK(core_ref(e.ref));
          return {};
        } else if constexpr (std::is_same_v<T, CoreTypeField>) {
          if (x.def.kind == CoreTypeDef::Kind::Module) return module_type(x.def.module, x.id);
          return expanding_ ? Result<void>{} : core_func_type(x.def.func);
        } else if constexpr (std::is_same_v<T, ComponentField>) {
          return component(x);
        } else if constexpr (std::is_same_v<T, InstanceField>) {
          if (x.instantiate) {
            WEFT_CHECK(component_ref(x.component));
            for (auto& arg : x.args) WEFT_CHECK(component_ref(arg.ref));
          }
          for (auto& item : x.items) WEFT_CHECK(component_ref(item.ref));
          return {};
        } else if constexpr (std::is_same_v<T, AliasField>) {
          return alias(x);
        } else if constexpr (std::is_same_v<T, TypeField>) {
          return type_def(x.def, x.id);
        } else if constexpr (std::is_same_v<T, CanonField>) {
          return canon(x);
        } else if constexpr (std::is_same_v<T, StartField>) {
          WEFT_CHECK(resolve_ns(x.func, Sort::Func));
          for (auto& arg : x.args) WEFT_CHECK(component_ref(arg));
          return {};
        } else if constexpr (std::is_same_v<T, ImportField>) {
          return item_sig(x.item);
        } else if constexpr (std::is_same_v<T, ExportField>) {
          if (x.type) WEFT_CHECK(item_sig(*x.type));
          return component_ref(x.ref);
        }
        return {};
      },
      f);
}

Result<void> Resolver::alias(AliasField& a) {
  switch (a.target) {
    case AliasField::Target::Export: return resolve_ns(a.instance, Sort::Instance);
    case AliasField::Target::CoreExport: return resolve_ns(a.instance, Sort::CoreInstance);
    case AliasField::Target::Outer: return outer_alias(a);
  }
  return {};
}

Result<void> Resolver::outer_alias(AliasField& a) {
  if (expanding_ || (!a.outer.is_id && !a.index.is_id)) return {};
  uint32_t depth = 0;
  if (a.outer.is_id) {
    for (auto it = stack_.rbegin(); it != stack_.rend() && !(it->id && *it->id == a.outer.id); ++it) ++depth;
    if (depth == stack_.size())
      return make_error(Phase::Text, a.span, fmt::format("outer component `{}` not found", display(a.outer.id)));
  } else {
    depth = a.outer.num;
  }
  if (depth >= stack_.size())
    return make_error(Phase::Text, a.span, fmt::format("outer count of `{}` is too large", depth));
  a.outer = Index::number(depth, a.outer.span);
  return stack_[stack_.size() - 1 - depth].resolve(a.sort, a.index);
}

Result<void> Resolver::canon(CanonField& c) {
  if (c.op == "lift") {
    if (c.type.ref) WEFT_CHECK(component_ref(*c.type.ref));
    WEFT_CHECK(core_ref(c.func));
  } else if (c.op == "lower") {
    WEFT_CHECK(component_ref(c.func));
  }
  if (c.type_ref) WEFT_CHECK(is_core(c.type_ref->sort) ? core_ref(*c.type_ref) : component_ref(*c.type_ref));
  if (c.result) WEFT_CHECK(val(*c.result));
  if (c.table) WEFT_CHECK(core_ref(*c.table));
  if (c.memory) WEFT_CHECK(core_ref(*c.memory));
  for (CanonOpt& opt : c.opts) {
    switch (opt.kind) {
      case CanonOpt::Kind::Memory:
      case CanonOpt::Kind::Realloc:
      case CanonOpt::Kind::PostReturn:
      case CanonOpt::Kind::Callback:
      case CanonOpt::Kind::CoreType: WEFT_CHECK(core_ref(opt.ref)); break;
      default: break;
    }
  }
  return {};
}

Result<void> Resolver::item_sig(ItemSig& sig) {
  switch (sig.sort) {
    case Sort::CoreModule: return sig.use.ref ? core_ref(*sig.use.ref) : Result<void>{};
    case Sort::Func:
    case Sort::Component:
    case Sort::Instance: return sig.use.ref ? component_ref(*sig.use.ref) : Result<void>{};
    case Sort::Value:
      if (sig.value) return val(*sig.value);
      return sig.eq ? resolve_ns(*sig.eq, Sort::Value) : Result<void>{};
    case Sort::Type: return sig.eq ? resolve_ns(*sig.eq, Sort::Type) : Result<void>{};
    default: return {};
  }
}

Result<void> Resolver::type_def(TypeDef& def, const std::optional<Id>& id) {
  switch (def.kind) {
    case TypeDef::Kind::Defined: return defined(def.defined);
    case TypeDef::Kind::Func:
      for (TypeMember& p : def.func.params)
        if (p.type) WEFT_CHECK(val(*p.type));
      if (def.func.result) WEFT_CHECK(val(*def.func.result));
      return {};
    case TypeDef::Kind::Component:
    case TypeDef::Kind::Instance: return decls(def.decls, id);
    case TypeDef::Kind::Resource:
      WEFT_CHECK(core_valtype(def.resource.rep));
      if (def.resource.dtor) WEFT_CHECK(core_ref(*def.resource.dtor));
      return {};
  }
  return {};
}

Result<void> Resolver::defined(DefinedType& def) {
  if (def.kind == DefinedType::Kind::Own || def.kind == DefinedType::Kind::Borrow)
    return resolve_ns(def.handle, Sort::Type);
  Namespace cases;
  for (TypeMember& m : def.members) {
    if (def.kind == DefinedType::Kind::Variant && !expanding_ && m.id &&
        !cases.names.emplace(*m.id, cases.count++).second)
      return make_error(Phase::Text, m.id->span, "duplicate variant case identifier");
    if (m.type) WEFT_CHECK(val(*m.type));
  }
  return {};
}

Result<void> Resolver::val(ValType& t) {
  if (t.kind == ValType::Kind::Ref) return resolve_ns(t.ref, Sort::Type);
  return {};
}

Result<void> Resolver::core_valtype(CoreValType& t) {
  if (!t.concrete || expanding_) return {};
  return current().resolve(Sort::CoreType, t.type);
}

Result<void> Resolver::core_func_type(CoreFuncType& t) {
  for (CoreValType& v : t.params) WEFT_CHECK(core_valtype(v));
  for (CoreValType& v : t.results) WEFT_CHECK(core_valtype(v));
  return {};
}

Result<void> Resolver::decls(std::vector<Decl>& items, const std::optional<Id>& id) {
  auto process = [this](Decl& d) -> Result<void> {
    switch (d.kind) {
      case Decl::Kind::Alias: return alias(*d.alias);
      case Decl::Kind::CoreType:
        if (d.core_type->def.kind == CoreTypeDef::Kind::Module)
          return module_type(d.core_type->def.module, d.core_type->id);
        return expanding_ ? Result<void>{} : core_func_type(d.core_type->def.func);
      case Decl::Kind::Type: return type_def(d.type->def, d.type->id);
      case Decl::Kind::Import:
      case Decl::Kind::Export: return item_sig(d.import->item);
    }
    return {};
  };
  auto reg = [this](State& s, const Decl& d) -> Result<void> {
    switch (d.kind) {
      case Decl::Kind::Alias: return add_alias(s, *d.alias);
      case Decl::Kind::CoreType: return add(s, Sort::CoreType, d.core_type->id);
      case Decl::Kind::Type: return add(s, Sort::Type, d.type->id);
      case Decl::Kind::Import:
      case Decl::Kind::Export: return add(s, d.import->item.sort, d.import->item.id);
    }
    return {};
  };
  return group(id, items, process, reg);
}

Result<void> Resolver::module_type(std::vector<ModuleDecl>& items, const std::optional<Id>& id) {
  auto process = [this](ModuleDecl& d) -> Result<void> {
    if (d.kind == ModuleDecl::Kind::Alias) return alias(*d.alias);
    if (expanding_) return {};
    if (d.kind == ModuleDecl::Kind::Type) return core_func_type(d.type);
    CoreExternType& ext = d.extern_type;
    if ((ext.kind == 0 || ext.kind == 4) && ext.func.index) WEFT_CHECK(current().resolve(Sort::CoreType, *ext.func.index));
    if (ext.kind == 1 || ext.kind == 3) WEFT_CHECK(core_valtype(ext.value));
    return {};
  };
  auto reg = [this](State& s, const ModuleDecl& d) -> Result<void> {
    if (d.kind == ModuleDecl::Kind::Alias) return add_alias(s, *d.alias);
    if (d.kind == ModuleDecl::Kind::Type) return add(s, Sort::CoreType, d.id);
    return {};
  };
  return group(id, items, process, reg);
}

// A core reference with an export name `(core func $i "f")` stands for a core
// export alias inserted before its user.
Result<void> Resolver::core_ref(ItemRef& ref) {
  if (!expanding_ || ref.export_names.empty()) return resolve_ns(ref.idx, ref.sort);
  switch (ref.sort) {
    case Sort::CoreFunc:
    case Sort::CoreTable:
    case Sort::CoreMemory:
    case Sort::CoreGlobal:
    case Sort::CoreTag: break;
    default:
      return make_error(Phase::Text, ref.idx.span,
                        "core instances cannot export this kind of item, so an export name cannot be used "
                        "to resolve this reference");
  }
  AliasField a;
  a.target = AliasField::Target::CoreExport;
  a.span = ref.idx.span;
  a.id = gensym_.make(ref.idx.span);
  a.instance = std::move(ref.idx);
  a.name = std::move(ref.export_names.front());
  a.sort = ref.sort;
  ref.idx = Index::named(*a.id);
  ref.export_names.clear();
  aliases_to_insert_.push_back(std::move(a));
  return {};
}

// `(func $i "a" "b")` stands for a chain of export aliases: instances, then the item.
Result<void> Resolver::component_ref(ItemRef& ref) {
  if (expanding_) {
    for (size_t i = 0; i < ref.export_names.size(); ++i) {
      AliasField a;
      a.target = AliasField::Target::Export;
      a.span = ref.idx.span;
      a.id = gensym_.make(ref.idx.span);
      a.instance = std::move(ref.idx);
      a.name = std::move(ref.export_names[i]);
      a.sort = i + 1 == ref.export_names.size() ? ref.sort : Sort::Instance;
      ref.idx = Index::named(*a.id);
      aliases_to_insert_.push_back(std::move(a));
    }
    ref.export_names.clear();
  }
  return resolve_ns(ref.idx, ref.sort);
}

// In the first phase, an id found only in an enclosing group becomes an outer
// alias just before its user, one per reference (as wasm-tools does); in the
// second, ids resolve in this group.
Result<void> Resolver::resolve_ns(Index& idx, Sort sort) {
  if (!expanding_) return current().resolve(sort, idx);
  if (!idx.is_id) return {};
  for (size_t depth = 0; depth < stack_.size(); ++depth) {
    auto found = stack_[stack_.size() - 1 - depth].find(sort, idx);
    if (!found) continue;
    if (depth == 0) return {};
    if (sort != Sort::CoreModule && sort != Sort::CoreType && sort != Sort::Type && sort != Sort::Component)
      return make_error(Phase::Text, idx.span,
                        fmt::format("outer item `{}` is not a module, type, or component", display(idx.id)));
    AliasField a;
    a.target = AliasField::Target::Outer;
    a.span = idx.span;
    a.id = gensym_.make(idx.span);
    a.outer = Index::number(uint32_t(depth), idx.span);
    a.index = Index::number(*found, idx.span);
    a.sort = sort;
    idx = Index::named(*a.id);
    aliases_to_insert_.push_back(std::move(a));
    return {};
  }
  return {};
}

}  // namespace

Result<void> resolve(ComponentField& component, Gensym& gensym) { return Resolver(gensym).component(component); }

}  // namespace weft::component::text

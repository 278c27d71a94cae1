// World `include` and elaboration: what a world really imports and exports.
//
// Elaboration follows wit-parser (and the WIT spec's "transitive imports"): every
// interface an import uses types from is imported first; an export's dependencies are
// imported unless they are exported themselves, and a world where one interface would
// be needed both ways is rejected.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "component/wit/resolver.h"

namespace weft::component::wit {
namespace {

// Deeper chains of interfaces using each other are rejected rather than recursed into.
constexpr uint32_t kMaxDepDepth = 1000;

WorldItem interface_item(InterfaceId id, const Stability& stability) {
  WorldItem item;
  item.key.interface = id;
  item.interface = id;
  item.stability = stability;
  return item;
}

}  // namespace

// An ordered map of world items by key, as wit-parser's IndexMap.
class Resolver::ItemMap {
 public:
  bool contains(const WorldKey& key) const { return index_.count(key_of(key)) != 0; }
  WorldItem* find(const WorldKey& key) {
    auto it = index_.find(key_of(key));
    return it == index_.end() ? nullptr : &items_[it->second];
  }
  // Replaces the value of an existing key in place, as IndexMap::insert does.
  void insert(WorldItem item) {
    if (WorldItem* existing = find(item.key)) {
      *existing = std::move(item);
      return;
    }
    index_.emplace(key_of(item.key), items_.size());
    items_.push_back(std::move(item));
  }
  std::vector<WorldItem> take() { return std::move(items_); }

 private:
  static std::string key_of(const WorldKey& key) {
    return key.is_interface() ? fmt::format("#{}", key.interface.index) : key.name;
  }
  std::map<std::string, size_t> index_;
  std::vector<WorldItem> items_;
};

struct Resolver::ExportState {
  std::vector<const WorldItem*> interfaces;  // exported interfaces, in order
  std::set<uint32_t> exported;               // their ids
  std::set<uint32_t> required;               // interfaces that must be imported
};

struct Resolver::IncludeState {
  std::unordered_map<uint32_t, TypeId> clones;          // types of the included world -> copies
  std::unordered_map<std::string, size_t> index[2];     // keys of the world's imports, exports

  static std::string key_of(const WorldKey& key) {
    return key.is_interface() ? fmt::format("#{}", key.interface.index) : key.name;
  }
};

Result<void> Resolver::apply_include(WorldId into, const ast::Include& inc) {
  item_span_ = inc.path.name.span;
  WEFT_TRY(target, resolve_path(inc.path, true));
  World from = r_[target.world];  // a copy: `into` grows while it is read
  std::vector<std::pair<ast::Ident, ast::Ident>> unmatched = inc.with;
  for (const auto* items : {&from.imports, &from.exports})
    for (const WorldItem& item : *items)
      std::erase_if(unmatched, [&](const auto& w) { return !item.key.is_interface() && w.first.name == item.key.name; });
  if (!unmatched.empty())
    return fail(inc.path.name.span, fmt::format("no import or export kebab-name `{}`. Note that an ID does not support "
                                                "renaming",
                                                unmatched[0].first.name));
  bool external = from.package != r_[into].package;
  IncludeState state;
  for (int which = 0; which < 2; ++which) {
    const auto& items = which == 0 ? r_[into].imports : r_[into].exports;
    for (size_t i = 0; i < items.size(); ++i) state.index[which].emplace(IncludeState::key_of(items[i].key), i);
  }
  for (const WorldItem& item : from.imports) WEFT_CHECK(include_item(into, target.world, item, true, external, inc, state));
  for (const WorldItem& item : from.exports) WEFT_CHECK(include_item(into, target.world, item, false, external, inc, state));
  return {};
}

// One item of an included world: plain names are copied (renamed by `with`, with the
// world's own types cloned); interfaces are shared and merged.
Result<void> Resolver::include_item(WorldId into, WorldId from, const WorldItem& item, bool is_import,
                                    bool external, const ast::Include& inc, IncludeState& state) {
  auto& index = state.index[is_import ? 0 : 1];
  auto& clones = state.clones;
  if (item.key.is_interface()) {
    Stability stability = item.stability;
    if (external && stability.kind == Stability::Kind::Stable) stability = Stability{};
    auto& items = is_import ? r_[into].imports : r_[into].exports;
    auto it = index.find(IncludeState::key_of(item.key));
    if (it == index.end()) {
      WorldItem copy = item;
      copy.stability = stability;
      index.emplace(IncludeState::key_of(item.key), items.size());
      items.push_back(std::move(copy));
    } else if (stability.kind != Stability::Kind::Unknown && !(stability == items[it->second].stability)) {
      if (items[it->second].stability.kind != Stability::Kind::Unknown)
        return fail(inc.path.name.span, "mismatch in stability of an interface included twice");
      items[it->second].stability = stability;
    }
    return {};
  }
  WorldItem copy = item;
  for (const auto& [name, as] : inc.with)
    if (name.name == item.key.name) copy.key.name = as.name;
  if (item.kind == WorldItem::Kind::Type) {
    copy.type = clone_type(Type::of(item.type), from, into, inc, clones).def;
  } else if (item.kind == WorldItem::Kind::Function) {
    Function& f = copy.function;
    for (Param& p : f.params) p.type = clone_type(p.type, from, into, inc, clones);
    if (f.result) f.result = clone_type(*f.result, from, into, inc, clones);
    if (f.kind == Function::Kind::Freestanding) {
      f.name = copy.key.name;
    } else {
      std::string item_name(item.function.item_name());
      f.resource = clone_type(Type::of(f.resource), from, into, inc, clones).def;
      const std::string& res = r_[f.resource].name;
      f.name = f.kind == Function::Kind::Constructor ? "[constructor]" + res
               : f.kind == Function::Kind::Method    ? "[method]" + res + "." + item_name
                                                     : "[static]" + res + "." + item_name;
      copy.key.name = f.name;
    }
  }
  auto& dst = is_import ? r_[into].imports : r_[into].exports;
  if (!index.emplace(IncludeState::key_of(copy.key), dst.size()).second) {
    std::string_view what = is_import ? "import" : "export";
    return fail(inc.path.name.span,
                fmt::format("{0} of `{1}` shadows previously {0}ed items", what, copy.key.name));
  }
  dst.push_back(std::move(copy));
  return {};
}

// The included world's own types become types of the including world (renamed by
// `with`); anonymous types mentioning them are rebuilt; other types are shared.
Type Resolver::clone_type(Type ty, WorldId from, WorldId into, const ast::Include& inc,
                          std::unordered_map<uint32_t, TypeId>& clones, uint32_t depth) {
  if (!ty.is_def() || depth > kMaxDepDepth) return ty;
  if (auto it = clones.find(ty.def.index); it != clones.end()) return Type::of(it->second);
  TypeDef def = r_[ty.def];
  bool owned = def.owner.kind == TypeOwner::Kind::World && def.owner.world == from;
  if (!owned && !def.name.empty()) return ty;
  auto map = [&](Type t) { return clone_type(t, from, into, inc, clones, depth + 1); };
  auto map_opt = [&](std::optional<Type>& t) {
    if (t) t = map(*t);
  };
  std::visit(
      [&](auto& k) {
        using K = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<K, Alias>) k.target = map(k.target);
        if constexpr (std::is_same_v<K, Handle>) k.resource = map(Type::of(k.resource)).def;
        if constexpr (std::is_same_v<K, Record>)
          for (Field& f : k.fields) f.type = map(f.type);
        if constexpr (std::is_same_v<K, Tuple>)
          for (Type& t : k.types) t = map(t);
        if constexpr (std::is_same_v<K, Variant>)
          for (Case& c : k.cases) map_opt(c.type);
        if constexpr (std::is_same_v<K, Option>) k.type = map(k.type);
        if constexpr (std::is_same_v<K, ResultType>) {
          map_opt(k.ok);
          map_opt(k.err);
        }
        if constexpr (std::is_same_v<K, List> || std::is_same_v<K, FixedList>) k.element = map(k.element);
        if constexpr (std::is_same_v<K, Map>) {
          k.key = map(k.key);
          k.value = map(k.value);
        }
        if constexpr (std::is_same_v<K, Future> || std::is_same_v<K, Stream>) map_opt(k.payload);
      },
      def.kind);
  TypeId id;
  if (owned) {
    for (const auto& [name, as] : inc.with)
      if (name.name == def.name) def.name = as.name;
    def.owner = TypeOwner{TypeOwner::Kind::World, {}, into};
    id = TypeId{uint32_t(r_.types.size())};
    r_.types.push_back(std::move(def));
  } else {
    id = intern(std::move(def.kind)).def;
  }
  clones.emplace(ty.def.index, id);
  return Type::of(id);
}

// wit-parser's classes for the order of imports: interfaces, used types, other types,
// freestanding functions, resource functions.
int Resolver::import_class(const WorldItem& item) const {
  switch (item.kind) {
    case WorldItem::Kind::Interface: return 0;
    case WorldItem::Kind::Type: {
      const TypeDef& def = r_[item.type];
      const auto* alias = std::get_if<Alias>(&def.kind);
      return alias && alias->target.is_def() && !(r_[alias->target.def].owner == def.owner) ? 1 : 2;
    }
    case WorldItem::Kind::Function: return item.function.kind == Function::Kind::Freestanding ? 3 : 4;
  }
  return 0;
}

Result<void> Resolver::elaborate(WorldId id, Span span) {
  std::vector<WorldItem> imports = r_[id].imports;
  std::stable_sort(imports.begin(), imports.end(),
                   [&](const WorldItem& a, const WorldItem& b) { return import_class(a) < import_class(b); });
  ItemMap new_imports, new_exports;
  for (const WorldItem& item : imports) {
    if (item.kind == WorldItem::Kind::Interface) {
      WEFT_CHECK(elaborate_import(new_imports, item.key, item.interface, item.stability, span, 0));
      continue;
    }
    if (item.kind == WorldItem::Kind::Type) {
      if (auto dep = r_.type_interface_dep(item.type))
        WEFT_CHECK(elaborate_import(new_imports, WorldKey{{}, *dep}, *dep, r_[item.type].stability, span, 0));
    }
    new_imports.insert(item);
  }
  ExportState state;
  for (const WorldItem& item : r_[id].exports) {
    if (item.kind == WorldItem::Kind::Interface) {
      state.interfaces.push_back(&item);
      state.exported.insert(item.interface.index);
    } else {
      new_exports.insert(item);
    }
  }
  for (const WorldItem* item : state.interfaces) {
    WEFT_TRY(ok, add_export(new_imports, new_exports, state, item->interface, item->key, true, item->stability,
                            span, 0));
    if (!ok)
      return fail(span, fmt::format("interface `{}` transitively depends on an interface in incompatible ways",
                                    r_.key_name(item->key)));
  }
  std::vector<WorldItem> sorted = new_imports.take();
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const WorldItem& a, const WorldItem& b) { return import_class(a) < import_class(b); });
  std::vector<WorldItem> exports = new_exports.take();
  r_[id].imports = std::move(sorted);
  r_[id].exports = std::move(exports);
  return {};
}

// Imports an interface after the interfaces it uses types from.
Result<void> Resolver::elaborate_import(ItemMap& imports, const WorldKey& key, InterfaceId id,
                                        const Stability& stability, Span span, uint32_t depth) {
  if (imports.contains(key)) return {};
  if (depth > kMaxDepDepth) return fail(span, "interfaces use each other too deeply");
  for (InterfaceId dep : r_.interface_direct_deps(id))
    WEFT_CHECK(elaborate_import(imports, WorldKey{{}, dep}, dep, stability, span, depth + 1));
  WorldItem item = interface_item(id, stability);
  item.key = key;
  imports.insert(std::move(item));
  return {};
}

// Exports an interface (or imports a dependency of one); false when an interface
// would have to be both imported and exported.
Result<bool> Resolver::add_export(ItemMap& imports, ItemMap& exports, ExportState& state, InterfaceId id,
                                  const WorldKey& key, bool as_export, const Stability& stability, Span span,
                                  uint32_t depth) {
  if (exports.contains(key)) return as_export;
  if (!as_export && state.required.count(id.index)) return true;
  if (depth > kMaxDepDepth) return fail(span, "interfaces use each other too deeply");
  for (InterfaceId dep : r_.interface_direct_deps(id)) {
    bool dep_export = as_export && state.exported.count(dep.index);
    WEFT_TRY(ok, add_export(imports, exports, state, dep, WorldKey{{}, dep}, dep_export, stability, span, depth + 1));
    if (!ok) return false;
  }
  WorldItem item = interface_item(id, stability);
  item.key = key;
  if (as_export) {
    if (state.required.count(id.index)) return false;
    exports.insert(std::move(item));
  } else {
    state.required.insert(id.index);
    imports.insert(std::move(item));
  }
  return true;
}

}  // namespace weft::component::wit

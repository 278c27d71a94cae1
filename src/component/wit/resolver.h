// Name resolution: the syntax trees of one package to interfaces, worlds and types in
// a `Resolve`. Internal to the library; `wit.h` is the public entry point.
//
// Packages are pushed in dependency order, so a reference to another package is
// looked up in the `Resolve` directly. Within a package the steps follow wit-parser:
// items are sorted topologically by their local `use`s, interfaces are resolved,
// then worlds (their own items, then `include`s, then elaboration).
#pragma once

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "component/wit/ast.h"
#include "component/wit/model.h"
#include "support/error.h"

namespace weft::component::wit {

struct ResolveOptions {
  std::vector<std::string> features;  // `@unstable(feature = f)` items included
  bool all_features = false;
};

// One package's syntax: its declaration and its items, one part per file.
struct PackageSource {
  struct Part {
    const std::string* file = nullptr;
    const std::vector<ast::TopItem>* items = nullptr;
  };
  ast::PackageDecl decl;
  const std::string* decl_file = nullptr;
  std::vector<Part> parts;
};

// The packages a package's text refers to, in order of first reference.
struct ForeignDep {
  PackageName name;
  Span span;
  const std::string* file = nullptr;
};
std::vector<ForeignDep> foreign_deps(const PackageSource& pkg);

// A name in the scope of an interface or world.
struct Binding {
  enum class Kind : uint8_t { Type, Function, ExcludedType };
  Kind kind = Kind::Type;
  TypeId type;
  Span span;

  static Binding of(Kind kind, TypeId type = {}) {
    Binding b;
    b.kind = kind;
    b.type = type;
    return b;
  }
};

struct Scope {
  TypeOwner owner;
  std::unordered_map<std::string, Binding> names;
  std::vector<std::pair<std::string, TypeId>> types;  // in definition order
};

class Resolver {
 public:
  Resolver(Resolve& out, ResolveOptions options) : r_(out), options_(std::move(options)) {}
  Result<PackageId> push(const PackageSource& pkg);

 private:
  struct Item {  // an interface or world of the package being resolved
    const ast::Interface* iface = nullptr;
    const ast::World* world = nullptr;
    uint32_t part = 0;
    bool excluded = false;
    InterfaceId interface;
    WorldId world_id;
    const ast::Ident& name() const { return iface ? iface->name : world->name; }
  };
  struct FileName {  // a top-level name of one file: a local item or a `use`d path
    bool local = true;
    uint32_t item = 0;
    const ast::UsePath* path = nullptr;
    Span span;
  };
  struct Target {  // what a use path names
    InterfaceId interface;
    WorldId world;
    bool foreign = false;  // in another package
  };

  // --- package items (resolver.cpp) ---
  Result<void> collect_items();
  Result<void> collect_file_names(uint32_t part);
  Result<std::vector<uint32_t>> sort_items();
  Result<void> item_deps(uint32_t part, const ast::UsePath& path, bool wants_world,
                         std::vector<struct TopoDep>& deps);
  Result<void> allocate(const std::vector<uint32_t>& order);
  Result<bool> include_stability(const Stability& s, Span span);
  Result<void> check_excluded_contents(const Item& item);
  Result<void> check_foreign_uses();
  Result<Target> resolve_path(const ast::UsePath& path, bool want_world);
  Result<Target> resolve_foreign(const ast::UsePath& path, bool want_world);
  std::unexpected<Error> fail(Span span, std::string message) const;
  std::unexpected<Error> excluded(Span span, std::string_view kind) const;

  // --- interfaces, types and functions (resolve_types.cpp) ---
  Result<void> resolve_interface(InterfaceId id, const std::vector<ast::InterfaceItem>& items);
  Result<void> resolve_uses(Scope& scope, const std::vector<const ast::Use*>& uses);
  Result<void> resolve_use(Scope& scope, const ast::Use& use);
  Result<void> resolve_typedefs(Scope& scope, const std::vector<const ast::Use*>& uses,
                                const std::vector<const ast::TypeDef*>& defs);
  Result<void> define(Scope& scope, const ast::Ident& name, Binding binding);
  Result<TypeDefKind> resolve_kind(Scope& scope, const ast::TypeDef& def, const Stability& stability);
  Result<TypeDefKind> resolve_type_kind(Scope& scope, const ast::TypeExpr& ty);
  Result<Type> resolve_type(Scope& scope, const ast::TypeExpr& ty);
  Result<Type> resolve_value_type(Scope& scope, const ast::TypeExpr& ty);
  Result<TypeId> lookup_type(Scope& scope, const ast::Ident& name);
  Result<TypeId> lookup_resource(Scope& scope, const ast::Ident& name);
  Type own_if_resource(Type ty);
  Type intern(TypeDefKind kind);
  Result<Function> resolve_function(Scope& scope, const ast::NamedFunc& f, Function::Kind kind,
                                    const std::string& name, TypeId resource);
  Result<void> resolve_functions(Scope& scope, const std::vector<ast::InterfaceItem>& items,
                                 std::vector<Function>& out);
  Result<void> resolve_resource_funcs(Scope& scope, const ast::TypeDef& def, std::vector<Function>& out);
  Result<std::optional<Type>> constructor_result(Scope& scope, const ast::TypeDef& def, const ast::Func& func);
  bool contains_borrow(Type ty, uint32_t depth = 0) const;

  // --- worlds (resolve_world.cpp) ---
  Result<void> resolve_world(WorldId id, const ast::World& world);
  Result<void> resolve_world_items(WorldId id, Scope& scope, const ast::World& world);
  Result<WorldItem> resolve_extern(Scope& scope, const ast::ImportExport& ie);
  Result<void> check_case_conflicts(const World& world, Span span) const;

  // --- include and elaboration (elaborate.cpp) ---
  class ItemMap;
  struct ExportState;
  struct IncludeState;
  Result<void> apply_include(WorldId into, const ast::Include& inc);
  Result<void> include_item(WorldId into, WorldId from, const WorldItem& item, bool is_import, bool external,
                            const ast::Include& inc, IncludeState& state);
  Type clone_type(Type ty, WorldId from, WorldId into, const ast::Include& inc,
                  std::unordered_map<uint32_t, TypeId>& clones, uint32_t depth = 0);
  int import_class(const WorldItem& item) const;
  Result<void> elaborate(WorldId id, Span span);
  Result<void> elaborate_import(ItemMap& imports, const WorldKey& key, InterfaceId id, const Stability& stability,
                                Span span, uint32_t depth);
  Result<bool> add_export(ItemMap& imports, ItemMap& exports, ExportState& state, InterfaceId id,
                          const WorldKey& key, bool as_export, const Stability& stability, Span span,
                          uint32_t depth);

  Resolve& r_;
  ResolveOptions options_;
  // Items left out by feature gates, so references to them get a precise error.
  std::set<std::pair<uint32_t, std::string>> excluded_items_;  // (package, interface or world name)
  std::set<std::pair<uint32_t, std::string>> excluded_types_;  // (interface, type name)

  // The package being pushed.
  const PackageSource* src_ = nullptr;
  PackageId package_;
  std::vector<Item> items_;
  std::unordered_map<std::string, uint32_t> item_index_;
  std::vector<std::unordered_map<std::string, FileName>> file_names_;  // per part
  uint32_t part_ = 0;  // the part whose text is being resolved
  Span item_span_;     // the item a reference error is reported at
  bool in_function_ = false;  // resolving a function signature
  std::unordered_map<std::string, TypeId> anon_;         // anonymous types of this package
  std::unordered_map<uint32_t, TypeId> own_handles_;     // own<T> of this package, by T
};

}  // namespace weft::component::wit

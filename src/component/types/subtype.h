// Type checking between component types: subtyping (structural, with resource
// identity), substitution of resource types (remap) and walks over type graphs.
// spec: Explainer.md "Type Checking" (subtyping of module, component and instance
// types; equality of everything else; fresh abstract resource types)
#pragma once

#include <expected>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "component/types/types.h"

namespace weft::component {

// A failed check's message (wasm-tools' wording, so scripts' assert_invalid texts match).
using Check = std::expected<void, std::string>;

// Decides `a <: b` for extern types, value types and core extern types. Resource roots
// listed as bindable are type variables of the side being instantiated or matched: the
// first comparison binds them, later ones must agree (spec: "after each individual
// type-import is supplied via with, the actual type supplied is immediately
// substituted for all uses of the import").
class Subtyping {
 public:
  explicit Subtyping(const TypeArena& arena) : arena_(arena) {}

  void allow_binding(const std::vector<uint32_t>& roots) { bindable_.insert(roots.begin(), roots.end()); }
  const std::map<uint32_t, uint32_t>& bindings() const { return bindings_; }

  Check extern_type(const ExternType& a, const ExternType& b);
  Check value(ValType a, ValType b);
  Check func(const FuncType& a, const FuncType& b);
  Check instance(const InstanceType& a, const InstanceType& b);
  Check component(const ComponentType& a, const ComponentType& b);
  Check module(const ModuleType& a, const ModuleType& b);
  Check core_extern(const CoreExternType& a, const CoreExternType& b);
  // A type import/export's referent: resources by identity, everything else structurally.
  Check type_ref(TypeRef a, TypeRef b);
  Check resource(uint32_t a, uint32_t b);  // resource names

 private:
  Check defined(const DefinedType& a, const DefinedType& b);
  Check optional_value(const std::optional<ValType>& a, const std::optional<ValType>& b, const char* what);

  const TypeArena& arena_;
  std::set<uint32_t> bindable_;
  std::map<uint32_t, uint32_t> bindings_;
  std::set<std::pair<uint64_t, uint64_t>> proven_;  // memo: keeps shared type DAGs linear
  uint32_t depth_ = 0;
};

// Replaces resource roots by others throughout a type, adding new arena entries only
// where something changed (spec: the substitution of `instantiate`).
class Remap {
 public:
  Remap(TypeArena& arena, std::map<uint32_t, uint32_t> roots) : arena_(arena), roots_(std::move(roots)) {}
  // Also replaces these defined types (an instantiated component's type imports by
  // the types given for them: equal in structure, but named outside).
  Remap(TypeArena& arena, std::map<uint32_t, uint32_t> roots, std::map<uint32_t, uint32_t> defined)
      : arena_(arena), roots_(std::move(roots)), defined_(std::move(defined)) {}
  TypeRef type(TypeRef t);
  ExternType extern_type(const ExternType& e) { return {e.kind, type(e.type)}; }
  bool empty() const { return roots_.empty() && defined_.empty(); }

 private:
  uint32_t root(uint32_t r) const;
  std::optional<ValType> opt(const std::optional<ValType>& v) { return v ? std::optional(type(*v)) : std::nullopt; }
  std::vector<NamedExtern> externs(const std::vector<NamedExtern>& es);
  std::vector<uint32_t> roots(const std::vector<uint32_t>& rs) const;

  TypeArena& arena_;
  std::map<uint32_t, uint32_t> roots_;
  std::map<uint32_t, uint32_t> defined_;
  std::map<std::pair<uint8_t, uint32_t>, TypeRef> memo_;
};

// Gives every root in `roots` a fresh identity throughout `t` (spec: each instantiation
// or import of a type with exported resources sees fresh resource types).
TypeRef freshen(TypeArena& arena, TypeRef t, const std::vector<uint32_t>& roots);

// Every resource name reachable from `t` (through handles, functions, instances,
// components, type exports). Shared subgraphs are visited once.
void collect_resources(const TypeArena& arena, TypeRef t, std::vector<uint32_t>& out);

// Every defined value type reachable from `t`, including `t`.
void collect_defined(const TypeArena& arena, TypeRef t, std::vector<uint32_t>& out);

}  // namespace weft::component

// Run-time items of the component model: what imports receive and instances export
// (functions, instances, components, core modules, types, values), and instantiation.
// spec: Explainer.md "Instance Definitions", "Import and Export Definitions";
// CanonicalABI.md "Component Instances"
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "component/binary/validator.h"
#include "component/canon/call.h"
#include "component/canon/state.h"

namespace weft::component {

struct RtItem;
struct Frame;

// An instance at run time: its exports by name, in order.
struct RtInstance {
  std::vector<std::pair<std::string, RtItem>> exports;
  InstanceState* state = nullptr;  // the component instance (null for bundles of exports)
  const RtItem* find(std::string_view name) const;
};
using RtInstancePtr = std::shared_ptr<const RtInstance>;

// A component definition with what it may refer to: the component that contains it
// (outer aliases reach into the frame it was defined in).
struct ComponentClosure {
  ValidatedComponentPtr vc;  // keeps the definition and its types alive
  const Component* def = nullptr;
  const ComponentInfo* info = nullptr;
  // Null for a top-level component. Owned by the Runtime: an owning pointer here would
  // make a cycle, as the frame holds the closures of the components defined in it.
  const Frame* outer = nullptr;
};
using ComponentClosurePtr = std::shared_ptr<const ComponentClosure>;

struct RtItem {
  ExternKind kind = ExternKind::Func;
  FuncInstPtr func;                      // Func
  RtInstancePtr instance;                // Instance
  ComponentClosurePtr component;         // Component
  core::ValidatedModulePtr module;       // Module
  std::optional<uint32_t> resource;      // Type: the run-time resource type, when a resource
  std::optional<Val> value;              // Value

  static RtItem of(FuncInstPtr f) { RtItem i; i.kind = ExternKind::Func; i.func = std::move(f); return i; }
  static RtItem of(RtInstancePtr x) { RtItem i; i.kind = ExternKind::Instance; i.instance = std::move(x); return i; }
  static RtItem of(ComponentClosurePtr c) { RtItem i; i.kind = ExternKind::Component; i.component = std::move(c); return i; }
  static RtItem of(core::ValidatedModulePtr m) { RtItem i; i.kind = ExternKind::Module; i.module = std::move(m); return i; }
  static RtItem type(std::optional<uint32_t> rt) { RtItem i; i.kind = ExternKind::Type; i.resource = rt; return i; }
};

using Imports = std::vector<std::pair<std::string, RtItem>>;

// What an import may receive without anyone supplying it: a value type (type
// imports with an `eq` bound), or an instance exporting only such things
// (recursively); nullopt otherwise.
std::optional<RtItem> implicit_item(const TypeArena& types, const ExternType& type);

// Instantiates a validated top-level component. `imports` are matched by name
// against the component's imports (kinds checked; resource types bound; function
// signatures checked by arity). Link errors name the import.
Result<RtInstancePtr> instantiate(Runtime& rt, const ValidatedComponentPtr& component, const Imports& imports);

// The same for a component closure (a nested or imported component), as a child of `parent`.
Result<RtInstancePtr> instantiate(Runtime& rt, const ComponentClosurePtr& component, const Imports& imports,
                                  InstanceState* parent);

// Finds an exported function by name; "a/b#f" and "i.f"-style paths are not
// interpreted: nested instances are walked with `path` (outermost first).
const RtItem* find_export_path(const RtInstance& inst, std::span<const std::string> path);
// An exported function by its call name: "f", or "ns:pkg/iface#f" for function f
// of the exported instance "ns:pkg/iface"; null when there is none.
const RtItem* find_func_export(const RtInstance& inst, std::string_view name);

}  // namespace weft::component

// The run-time index spaces of one component instance while it is being built.
// spec: Explainer.md "Index Spaces"
#pragma once

#include "component/link/item.h"

namespace weft::component {

using CoreExports = std::shared_ptr<const std::vector<std::pair<std::string, core::Extern>>>;

struct Frame {
  const Frame* outer = nullptr;  // the frame the component was defined in (owned by the Runtime)
  ValidatedComponentPtr vc;
  const Component* def = nullptr;
  const ComponentInfo* info = nullptr;
  InstanceState* state = nullptr;
  std::shared_ptr<ResourceEnv> env;

  std::vector<core::FuncAddr> core_funcs;
  std::vector<core::TableAddr> core_tables;
  std::vector<core::MemAddr> core_memories;
  std::vector<core::GlobalAddr> core_globals;
  std::vector<uint32_t> core_tags;
  std::vector<core::ValidatedModulePtr> core_modules;
  std::vector<CoreExports> core_instances;
  std::vector<FuncInstPtr> funcs;
  std::vector<std::optional<Val>> values;
  std::vector<std::optional<uint32_t>> types;  // run-time resource type of resource entries
  std::vector<ComponentClosurePtr> components;
  std::vector<RtInstancePtr> instances;
  std::vector<std::pair<std::string, RtItem>> exports;

  const TypeArena& arena() const { return *vc->types; }
  // The frame `count` levels out (0: this one).
  const Frame* outer_frame(uint32_t count) const;
  RtItem item(const SortIndex& s) const;
  void push(const RtItem& item);
};

// Binds the resource identities of `expected` (a type of the frame's arena) to the
// run-time resource types `actual` carries; checks kinds. `what` names the item in errors.
Result<void> bind_item(Frame& f, const ExternType& expected, const RtItem& actual, const std::string& what);

}  // namespace weft::component

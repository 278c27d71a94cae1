// Component validation: produces the immutable ValidatedComponent every instance shares.
// spec: Explainer.md (validation rules throughout), Binary.md notes,
// CanonicalABI.md "Canonical Definitions" (canon validation)
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "component/binary/component.h"
#include "component/types/types.h"
#include "core/binary/features.h"
#include "core/validate/validator.h"
#include "support/error.h"

namespace weft::component {

// A core function type in a component's core index spaces, by value: few and small.
using CoreFuncType = core::FuncType;

// The type of every entry of every index space of one component, after validation.
// spec: Explainer.md "Index Spaces"
struct IndexSpaces {
  std::vector<CoreFuncType> core_funcs;
  std::vector<core::TableType> core_tables;
  std::vector<core::MemoryType> core_memories;
  std::vector<core::GlobalType> core_globals;
  std::vector<CoreFuncType> core_tags;
  struct CoreType {
    bool is_module = false;
    CoreFuncType func;
    TypeRef module;  // is_module
    // A GC (3.0) core type: its kind, finality and supertype (`func` holds a
    // function type's signature either way).
    bool gc = false;
    core::SubType sub;
    bool is_func() const { return !is_module && (!gc || sub.kind == core::CompKind::Func); }
  };
  std::vector<CoreType> core_types;
  std::vector<TypeRef> core_modules;     // module types
  std::vector<uint32_t> core_instances;  // TypeArena::core_instance ids
  std::vector<TypeRef> funcs;            // function types
  std::vector<ValType> values;
  std::vector<TypeRef> types;            // any type (resources by name)
  std::vector<TypeRef> components;       // component types
  std::vector<TypeRef> instances;        // instance types
};

// What validation learnt about one (possibly nested) component definition.
struct ComponentInfo {
  IndexSpaces spaces;
  // One per core module *definition* (section 1), in order; each validated by the
  // core validator and shared with every instance.
  std::vector<core::ValidatedModulePtr> modules;
  // One per nested component definition (section 4), in order.
  std::vector<ComponentInfo> components;
  TypeRef type;  // the component's ComponentType
};

struct ValidatedComponent {
  std::vector<uint8_t> bytes;  // the binary; Component's byte ranges point into it
  Component component;
  std::shared_ptr<const TypeArena> types;
  ComponentInfo info;
  core::Features features;
};

using ValidatedComponentPtr = std::shared_ptr<const ValidatedComponent>;

// Validates a decoded component. `bytes` is the binary it was decoded from.
Result<ValidatedComponentPtr> validate_component(Component component, std::vector<uint8_t> bytes,
                                                 const core::Features& features = {});

// Decode and validate in one step.
Result<ValidatedComponentPtr> load_component(std::span<const uint8_t> bytes, const core::Features& features = {});

}  // namespace weft::component

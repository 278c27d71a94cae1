// The state of one `componentize` run: what each core import and export of the main
// module stands for, and the component being written (see componentize.h).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "component/wit/encode.h"
#include "component/wit/model.h"
#include "componentize/abi.h"
#include "componentize/componentize.h"
#include "core/binary/module.h"

namespace weft::componentize {

namespace wit = component::wit;
using Bytes = std::vector<uint8_t>;

// An error about the module at `offset` (or, without one, about the world).
inline std::unexpected<Error> fail(uint32_t offset, std::string message) {
  return make_error(Phase::Validate, Span::at(offset), std::move(message));
}
inline std::unexpected<Error> fail(std::string message) {
  return make_error(Phase::Validate, {}, std::move(message));
}

// One function import of the main module and what provides it.
struct Lowering {
  enum class Kind : uint8_t {
    Func,
    ResourceDrop,
    ExportNew,
    ExportRep,
    ExportDrop,
    Adapter,     // the main module's import of a function an adapter exports
    MainExport,  // an adapter's `__main_module__` import: an export of the main module
    Memory,      // an adapter's `env`.`memory`: the main module's memory
  };
  Kind kind = Kind::Func;
  uint32_t part = 0;     // whose import: the main module (0) or adapter part - 1
  uint32_t adapter = 0;  // Adapter: the part providing it
  std::string module, field;
  uint32_t offset = 0;                    // of the import entry in the module
  uint32_t import = 0;                    // its index in the module's imports
  std::optional<wit::InterfaceId> iface;  // Func, ResourceDrop: its interface; none for `$root`
  const wit::Function* func = nullptr;    // Func
  wit::TypeId resource;                   // the resource of the intrinsics
  FuncAbi abi;                            // Func
  std::optional<uint32_t> slot;           // lowered through the shim's table
  uint32_t core_func = 0;                 // the core function given to the main module
};

// One function the component exports, lifted from a core export of the main module.
// The core names of wit-component's two conventions: the classic one and `cm32p2`.
struct Names {
  bool cm32p2 = false;
  std::string memory() const { return cm32p2 ? "cm32p2_memory" : "memory"; }
  std::string realloc() const { return cm32p2 ? "cm32p2_realloc" : "cabi_realloc"; }
  std::string initialize() const { return cm32p2 ? "cm32p2_initialize" : "_initialize"; }
  // The export of function `f` of interface `path` ("" for the world's own).
  std::string export_name(std::string_view path, std::string_view f) const;
  std::string post_return(std::string_view export_name) const;
  // The classic import module for a `cm32p2|IFACE` one ("$root" for the world's own).
  std::string import_module(std::string_view module) const;
};

struct Lifting {
  uint32_t part = 0;  // lifted from the main module (0) or an adapter
  const wit::Function* func = nullptr;
  std::string core_name;
  uint32_t core_index = 0;  // export index in the main module
  std::optional<uint32_t> post_return;
  std::string post_name;
  FuncAbi abi;
  uint32_t func_index = 0;  // the lifted component function
};

// A resource the component exports: defined here, with its destructor.
struct ExportedResource {
  wit::TypeId id;
  std::optional<uint32_t> dtor_export;  // index in the main module's exports
  std::optional<uint32_t> slot;
  uint32_t type_index = 0;
};

// The main module (part 0) or an adapter, with its world.
struct Part {
  std::string name;     // adapter: the core import module it provides
  bool cm32p2 = false;  // the module uses the newer `cm32p2|…` names (see names())
  core::Module module;
  Bytes instance_bytes;  // the module without its component-type sections
  wit::WorldId world;
  std::optional<uint32_t> instance;        // its core instance
  std::optional<uint32_t> realloc;         // core func for its lowerings (adapter: cabi_import_realloc)
  std::optional<uint32_t> export_realloc;  // adapter: cabi_export_realloc, for its lifts
  std::map<uint32_t, std::vector<Lifting>> iface_exports;  // world export index -> its functions
  std::vector<Lifting> root_exports;
};

class Builder {
 public:
  Builder(const wit::Resolve& r, std::vector<Part> parts)
      : r_(r), parts_(std::move(parts)), main_(parts_[0].module), enc_(r, true) {}

  Result<Bytes> build();

 private:
  // classify.cpp
  Result<void> classify_imports();
  Result<void> classify_exports(uint32_t part);
  Result<void> classify_import(uint32_t part, const core::Import& import);
  Result<void> classify_adapter_import(uint32_t part, const core::Import& import, Lowering& l);
  Result<void> classify_intrinsic(Lowering l, const core::Import& import, std::string_view owner);
  Result<void> classify_root_import(Lowering l, const core::Import& import);
  Result<void> classify_interface_import(Lowering l, const core::Import& import, std::string_view module);
  Result<void> add_lowering(Lowering l, const core::Import& import, const core::FuncType& expected);
  Result<void> add_lifting(uint32_t part, const wit::Function& f, std::string core_name,
                           std::vector<Lifting>& out);
  std::optional<uint32_t> find_export(std::string_view name, core::ExternKind kind, uint32_t part = 0) const;
  std::string world_name(uint32_t part = 0) const;
  Names names(uint32_t part = 0) const { return Names{parts_[part].cm32p2}; }

  // builder.cpp
  Result<void> emit_imports();
  void assign_slots();
  Result<void> emit_early_lowerings();
  Result<void> emit_main_instance();
  uint32_t instantiate(uint32_t module, const std::vector<std::pair<std::string, uint32_t>>& args);
  Result<void> emit_late_lowerings(uint32_t part);
  Result<void> emit_adapter_instance(uint32_t part);
  Result<void> instance_args(uint32_t part, std::vector<std::pair<std::string, uint32_t>>& args);
  Result<void> emit_fixup();
  Result<uint32_t> component_func(const Lowering& l);
  Result<uint32_t> resource_type(const Lowering& l);
  uint32_t alias_core(uint32_t instance, std::string_view name, uint8_t sort);
  uint32_t canon(const Bytes& item, bool core_func);
  Bytes canon_options(const FuncAbi& abi, std::optional<uint32_t> realloc,
                      std::optional<uint32_t> post_return);
  Result<void> need_memory(std::string_view what);
  Result<uint32_t> realloc_func(uint32_t part, const std::string& name, const std::string& what);

  // exports.cpp
  Result<void> emit_world_exports(uint32_t part);
  Result<void> emit_interface_export(const wit::WorldItem& item, std::vector<Lifting>& funcs);
  Result<void> lift(Lifting& l);
  Result<Bytes> nested_component(wit::InterfaceId iface, const std::vector<Lifting>& funcs,
                                 std::vector<std::pair<std::string, wit::TypeId>>& type_imports);

  const wit::Resolve& r_;
  std::vector<Part> parts_;
  const core::Module& main_;
  wit::TypeEncoder enc_;

  std::vector<Lowering> lowerings_;
  std::map<uint32_t, ExportedResource> resources_;  // TypeId -> resource defined here
  std::vector<core::FuncType> slots_;
  std::optional<uint32_t> initialize_;  // export index of `_initialize`

  // Index spaces of the component being written (types and instances: enc_.outer()).
  uint32_t funcs_ = 0, core_funcs_ = 0, core_modules_ = 0, core_instances_ = 0, components_ = 0;
  uint32_t core_memories_ = 0, core_tables_ = 0;
  std::optional<uint32_t> shim_instance_, main_instance_, memory_;
  std::map<uint32_t, uint32_t> instance_of_;    // InterfaceId -> imported instance index
  std::map<std::string, uint32_t> root_funcs_;  // world-level imported function -> func index
};

Bytes strip_component_type_sections(const core::Module& module);

}  // namespace weft::componentize

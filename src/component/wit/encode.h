// A WIT package as a component binary: the package format wit-component writes, and the
// type encoder it is made with, which also writes the types of a component's own sections
// (`weft componentize`).
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/WIT.md#package-format
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "component/wit/model.h"
#include "support/error.h"

namespace weft::component::wit {

// Encodes package `pkg` of `resolve` as a component that exports one component
// type per interface and per world, in the package's order. Each interface type
// imports every interface it depends on (with all of their types) and exports the
// interface's instance type under its full name; each world type exports the
// world's component type. Docs and feature gates (wit-component's `package-docs`
// custom section) are not written yet.
Result<std::vector<uint8_t>> encode_package(const Resolve& resolve, PackageId pkg);

// The component type of one package item for world `world`: a component type that
// exports the world's component type under the world's full name.
Result<std::vector<uint8_t>> encode_world_type(const Resolve& resolve, WorldId world);

// A `valtype`: a primitive code or an index into the current type index space.
struct ValType {
  bool primitive = false;
  uint8_t code = 0;
  uint32_t index = 0;
  void put(std::vector<uint8_t>& out) const;
};

// Where declarators go: the body of a component or instance type, or (`component`)
// a component's own sections, one section item per declarator (a type declarator is
// a type section item, an alias one an alias section item, an import an import
// section item), so that the same encoder writes both.
struct TypeScope {
  bool component = false;
  std::vector<uint8_t> body;
  uint32_t decls = 0;
  uint32_t types = 0;
  uint32_t instances = 0;
  std::map<uint32_t, uint32_t> type_map;                        // TypeId -> type index in this scope
  std::vector<std::pair<uint8_t, std::vector<uint8_t>>> items;  // component: (section id, item)

  // Starts declarator `op` (0x01 type, 0x02 alias, 0x03 import, 0x04 export): the
  // buffer to write the rest into.
  std::vector<uint8_t>& begin(uint8_t op);
  // Starts an item of section `id` (component only).
  std::vector<uint8_t>& item(uint8_t id);
  std::vector<uint8_t> finish(uint8_t opcode) const;  // 0x41 component, 0x42 instance
  // component: the sections, consecutive items of one section id grouped in one section.
  void write_sections(std::vector<uint8_t>& out) const;
};

// Externdesc opcodes (Binary.md `externtype`).
constexpr uint8_t kFuncDesc = 0x01, kTypeDesc = 0x03, kComponentDesc = 0x04, kInstanceDesc = 0x05;

// Writes component types of interfaces and worlds (wit-component's InterfaceEncoder).
// Named types of the current interface are declared by name: exported (inside instance
// types), imported (`set_import_types`), or not at all (`set_name_types(false)`: plain
// definitions, for the types of a component's lifted functions).
class TypeEncoder {
 public:
  explicit TypeEncoder(const Resolve& r, bool component = false) : r_(r) { outer_.component = component; }

  TypeScope& outer() { return outer_; }
  void set_interface(std::optional<InterfaceId> id) { interface_ = id; }
  void set_import_types(bool on) { import_types_ = on; }
  void set_name_types(bool on) { name_types_ = on; }
  void set_type_name_prefix(std::string prefix) { type_name_prefix_ = std::move(prefix); }
  // Types of other interfaces are defined and named here too, instead of aliased from
  // those interfaces' instances (a component that imports every type it uses).
  void set_foreign_types_local(bool on) { foreign_local_ = on; }
  // Each type named so far with its (unique) name: `prefix + name`, then a counter.
  const std::vector<std::pair<std::string, TypeId>>& named_types() const { return named_; }

  // The instance type of `id`: all its types, then its functions (`only`: those named
  // there), those of each resource in the order of the resources and freestanding ones last.
  Result<uint32_t> encode_instance(InterfaceId id, bool with_functions = true,
                                   const std::vector<std::string>* only = nullptr);
  // Imports or exports instance type `type` under `name`; it becomes the
  // instance through which later types of `id` are aliased.
  void declare_instance(uint8_t import_or_export, InterfaceId id, std::string_view name, uint32_t type);
  // Records that instance `index` (of the outer scope) holds the types of `id`.
  void set_instance(InterfaceId id, uint32_t index) { import_map_[id.index] = index; }

  Result<uint32_t> encode_func(const Function& f);
  Result<ValType> encode_valtype(Type t);

  // `import`/`export` `name` with an externdesc of `kind` and index `index`.
  static void declare(TypeScope& s, uint8_t import_or_export, std::string_view name, uint8_t kind,
                      uint32_t index);
  static uint32_t define(TypeScope& s, const std::vector<uint8_t>& type);

 private:
  TypeScope& cur() { return inner_ ? *inner_ : outer_; }
  Error internal(std::string message) const {
    return Error{Phase::Validate, {}, std::move(message), {}, 0, {}};
  }
  uint32_t name_type(TypeId id, std::optional<uint32_t> eq);
  Result<uint32_t> import_type(InterfaceId owner, TypeId id);
  Result<ValType> encode_def(TypeId id);
  Result<ValType> encode_kind(const TypeDefKind& kind);

  const Resolve& r_;
  TypeScope outer_;
  std::optional<TypeScope> inner_;
  std::optional<InterfaceId> interface_;
  std::map<uint32_t, uint32_t> import_map_;  // InterfaceId -> instance index in outer_
  bool import_types_ = false;
  bool name_types_ = true;
  bool foreign_local_ = false;
  std::string type_name_prefix_;
  std::vector<std::pair<std::string, TypeId>> named_;
};

}  // namespace weft::component::wit

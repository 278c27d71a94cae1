// The component type model: value, resource, function, component, instance and core
// module types in one arena, referred to by typed index, immutable once validated.
// spec: Explainer.md "Type Definitions", "Type Checking"; Binary.md "Type Definitions"
//
// How the model is laid out (the canonical ABI and the linker walk it):
//
//  * Every type lives in a TypeArena and is named by a TypeRef {kind, index}. Primitive
//    value types need no arena entry (TypeRef{Prim, PrimValType}). A ValType is a
//    TypeRef whose kind is Prim or Defined. Type indices of the binary are gone after
//    validation: as the Explainer says, types are ASTs, compared structurally.
//  * Defined value types (record, variant, list, tuple, flags, enum, option, result,
//    own, borrow, stream, future, map) carry a TypeInfo computed when they are added:
//    flat length, canonical ABI size/alignment (32-bit memories), whether they hold a
//    borrow, a resource handle, or need memory/realloc (strings and lists).
//  * Resources have identity. A ResourceType entry is one *name* for a resource; its
//    `root` is the identity. Two handles are equal iff their resources have the same
//    root. Exporting a resource makes a new name with the same root (the export is an
//    external name for it, see Explainer "External Visibility of Types"); a
//    `(sub resource)` import or export declarator, a resource definition, or
//    instantiating a component/importing an instance type makes a *fresh* root.
//  * ComponentType and InstanceType list their imports/exports by name, plus the
//    resource roots they bind: `imported_resources` are universally quantified (the
//    instantiator supplies them), `defined_resources` existentially (each instantiation
//    or import gets fresh ones). The validator substitutes both with `remap` (see
//    subtype.h); the linker does the same at run time, mapping the roots of a
//    ValidatedComponent's type to run-time resource types.
//  * Core types: core function types (core::FuncType), module types (imports/exports
//    with core extern types) and core instance types (exports).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/binary/types.h"

namespace weft::component {

// spec: Binary.md primvaltype, with its binary codes.
enum class PrimValType : uint8_t {
  Bool = 0x7f, S8 = 0x7e, U8 = 0x7d, S16 = 0x7c, U16 = 0x7b, S32 = 0x7a, U32 = 0x79,
  S64 = 0x78, U64 = 0x77, F32 = 0x76, F64 = 0x75, Char = 0x74, String = 0x73, ErrorContext = 0x64,
};
std::optional<PrimValType> prim_from_byte(uint8_t b);
std::string_view prim_name(PrimValType t);

enum class TypeKind : uint8_t {
  Prim,       // index: PrimValType
  Defined,    // index into TypeArena::defined
  Resource,   // index into TypeArena::resources (one name of a resource)
  Func,       // TypeArena::funcs
  Component,  // TypeArena::components
  Instance,   // TypeArena::instances
  Module,     // TypeArena::modules (core module type)
};

struct TypeRef {
  TypeKind kind = TypeKind::Prim;
  uint32_t index = 0;

  static TypeRef prim(PrimValType p) { return {TypeKind::Prim, uint32_t(p)}; }
  bool is_valtype() const { return kind == TypeKind::Prim || kind == TypeKind::Defined; }
  PrimValType as_prim() const { return PrimValType(index); }
  bool operator==(const TypeRef&) const = default;
};
using ValType = TypeRef;  // kind is Prim or Defined

// ---- value types ---------------------------------------------------------------

enum class DefinedKind : uint8_t {
  Record, Variant, List, FixedList, Tuple, Flags, Enum, Option, Result, Own, Borrow, Stream, Future, Map,
};
std::string_view defined_kind_name(DefinedKind k);

struct Field {
  std::string name;
  ValType type;
};

struct Case {
  std::string name;
  std::optional<ValType> type;
};

// Facts about a value type that validation and the canonical ABI need often.
struct TypeInfo {
  uint32_t depth = 1;           // nesting depth (limited to kMaxTypeDepth)
  uint32_t flat_count = 1;      // length of flatten_type, saturated at kFlatSaturate
  uint64_t size32 = 0;          // elem_size(t, 'i32')
  uint32_t align32 = 1;         // alignment(t, 'i32')
  uint64_t size64 = 0;          // elem_size(t, 'i64'): validation bounds it by 2^28
  uint32_t align64 = 1;         // alignment(t, 'i64')
  bool contains_borrow = false;
  bool contains_handle = false;  // own or borrow anywhere inside
  bool contains_async = false;   // stream or future anywhere inside
  bool needs_memory = false;     // strings or variable-length lists: lifting/lowering needs memory (+realloc)
};
constexpr uint32_t kMaxTypeDepth = 100;
constexpr uint32_t kFlatSaturate = 1u << 20;
constexpr uint64_t kMaxValueSize = 1ull << 28;  // spec: elem_size(t, 'i64') < 2^28

struct DefinedType {
  DefinedKind kind = DefinedKind::Record;
  std::vector<Field> fields;        // Record
  std::vector<Case> cases;          // Variant
  std::vector<ValType> types;       // Tuple
  std::vector<std::string> labels;  // Flags, Enum
  std::optional<ValType> elem;      // List, FixedList, Option, Stream?, Future?, Result ok?, Map key
  std::optional<ValType> elem2;     // Result err?, Map value
  uint32_t length = 0;              // FixedList
  uint32_t resource = 0;            // Own, Borrow: index into TypeArena::resources
  TypeInfo info;
};

// One name of a resource type; `root` is its identity (see the header comment).
struct ResourceType {
  uint32_t root = 0;
  std::optional<core::ValType> rep;  // concrete resources (defined by a component) only
  std::optional<uint32_t> dtor;      // core function index in the defining component
};

// ---- functions, components, instances ---------------------------------------------

struct FuncType {
  bool async = false;
  std::vector<Field> params;
  std::optional<ValType> result;
};

// spec: externtype. `type` is the referenced type: the function, component, instance
// or module type; the value type for values; any type for type imports/exports.
enum class ExternKind : uint8_t { Module, Func, Value, Type, Component, Instance };
std::string_view extern_kind_name(ExternKind k);

struct ExternType {
  ExternKind kind = ExternKind::Func;
  TypeRef type;
};

struct NamedExtern {
  std::string name;
  ExternType type;
};

struct ComponentType {
  std::vector<NamedExtern> imports;
  std::vector<NamedExtern> exports;
  std::vector<uint32_t> imported_resources;  // roots, ∀-bound: supplied by the instantiator
  std::vector<uint32_t> defined_resources;   // roots, ∃-bound: fresh for each instance
  const NamedExtern* find_import(std::string_view name) const;
  const NamedExtern* find_export(std::string_view name) const;
};

struct InstanceType {
  std::vector<NamedExtern> exports;
  std::vector<uint32_t> defined_resources;  // roots, fresh for each import of this type
  const NamedExtern* find_export(std::string_view name) const;
};

// ---- core types -------------------------------------------------------------------

struct CoreExternType {
  core::ExternKind kind = core::ExternKind::Func;
  core::FuncType func;  // Func, Tag
  core::TableType table;
  core::MemoryType memory;
  core::GlobalType global;
};

struct CoreImport {
  std::string module;
  std::string name;
  CoreExternType type;
};

struct CoreExport {
  std::string name;
  CoreExternType type;
};

struct ModuleType {
  std::vector<CoreImport> imports;
  std::vector<CoreExport> exports;
};

struct CoreInstanceType {
  std::vector<CoreExport> exports;
  const CoreExport* find_export(std::string_view name) const;
};

// ---- the arena --------------------------------------------------------------------

class TypeArena {
 public:
  ValType add_defined(DefinedType t);  // computes t.info
  TypeRef add_func(FuncType t);
  TypeRef add_component(ComponentType t);
  TypeRef add_instance(InstanceType t);
  TypeRef add_module(ModuleType t);
  uint32_t add_core_instance(CoreInstanceType t);
  uint32_t add_core_func(core::FuncType t);
  // A resource with a fresh identity.
  TypeRef add_resource(std::optional<core::ValType> rep = {}, std::optional<uint32_t> dtor = {});
  // Another name for the resource `of` (same identity).
  TypeRef alias_resource(uint32_t of);
  // A resource name whose identity is `root`.
  TypeRef resource_with_root(uint32_t root);

  const DefinedType& defined(uint32_t i) const { return defined_[i]; }
  const FuncType& func(uint32_t i) const { return funcs_[i]; }
  const ComponentType& component(uint32_t i) const { return components_[i]; }
  const InstanceType& instance(uint32_t i) const { return instances_[i]; }
  const ModuleType& module(uint32_t i) const { return modules_[i]; }
  const CoreInstanceType& core_instance(uint32_t i) const { return core_instances_[i]; }
  const core::FuncType& core_func(uint32_t i) const { return core_funcs_[i]; }
  const ResourceType& resource(uint32_t i) const { return resources_[i]; }
  uint32_t resource_root(uint32_t i) const { return resources_[i].root; }
  size_t size() const;  // total entries, for bounding work on hostile input

  // Facts about any value type (primitives included).
  TypeInfo info(ValType t) const;

  // "u32", "record", "own", ... for messages.
  std::string describe(TypeRef t) const;

 private:
  TypeInfo compute_info(const DefinedType& t) const;

  std::vector<DefinedType> defined_;
  std::vector<FuncType> funcs_;
  std::vector<ComponentType> components_;
  std::vector<InstanceType> instances_;
  std::vector<ModuleType> modules_;
  std::vector<CoreInstanceType> core_instances_;
  std::vector<core::FuncType> core_funcs_;
  std::vector<ResourceType> resources_;
};

}  // namespace weft::component

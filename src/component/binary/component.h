// The decoded (not yet validated) component: its definitions in binary order, with
// type and index immediates as written. Nested components are decoded recursively.
// spec: Binary.md (productions named in the comments)
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "component/types/types.h"
#include "core/binary/module.h"

namespace weft::component {

// spec: sort / core:sort, flattened into one enum.
enum class Sort : uint8_t {
  CoreFunc, CoreTable, CoreMemory, CoreGlobal, CoreTag, CoreType, CoreModule, CoreInstance,
  Func, Value, Type, Component, Instance,
};
std::string_view sort_name(Sort s);  // "core func", "instance", ...
constexpr bool is_core(Sort s) { return s <= Sort::CoreInstance; }

struct SortIndex {
  Sort sort = Sort::Func;
  uint32_t index = 0;
};

// spec: valtype — a primitive or a type index.
struct ValTypeDesc {
  bool is_prim = true;
  uint32_t value = 0;  // PrimValType code or type index
};

// spec: nameattributes; attributes are kept for tools, ignored by type checking.
struct ExternName {
  std::string name;
  std::optional<std::string> implements;
  std::optional<std::string> version_suffix;
  std::optional<std::string> external_id;
  uint32_t offset = 0;
};

// spec: externtype (with typebound / valuebound)
struct ExternDesc {
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;        // Module: core type index; Func/Component/Instance: type index;
                             // Type with eq bound: type index; Value with eq bound: value index
  bool sub_resource = false; // Type: (sub resource)
  bool value_eq = false;     // Value: (eq i) rather than a value type
  ValTypeDesc value_type;    // Value: the type
  uint32_t offset = 0;
};

// spec: alias
struct Alias {
  enum class Target : uint8_t { Export, CoreExport, Outer };
  Sort sort = Sort::Func;
  Target target = Target::Export;
  uint32_t instance = 0;  // Export, CoreExport
  std::string name;
  uint32_t count = 0;     // Outer
  uint32_t index = 0;     // Outer
  uint32_t offset = 0;
};

// ---- core types ----------------------------------------------------------------------

struct CoreTypeDef;

// spec: core:moduledecl
struct ModuleDecl {
  enum class Kind : uint8_t { Import, Type, Alias, Export } kind = Kind::Import;
  core::Import import;                      // Import; Export uses name + the extern fields
  std::shared_ptr<const CoreTypeDef> type;  // Type
  uint32_t count = 0, index = 0;            // Alias (outer, core type)
  uint32_t offset = 0;
};

// spec: core:type — a function type, a module type or (3.0) a GC rec group.
struct CoreTypeDef {
  bool is_module = false;
  core::FuncType func;
  std::vector<ModuleDecl> decls;
  // A core:rectype other than a plain function type: the group's types, which
  // take one core type index each.
  std::vector<core::SubType> group;
  uint32_t offset = 0;
};

// ---- component types -----------------------------------------------------------------

struct TypeDef;

// spec: componentdecl / instancedecl
struct Decl {
  enum class Kind : uint8_t { CoreType, Type, Alias, Import, Export } kind = Kind::Type;
  std::shared_ptr<const CoreTypeDef> core_type;  // CoreType
  std::shared_ptr<const TypeDef> type;           // Type
  Alias alias;                                   // Alias
  ExternName name;                               // Import, Export
  ExternDesc desc;                               // Import, Export
  uint32_t offset = 0;
};

struct CaseDesc {
  std::string name;
  std::optional<ValTypeDesc> type;
};

struct FieldDesc {
  std::string name;
  ValTypeDesc type;
};

// spec: deftype (defvaltype, functype, componenttype, instancetype, resourcetype)
struct TypeDef {
  enum class Kind : uint8_t {
    Prim, Record, Variant, List, FixedList, Tuple, Flags, Enum, Option, Result, Own, Borrow, Stream, Future, Map,
    Func, Component, Instance, Resource,
  } kind = Kind::Prim;
  PrimValType prim = PrimValType::Bool;  // Prim
  std::vector<FieldDesc> fields;         // Record; Func parameters
  std::vector<CaseDesc> cases;           // Variant
  std::vector<ValTypeDesc> types;        // Tuple
  std::vector<std::string> labels;       // Flags, Enum
  std::optional<ValTypeDesc> a;          // List/FixedList/Option element, Result ok, Stream/Future, Map key, Func result
  std::optional<ValTypeDesc> b;          // Result err, Map value
  uint32_t index = 0;                    // Own/Borrow type index; FixedList length
  bool async = false;                    // Func
  std::vector<Decl> decls;               // Component, Instance
  core::ValType rep = core::ValType::I32;  // Resource
  std::optional<uint32_t> dtor;          // Resource
  uint32_t offset = 0;
};

// ---- definitions ---------------------------------------------------------------------

struct CoreInstanceDef {
  bool instantiate = true;
  uint32_t module = 0;
  struct Arg { std::string name; uint32_t instance; uint32_t offset; };
  std::vector<Arg> args;
  struct Export { std::string name; SortIndex item; uint32_t offset; };
  std::vector<Export> exports;
  uint32_t offset = 0;
};

struct InstanceDef {
  bool instantiate = true;
  uint32_t component = 0;
  struct Arg { std::string name; SortIndex item; uint32_t offset; };
  std::vector<Arg> args;
  struct Export { ExternName name; SortIndex item; uint32_t offset; };
  std::vector<Export> exports;
  uint32_t offset = 0;
};

// spec: canonopt. The codes are the binary ones; CoreType (0x08, a core type index) and
// Gc (0x09) are Wasmtime's GC-ABI options (wasm-tools' `cm-gc`), not in Binary.md.
struct CanonOpt {
  enum class Kind : uint8_t {
    Utf8,
    Utf16,
    Latin1Utf16,
    Memory,
    Realloc,
    PostReturn,
    Async,
    Callback,
    CoreType,
    Gc
  } kind;
  uint32_t index = 0;
  uint32_t offset = 0;
};

// spec: canon. `op` is the binary opcode (0x00 lift, 0x01 lower, 0x02 resource.new, ...).
struct Canon {
  uint8_t op = 0;
  uint32_t func = 0;         // lift: core func; lower: func
  uint32_t type = 0;         // lift: func type; resource.*, stream.*, future.*: type;
                             // thread.new-indirect / spawn: core type
  uint32_t table = 0;        // thread.new-indirect / spawn-indirect
  uint32_t memory = 0;       // waitable-set.wait / poll
  bool flag = false;         // async? / cancellable? / shared?
  core::ValType ctx_type = core::ValType::I32;  // context.get / set
  uint32_t ctx_index = 0;
  std::optional<ValTypeDesc> result;  // task.return
  std::vector<CanonOpt> opts;
  uint32_t offset = 0;
};

struct StartDef {
  uint32_t func = 0;
  std::vector<uint32_t> args;
  uint32_t results = 0;
  uint32_t offset = 0;
};

struct ImportDef {
  ExternName name;
  ExternDesc desc;
  uint32_t offset = 0;
};

struct ExportDef {
  ExternName name;
  SortIndex item;
  std::optional<ExternDesc> desc;
  uint32_t offset = 0;
};

struct ValueDef {
  ValTypeDesc type;
  core::ByteRange bytes;  // the encoded value
  uint32_t offset = 0;
};

struct Component {
  enum class DefKind : uint8_t {
    CoreModule, CoreInstance, CoreType, Component, Instance, Alias, Type, Canon, Start, Import, Export, Value,
  };
  struct Definition {
    DefKind kind;
    uint32_t index;  // into the vector of that kind
  };
  std::vector<Definition> definitions;  // binary order: index spaces grow in this order

  std::vector<core::ByteRange> modules;  // ranges of the whole binary's bytes
  std::vector<CoreInstanceDef> core_instances;
  std::vector<CoreTypeDef> core_types;
  std::vector<Component> components;
  std::vector<InstanceDef> instances;
  std::vector<Alias> aliases;
  std::vector<TypeDef> types;
  std::vector<Canon> canons;
  std::vector<StartDef> starts;
  std::vector<ImportDef> imports;
  std::vector<ExportDef> exports;
  std::vector<ValueDef> values;

  core::ByteRange range;  // of this component in the whole binary
};

}  // namespace weft::component

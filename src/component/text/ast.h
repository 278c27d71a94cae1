// The component text format as a tree: what the parser reads, the expander
// desugars, the resolver turns from names into indices and the encoder writes.
// Internal to weft_component_text.
// spec: Explainer.md (grammar), Binary.md (encoding)
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "support/error.h"

namespace weft::component::text {

// An identifier: `$name` from the text, or one the expander or resolver made
// up (gensym != 0), which no text can spell.
struct Id {
  std::string name;
  uint32_t gensym = 0;
  Span span;
  bool operator==(const Id& other) const { return gensym == other.gensym && name == other.name; }
};

// A reference into an index space: a number, or an id until the resolver runs.
struct Index {
  bool is_id = false;
  uint32_t num = 0;
  Id id;
  Span span;
  static Index number(uint32_t n, Span span = {}) { return Index{false, n, {}, span}; }
  static Index named(Id id) {
    Span span = id.span;
    return Index{true, 0, std::move(id), span};
  }
};

// The 13 index spaces ("sorts"): 8 core, 5 component.
enum class Sort : uint8_t {
  CoreFunc,
  CoreTable,
  CoreMemory,
  CoreGlobal,
  CoreTag,
  CoreType,
  CoreModule,
  CoreInstance,
  Func,
  Value,
  Type,
  Component,
  Instance,
  Count,
};

inline bool is_core(Sort sort) { return sort < Sort::Func; }

// `(sort idx "name"*)`: an item, possibly reached through instance exports
// (the inline alias sugar; core references allow at most one name).
struct ItemRef {
  Sort sort = Sort::Func;
  Index idx;
  std::vector<std::string> export_names;
};

// An import or export name with its attributes.
struct ExternName {
  std::string name;
  std::optional<std::string> version_suffix;
  std::optional<std::string> implements;
  std::optional<std::string> external_id;
  Span span;
};

// ---- core types ----

struct CoreValType {
  uint8_t code = 0x7f;  // i32..v128, or an abstract heap type's shorthand when !ref
  bool ref = false;      // (ref null? heaptype)
  bool nullable = false;
  bool concrete = false;  // heap type is a type index
  uint8_t heap = 0;       // abstract heap type code
  Index type;             // concrete heap type
};

struct CoreFuncType {
  std::vector<CoreValType> params;
  std::vector<CoreValType> results;
};

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool is64 = false;
  bool shared = false;
  std::optional<uint32_t> page_size_log2;
};

// A core type use inside a module type: `(type idx)` and/or an inline signature.
struct CoreTypeUse {
  std::optional<Index> index;
  std::optional<CoreFuncType> inline_type;
};

// The description of a core import or export in a module type.
struct CoreExternType {
  uint8_t kind = 0;  // 0 func, 1 table, 2 memory, 3 global, 4 tag
  CoreTypeUse func;  // func and tag
  CoreValType value;  // table element type, global type
  bool mut = false;
  Limits limits;
};

struct AliasField;

struct ModuleDecl {
  enum class Kind : uint8_t { Import, Type, Alias, Export } kind = Kind::Type;
  std::string module, name;  // Import: both; Export: name
  CoreExternType extern_type;
  std::optional<Id> id;  // Type
  CoreFuncType type;     // Type
  std::shared_ptr<AliasField> alias;
  Span span;
};

struct CoreTypeDef {
  enum class Kind : uint8_t { Func, Module } kind = Kind::Func;
  CoreFuncType func;
  std::vector<ModuleDecl> module;
};

// ---- component value types ----

enum class Prim : uint8_t { Bool, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, Char, String, ErrorContext };

struct DefinedType;

// A value type: a primitive, a type index, or (until expansion) an inline
// compound type definition.
struct ValType {
  enum class Kind : uint8_t { Prim, Ref, Inline } kind = Kind::Prim;
  Prim prim = Prim::Bool;
  Index ref;
  std::unique_ptr<DefinedType> def;
};

// A labelled (or not) member of a compound type: record field, variant case,
// tuple element, flag or enum label, param; `type` absent where optional.
struct TypeMember {
  std::string name;
  std::optional<Id> id;  // variant case id
  std::optional<ValType> type;
  Span span;
};

struct DefinedType {
  enum class Kind : uint8_t {
    Prim, Record, Variant, List, FixedList, Tuple, Flags, Enum, Option, Result, Own, Borrow, Stream,
    Future, Map,
  } kind = Kind::Prim;
  Prim prim = Prim::Bool;
  // Record fields, variant cases, tuple elements, flag/enum labels; List, FixedList,
  // Option, Stream, Future: [elem]; Result: [ok, error]; Map: [key, value].
  std::vector<TypeMember> members;
  uint32_t length = 0;  // FixedList
  Index handle;         // Own, Borrow
};

struct FuncType {
  bool async = false;
  std::vector<TypeMember> params;
  std::optional<ValType> result;
};

struct ResourceType {
  CoreValType rep;
  std::optional<ItemRef> dtor;
};

struct Decl;

struct TypeDef {
  enum class Kind : uint8_t { Defined, Func, Component, Instance, Resource } kind = Kind::Defined;
  DefinedType defined;
  FuncType func;
  std::vector<Decl> decls;  // Component, Instance
  ResourceType resource;
};

// A type use: a reference `(type idx)` or (until expansion) an inline definition.
struct TypeUse {
  std::optional<ItemRef> ref;
  std::unique_ptr<TypeDef> inline_def;            // func, component, instance
  std::unique_ptr<CoreTypeDef> inline_core_def;  // core module
};

// What an import or export declares: `(func $id? typeuse)`, `(type $id? bound)`, ...
struct ItemSig {
  Sort sort = Sort::Func;  // CoreModule, Func, Value, Type, Component or Instance
  std::optional<Id> id;
  TypeUse use;
  // Type: (eq idx) or (sub resource); Value: (eq idx) or a value type.
  bool sub_resource = false;
  std::optional<Index> eq;
  std::optional<ValType> value;
  Span span;
};

// ---- definitions ----

struct CoreTypeField {
  std::optional<Id> id;
  CoreTypeDef def;
  Span span;
};

struct TypeField {
  std::optional<Id> id;
  std::vector<ExternName> exports;  // inline `(export "name")`
  TypeDef def;
  Span span;
};

struct AliasField {
  enum class Target : uint8_t { Export, CoreExport, Outer } target = Target::Export;
  std::optional<Id> id;
  std::vector<ExternName> exports;  // from `(func (export ..) (alias ...))`
  Sort sort = Sort::Func;
  Index instance;  // Export, CoreExport
  std::string name;
  Index outer, index;  // Outer
  Span span;
};

struct ImportField {
  ExternName name;
  ItemSig item;
  std::vector<ExternName> exports;  // from `(func (import ..) (export ..) ...)`
  Span span;
};

struct ExportField {
  std::optional<Id> id;
  ExternName name;
  ItemRef ref;
  std::optional<ItemSig> type;  // ascribed type
  Span span;
};

// Declarators of component and instance types (imports only in component types).
struct Decl {
  enum class Kind : uint8_t { CoreType, Type, Alias, Import, Export } kind = Kind::Type;
  std::unique_ptr<CoreTypeField> core_type;
  std::unique_ptr<TypeField> type;
  std::unique_ptr<AliasField> alias;
  std::unique_ptr<ImportField> import;  // Import and Export: a name and a signature
};

struct CoreModuleField {
  std::optional<Id> id;
  std::vector<ExternName> exports;
  size_t body_begin = 0, body_end = 0;  // tokens of the module fields
  Span span;
};

struct CoreExportItem {
  std::string name;
  ItemRef ref;
};

struct CoreInstanceField {
  struct Arg {
    std::string name;
    bool bundle = false;
    ItemRef instance;
    std::vector<CoreExportItem> exports;
    Span span;
  };
  std::optional<Id> id;
  bool instantiate = false;
  ItemRef module;
  std::vector<Arg> args;
  std::vector<CoreExportItem> exports;  // the bundle form
  Span span;
};

struct ExportItem {
  ExternName name;
  ItemRef ref;
};

struct InstanceField {
  struct Arg {
    std::string name;
    bool bundle = false;
    ItemRef ref;
    std::vector<ExportItem> exports;
    Span span;
  };
  std::optional<Id> id;
  std::vector<ExternName> exports;  // inline `(export "name")`
  bool instantiate = false;
  ItemRef component;
  std::vector<Arg> args;
  std::vector<ExportItem> items;  // the bundle form
  Span span;
};

struct CanonOpt {
  enum class Kind : uint8_t {
    Utf8, Utf16, Latin1Utf16, Memory, Realloc, PostReturn, Async, Callback, CoreType, Gc,
  } kind = Kind::Utf8;
  ItemRef ref;
};

struct CanonField {
  std::optional<Id> id;
  std::vector<ExternName> exports;  // from `(func (export ..) (canon lift ...))`
  std::string op;                   // "lift", "lower", "resource.new", ...
  ItemRef func;                     // lift: core func; lower: func
  TypeUse type;                     // lift: the function type
  std::vector<CanonOpt> opts;
  std::optional<ItemRef> type_ref;  // resource.*, stream.*, future.*: a type; thread.*: a core type
  std::optional<ItemRef> table;     // thread.*-indirect
  std::optional<ItemRef> memory;    // waitable-set.wait/poll
  std::optional<ValType> result;    // task.return
  CoreValType value_type;           // context.get/set
  uint32_t slot = 0;                // context.get/set
  bool flag = false;                // async / cancellable / shared
  Span span;
};

struct StartField {
  Index func;
  std::vector<ItemRef> args;
  std::vector<std::optional<Id>> results;
  Span span;
};

struct ComponentField;

using Field = std::variant<CoreModuleField, CoreInstanceField, CoreTypeField, ComponentField, InstanceField,
                           AliasField, TypeField, CanonField, StartField, ImportField, ExportField>;

struct ComponentField {
  std::optional<Id> id;
  std::vector<ExternName> exports;
  std::vector<Field> fields;
  Span span;
};

}  // namespace weft::component::text

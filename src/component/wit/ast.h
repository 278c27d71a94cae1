// The syntax tree of one WIT file, as the parser reads it and before names are resolved.
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/WIT.md#top-level-items
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "component/wit/model.h"
#include "support/error.h"

namespace weft::component::wit::ast {

// A kebab-case name as written (without a leading '%') and where it was written.
struct Ident {
  std::string name;
  Span span;
};

// `ns:name@version` in a package declaration or a use path.
struct PackageRef {
  Ident ns;
  Ident name;
  std::optional<Version> version;
  Span span;  // of the namespace
  PackageName to_name() const { return PackageName{ns.name, name.name, version}; }
};

// An interface or world reference: `name` in this package, or `ns:pkg/name@version`.
struct UsePath {
  std::optional<PackageRef> package;
  Ident name;
  Span span;  // where the path starts
};

// The `@since`/`@unstable`/`@deprecated` gate and `@external-id` of an item.
struct Gate {
  Stability stability;
  Span span;  // of the first attribute; no line when there is none
  std::optional<std::string> external_id;
};

struct TypeExpr {
  enum class Kind : uint8_t {
    Primitive, Name, List, FixedList, Option, Result, Tuple, Map, Future, Stream, Own, Borrow
  };
  Kind kind = Kind::Primitive;
  Type::Kind primitive = Type::Kind::Bool;  // Primitive
  Ident name;                               // Name, Own, Borrow
  std::vector<TypeExpr> args;  // element/payload/tuple members/key and value; Result: ok then err
  bool has_ok = false;         // Result
  bool has_err = false;        // Result
  uint32_t length = 0;         // FixedList
  Span span;
};

struct Param {
  Ident name;
  TypeExpr type;
};

struct Func {
  bool is_async = false;
  std::vector<Param> params;
  std::optional<TypeExpr> result;
  Span span;  // of `func` (or `constructor`)
};

struct NamedFunc {
  Ident name;
  Func func;
  Docs docs;
  Gate gate;
};

struct ResourceFunc {
  enum class Kind : uint8_t { Method, Static, Constructor };
  Kind kind = Kind::Method;
  NamedFunc func;  // a constructor's name is `constructor`, at the keyword
};

struct Field {
  Ident name;
  TypeExpr type;
  Docs docs;
};

struct Case {  // variant, enum and flags cases
  Ident name;
  std::optional<TypeExpr> type;
  Docs docs;
};

struct TypeDef {
  enum class Kind : uint8_t { Alias, Record, Flags, Variant, Enum, Resource };
  Kind kind = Kind::Alias;
  Ident name;
  TypeExpr alias;                    // Alias
  std::vector<Field> fields;         // Record
  std::vector<Case> cases;           // Flags, Variant, Enum
  std::vector<ResourceFunc> funcs;   // Resource
  Docs docs;
  Gate gate;
};

struct UseName {
  Ident name;
  std::optional<Ident> as;
  const Ident& local() const { return as ? *as : name; }
};

struct Use {  // `use path.{a, b as c};` inside an interface or world
  UsePath path;
  std::vector<UseName> names;
  Docs docs;
  Gate gate;
};

using InterfaceItem = std::variant<Use, TypeDef, NamedFunc>;

struct Interface {
  Ident name;
  std::vector<InterfaceItem> items;
  Docs docs;
  Gate gate;
};

// What a world imports or exports.
struct Extern {
  enum class Kind : uint8_t {
    Path,       // `import wasi:io/streams;`
    Func,       // `import f: func();`
    Interface,  // `import x: interface { ... }`
    NamedPath,  // `import x: wasi:keyvalue/store;`
  };
  Kind kind = Kind::Path;
  Ident label;  // Func, Interface, NamedPath
  UsePath path;  // Path, NamedPath
  Func func;
  std::vector<InterfaceItem> items;
  Span span;  // of the label or path
};

struct ImportExport {
  bool is_export = false;
  Extern ext;
  Docs docs;
  Gate gate;
};

struct Include {
  UsePath path;
  std::vector<std::pair<Ident, Ident>> with;  // `with { a as b }`
  Gate gate;
};

using WorldItem = std::variant<ImportExport, Use, TypeDef, Include>;

struct World {
  Ident name;
  std::vector<WorldItem> items;
  Docs docs;
  Gate gate;
};

struct TopUse {  // `use wasi:io/streams@0.2.0 as streams;` at the top of a file
  UsePath path;
  std::optional<Ident> as;
  const Ident& local() const { return as ? *as : path.name; }
};

using TopItem = std::variant<TopUse, Interface, World>;

struct PackageDecl {
  PackageRef name;
  Docs docs;
  Span span;       // of the name
  Span docs_span;  // of the first doc comment
};

// `package a:b { ... }` inside a file; `depth` 1 is directly at the top level.
struct NestedPackage {
  PackageDecl decl;
  std::vector<TopItem> items;
  uint32_t depth = 1;
};

struct File {
  std::string path;
  std::optional<PackageDecl> package;
  std::vector<TopItem> items;  // items of the file's own (root) package
  std::vector<NestedPackage> nested;
};

}  // namespace weft::component::wit::ast

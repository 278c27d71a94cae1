// The resolved WIT model: packages, interfaces, worlds and types after name resolution.
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/WIT.md
//
// One `Resolve` is an arena holding everything reachable from some WIT text: every
// package with its dependencies, their interfaces and worlds, and every type
// definition. Entities refer to each other by typed indices (`PackageId`,
// `InterfaceId`, `WorldId`, `TypeId`) into the arena's vectors, never by pointer, so
// a `Resolve` can be copied, and later stages (binary encoding, bindings generators,
// the component linker) walk it without chasing names.
//
// The shape follows the Rust wit-parser's `Resolve`, so the two agree item for item:
//  * Packages come in dependency order: a package only refers to packages before it.
//  * Interfaces and types come in a topological order too: a type definition only
//    refers to type definitions with a smaller index.
//  * `use` is not copied: `use a.{t}` inside interface `b` adds a type `t` owned by
//    `b` whose kind is `Alias` of `a`'s `t`. Resources stay one entity however many
//    times they are used.
//  * Anonymous types (`list<u8>`, `option<r>`, handles) are type definitions with an
//    empty name and no owner, shared within a package.
//  * A resource named where a value is expected means an owned handle: it becomes an
//    anonymous `Handle{Own}` of the named type (the name itself may be a `use` alias).
//  * Worlds are elaborated: `include`s are merged, and every interface that an import
//    or export needs through `use` is listed as an import, dependencies first, the way
//    wit-parser does it. Imports are ordered interfaces, types, functions.
//  * Items excluded by an inactive `@unstable` feature are absent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "component/wit/version.h"

namespace weft::component::wit {

// A typed index into one of the `Resolve` arenas.
template <class Tag>
struct Index {
  static constexpr uint32_t kNone = ~uint32_t{0};
  uint32_t index = kNone;
  bool valid() const { return index != kNone; }
  friend bool operator==(Index a, Index b) { return a.index == b.index; }
  friend auto operator<=>(Index a, Index b) { return a.index <=> b.index; }
};
using PackageId = Index<struct PackageTag>;
using InterfaceId = Index<struct InterfaceTag>;
using WorldId = Index<struct WorldTag>;
using TypeId = Index<struct TypeTag>;

// `namespace:name@version`.
struct PackageName {
  std::string ns;
  std::string name;
  std::optional<Version> version;

  std::string to_string() const;  // "wasi:io@0.2.12"
  friend bool operator==(const PackageName&, const PackageName&) = default;
  // Namespace, then name, then version (absent first, then semver precedence).
  friend std::strong_ordering operator<=>(const PackageName& a, const PackageName& b);
};

// Doc comments, with the comment markers and common indentation removed.
struct Docs {
  std::optional<std::string> contents;
  bool empty() const { return !contents; }
};

// The feature gate of an item: `@since`, `@unstable`, optionally with `@deprecated`.
struct Stability {
  enum class Kind : uint8_t { Unknown, Stable, Unstable };
  Kind kind = Kind::Unknown;
  Version since;                      // Stable
  std::string feature;                // Unstable
  std::optional<Version> deprecated;  // either
  friend bool operator==(const Stability&, const Stability&) = default;
};

// A reference to a type: a primitive or a type definition in the arena.
struct Type {
  enum class Kind : uint8_t { Bool, U8, U16, U32, U64, S8, S16, S32, S64, F32, F64, Char, String, ErrorContext, Def };
  Kind kind = Kind::Bool;
  TypeId def;  // Kind::Def only

  static Type of(Kind k) { return Type{k, {}}; }
  static Type of(TypeId id) { return Type{Kind::Def, id}; }
  bool is_def() const { return kind == Kind::Def; }
  friend bool operator==(const Type&, const Type&) = default;
};

// The WIT spelling of a primitive ("u32", "string", "error-context"); "" for Def.
std::string_view primitive_name(Type::Kind kind);

struct Field {
  std::string name;
  Type type;
  Docs docs;
};
struct Flag {
  std::string name;
  Docs docs;
};
struct Case {  // a variant case, with an optional payload
  std::string name;
  std::optional<Type> type;
  Docs docs;
};
struct EnumCase {
  std::string name;
  Docs docs;
};

// The kinds of type definition, one struct each.
struct Alias { Type target; };  // `type a = b;` and `use`d names
struct Record { std::vector<Field> fields; };
struct Resource {};
struct Handle {
  enum class Kind : uint8_t { Own, Borrow };
  Kind kind = Kind::Own;
  TypeId resource;  // a resource, or an alias that leads to one
};
struct Flags { std::vector<Flag> flags; };
struct Tuple { std::vector<Type> types; };
struct Variant { std::vector<Case> cases; };
struct Enum { std::vector<EnumCase> cases; };
struct Option { Type type; };
struct ResultType {
  std::optional<Type> ok;
  std::optional<Type> err;
};
struct List { Type element; };
struct FixedList {  // `list<T, N>`
  Type element;
  uint32_t length = 0;
};
struct Map {
  Type key;
  Type value;
};
struct Future { std::optional<Type> payload; };
struct Stream { std::optional<Type> payload; };

using TypeDefKind = std::variant<Alias, Record, Resource, Handle, Flags, Tuple, Variant, Enum, Option, ResultType,
                                 List, FixedList, Map, Future, Stream>;

// Which interface or world a named type belongs to; anonymous types have none.
struct TypeOwner {
  enum class Kind : uint8_t { None, Interface, World };
  Kind kind = Kind::None;
  InterfaceId interface;
  WorldId world;
  friend bool operator==(const TypeOwner&, const TypeOwner&) = default;
};

struct TypeDef {
  std::string name;  // empty for anonymous types
  TypeDefKind kind;
  TypeOwner owner;
  Docs docs;
  Stability stability;
};

struct Param {
  std::string name;
  Type type;
};

struct Function {
  enum class Kind : uint8_t { Freestanding, Method, Static, Constructor };
  // The component-level name: "f", "[method]r.f", "[static]r.f", "[constructor]r".
  std::string name;
  Kind kind = Kind::Freestanding;
  bool is_async = false;
  TypeId resource;  // Method, Static, Constructor: the resource (as named in scope)
  std::vector<Param> params;  // methods start with `self: borrow<r>`
  std::optional<Type> result;  // constructors: own<r> or result<own<r>, E>
  Docs docs;
  Stability stability;
  std::optional<std::string> external_id;  // `@external-id("...")`

  // The name inside the resource block ("f" for "[method]r.f", "" for a constructor).
  std::string_view item_name() const;
};

// A set of named types and functions: a named interface of a package, or an
// anonymous one written inline in a world (`import x: interface { ... }`).
struct Interface {
  std::string name;  // empty when anonymous
  std::vector<std::pair<std::string, TypeId>> types;  // declaration order: `use`s first
  std::vector<Function> functions;
  PackageId package;
  Docs docs;
  Stability stability;

  std::optional<TypeId> find_type(std::string_view name) const;
  const Function* find_function(std::string_view name) const;
};

// The name of a world import or export: a plain name, or an interface's own
// name (`import wasi:io/streams;`), which wit-parser keys by the interface.
struct WorldKey {
  std::string name;         // plain name; empty for an interface key
  InterfaceId interface;    // interface key
  bool is_interface() const { return name.empty(); }
  friend bool operator==(const WorldKey&, const WorldKey&) = default;
};

struct WorldItem {
  enum class Kind : uint8_t { Interface, Function, Type };
  WorldKey key;
  Kind kind = Kind::Interface;
  InterfaceId interface;  // Interface: a named interface, or an anonymous one
  Function function;      // Function
  TypeId type;            // Type: a type definition owned by the world, or a `use`
  Stability stability;    // Interface: the gate written on the import/export
  std::optional<std::string> external_id;
};

struct World {
  std::string name;
  std::vector<WorldItem> imports;
  std::vector<WorldItem> exports;
  PackageId package;
  Docs docs;
  Stability stability;

  const WorldItem* find_import(const WorldKey& key) const;
  const WorldItem* find_export(const WorldKey& key) const;
};

struct Package {
  PackageName name;
  Docs docs;
  std::vector<std::pair<std::string, InterfaceId>> interfaces;  // named interfaces, in order
  std::vector<std::pair<std::string, WorldId>> worlds;

  std::optional<InterfaceId> find_interface(std::string_view name) const;
  std::optional<WorldId> find_world(std::string_view name) const;
};

struct Resolve {
  std::vector<Package> packages;
  std::vector<Interface> interfaces;
  std::vector<World> worlds;
  std::vector<TypeDef> types;

  const Package& operator[](PackageId id) const { return packages[id.index]; }
  const Interface& operator[](InterfaceId id) const { return interfaces[id.index]; }
  const World& operator[](WorldId id) const { return worlds[id.index]; }
  const TypeDef& operator[](TypeId id) const { return types[id.index]; }
  Package& operator[](PackageId id) { return packages[id.index]; }
  Interface& operator[](InterfaceId id) { return interfaces[id.index]; }
  World& operator[](WorldId id) { return worlds[id.index]; }
  TypeDef& operator[](TypeId id) { return types[id.index]; }

  std::optional<PackageId> find_package(const PackageName& name) const;
  // Follows `Alias` definitions to the type they name (itself when not an alias).
  TypeId follow_aliases(TypeId id) const;
  // The interface a `use`d type comes from: for an alias owned by one interface or
  // world of a type owned by another interface, that interface.
  std::optional<InterfaceId> type_interface_dep(TypeId id) const;
  // The interfaces `id` uses types from, in the order of its types.
  std::vector<InterfaceId> interface_direct_deps(InterfaceId id) const;
  // "wasi:io/streams@0.2.12" for a named interface; its world key name otherwise.
  std::string interface_path(InterfaceId id) const;
  // The name an import/export is known by: the plain name or the interface path.
  std::string key_name(const WorldKey& key) const;
};

}  // namespace weft::component::wit

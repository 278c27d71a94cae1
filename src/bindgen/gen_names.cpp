// C++ names for WIT items, and the C++ types values take in each direction.
#include <fmt/format.h>

#include <array>
#include <cctype>

#include "bindgen/gen.h"

namespace weft::bindgen {

namespace {

constexpr std::array<std::string_view, 97> kKeywords = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
    "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
    "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default",
    "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false",
    "float", "for", "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new",
    "noexcept", "not", "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected", "public",
    "register", "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
    "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local", "throw", "true",
    "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
    "wchar_t", "while", "xor", "xor_eq",
    // names the generated code itself uses in the same scopes
    "std", "exports", "value", "errno", "assert"};

}  // namespace

std::string Generator::escape(std::string name) {
  for (std::string_view k : kKeywords)
    if (name == k) return name + "_";
  return name;
}

std::string Generator::snake(std::string_view kebab) {
  std::string out;
  for (char ch : kebab) out += ch == '-' ? '_' : char(std::tolower(static_cast<unsigned char>(ch)));
  return escape(out);
}

std::string Generator::pascal(std::string_view kebab) {
  std::string out;
  bool upper = true;
  for (char ch : kebab) {
    if (ch == '-') {
      upper = true;
      continue;
    }
    out += upper ? char(std::toupper(static_cast<unsigned char>(ch))) : ch;
    upper = false;
  }
  return escape(out);
}

std::string Generator::interface_ns(InterfaceId id) const {
  const Interface& iface = r_[id];
  std::string ns = exported_interfaces_.count(id.index) ? "exports::" : "";
  if (iface.name.empty()) {  // an interface written inline in the world: named by its key
    const World& w = r_[world_];
    for (const auto* items : {&w.imports, &w.exports})
      for (const WorldItem& item : *items)
        if (item.kind == WorldItem::Kind::Interface && item.interface == id && !item.key.is_interface())
          return ns + world_ns(false) + "::" + snake(item.key.name);
    return ns + world_ns(false);
  }
  const PackageName& p = r_[iface.package].name;
  return ns + snake(p.ns) + "::" + snake(p.name) + "::" + snake(iface.name);
}

std::string Generator::world_ns(bool exported) const {
  return (exported ? "exports::" : "") + snake(r_[world_].name);
}

std::string Generator::owner_ns(const TypeDef& def) const {
  if (def.owner.kind == TypeOwner::Kind::Interface) return interface_ns(def.owner.interface);
  return world_ns(false);
}

std::string Generator::qualified(TypeId id) const {
  const TypeDef& def = r_[id];
  return "::" + owner_ns(def) + "::" + pascal(def.name);
}

TypeId Generator::resource_of(TypeId id) const {
  id = r_.follow_aliases(id);
  if (const auto* h = std::get_if<Handle>(&r_[id].kind)) return r_.follow_aliases(h->resource);
  return id;
}

bool Generator::is_exported_resource(TypeId resource) const {
  const TypeDef& def = r_[resource_of(resource)];
  return def.owner.kind == TypeOwner::Kind::Interface &&
         exported_interfaces_.count(def.owner.interface.index);
}

Error Generator::unsupported(const std::string& what) const {
  return Error{Phase::Validate, {}, "not supported yet: " + what, {}, 0, {}};
}

bool Generator::is_plain(Type t) const {
  t = unalias(r_, t);
  switch (t.kind) {
    case Type::Kind::U8:
    case Type::Kind::U16:
    case Type::Kind::U32:
    case Type::Kind::U64:
    case Type::Kind::S8:
    case Type::Kind::S16:
    case Type::Kind::S32:
    case Type::Kind::S64:
    case Type::Kind::F32:
    case Type::Kind::F64: return true;
    default: return false;
  }
}

Result<std::string> Generator::cpp_type(Type t, Dir dir) const {
  const bool view = dir == Dir::ImportParam;
  switch (t.kind) {
    case Type::Kind::Bool: return "bool";
    case Type::Kind::U8: return "uint8_t";
    case Type::Kind::U16: return "uint16_t";
    case Type::Kind::U32: return "uint32_t";
    case Type::Kind::U64: return "uint64_t";
    case Type::Kind::S8: return "int8_t";
    case Type::Kind::S16: return "int16_t";
    case Type::Kind::S32: return "int32_t";
    case Type::Kind::S64: return "int64_t";
    case Type::Kind::F32: return "float";
    case Type::Kind::F64: return "double";
    case Type::Kind::Char: return "char32_t";
    case Type::Kind::String: return view ? "std::string_view" : "std::string";
    case Type::Kind::ErrorContext: return std::unexpected(unsupported("error-context in C++ bindings"));
    case Type::Kind::Def: break;
  }
  const TypeDef& def = r_[t.def];
  if (!def.name.empty() && !std::holds_alternative<Resource>(def.kind)) {
    if (dir == Dir::Definition) return cpp_kind(def, Dir::ImportResult);
    std::string name = qualified(t.def);
    if (view && !is_plain(t) && !std::holds_alternative<Enum>(r_[r_.follow_aliases(t.def)].kind) &&
        !std::holds_alternative<Flags>(r_[r_.follow_aliases(t.def)].kind))
      return "const " + name + "&";
    return name;
  }
  if (std::holds_alternative<Resource>(def.kind)) return qualified(t.def);
  return cpp_kind(def, dir);
}

// The C++ type of a type definition's structure, whatever its name.
Result<std::string> Generator::cpp_kind(const TypeDef& def, Dir dir) const {
  if (dir == Dir::Definition) dir = Dir::ImportResult;
  const bool view = dir == Dir::ImportParam;
  // Element types inside views are owned C++ values.
  auto owned = [&](Type e) { return cpp_type(e, dir == Dir::ImportParam ? Dir::ImportResult : dir); };
  auto wrap = [&](std::string s) -> std::string { return view ? "const " + s + "&" : s; };
  if (const auto* l = std::get_if<List>(&def.kind)) {
    auto e = owned(l->element);
    if (!e) return e;
    return view ? fmt::format("std::span<const {}>", *e) : fmt::format("std::vector<{}>", *e);
  }
  if (const auto* o = std::get_if<Option>(&def.kind)) {
    auto e = owned(o->type);
    if (!e) return e;
    return wrap(fmt::format("std::optional<{}>", *e));
  }
  if (const auto* res = std::get_if<ResultType>(&def.kind)) {
    std::string ok = "void", err = "std::monostate";
    if (res->ok) {
      auto e = owned(*res->ok);
      if (!e) return e;
      ok = *e;
    }
    if (res->err) {
      auto e = owned(*res->err);
      if (!e) return e;
      err = *e;
    }
    return wrap(fmt::format("std::expected<{}, {}>", ok, err));
  }
  if (const auto* tup = std::get_if<Tuple>(&def.kind)) {
    std::string parts;
    for (Type e : tup->types) {
      auto s = owned(e);
      if (!s) return s;
      parts += (parts.empty() ? "" : ", ") + *s;
    }
    return wrap(fmt::format("std::tuple<{}>", parts));
  }
  if (const auto* fl = std::get_if<FixedList>(&def.kind)) {
    auto e = owned(fl->element);
    if (!e) return e;
    return wrap(fmt::format("std::array<{}, {}>", *e, fl->length));
  }
  if (const auto* m = std::get_if<Map>(&def.kind)) {
    auto k = owned(m->key), v = owned(m->value);
    if (!k) return k;
    if (!v) return v;
    return view ? fmt::format("std::span<const std::pair<{}, {}>>", *k, *v)
                : fmt::format("std::vector<std::pair<{}, {}>>", *k, *v);
  }
  if (const auto* h = std::get_if<Handle>(&def.kind)) {
    TypeId res = resource_of(h->resource);
    std::string name = qualified(res);
    if (h->kind == Handle::Kind::Borrow) {
      if (dir == Dir::ImportParam || dir == Dir::ExportParam)
        return is_exported_resource(res) ? name + "&" : "const " + name + "&";
      return std::unexpected(unsupported("borrow handles outside function parameters"));
    }
    if (is_exported_resource(res)) return fmt::format("std::unique_ptr<{}>", name);
    return name;
  }
  return std::unexpected(unsupported("futures and streams in C++ bindings"));
}

}  // namespace weft::bindgen

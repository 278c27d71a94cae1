// Lookups and names over the resolved WIT model.
#include "component/wit/model.h"

#include <fmt/format.h>

#include <algorithm>

namespace weft::component::wit {

std::string PackageName::to_string() const {
  std::string s = ns + ":" + name;
  if (version) s += "@" + version->to_string();
  return s;
}

std::strong_ordering operator<=>(const PackageName& a, const PackageName& b) {
  if (auto c = a.ns <=> b.ns; c != 0) return c;
  if (auto c = a.name <=> b.name; c != 0) return c;
  if (a.version.has_value() != b.version.has_value())
    return a.version.has_value() ? std::strong_ordering::greater : std::strong_ordering::less;
  if (!a.version) return std::strong_ordering::equal;
  return *a.version <=> *b.version;
}

std::string_view primitive_name(Type::Kind kind) {
  switch (kind) {
    case Type::Kind::Bool: return "bool";
    case Type::Kind::U8: return "u8";
    case Type::Kind::U16: return "u16";
    case Type::Kind::U32: return "u32";
    case Type::Kind::U64: return "u64";
    case Type::Kind::S8: return "s8";
    case Type::Kind::S16: return "s16";
    case Type::Kind::S32: return "s32";
    case Type::Kind::S64: return "s64";
    case Type::Kind::F32: return "f32";
    case Type::Kind::F64: return "f64";
    case Type::Kind::Char: return "char";
    case Type::Kind::String: return "string";
    case Type::Kind::ErrorContext: return "error-context";
    case Type::Kind::Def: return "";
  }
  return "";
}

std::string_view Function::item_name() const {
  std::string_view n = name;
  if (kind == Kind::Freestanding) return n;
  if (kind == Kind::Constructor) return {};
  size_t dot = n.find('.');
  return dot == std::string_view::npos ? n : n.substr(dot + 1);
}

std::optional<TypeId> Interface::find_type(std::string_view n) const {
  for (const auto& [name, id] : types)
    if (name == n) return id;
  return std::nullopt;
}

const Function* Interface::find_function(std::string_view n) const {
  for (const Function& f : functions)
    if (f.name == n) return &f;
  return nullptr;
}

static const WorldItem* find_item(const std::vector<WorldItem>& items, const WorldKey& key) {
  auto it = std::find_if(items.begin(), items.end(), [&](const WorldItem& i) { return i.key == key; });
  return it == items.end() ? nullptr : &*it;
}

const WorldItem* World::find_import(const WorldKey& key) const { return find_item(imports, key); }
const WorldItem* World::find_export(const WorldKey& key) const { return find_item(exports, key); }

std::optional<InterfaceId> Package::find_interface(std::string_view n) const {
  for (const auto& [name, id] : interfaces)
    if (name == n) return id;
  return std::nullopt;
}

std::optional<WorldId> Package::find_world(std::string_view n) const {
  for (const auto& [name, id] : worlds)
    if (name == n) return id;
  return std::nullopt;
}

std::optional<PackageId> Resolve::find_package(const PackageName& name) const {
  for (uint32_t i = 0; i < packages.size(); ++i)
    if (packages[i].name == name) return PackageId{i};
  return std::nullopt;
}

TypeId Resolve::follow_aliases(TypeId id) const {
  // Aliases only point to earlier definitions, so this ends.
  while (const auto* alias = std::get_if<Alias>(&types[id.index].kind)) {
    if (!alias->target.is_def()) break;
    id = alias->target.def;
  }
  return id;
}

std::optional<InterfaceId> Resolve::type_interface_dep(TypeId id) const {
  const TypeDef& def = types[id.index];
  const auto* alias = std::get_if<Alias>(&def.kind);
  if (!alias || !alias->target.is_def()) return std::nullopt;
  const TypeDef& other = types[alias->target.def.index];
  if (other.owner == def.owner || other.owner.kind != TypeOwner::Kind::Interface) return std::nullopt;
  return other.owner.interface;
}

std::vector<InterfaceId> Resolve::interface_direct_deps(InterfaceId id) const {
  std::vector<InterfaceId> deps;
  for (const auto& [name, type] : interfaces[id.index].types)
    if (auto dep = type_interface_dep(type)) deps.push_back(*dep);
  return deps;
}

std::string Resolve::interface_path(InterfaceId id) const {
  const Interface& iface = interfaces[id.index];
  if (iface.name.empty()) return "<anonymous>";
  const PackageName& pkg = packages[iface.package.index].name;
  std::string s = fmt::format("{}:{}/{}", pkg.ns, pkg.name, iface.name);
  if (pkg.version) s += "@" + pkg.version->to_string();
  return s;
}

std::string Resolve::key_name(const WorldKey& key) const {
  return key.is_interface() ? interface_path(key.interface) : key.name;
}

}  // namespace weft::component::wit

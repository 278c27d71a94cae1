// Encoding a resolved WIT package as component types, the way wit-component does, so
// that its decoder (inside wasm-tools and jco) reads back the same package.
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/Binary.md#type-definitions
#include "component/wit/encode.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "core/text/writer.h"

namespace weft::component::wit {
namespace {

using Bytes = std::vector<uint8_t>;

// LEB128 and names as the core binary format writes them.
using core::text::write_name;
using core::text::write_u32;

// A type index where a `valtype` may stand: an s33, so that indices are told apart
// from the negative primitive codes (index 64 needs two bytes).
void put_s33(Bytes& out, uint32_t v) {
  uint64_t x = v;
  while (true) {
    uint8_t byte = x & 0x7f;
    x >>= 7;
    if (x == 0 && !(byte & 0x40)) {
      out.push_back(byte);
      return;
    }
    out.push_back(byte | 0x80);
  }
}


void put_bytes(Bytes& out, const Bytes& b) { out.insert(out.end(), b.begin(), b.end()); }

// Binary.md `primvaltype`.
uint8_t primitive_code(Type::Kind k) {
  switch (k) {
    case Type::Kind::Bool: return 0x7f;
    case Type::Kind::S8: return 0x7e;
    case Type::Kind::U8: return 0x7d;
    case Type::Kind::S16: return 0x7c;
    case Type::Kind::U16: return 0x7b;
    case Type::Kind::S32: return 0x7a;
    case Type::Kind::U32: return 0x79;
    case Type::Kind::S64: return 0x78;
    case Type::Kind::U64: return 0x77;
    case Type::Kind::F32: return 0x76;
    case Type::Kind::F64: return 0x75;
    case Type::Kind::Char: return 0x74;
    case Type::Kind::String: return 0x73;
    case Type::Kind::ErrorContext: return 0x64;
    case Type::Kind::Def: break;
  }
  return 0x7f;  // unreachable: Def is handled by the caller
}

}  // namespace

void ValType::put(Bytes& out) const {
  if (primitive) out.push_back(code);
  else put_s33(out, index);
}

Bytes& TypeScope::begin(uint8_t op) {
  ++decls;
  if (!component) {
    body.push_back(op);
    return body;
  }
  // Binary.md: the section ids of type (7), alias (6), import (10) and export (11) items.
  static constexpr uint8_t kSection[] = {0, 7, 6, 10, 11};
  return item(kSection[op]);
}

Bytes& TypeScope::item(uint8_t id) {
  items.emplace_back(id, Bytes{});
  return items.back().second;
}

Bytes TypeScope::finish(uint8_t opcode) const {
  Bytes out{opcode};
  write_u32(out, decls);
  put_bytes(out, body);
  return out;
}

void TypeScope::write_sections(Bytes& out) const {
  for (size_t i = 0; i < items.size();) {
    size_t j = i;
    Bytes contents;
    // Core modules (1) and components (4) are one item per section.
    bool single = items[i].first == 1 || items[i].first == 4 || items[i].first == 0;
    while (j < items.size() && items[j].first == items[i].first && (j == i || !single)) put_bytes(contents, items[j++].second);
    if (single) {
      out.push_back(items[i].first);
      write_u32(out, uint32_t(contents.size()));
      put_bytes(out, contents);
    } else {
      core::text::write_section(out, items[i].first, uint32_t(j - i), contents);
    }
    i = j;
  }
}

Result<uint32_t> TypeEncoder::encode_instance(InterfaceId id, bool with_functions, const std::vector<std::string>* only) {
  inner_.emplace();
  const Interface& iface = r_[id];
  for (const auto& [name, type] : iface.types)
    if (auto t = encode_def(type); !t) return std::unexpected(t.error());
  if (with_functions) {
    std::vector<const Function*> funcs;
    for (const Function& f : iface.functions)
      if (!only || std::find(only->begin(), only->end(), f.name) != only->end()) funcs.push_back(&f);
    auto rank = [&](const Function* f) -> size_t {
      if (f->kind == Function::Kind::Freestanding) return iface.types.size();
      for (size_t i = 0; i < iface.types.size(); ++i)
        if (iface.types[i].second == f->resource) return i;
      return iface.types.size();
    };
    std::stable_sort(funcs.begin(), funcs.end(), [&](auto* a, auto* b) { return rank(a) < rank(b); });
    for (const Function* f : funcs) {
      auto ty = encode_func(*f);
      if (!ty) return std::unexpected(ty.error());
      declare(*inner_, 0x04, f->name, kFuncDesc, *ty);
    }
  }
  Bytes instance = inner_->finish(0x42);
  inner_.reset();
  return define(outer_, instance);
}

void TypeEncoder::declare_instance(uint8_t import_or_export, InterfaceId id, std::string_view name, uint32_t type) {
  declare(outer_, import_or_export, name, kInstanceDesc, type);
  import_map_[id.index] = outer_.instances++;
}

Result<uint32_t> TypeEncoder::encode_func(const Function& f) {
  Bytes ty{uint8_t(f.is_async ? 0x43 : 0x40)};
  std::vector<ValType> params;
  for (const Param& p : f.params) {
    auto v = encode_valtype(p.type);
    if (!v) return std::unexpected(v.error());
    params.push_back(*v);
  }
  std::optional<ValType> result;
  if (f.result) {
    auto v = encode_valtype(*f.result);
    if (!v) return std::unexpected(v.error());
    result = *v;
  }
  write_u32(ty, uint32_t(f.params.size()));
  for (size_t i = 0; i < params.size(); ++i) {
    write_name(ty, f.params[i].name);
    params[i].put(ty);
  }
  if (result) {
    ty.push_back(0x00);
    result->put(ty);
  } else {
    ty.push_back(0x01);
    ty.push_back(0x00);
  }
  return define(cur(), ty);
}

Result<ValType> TypeEncoder::encode_valtype(Type t) {
  if (!t.is_def()) return ValType{true, primitive_code(t.kind), 0};
  return encode_def(t.def);
}

void TypeEncoder::declare(TypeScope& s, uint8_t import_or_export, std::string_view name, uint8_t kind, uint32_t index) {
  Bytes& out = s.begin(import_or_export);
  out.push_back(0x00);
  write_name(out, name);
  out.push_back(kind);
  write_u32(out, index);
}

uint32_t TypeEncoder::define(TypeScope& s, const Bytes& type) {
  put_bytes(s.begin(0x01), type);
  return s.types++;
}

// A named type as `(export|import "name" (type (eq i)))`, or `(sub resource)`; in a
// component's sections an export is `(export "name" (type i))`.
uint32_t TypeEncoder::name_type(TypeId id, std::optional<uint32_t> eq) {
  TypeScope& s = cur();
  uint8_t op = import_types_ && !inner_ ? 0x03 : 0x04;
  std::string name = type_name_prefix_ + r_[id].name;
  if (!type_name_prefix_.empty()) {  // a `use`d type and its original may share a name
    std::string base = name;
    for (uint32_t n = 0; std::any_of(named_.begin(), named_.end(), [&](const auto& p) { return p.first == name; }); ++n)
      name = base + std::to_string(n);
  }
  named_.emplace_back(name, id);
  Bytes& out = s.begin(op);
  out.push_back(0x00);
  write_name(out, name);
  if (s.component && op == 0x04) {
    out.push_back(0x03);  // sort: type
    write_u32(out, eq.value_or(0));
    out.push_back(0x00);  // no ascription
    return s.types++;
  }
  out.push_back(kTypeDesc);
  if (eq) {
    out.push_back(0x00);
    write_u32(out, *eq);
  } else {
    out.push_back(0x01);
  }
  return s.types++;
}

// A type of another interface: aliased from that interface's instance in the
// component type, then (inside an instance type) an outer alias of that.
Result<uint32_t> TypeEncoder::import_type(InterfaceId owner, TypeId id) {
  uint32_t outer_index;
  if (auto it = outer_.type_map.find(id.index); it != outer_.type_map.end()) {
    outer_index = it->second;
  } else {
    auto inst = import_map_.find(owner.index);
    if (inst == import_map_.end())
      return std::unexpected(internal(fmt::format("type `{}` of interface `{}` is used before the interface is imported",
                                                  r_[id].name, r_.interface_path(owner))));
    Bytes& out = outer_.begin(0x02);
    out.insert(out.end(), {0x03, 0x00});
    write_u32(out, inst->second);
    write_name(out, r_[id].name);
    outer_index = outer_.types++;
    outer_.type_map[id.index] = outer_index;
  }
  if (!inner_) return outer_index;
  Bytes& out = inner_->begin(0x02);
  out.insert(out.end(), {0x03, 0x02, 0x01});
  write_u32(out, outer_index);
  return inner_->types++;
}

Result<ValType> TypeEncoder::encode_def(TypeId id) {
  TypeScope& s = cur();
  if (auto it = s.type_map.find(id.index); it != s.type_map.end()) return ValType{false, 0, it->second};
  const TypeDef& def = r_[id];
  if (!def.name.empty() && def.owner.kind == TypeOwner::Kind::Interface &&
      (!interface_ || *interface_ != def.owner.interface) && foreign_local_) {
    std::optional<InterfaceId> saved = interface_;
    interface_ = def.owner.interface;
    auto v = encode_def(id);
    interface_ = saved;
    return v;
  }
  if (!def.name.empty() && def.owner.kind == TypeOwner::Kind::Interface &&
      (!interface_ || *interface_ != def.owner.interface)) {
    auto index = import_type(def.owner.interface, id);
    if (!index) return std::unexpected(index.error());
    cur().type_map[id.index] = *index;
    return ValType{false, 0, *index};
  }
  if (std::holds_alternative<Resource>(def.kind)) {
    if (!name_types_) return std::unexpected(internal(fmt::format("resource `{}` has no type here", def.name)));
    uint32_t index = name_type(id, std::nullopt);
    cur().type_map[id.index] = index;
    return ValType{false, 0, index};
  }
  auto encoded = encode_kind(def.kind);
  if (!encoded) return std::unexpected(encoded.error());
  ValType v = *encoded;
  if (!def.name.empty() && name_types_) {
    uint32_t target = v.primitive ? define(cur(), Bytes{v.code}) : v.index;
    v = ValType{false, 0, name_type(id, target)};
  }
  if (!v.primitive) cur().type_map[id.index] = v.index;
  return v;
}

// Builds one `defvaltype` from the encodings of its parts.
Result<ValType> TypeEncoder::encode_kind(const TypeDefKind& kind) {
  Bytes out;
  auto val = [&](Type t) -> Result<ValType> { return encode_valtype(t); };
  auto opt = [&](const std::optional<Type>& t, Bytes& b) -> std::optional<Error> {
    if (!t) {
      b.push_back(0x00);
      return std::nullopt;
    }
    auto v = val(*t);
    if (!v) return v.error();
    b.push_back(0x01);
    v->put(b);
    return std::nullopt;
  };
#define WEFT_VAL(var, expr) \
  auto var = (expr);        \
  if (!var) return std::unexpected(var.error())
  if (const auto* a = std::get_if<Alias>(&kind)) return val(a->target);
  if (const auto* h = std::get_if<Handle>(&kind)) {
    WEFT_VAL(res, encode_def(h->resource));
    out.push_back(h->kind == Handle::Kind::Own ? 0x69 : 0x68);
    write_u32(out, res->index);
  } else if (const auto* rec = std::get_if<Record>(&kind)) {
    Bytes fields;
    for (const Field& f : rec->fields) {
      WEFT_VAL(v, val(f.type));
      write_name(fields, f.name);
      v->put(fields);
    }
    out.push_back(0x72);
    write_u32(out, uint32_t(rec->fields.size()));
    put_bytes(out, fields);
  } else if (const auto* var = std::get_if<Variant>(&kind)) {
    Bytes cases;
    for (const Case& c : var->cases) {
      write_name(cases, c.name);
      if (auto e = opt(c.type, cases)) return std::unexpected(*e);
      cases.push_back(0x00);
    }
    out.push_back(0x71);
    write_u32(out, uint32_t(var->cases.size()));
    put_bytes(out, cases);
  } else if (const auto* l = std::get_if<List>(&kind)) {
    WEFT_VAL(v, val(l->element));
    out.push_back(0x70);
    v->put(out);
  } else if (const auto* fl = std::get_if<FixedList>(&kind)) {
    WEFT_VAL(v, val(fl->element));
    out.push_back(0x67);
    v->put(out);
    write_u32(out, fl->length);
  } else if (const auto* t = std::get_if<Tuple>(&kind)) {
    Bytes types;
    for (Type m : t->types) {
      WEFT_VAL(v, val(m));
      v->put(types);
    }
    out.push_back(0x6f);
    write_u32(out, uint32_t(t->types.size()));
    put_bytes(out, types);
  } else if (const auto* f = std::get_if<Flags>(&kind)) {
    out.push_back(0x6e);
    write_u32(out, uint32_t(f->flags.size()));
    for (const Flag& flag : f->flags) write_name(out, flag.name);
  } else if (const auto* e = std::get_if<Enum>(&kind)) {
    out.push_back(0x6d);
    write_u32(out, uint32_t(e->cases.size()));
    for (const EnumCase& c : e->cases) write_name(out, c.name);
  } else if (const auto* o = std::get_if<Option>(&kind)) {
    WEFT_VAL(v, val(o->type));
    out.push_back(0x6b);
    v->put(out);
  } else if (const auto* res = std::get_if<ResultType>(&kind)) {
    Bytes parts;
    if (auto err = opt(res->ok, parts)) return std::unexpected(*err);
    if (auto err = opt(res->err, parts)) return std::unexpected(*err);
    out.push_back(0x6a);
    put_bytes(out, parts);
  } else if (const auto* m = std::get_if<Map>(&kind)) {
    WEFT_VAL(k, val(m->key));
    WEFT_VAL(v, val(m->value));
    out.push_back(0x63);
    k->put(out);
    v->put(out);
  } else if (const auto* fu = std::get_if<Future>(&kind)) {
    Bytes payload;
    if (auto err = opt(fu->payload, payload)) return std::unexpected(*err);
    out.push_back(0x65);
    put_bytes(out, payload);
  } else if (const auto* st = std::get_if<Stream>(&kind)) {
    Bytes payload;
    if (auto err = opt(st->payload, payload)) return std::unexpected(*err);
    out.push_back(0x66);
    put_bytes(out, payload);
  } else {
    return std::unexpected(internal("a resource has no value encoding"));
  }
#undef WEFT_VAL
  return ValType{false, 0, define(cur(), out)};
}

namespace {

// The interfaces `id` depends on, transitively, dependencies first, then `id`: a
// depth-first post-order, iterative because `use` chains in hostile WIT can be long.
void add_live_interfaces(const Resolve& r, InterfaceId id, std::vector<InterfaceId>& out) {
  std::set<uint32_t> seen{id.index};
  std::vector<std::pair<InterfaceId, std::vector<InterfaceId>>> stack;
  stack.emplace_back(id, r.interface_direct_deps(id));
  while (!stack.empty()) {
    auto& [current, deps] = stack.back();
    if (deps.empty()) {
      out.push_back(current);
      stack.pop_back();
      continue;
    }
    InterfaceId next = deps.front();
    deps.erase(deps.begin());
    if (seen.insert(next.index).second) stack.emplace_back(next, r.interface_direct_deps(next));
  }
}

Result<Bytes> encode_interface_type(const Resolve& r, InterfaceId id) {
  std::vector<InterfaceId> live;
  add_live_interfaces(r, id, live);
  TypeEncoder enc(r);
  for (InterfaceId iface : live) {
    enc.set_interface(iface);
    auto type = enc.encode_instance(iface, iface == id);
    if (!type) return std::unexpected(type.error());
    enc.declare_instance(iface == id ? 0x04 : 0x03, iface, r.interface_path(iface), *type);
  }
  return enc.outer().finish(0x41);
}

std::optional<Error> encode_world_items(TypeEncoder& enc, const Resolve& r, const std::vector<WorldItem>& items,
                                        uint8_t import_or_export) {
  for (const WorldItem& item : items) {
    std::string name = r.key_name(item.key);
    switch (item.kind) {
      case WorldItem::Kind::Interface: {
        enc.set_interface(item.interface);
        auto type = enc.encode_instance(item.interface);
        if (!type) return type.error();
        enc.declare_instance(import_or_export, item.interface, name, *type);
        break;
      }
      case WorldItem::Kind::Function: {
        enc.set_interface(std::nullopt);
        auto type = enc.encode_func(item.function);
        if (!type) return type.error();
        TypeEncoder::declare(enc.outer(), import_or_export, name, kFuncDesc, *type);
        break;
      }
      case WorldItem::Kind::Type: {
        enc.set_interface(std::nullopt);
        enc.set_import_types(true);
        auto type = enc.encode_valtype(Type::of(item.type));
        enc.set_import_types(false);
        if (!type) return type.error();
        break;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

Result<std::vector<uint8_t>> encode_world_type(const Resolve& r, WorldId id) {
  TypeEncoder enc(r);
  const World& world = r[id];
  for (auto [items, op] : {std::pair{&world.imports, uint8_t(0x03)}, std::pair{&world.exports, uint8_t(0x04)}}) {
    if (auto err = encode_world_items(enc, r, *items, op)) return std::unexpected(*err);
  }
  Bytes inner = enc.outer().finish(0x41);
  // The wrapper exports the world's component type under the world's full name.
  TypeScope wrapper;
  uint32_t index = TypeEncoder::define(wrapper, inner);
  const PackageName& pkg = r[world.package].name;
  std::string name = fmt::format("{}:{}/{}", pkg.ns, pkg.name, world.name);
  if (pkg.version) name += "@" + pkg.version->to_string();
  TypeEncoder::declare(wrapper, 0x04, name, kComponentDesc, index);
  return wrapper.finish(0x41);
}

namespace {

void put_section(Bytes& out, uint8_t id, const Bytes& contents) {
  out.push_back(id);
  write_u32(out, uint32_t(contents.size()));
  put_bytes(out, contents);
}

}  // namespace

Result<std::vector<uint8_t>> encode_package(const Resolve& r, PackageId pkg) {
  Bytes out{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  uint32_t types = 0;
  // Each item is one type section (its component type) and one export section
  // (the type under the item's kebab name); the export is a type index too.
  // Each interface type repeats its dependencies, so long `use` chains grow the
  // output quadratically (as in wit-component); stop before that exhausts memory.
  constexpr size_t kMaxBytes = size_t{64} << 20;
  auto too_large = [&] {
    return Error{Phase::Validate, {}, fmt::format("package `{}` encodes to more than 64 MiB", r[pkg].name.to_string()),
                 {}, 0, {}};
  };
  auto emit = [&](std::string_view name, const Bytes& type) {
    Bytes section{0x01};
    put_bytes(section, type);
    put_section(out, 7, section);
    Bytes exports{0x01, 0x00};
    write_name(exports, name);
    exports.push_back(0x03);  // sort: type
    write_u32(exports, types);
    exports.push_back(0x00);  // no ascribed externtype
    put_section(out, 11, exports);
    types += 2;
  };
  for (const auto& [name, id] : r[pkg].interfaces) {
    auto type = encode_interface_type(r, id);
    if (!type) return std::unexpected(type.error());
    emit(name, *type);
    if (out.size() > kMaxBytes) return std::unexpected(too_large());
  }
  for (const auto& [name, id] : r[pkg].worlds) {
    auto type = encode_world_type(r, id);
    if (!type) return std::unexpected(type.error());
    emit(name, *type);
    if (out.size() > kMaxBytes) return std::unexpected(too_large());
  }
  return out;
}

}  // namespace weft::component::wit

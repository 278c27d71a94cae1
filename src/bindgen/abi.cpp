#include "bindgen/abi.h"

#include <algorithm>
#include <variant>

namespace weft::bindgen {

using namespace component::wit;

namespace {

std::vector<std::optional<Type>> cases_of(const Resolve& r, const TypeDefKind& kind) {
  std::vector<std::optional<Type>> out;
  if (const auto* v = std::get_if<Variant>(&kind))
    for (const Case& c : v->cases) out.push_back(c.type);
  else if (const auto* o = std::get_if<Option>(&kind))
    out = {std::nullopt, o->type};
  else if (const auto* res = std::get_if<ResultType>(&kind))
    out = {res->ok, res->err};
  else if (const auto* e = std::get_if<Enum>(&kind))
    out.resize(e->cases.size());
  (void)r;
  return out;
}

bool is_variant_like(const TypeDefKind& kind) {
  return std::holds_alternative<Variant>(kind) || std::holds_alternative<Option>(kind) ||
         std::holds_alternative<ResultType>(kind) || std::holds_alternative<Enum>(kind);
}

}  // namespace

Type unalias(const Resolve& r, Type t) {
  while (t.is_def()) {
    const auto* a = std::get_if<Alias>(&r[t.def].kind);
    if (!a) break;
    t = a->target;
  }
  return t;
}

uint32_t discriminant_size(size_t cases) { return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4; }

uint32_t flags_words(size_t flags) { return uint32_t((flags + 31) / 32); }

uint32_t variant_align(const Resolve& r, const std::vector<std::optional<Type>>& cases) {
  uint32_t a = discriminant_size(cases.size());
  for (const auto& c : cases)
    if (c) a = std::max(a, align_of(r, *c));
  return a;
}

uint32_t variant_payload_offset(const Resolve& r, const std::vector<std::optional<Type>>& cases) {
  uint32_t a = 1;
  for (const auto& c : cases)
    if (c) a = std::max(a, align_of(r, *c));
  return align_to(discriminant_size(cases.size()), a);
}

uint32_t variant_size(const Resolve& r, const std::vector<std::optional<Type>>& cases) {
  uint32_t payload = 0;
  for (const auto& c : cases)
    if (c) payload = std::max(payload, size_of(r, *c));
  return align_to(variant_payload_offset(r, cases) + payload, variant_align(r, cases));
}

const char* flat_ctype(Flat f) {
  switch (f) {
    case Flat::I32: return "int32_t";
    case Flat::I64: return "int64_t";
    case Flat::F32: return "float";
    case Flat::F64: return "double";
  }
  return "int32_t";
}

std::optional<std::vector<Type>> members_of(const TypeDefKind& kind) {
  std::vector<Type> out;
  if (const auto* rec = std::get_if<Record>(&kind))
    for (const Field& f : rec->fields) out.push_back(f.type);
  else if (const auto* tup = std::get_if<Tuple>(&kind))
    out = tup->types;
  else if (const auto* fl = std::get_if<FixedList>(&kind))
    out.assign(fl->length, fl->element);
  else
    return std::nullopt;
  return out;
}

namespace {

// Size (= alignment) of a primitive; strings are (ptr, len).
uint32_t primitive_size(Type::Kind k) {
  switch (k) {
    case Type::Kind::Bool:
    case Type::Kind::U8:
    case Type::Kind::S8: return 1;
    case Type::Kind::U16:
    case Type::Kind::S16: return 2;
    case Type::Kind::U64:
    case Type::Kind::S64:
    case Type::Kind::F64: return 8;
    default: return 4;
  }
}

}  // namespace

uint32_t align_of(const Resolve& r, Type t) {
  t = unalias(r, t);
  if (!t.is_def()) return t.kind == Type::Kind::String ? 4 : primitive_size(t.kind);
  const TypeDefKind& kind = r[t.def].kind;
  if (is_variant_like(kind)) return variant_align(r, cases_of(r, kind));
  if (auto members = members_of(kind)) {
    uint32_t a = 1;
    for (Type m : *members) a = std::max(a, align_of(r, m));
    return a;
  }
  if (const auto* f = std::get_if<Flags>(&kind))
    return f->flags.size() <= 8 ? 1 : f->flags.size() <= 16 ? 2 : 4;
  return 4;  // lists, maps, handles, futures, streams
}

uint32_t size_of(const Resolve& r, Type t) {
  t = unalias(r, t);
  if (!t.is_def()) return t.kind == Type::Kind::String ? 8 : primitive_size(t.kind);
  const TypeDefKind& kind = r[t.def].kind;
  if (is_variant_like(kind)) return variant_size(r, cases_of(r, kind));
  if (auto members = members_of(kind)) {
    uint32_t s = 0;
    for (Type m : *members) s = align_to(s, align_of(r, m)) + size_of(r, m);
    return align_to(s, align_of(r, t));
  }
  if (const auto* f = std::get_if<Flags>(&kind))
    return f->flags.size() <= 8 ? 1 : f->flags.size() <= 16 ? 2 : 4 * flags_words(f->flags.size());
  if (std::holds_alternative<List>(kind) || std::holds_alternative<Map>(kind)) return 8;
  return 4;  // handles, futures, streams
}

Flat join(Flat a, Flat b) {
  if (a == b) return a;
  if ((a == Flat::I32 && b == Flat::F32) || (a == Flat::F32 && b == Flat::I32)) return Flat::I32;
  return Flat::I64;
}

std::vector<Flat> flatten_variant(const Resolve& r, const std::vector<std::optional<Type>>& cases) {
  std::vector<Flat> joined;
  for (const auto& c : cases) {
    if (!c) continue;
    std::vector<Flat> f;
    flatten(r, *c, f);
    for (size_t i = 0; i < f.size(); ++i) {
      if (i < joined.size())
        joined[i] = join(joined[i], f[i]);
      else
        joined.push_back(f[i]);
    }
  }
  joined.insert(joined.begin(), Flat::I32);
  return joined;
}

void flatten(const Resolve& r, Type t, std::vector<Flat>& out) {
  t = unalias(r, t);
  switch (t.kind) {
    case Type::Kind::U64:
    case Type::Kind::S64: out.push_back(Flat::I64); return;
    case Type::Kind::F32: out.push_back(Flat::F32); return;
    case Type::Kind::F64: out.push_back(Flat::F64); return;
    case Type::Kind::String: out.insert(out.end(), {Flat::I32, Flat::I32}); return;
    case Type::Kind::Def: break;
    default: out.push_back(Flat::I32); return;
  }
  const TypeDefKind& kind = r[t.def].kind;
  if (is_variant_like(kind)) {
    auto v = flatten_variant(r, cases_of(r, kind));
    out.insert(out.end(), v.begin(), v.end());
    return;
  }
  if (auto members = members_of(kind)) {
    for (Type m : *members) flatten(r, m, out);
  } else if (const auto* f = std::get_if<Flags>(&kind)) {
    out.insert(out.end(), flags_words(f->flags.size()), Flat::I32);
  } else if (std::holds_alternative<List>(kind) || std::holds_alternative<Map>(kind)) {
    out.insert(out.end(), {Flat::I32, Flat::I32});
  } else {
    out.push_back(Flat::I32);  // handles, futures, streams
  }
}

}  // namespace weft::bindgen

#include "bindgen/abi.h"

#include <algorithm>
#include <variant>

namespace weft::bindgen {

using namespace component::wit;

namespace {

template <class... Fs>
struct Overload : Fs... {
  using Fs::operator()...;
};

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

uint32_t align_of(const Resolve& r, Type t) {
  t = unalias(r, t);
  switch (t.kind) {
    case Type::Kind::Bool:
    case Type::Kind::U8:
    case Type::Kind::S8: return 1;
    case Type::Kind::U16:
    case Type::Kind::S16: return 2;
    case Type::Kind::U64:
    case Type::Kind::S64:
    case Type::Kind::F64: return 8;
    case Type::Kind::Def: break;
    default: return 4;
  }
  const TypeDefKind& kind = r[t.def].kind;
  if (is_variant_like(kind)) return variant_align(r, cases_of(r, kind));
  return std::visit(Overload{
                        [&](const Record& rec) {
                          uint32_t a = 1;
                          for (const Field& f : rec.fields) a = std::max(a, align_of(r, f.type));
                          return a;
                        },
                        [&](const Tuple& tup) {
                          uint32_t a = 1;
                          for (Type e : tup.types) a = std::max(a, align_of(r, e));
                          return a;
                        },
                        [&](const Flags& f) -> uint32_t {
                          return f.flags.size() <= 8 ? 1 : f.flags.size() <= 16 ? 2 : 4;
                        },
                        [&](const FixedList& l) { return align_of(r, l.element); },
                        [&](const auto&) -> uint32_t { return 4; },
                    },
                    kind);
}

uint32_t size_of(const Resolve& r, Type t) {
  t = unalias(r, t);
  switch (t.kind) {
    case Type::Kind::Bool:
    case Type::Kind::U8:
    case Type::Kind::S8: return 1;
    case Type::Kind::U16:
    case Type::Kind::S16: return 2;
    case Type::Kind::U64:
    case Type::Kind::S64:
    case Type::Kind::F64:
    case Type::Kind::String: return 8;
    case Type::Kind::Def: break;
    default: return 4;
  }
  const TypeDefKind& kind = r[t.def].kind;
  if (is_variant_like(kind)) return variant_size(r, cases_of(r, kind));
  return std::visit(
      Overload{
          [&](const Record& rec) {
            uint32_t s = 0;
            for (const Field& f : rec.fields) s = align_to(s, align_of(r, f.type)) + size_of(r, f.type);
            return align_to(s, align_of(r, t));
          },
          [&](const Tuple& tup) {
            uint32_t s = 0;
            for (Type e : tup.types) s = align_to(s, align_of(r, e)) + size_of(r, e);
            return align_to(s, align_of(r, t));
          },
          [&](const Flags& f) -> uint32_t {
            return f.flags.size() <= 8 ? 1 : f.flags.size() <= 16 ? 2 : 4 * flags_words(f.flags.size());
          },
          [&](const FixedList& l) { return l.length * size_of(r, l.element); },
          [&](const List&) -> uint32_t { return 8; },
          [&](const Map&) -> uint32_t { return 8; },
          [&](const auto&) -> uint32_t { return 4; },
      },
      kind);
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
  std::visit(Overload{
                 [&](const Record& rec) {
                   for (const Field& f : rec.fields) flatten(r, f.type, out);
                 },
                 [&](const Tuple& tup) {
                   for (Type e : tup.types) flatten(r, e, out);
                 },
                 [&](const Flags& f) { out.insert(out.end(), flags_words(f.flags.size()), Flat::I32); },
                 [&](const FixedList& l) {
                   for (uint32_t i = 0; i < l.length; ++i) flatten(r, l.element, out);
                 },
                 [&](const List&) {
                   out.insert(out.end(), {Flat::I32, Flat::I32});
                 },
                 [&](const Map&) {
                   out.insert(out.end(), {Flat::I32, Flat::I32});
                 },
                 [&](const auto&) { out.push_back(Flat::I32); },
             },
             kind);
}

}  // namespace weft::bindgen

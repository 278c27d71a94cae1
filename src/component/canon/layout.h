// Helpers private to src/component/canon: the despecialized view of variant-like
// types, layout constants, integer access to memory and the handle lift/lower.
// spec: CanonicalABI.md "Despecialization", "Alignment", "Element Size", "Loading"
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "component/canon/context.h"
#include "component/types/abi.h"

namespace weft::component {

constexpr uint64_t kMaxStringByteLength = (1ull << 28) - 1;  // spec: MAX_STRING_BYTE_LENGTH
constexpr uint64_t kMaxListByteLength = (1ull << 28) - 1;    // spec: MAX_LIST_BYTE_LENGTH
constexpr uint32_t kCanonicalNan32 = 0x7fc00000;
constexpr uint64_t kCanonicalNan64 = 0x7ff8000000000000;

// spec: despecialize: enum, option and result as variants; the payload of each case.
using VariantCases = std::vector<std::optional<ValType>>;
inline VariantCases variant_cases(const DefinedType& d) {
  switch (d.kind) {
    case DefinedKind::Enum: return VariantCases(d.labels.size());
    case DefinedKind::Option: return {std::nullopt, d.elem};
    case DefinedKind::Result: return {d.elem, d.elem2};
    default: {
      VariantCases out;
      for (const Case& c : d.cases) out.push_back(c.type);
      return out;
    }
  }
}

inline ValKind variant_kind(const DefinedType& d) {
  switch (d.kind) {
    case DefinedKind::Enum: return ValKind::Enum;
    case DefinedKind::Option: return ValKind::Option;
    case DefinedKind::Result: return ValKind::Result;
    default: return ValKind::Variant;
  }
}

// spec: elem_size(discriminant_type(cases))
inline uint32_t discriminant_size(size_t n) { return n <= 256 ? 1 : n <= 65536 ? 2 : 4; }

// spec: max_case_alignment
inline uint32_t max_case_alignment(const TypeArena& types, const VariantCases& cases, core::ValType ptr) {
  uint32_t a = 1;
  for (const auto& c : cases)
    if (c) a = std::max(a, alignment(types, *c, ptr));
  return a;
}

// spec: unpack_flags_from_int: only the type's labels count (undefined upper bits drop)
inline uint64_t flags_mask(size_t n) { return n >= 32 ? 0xffffffffu : (1u << n) - 1; }

// spec: elem_size_flags
inline uint32_t flags_size(size_t n) { return n <= 8 ? 1 : n <= 16 ? 2 : 4; }

inline std::vector<ValType> field_types(const DefinedType& d) {
  std::vector<ValType> out;
  out.reserve(d.fields.size());
  for (const Field& f : d.fields) out.push_back(f.type);
  return out;
}

// The element of a variable-length list: one type, or for map<K, V> the pair
// (K, V) laid out as tuple<K, V> (spec: a map is a list of key-value tuples).
struct ListElem {
  std::vector<ValType> fields;  // one entry for a list, two for a map
  bool pair = false;
};
inline ListElem list_elem(const TypeArena& types, ValType list) {
  const DefinedType& d = types.defined(list.index);
  if (d.kind == DefinedKind::Map) return {{*d.elem, *d.elem2}, true};
  return {{*d.elem}, false};
}

// The layout of a tuple of types (spec: TupleType(ts)).
struct TupleLayout {
  uint32_t align = 1;
  uint64_t size = 0;
};
inline TupleLayout tuple_layout(const TypeArena& types, const std::vector<ValType>& ts, core::ValType ptr) {
  TupleLayout l;
  for (ValType t : ts) {
    uint32_t a = alignment(types, t, ptr);
    l.size = ((l.size + a - 1) & ~uint64_t(a - 1)) + elem_size(types, t, ptr);
    l.align = std::max(l.align, a);
  }
  l.size = (l.size + l.align - 1) & ~uint64_t(l.align - 1);
  return l;
}

// spec: canonicalize_nan32 / canonicalize_nan64 on IEEE bits
inline uint64_t canonicalize_nan32(uint32_t b) {
  return ((b & 0x7f800000) == 0x7f800000 && (b & 0x007fffff)) ? kCanonicalNan32 : b;
}
inline uint64_t canonicalize_nan64(uint64_t b) {
  return ((b & 0x7ff0000000000000) == 0x7ff0000000000000 && (b & 0x000fffffffffffff)) ? kCanonicalNan64 : b;
}

// spec: convert_i32_to_char
inline Result<Val> convert_i32_to_char(uint32_t i) {
  if (i >= 0x110000 || (i >= 0xD800 && i <= 0xDFFF)) return canon_trap("invalid `char` bit pattern");
  return Val::character(i);
}

// Little-endian integer access; the caller has checked bounds.
uint64_t load_int(const LiftLowerContext& cx, uint64_t ptr, uint32_t nbytes);
void store_int(LiftLowerContext& cx, uint64_t v, uint64_t ptr, uint32_t nbytes);

// Fields laid out one after another with their alignments, as records are.
Result<Val> load_fields(LiftLowerContext& cx, uint64_t ptr, ValKind kind, std::span<const ValType> ts);
Result<void> store_fields(LiftLowerContext& cx, std::span<const Val> items, std::span<const ValType> ts, uint64_t ptr);

// spec: load_list_from_range
Result<Val> load_list_from_range(LiftLowerContext& cx, uint64_t ptr, uint64_t length, const ListElem& elem);
// spec: store_list_into_range: (ptr, length)
Result<std::pair<uint64_t, uint64_t>> store_list_into_range(LiftLowerContext& cx, const Val& v, const ListElem& elem);

// spec: lift_own / lift_borrow / lower_own / lower_borrow (handles.cpp)
Result<Val> lift_own(LiftLowerContext& cx, uint32_t i, ValType t);
Result<Val> lift_borrow(LiftLowerContext& cx, uint32_t i, ValType t);
Result<uint32_t> lower_own(LiftLowerContext& cx, const Val& v, ValType t);
Result<uint32_t> lower_borrow(LiftLowerContext& cx, const Val& v, ValType t);
// Traps unless handle `i` (entry `h`) is of run-time resource type `want`.
Result<void> check_handle_type(const Runtime& rt, uint32_t i, const HandleEntry& h, uint32_t want);

}  // namespace weft::component

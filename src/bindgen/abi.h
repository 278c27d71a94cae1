// The canonical ABI's static half over the WIT model: sizes, alignments and flat
// core types of WIT types, as bindings generators need them.
// spec: CanonicalABI.md "Alignment", "Element Size", "Flattening"
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "component/wit/model.h"

namespace weft::bindgen {

using component::wit::Resolve;
using component::wit::Type;
using component::wit::TypeDefKind;
using component::wit::TypeId;

enum class Flat : uint8_t { I32, I64, F32, F64 };

constexpr size_t kMaxFlatParams = 16;
constexpr size_t kMaxFlatResults = 1;

uint32_t align_of(const Resolve& r, Type t);
uint32_t size_of(const Resolve& r, Type t);
void flatten(const Resolve& r, Type t, std::vector<Flat>& out);

// The type behind aliases, as a Type (a primitive when an alias names one).
Type unalias(const Resolve& r, Type t);

// spec: discriminant_type: the bytes of a variant's case index.
uint32_t discriminant_size(size_t cases);
// The 32-bit words a flags type occupies.
uint32_t flags_words(size_t flags);
// Byte offset of a variant's payload: after the discriminant, aligned to the widest case.
uint32_t variant_payload_offset(const Resolve& r, const std::vector<std::optional<Type>>& cases);
uint32_t variant_align(const Resolve& r, const std::vector<std::optional<Type>>& cases);
uint32_t variant_size(const Resolve& r, const std::vector<std::optional<Type>>& cases);
// spec: flatten_variant: the discriminant, then the join of the cases' flat types.
std::vector<Flat> flatten_variant(const Resolve& r, const std::vector<std::optional<Type>>& cases);
Flat join(Flat a, Flat b);

inline uint32_t align_to(uint32_t n, uint32_t a) { return (n + a - 1) / a * a; }

// The C++ type of a flat core value in generated code.
const char* flat_ctype(Flat f);

// The members of a record, tuple or fixed-length list, in layout order; nullopt for
// other kinds.
std::optional<std::vector<Type>> members_of(const TypeDefKind& kind);

}  // namespace weft::bindgen

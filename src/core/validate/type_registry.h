// Canonical types: one id per equivalence class of defined types, shared by
// every module of the process, so that type equality across modules (imports,
// call_indirect, casts) is one comparison and subtyping a table lookup.
// spec (GC): https://webassembly.github.io/gc/core/valid/conventions.html#type-equivalence
//
// Recursion groups are interned whole: two groups are equivalent when they are
// the same after replacing references to types outside the group by their
// canonical ids and references inside it by the position within the group
// (iso-recursive equivalence). Entries are immutable once made and never move,
// so `const CanonType*` can be kept and read without a lock.
#pragma once

#include <cstdint>
#include <deque>
#include <shared_mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/binary/types.h"

namespace weft::core {

struct CanonType {
  uint32_t id = 0;
  // The type with every type index replaced by a canonical id (HeapType::canonical).
  SubType type;
  // The declared supertypes from the root down to this type itself: `a <: b` when
  // b's depth is within a's and a's display holds b there.
  std::vector<const CanonType*> display;
  uint32_t depth() const { return uint32_t(display.size() - 1); }
};

// spec: declared subtyping of defined types (with equivalence: same entry).
inline bool canon_subtype(const CanonType* a, const CanonType* b) {
  return a == b || (b->depth() < a->depth() && a->display[b->depth()] == b);
}

class TypeRegistry {
 public:
  // The process's registry.
  static TypeRegistry& global();

  // Interns a module's types, recursion group by group, and returns each type
  // index's entry. The types must have passed the structural checks of
  // `check_type_section` (indices in range, supertypes before their subtypes).
  std::vector<const CanonType*> intern(std::span<const SubType> types);
  // A function type alone in its group, final, whose heap types are all abstract
  // (host functions).
  const CanonType* intern_func(const FuncType& type);
  const CanonType* get(uint32_t id) const;
  size_t size() const;

 private:
  mutable std::shared_mutex mu_;
  std::deque<CanonType> types_;
  std::unordered_map<std::string, uint32_t> groups_;  // group key -> id of its first type
};

}  // namespace weft::core

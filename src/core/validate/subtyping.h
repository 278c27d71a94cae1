// Subtyping of heap types and value types.
// spec (3.0): https://webassembly.github.io/spec/core/valid/matching.html
//
// Type indices are resolved through a `TypeSpace`: a module's types while it is
// validated (HeapType::index), or the type registry at run time (canonical ids).
#pragma once

#include <span>

#include "core/binary/types.h"
#include "core/validate/type_registry.h"

namespace weft::core {

// Where the type indices of the heap types being compared point.
struct TypeSpace {
  std::span<const CanonType* const> module;  // a module's types by index

  // The defined type a concrete heap type names (nullptr for abstract ones or
  // indices out of range).
  const CanonType* def(HeapType h) const;
};

// spec: the abstract type at the top of a heap type's hierarchy (any, func, extern, exn).
AbsHeap top_heap(HeapType h, const TypeSpace& s);
// spec: the abstract type at the bottom (none, nofunc, noextern, noexn).
AbsHeap bottom_heap(HeapType h, const TypeSpace& s);

bool heap_subtype(HeapType a, HeapType b, const TypeSpace& s);
// ValType::Bot is a subtype of every type.
bool val_subtype(ValType a, ValType b, const TypeSpace& s);
// spec: equivalence (the same canonical type for concrete heap types).
bool val_equal(ValType a, ValType b, const TypeSpace& s);
bool func_subtype(const FuncType& a, const FuncType& b, const TypeSpace& s);
// spec: subtyping of composite types (the rule a declared supertype must satisfy).
bool comp_subtype(const SubType& a, const SubType& b, const TypeSpace& s);

}  // namespace weft::core

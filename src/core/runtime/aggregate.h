// Structs, arrays and run-time type tests: the parts of the GC instructions that
// the interpreter and constant expressions (instantiation) share.
// spec: https://webassembly.github.io/spec/core/exec/instructions.html#aggregate-reference-instructions
#pragma once

#include <cstdint>
#include <span>

#include "core/runtime/gc_heap.h"
#include "core/runtime/value.h"

namespace weft::core {

// spec: struct.new (`fields` given) and struct.new_default (`fields` empty: all zero,
// which is every default value). nullptr when the heap is exhausted.
GcObject* struct_new(GcHeap& heap, const CanonType* type, std::span<const uint64_t> fields);
// spec: array.new: `n` copies of `value`; array.new_fixed: the given values.
GcObject* array_new(GcHeap& heap, const CanonType* type, uint32_t n, uint64_t value);
GcObject* array_new_fixed(GcHeap& heap, const CanonType* type, std::span<const uint64_t> values);

// A field or element as a slot value; packed ones sign- or zero-extended to i32.
uint64_t read_storage(const FieldType& f, const uint8_t* p, bool sign_extend);
void write_storage(const FieldType& f, uint8_t* p, uint64_t v);
uint8_t* array_elem(GcObject* a, uint32_t i);
const FieldType& array_field(const GcObject* a);

inline GcObject* object_of(Ref r) { return reinterpret_cast<GcObject*>(r.bits); }
inline Ref object_ref(const GcObject* o) { return Ref{reinterpret_cast<uint64_t>(o)}; }

}  // namespace weft::core

// GC instructions (structs, arrays) for the interpreter, out of line like the
// bulk operations: null and bounds checks first, then the access.
// spec: https://webassembly.github.io/spec/core/exec/instructions.html#aggregate-reference-instructions
#pragma once

#include <cstdint>

#include "core/interp/trap.h"
#include "core/runtime/instance.h"

namespace weft::core::gc {

// How a packed field or element is read: as stored (not packed), sign- or zero-extended.
enum class Extend : uint32_t { None, Signed, Unsigned };

// `args` holds the fields in order; null for struct.new_default.
Trap struct_new(GcHeap& heap, const CanonType* type, const uint64_t* args, uint64_t& out);
Trap struct_get(uint64_t ref, uint32_t field, Extend extend, uint64_t& out);
Trap struct_set(uint64_t ref, uint32_t field, uint64_t value);

Trap array_new(GcHeap& heap, const CanonType* type, uint64_t value, uint64_t n, uint64_t& out);
Trap array_new_fixed(GcHeap& heap, const CanonType* type, const uint64_t* values, uint32_t n, uint64_t& out);
Trap array_new_data(GcHeap& heap, const CanonType* type, const DataInst& data, uint64_t offset, uint64_t n,
                    uint64_t& out);
Trap array_new_elem(GcHeap& heap, const CanonType* type, const ElemInst& elem, uint64_t offset, uint64_t n,
                    uint64_t& out);
Trap array_get(uint64_t ref, uint64_t index, Extend extend, uint64_t& out);
Trap array_set(uint64_t ref, uint64_t index, uint64_t value);
Trap array_len(uint64_t ref, uint64_t& out);
Trap array_fill(uint64_t ref, uint64_t offset, uint64_t value, uint64_t n);
Trap array_copy(uint64_t dst, uint64_t dst_offset, uint64_t src, uint64_t src_offset, uint64_t n);
Trap array_init_data(uint64_t ref, uint64_t dst_offset, const DataInst& data, uint64_t src_offset, uint64_t n);
Trap array_init_elem(uint64_t ref, uint64_t dst_offset, const ElemInst& elem, uint64_t src_offset, uint64_t n);

}  // namespace weft::core::gc

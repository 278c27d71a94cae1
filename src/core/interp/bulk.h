// Bulk memory and table operations (and the other table accessors), out of line
// because they are rare next to loads, stores and arithmetic.
// spec: https://webassembly.github.io/spec/core/exec/instructions.html#memory-instructions
#pragma once

#include <cstdint>

#include "core/interp/trap.h"
#include "core/runtime/instance.h"

namespace weft::core::bulk {

Trap memory_fill(MemoryInst& m, uint64_t dst, uint8_t value, uint64_t n);
Trap memory_copy(MemoryInst& dst_mem, MemoryInst& src_mem, uint64_t dst, uint64_t src, uint64_t n);
Trap memory_init(MemoryInst& m, const DataInst& data, uint64_t dst, uint64_t src, uint64_t n);
Trap table_get(const TableInst& t, uint64_t index, uint64_t& out);
Trap table_set(TableInst& t, uint64_t index, uint64_t ref);
Trap table_fill(TableInst& t, uint64_t index, uint64_t ref, uint64_t n);
Trap table_copy(TableInst& dst_table, const TableInst& src_table, uint64_t dst, uint64_t src, uint64_t n);
Trap table_init(TableInst& t, const ElemInst& elem, uint64_t dst, uint64_t src, uint64_t n);

}  // namespace weft::core::bulk

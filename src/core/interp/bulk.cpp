// Bulk memory and table operations: bounds-checked before anything is written.
#include "core/interp/bulk.h"

#include <algorithm>
#include <cstring>

namespace weft::core::bulk {

Trap memory_fill(MemoryInst& m, uint64_t dst, uint8_t value, uint64_t n) {
  if (!m.in_bounds(dst, n)) return Trap::MemoryOutOfBounds;
  std::memset(m.data() + dst, value, n);
  return Trap::None;
}

Trap memory_copy(MemoryInst& dst_mem, MemoryInst& src_mem, uint64_t dst, uint64_t src, uint64_t n) {
  if (!dst_mem.in_bounds(dst, n) || !src_mem.in_bounds(src, n)) return Trap::MemoryOutOfBounds;
  std::memmove(dst_mem.data() + dst, src_mem.data() + src, n);
  return Trap::None;
}

Trap memory_init(MemoryInst& m, const DataInst& data, uint64_t dst, uint64_t src, uint64_t n) {
  return core::memory_init(m, data, dst, src, n) ? Trap::None : Trap::MemoryOutOfBounds;
}

Trap table_get(const TableInst& t, uint64_t index, uint64_t& out) {
  if (index >= t.elems.size()) return Trap::TableOutOfBounds;
  out = t.elems[index].bits;
  return Trap::None;
}

Trap table_set(TableInst& t, uint64_t index, uint64_t ref) {
  if (index >= t.elems.size()) return Trap::TableOutOfBounds;
  t.elems[index] = Ref{ref};
  return Trap::None;
}

Trap table_fill(TableInst& t, uint64_t index, uint64_t ref, uint64_t n) {
  if (!t.in_bounds(index, n)) return Trap::TableOutOfBounds;
  std::fill_n(t.elems.begin() + ptrdiff_t(index), n, Ref{ref});
  return Trap::None;
}

Trap table_copy(TableInst& dst_table, const TableInst& src_table, uint64_t dst, uint64_t src, uint64_t n) {
  if (!dst_table.in_bounds(dst, n) || !src_table.in_bounds(src, n)) return Trap::TableOutOfBounds;
  const Ref* from = src_table.elems.data() + src;
  Ref* to = dst_table.elems.data() + dst;
  std::memmove(static_cast<void*>(to), from, n * sizeof(Ref));
  return Trap::None;
}

Trap table_init(TableInst& t, const ElemInst& elem, uint64_t dst, uint64_t src, uint64_t n) {
  return core::table_init(t, elem, dst, src, n) ? Trap::None : Trap::TableOutOfBounds;
}

}  // namespace weft::core::bulk

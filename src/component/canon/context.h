// The lifting and lowering context and the value-level canonical ABI: load/store
// in linear memory, lift_flat/lower_flat over core values, and the whole-signature
// lift_flat_values/lower_flat_values.
// spec: CanonicalABI.md "Lifting and Lowering Context", "Loading", "Storing",
// "Flat Lifting", "Flat Lowering", "Lifting and Lowering Values"
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "component/canon/state.h"
#include "component/canon/value.h"
#include "component/types/types.h"
#include "core/runtime/value.h"

namespace weft::component {

// spec: LiftLowerContext
struct LiftLowerContext {
  Runtime& rt;
  const TypeArena& types;
  const CanonOptions& opts;
  InstanceState& inst;
  const ResourceEnv& env;
  CallScope* borrow_scope = nullptr;
  // Lifted strings stay in this memory (Val::view) rather than being copied: set for
  // the arguments of a call into another component that cannot run this one's code
  // before it has stored them.
  bool borrow_strings = false;

  core::ValType ptr_type() const { return opts.memory64 ? core::ValType::I64 : core::ValType::I32; }
  uint32_t ptr_size() const { return opts.memory64 ? 8 : 4; }
  // The memory's bytes now (a realloc call may move them: fetch again after one).
  std::span<uint8_t> memory() const;
  // spec: LiftLowerContext.reallocate / allocate
  Result<uint64_t> reallocate(uint64_t old, uint64_t old_size, uint32_t align, uint64_t new_size);
  Result<uint64_t> allocate(uint32_t align, uint64_t size) { return reallocate(0, 0, align, size); }
  // The run-time resource type of a handle type (own or borrow) of `types`.
  Result<uint32_t> resource_of(ValType handle_type) const;
};

// spec: CoreValueIter
struct CoreValueIter {
  std::span<const core::Value> values;
  size_t i = 0;
  core::Value next() { return i < values.size() ? values[i++] : core::Value{}; }
};

// spec: load / store
Result<Val> load(LiftLowerContext& cx, uint64_t ptr, ValType t);
Result<void> store(LiftLowerContext& cx, const Val& v, ValType t, uint64_t ptr);
// spec: lift_flat / lower_flat
Result<Val> lift_flat(LiftLowerContext& cx, CoreValueIter& vi, ValType t);
Result<void> lower_flat(LiftLowerContext& cx, const Val& v, ValType t, std::vector<core::Value>& out);

// spec: lift_flat_values (max_flat: MAX_FLAT_PARAMS or MAX_FLAT_RESULTS)
Result<std::vector<Val>> lift_flat_values(LiftLowerContext& cx, uint32_t max_flat, CoreValueIter& vi,
                                          const std::vector<ValType>& ts);
// spec: lower_flat_values; `out_param` is the caller-supplied return pointer, if any.
Result<std::vector<core::Value>> lower_flat_values(LiftLowerContext& cx, uint32_t max_flat, std::span<const Val> vs,
                                                   const std::vector<ValType>& ts,
                                                   std::optional<uint64_t> out_param = std::nullopt);

// spec: load_string_from_range / store_string_into_range (strings.cpp)
Result<Val> load_string_from_range(LiftLowerContext& cx, uint64_t ptr, uint64_t tagged_code_units);
Result<std::pair<uint64_t, uint64_t>> store_string_into_range(LiftLowerContext& cx, const Val& v);

// Bounds and alignment checks shared by the loaders and storers.
bool in_bounds(const LiftLowerContext& cx, uint64_t ptr, uint64_t length);
inline bool aligned(uint64_t ptr, uint32_t align) { return (ptr & (align - 1)) == 0; }
inline uint64_t align_to(uint64_t ptr, uint32_t align) { return (ptr + align - 1) & ~uint64_t(align - 1); }

}  // namespace weft::component

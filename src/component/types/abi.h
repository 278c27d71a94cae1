// The static half of the canonical ABI: flattening, alignment and element sizes.
// The dynamic half (lift/lower/load/store) lives in src/component/canon and uses these.
// spec: CanonicalABI.md "Alignment", "Element Size", "Flattening"
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "component/types/types.h"
#include "core/binary/types.h"

namespace weft::component {

constexpr uint32_t kMaxFlatParams = 16;       // spec: MAX_FLAT_PARAMS
constexpr uint32_t kMaxFlatAsyncParams = 4;   // spec: MAX_FLAT_ASYNC_PARAMS
constexpr uint32_t kMaxFlatResults = 1;       // spec: MAX_FLAT_RESULTS

// The subset of canonopts that flattening looks at.
struct FlattenOptions {
  bool async = false;
  bool callback = false;                        // lift only
  core::ValType ptr = core::ValType::I32;       // memory.addrtype (i32 without memory64)
};

enum class FlattenContext : uint8_t { Lift, Lower };

// spec: alignment(t, ptr_type)
uint32_t alignment(const TypeArena& arena, ValType t, core::ValType ptr = core::ValType::I32);
// spec: elem_size(t, ptr_type)
uint64_t elem_size(const TypeArena& arena, ValType t, core::ValType ptr = core::ValType::I32);

// spec: flatten_type(t, opts). Appends to `out`; stops early (returning false) once
// `out` would exceed `limit` entries, since callers only need to know "too many".
bool flatten_type(const TypeArena& arena, ValType t, core::ValType ptr, std::vector<core::ValType>& out,
                  size_t limit = SIZE_MAX);

// spec: flatten_types(ts, opts) over a function's parameter or result types. When
// they flatten to more than `limit` values, the result has exactly limit + 1 entries.
std::vector<core::ValType> flatten_types(const TypeArena& arena, const std::vector<ValType>& ts,
                                         core::ValType ptr, size_t limit = SIZE_MAX);

// spec: flatten_functype(opts, ft, context)
core::FuncType flatten_functype(const TypeArena& arena, const FuncType& ft, const FlattenOptions& opts,
                                FlattenContext context);

// spec: join(a, b) of flatten_variant
core::ValType join(core::ValType a, core::ValType b);

// Wasmtime's GC ABI (the `gc` canonical option, wasm-tools' `cm-gc`; not in
// CanonicalABI.md) passes each parameter and result as one core value. For a scalar
// (bool, integers, floats, char) that value is the one flatten_type gives it; weft
// supports only those, so this is nullopt for every other type.
std::optional<core::ValType> gc_scalar_type(ValType t);

std::vector<ValType> param_types(const FuncType& ft);
std::vector<ValType> result_types(const FuncType& ft);

}  // namespace weft::component

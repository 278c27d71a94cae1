// The small core modules `componentize` adds beside the main module: the shim, whose
// table holds the functions that can only be lowered once the main module exists, and
// the fixup that fills that table (and runs `_initialize`).
#pragma once

#include <cstdint>
#include <vector>

#include "core/binary/types.h"

namespace weft::componentize {

// A funcref table exported as `$imports` and, for slot i, an export "i" of signature
// `slots[i]` that calls table entry i.
std::vector<uint8_t> shim_module(const std::vector<core::FuncType>& slots);

// Imports the table as `"" "$imports"` and each slot's function as `"" "i"`, and puts
// them in the table with an active element segment. With `initialize`, also imports
// `"" "_initialize"` and makes it the start function, so that it runs once after
// everything is linked and before any export is called.
std::vector<uint8_t> fixup_module(const std::vector<core::FuncType>& slots, bool initialize);

}  // namespace weft::componentize

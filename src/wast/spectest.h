// The "spectest" host module that the core spec scripts import.
#pragma once

#include <map>
#include <string>

#include "core/runtime/store.h"

namespace weft::wast {

// Exports of a registered module, by name.
using ExportMap = std::map<std::string, core::Extern, std::less<>>;

// Creates the spectest entities in `store`: print functions, global_i32/i64/f32/f64,
// table (10..20 funcref) and memory (1..2 pages).
ExportMap make_spectest(core::Store& store);

}  // namespace weft::wast

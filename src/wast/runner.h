// Runs .wast spec scripts against the engine and counts assertions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/binary/features.h"
#include "support/error.h"

namespace weft::wast {

struct WastOptions {
  core::Features features;
  bool verbose = false;  // print every failing assertion's details (always: first line of each)
  // Refuse the root components Wasmtime's embedding refuses (component imports and
  // exports at the root, re-exports of imported functions), as Wasmtime's scripts expect.
  bool wasmtime = false;
};

struct WastReport {
  uint32_t passed = 0;
  uint32_t failed = 0;
  uint32_t skipped = 0;
  std::vector<std::string> failures;  // "file:line: what went wrong"
};

// Runs one script. Only a script that cannot be read or parsed at all is an Error;
// failed assertions are counted in the report.
Result<WastReport> run_wast_file(const std::string& path, const WastOptions& options);
Result<WastReport> run_wast_source(std::string_view source, const std::string& name, const WastOptions& options);

}  // namespace weft::wast

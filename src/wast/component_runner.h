// Component scripts: .wast files with `(component ...)` units (the component-model
// and Wasmtime component test suites), run on the component runtime.
#pragma once

#include <string>
#include <string_view>

#include "wast/runner.h"

namespace weft::wast {

// Does the script hold components (and so need the component runner)?
bool is_component_script(std::string_view source);
Result<WastReport> run_component_script(std::string_view source, const std::string& name, const WastOptions& options);

}  // namespace weft::wast

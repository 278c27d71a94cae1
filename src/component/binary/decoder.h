// Decodes component binaries into a Component (no validation yet).
// spec: Binary.md
#pragma once

#include <cstdint>
#include <span>

#include "component/binary/component.h"
#include "support/error.h"

namespace weft::component {

// Nesting of components and component/instance types is bounded, so hostile input
// cannot exhaust the stack.
constexpr uint32_t kMaxNesting = 100;

// True when `bytes` start with the component preamble (layer 1), not a core module's.
bool is_component(std::span<const uint8_t> bytes);

// Decodes `bytes` (a whole component binary). Byte ranges in the result (core modules,
// values) point into `bytes`. Errors carry absolute byte offsets and wasm-tools'
// messages for malformed binaries.
Result<Component> decode_component(std::span<const uint8_t> bytes);

}  // namespace weft::component

// Fuzz target: arbitrary bytes as the core module of `componentize` (a module with or
// without a component-type section, or anything else). It must never crash; whatever
// it makes must be a component weft's validator accepts.
#include <cstddef>
#include <cstdint>
#include <span>

#include "component/binary/validator.h"
#include "componentize/componentize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto component = weft::componentize::componentize(std::span(data, size));
  if (!component) {
    if (component.error().message.empty()) __builtin_trap();
    return 0;
  }
  if (!weft::component::load_component(*component)) __builtin_trap();
  return 0;
}

// Fuzz target: arbitrary bytes through the component decoder and validator (nested core
// modules go through the core validator too).
#include <cstddef>
#include <cstdint>
#include <span>

#include "component/binary/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  auto component = weft::component::load_component(bytes);
  // Every failure must be a value with a message.
  if (!component && component.error().message.empty()) __builtin_trap();
  return 0;
}

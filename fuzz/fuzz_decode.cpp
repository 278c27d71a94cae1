// Fuzz target: arbitrary bytes through the module decoder and validator.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/validate/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  auto module = weft::core::load_module(bytes);
  if (!module) {
    // Every failure must be a value with a message.
    if (module.error().message.empty()) __builtin_trap();
  }
  return 0;
}

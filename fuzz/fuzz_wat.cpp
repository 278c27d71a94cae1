// Fuzz target: arbitrary text through the WAST script parser and the WAT module parser,
// and whatever the text parser encodes through the decoder and validator.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/text/script.h"
#include "core/validate/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto script = weft::core::text::parse_script(text);
  if (!script && script.error().message.empty()) __builtin_trap();
  auto bytes = weft::core::text::parse_wat_module(text);
  if (bytes) {
    auto module = weft::core::load_module(*bytes);
    if (!module && module.error().message.empty()) __builtin_trap();
  } else if (bytes.error().message.empty()) {
    __builtin_trap();
  }
  return 0;
}

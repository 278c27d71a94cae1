// Fuzz target: arbitrary text through the component text format (a whole
// component, bare definitions as in `component quote`) and the component-aware
// WAST script parser. Every failure must be an Error with a message; every
// success a binary with the component preamble.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "component/text/component_wat.h"
#include "component/text/script.h"

namespace {

void check(const weft::Result<std::vector<uint8_t>>& r) {
  if (!r) {
    if (r.error().message.empty()) __builtin_trap();
    return;
  }
  static constexpr uint8_t kPreamble[] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  if (r->size() < 8 || !std::equal(std::begin(kPreamble), std::end(kPreamble), r->begin())) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check(weft::component::text::parse_component_wat(text));
  check(weft::component::text::parse_component_fields(text));
  auto script = weft::component::text::parse_script(text);
  if (!script && script.error().message.empty()) __builtin_trap();
  return 0;
}

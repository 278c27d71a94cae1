// Fuzz target: arbitrary text through the WIT lexer, parser and resolver; whatever
// resolves is printed, and the printed text must resolve again and print the same,
// and every package of it must encode as a component.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "component/wit/encode.h"
#include "component/wit/printer.h"
#include "component/wit/wit.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace wit = weft::component::wit;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  wit::ResolveOptions options;
  options.features = {"active"};
  auto loaded = wit::load_text(text, "fuzz.wit", options);
  if (!loaded) {
    if (loaded.error().message.empty()) __builtin_trap();
    return 0;
  }
  std::string first = wit::print_wit(loaded->resolve, loaded->main);
  auto again = wit::load_text(first, "printed.wit", options);
  if (!again) __builtin_trap();  // the printer wrote text that does not resolve
  if (wit::print_wit(again->resolve, again->main) != first) __builtin_trap();  // not a fixed point
  for (uint32_t i = 0; i < loaded->resolve.packages.size(); ++i) {
    auto bytes = wit::encode_package(loaded->resolve, wit::PackageId{i});
    // Resolved WIT always encodes, unless long `use` chains make it too large.
    if (!bytes && bytes.error().message.find("more than 64 MiB") == std::string::npos) __builtin_trap();
  }
  return 0;
}

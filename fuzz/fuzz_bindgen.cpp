// Fuzz target: arbitrary WIT text that resolves, through the C++ bindings generator
// for every world: it either generates or says "not supported yet", never crashes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bindgen/cpp.h"
#include "component/wit/wit.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace wit = weft::component::wit;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto loaded = wit::load_text(text, "fuzz.wit");
  if (!loaded) return 0;
  for (uint32_t i = 0; i < loaded->resolve.worlds.size(); ++i) {
    auto files = weft::bindgen::generate_cpp(loaded->resolve, wit::WorldId{i});
    if (!files && files.error().message.find("not supported yet") == std::string::npos &&
        files.error().message.find("more than 64 MiB") == std::string::npos)
      __builtin_trap();  // only unsupported features may fail
  }
  return 0;
}

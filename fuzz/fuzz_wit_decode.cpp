// Fuzz target: arbitrary bytes through the WIT decoder (components, WIT packages and
// core modules with component-type sections). Whatever decodes is printed, and the
// decoded main package must encode again and decode to the same print.
#include <cstddef>
#include <cstdint>
#include <span>

#include "component/wit/decode.h"
#include "component/wit/encode.h"
#include "component/wit/printer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace wit = weft::component::wit;
  wit::Resolve r;
  auto decoded = wit::decode_wasm(r, std::span(data, size));
  if (!decoded) {
    if (decoded.error().message.empty()) __builtin_trap();
    if (!r.packages.empty()) __builtin_trap();  // a failed decode leaves the model as it was
    return 0;
  }
  std::string first = wit::print_package(r, decoded->package);
  if (decoded->kind != wit::Decoded::Kind::Package) return 0;
  auto bytes = wit::encode_package(r, decoded->package);
  if (!bytes) return 0;  // e.g. a decoded package the validator accepts but WIT cannot express
  wit::Resolve again;
  auto redecoded = wit::decode_wasm(again, *bytes);
  if (redecoded && wit::print_package(again, redecoded->package) != first) __builtin_trap();
  return 0;
}

// Fuzz target: arbitrary bytes as a socket and a plug for `weft compose`. The first two
// bytes (little-endian) say how many of the rest are the socket; the remainder is the
// plug. Seeds: fuzz/seeds/fuzz_compose/*.bin. Composing must never crash, every error
// must have a message, and whatever it makes must be a component weft's validator accepts.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "component/binary/validator.h"
#include "compose/compose.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t split = size_t(data[0]) | size_t(data[1]) << 8;
  data += 2;
  size -= 2;
  if (split > size) split = size;
  weft::compose::Input socket{"socket", std::vector<uint8_t>(data, data + split)};
  weft::compose::Input plug{"plug", std::vector<uint8_t>(data + split, data + size)};
  auto composed = weft::compose::compose(weft::compose::plug_graph(std::move(socket), {std::move(plug)}));
  if (!composed) {
    if (composed.error().message.empty()) __builtin_trap();
    return 0;
  }
  if (!weft::component::load_component(composed->bytes)) __builtin_trap();
  return 0;
}

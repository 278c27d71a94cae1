// Reading a module file: binary as is, WAT text encoded to binary first.
#include <fmt/format.h>

#include "cli/commands.h"
#include "core/text/script.h"

namespace weft::cli {

Result<std::vector<uint8_t>> read_module_bytes(const std::string& path) {
  WEFT_TRY(data, read_file(path));
  if (data.size() >= 4 && data.compare(0, 4, std::string_view("\0asm", 4)) == 0) {
    return std::vector<uint8_t>(data.begin(), data.end());
  }
  auto bytes = core::text::parse_wat_module(data);
  if (!bytes) {
    Error e = bytes.error();
    e.file = path;
    return std::unexpected(e);
  }
  return bytes;
}

}  // namespace weft::cli

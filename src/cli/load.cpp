// Reading a module file: binary as is; text is not supported by this build yet.
#include <fmt/format.h>

#include "cli/commands.h"

namespace weft::cli {

Result<std::vector<uint8_t>> read_module_bytes(const std::string& path) {
  WEFT_TRY(data, read_file(path));
  if (data.size() >= 4 && data.compare(0, 4, std::string_view("\0asm", 4)) == 0) {
    return std::vector<uint8_t>(data.begin(), data.end());
  }
  return make_error(Phase::Usage, {}, "not supported yet: WebAssembly text files");
}

}  // namespace weft::cli

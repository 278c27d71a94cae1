// Whole-file reads.
#include "support/file.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace weft {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Phase::Io, {}, fmt::format("cannot open '{}'", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return make_error(Phase::Io, {}, fmt::format("cannot read '{}'", path));
  return ss.str();
}

}  // namespace weft

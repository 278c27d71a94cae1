// Reading whole files into memory with errors as values.
#pragma once

#include <string>

#include "support/error.h"

namespace weft {

Result<std::string> read_file(const std::string& path);

}  // namespace weft

// Feature gates: runtime flags that decide which proposals the decoder and validator accept.
#pragma once

#include <string_view>

namespace weft::core {

struct Features {
#define WEFT_FEATURE(member, flag, on) bool member = on;
#include "core/binary/features.def"
#undef WEFT_FEATURE

  // Sets a feature by its flag name ("multi-memory"); false when the name is unknown.
  bool set(std::string_view flag, bool on);
  // "mutable-globals, sign-ext, ..." for --help.
  static std::string_view all_names();
};

}  // namespace weft::core

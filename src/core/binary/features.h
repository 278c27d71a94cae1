// Feature gates: runtime flags that decide which proposals the decoder and validator accept.
#pragma once

#include <cstdint>
#include <string_view>

namespace weft::core {

// One value per feature flag, plus `core` for what is always there.
enum class Feature : uint8_t {
  core,
#define WEFT_FEATURE(member, flag, on) member,
#include "core/binary/features.def"
#undef WEFT_FEATURE
};

struct Features {
#define WEFT_FEATURE(member, flag, on) bool member = on;
#include "core/binary/features.def"
#undef WEFT_FEATURE

  bool enabled(Feature f) const {
    switch (f) {
      case Feature::core: return true;
#define WEFT_FEATURE(member, flag, on) \
  case Feature::member: return member;
#include "core/binary/features.def"
#undef WEFT_FEATURE
    }
    return false;
  }
  // The flag name of a feature ("sign-ext"); "core" for the MVP.
  static std::string_view name(Feature f);

  // Sets a feature by its flag name ("multi-memory"); false when the name is unknown.
  bool set(std::string_view flag, bool on);
  // "mutable-globals, sign-ext, ..." for --help.
  static std::string_view all_names();
};

}  // namespace weft::core

// Feature flags by name.
#include "core/binary/features.h"

namespace weft::core {

bool Features::set(std::string_view flag, bool on) {
#define WEFT_FEATURE(member, name, def) \
  if (flag == name) {                   \
    member = on;                        \
    return true;                        \
  }
#include "core/binary/features.def"
#undef WEFT_FEATURE
  return false;
}

std::string_view Features::name(Feature f) {
  switch (f) {
    case Feature::core: return "core";
#define WEFT_FEATURE(member, flag, def) \
  case Feature::member: return flag;
#include "core/binary/features.def"
#undef WEFT_FEATURE
  }
  return "core";
}

std::string_view Features::all_names() {
  static constexpr std::string_view names = ""
#define WEFT_FEATURE(member, name, def) name " "
#include "core/binary/features.def"
#undef WEFT_FEATURE
      ;
  return names;
}

}  // namespace weft::core

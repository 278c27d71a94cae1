#include "component/types/semver.h"

#include <string>

namespace weft::component {

std::optional<std::pair<std::string_view, PlainVersion>> split_version(std::string_view name) {
  const size_t at = name.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  PlainVersion v{};
  std::string_view rest = name.substr(at + 1);
  for (size_t i = 0; i < 3; ++i) {
    const size_t dot = rest.find('.');
    std::string_view part = rest.substr(0, dot);
    if (part.empty() || part.size() > 9 || part.find_first_not_of("0123456789") != std::string_view::npos)
      return std::nullopt;
    v[i] = std::stoull(std::string(part));
    if ((i < 2) != (dot != std::string_view::npos)) return std::nullopt;
    rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
  }
  return std::pair{name.substr(0, at), v};
}

bool version_serves(const PlainVersion& want, const PlainVersion& have) {
  if (want[0] != have[0]) return false;
  if (want[0] > 0) return true;
  return want[1] == have[1] && (want[1] > 0 || want[2] == have[2]);
}

}  // namespace weft::component

// Semantic versions (semver 2.0) as WIT package names and feature gates use them.
// spec: https://semver.org/
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weft::component::wit {

struct Version {
  uint64_t major = 0;
  uint64_t minor = 0;
  uint64_t patch = 0;
  std::string pre;    // pre-release identifiers after '-', dot-separated; "" for none
  std::string build;  // build metadata after '+'; "" for none

  // Parses "1.2.3", "1.0.0-rc.1+build.5"; nullopt when it is not valid semver.
  static std::optional<Version> parse(std::string_view text);
  std::string to_string() const;

  friend bool operator==(const Version&, const Version&) = default;
  // Semver precedence; build metadata, which semver ignores, breaks ties so the
  // order is total (as in Rust's semver crate).
  friend std::strong_ordering operator<=>(const Version& a, const Version& b);
};

}  // namespace weft::component::wit

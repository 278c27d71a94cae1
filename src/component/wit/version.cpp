// Semver parsing, printing and precedence for WIT package versions and gates.
#include "component/wit/version.h"

#include <fmt/format.h>

#include <vector>

namespace weft::component::wit {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return !s.empty();
}

// A numeric part of the version core: digits, no leading zero, fits in 64 bits.
std::optional<uint64_t> parse_number(std::string_view s) {
  if (!all_digits(s) || (s.size() > 1 && s[0] == '0') || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) v = v * 10 + uint64_t(c - '0');
  return v;
}

std::vector<std::string_view> split_dots(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t begin = 0;
  while (true) {
    size_t dot = s.find('.', begin);
    parts.push_back(s.substr(begin, dot == std::string_view::npos ? std::string_view::npos : dot - begin));
    if (dot == std::string_view::npos) return parts;
    begin = dot + 1;
  }
}

// Dot-separated non-empty identifiers; pre-release numbers may not have leading zeros.
bool valid_identifiers(std::string_view s, bool pre) {
  for (std::string_view id : split_dots(s)) {
    if (id.empty()) return false;
    for (char c : id)
      if (!is_ident_char(c)) return false;
    if (pre && all_digits(id) && id.size() > 1 && id[0] == '0') return false;
  }
  return true;
}

std::strong_ordering compare_identifier(std::string_view a, std::string_view b) {
  bool an = all_digits(a), bn = all_digits(b);
  if (an && bn) {
    if (a.size() != b.size()) return a.size() <=> b.size();
    return a.compare(b) <=> 0;
  }
  if (an != bn) return an ? std::strong_ordering::less : std::strong_ordering::greater;
  return a.compare(b) <=> 0;
}

std::strong_ordering compare_identifiers(std::string_view a, std::string_view b) {
  auto pa = split_dots(a), pb = split_dots(b);
  for (size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
    auto c = compare_identifier(pa[i], pb[i]);
    if (c != 0) return c;
  }
  return pa.size() <=> pb.size();
}

}  // namespace

std::optional<Version> Version::parse(std::string_view text) {
  Version v;
  size_t plus = text.find('+');
  if (plus != std::string_view::npos) {
    v.build = std::string(text.substr(plus + 1));
    if (!valid_identifiers(v.build, false)) return std::nullopt;
    text = text.substr(0, plus);
  }
  size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    v.pre = std::string(text.substr(dash + 1));
    if (!valid_identifiers(v.pre, true)) return std::nullopt;
    text = text.substr(0, dash);
  }
  auto core = split_dots(text);
  if (core.size() != 3) return std::nullopt;
  auto major = parse_number(core[0]), minor = parse_number(core[1]), patch = parse_number(core[2]);
  if (!major || !minor || !patch) return std::nullopt;
  v.major = *major;
  v.minor = *minor;
  v.patch = *patch;
  return v;
}

std::string Version::to_string() const {
  std::string s = fmt::format("{}.{}.{}", major, minor, patch);
  if (!pre.empty()) s += "-" + pre;
  if (!build.empty()) s += "+" + build;
  return s;
}

std::strong_ordering operator<=>(const Version& a, const Version& b) {
  if (auto c = a.major <=> b.major; c != 0) return c;
  if (auto c = a.minor <=> b.minor; c != 0) return c;
  if (auto c = a.patch <=> b.patch; c != 0) return c;
  // A pre-release sorts before the release itself.
  if (a.pre.empty() != b.pre.empty()) return a.pre.empty() ? std::strong_ordering::greater : std::strong_ordering::less;
  if (auto c = compare_identifiers(a.pre, b.pre); c != 0) return c;
  if (a.build.empty() != b.build.empty()) return a.build.empty() ? std::strong_ordering::less : std::strong_ordering::greater;
  return compare_identifiers(a.build, b.build);
}

}  // namespace weft::component::wit

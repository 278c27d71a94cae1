// Extern names: kebab-case labels, annotated plain names, interface names with semver.
#include "component/binary/names.h"

#include <fmt/format.h>

namespace weft::component {
namespace {

std::unexpected<std::string> fail(std::string m) { return std::unexpected(std::move(m)); }

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool upper_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool digit(char c) { return c >= '0' && c <= '9'; }

// spec: words ::= first-word ('-' word)*  (lowercase only)
bool is_words(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-') {
      if (i == start) return false;
      start = i + 1;
      continue;
    }
    if (!lower_alnum(s[i])) return false;
  }
  return true;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

Check kebab(std::string_view s) {
  if (!is_kebab_label(s)) return fail(fmt::format("`{}` is not in kebab case", s));
  return {};
}

// semver identifiers: dot-separated, non-empty, [0-9A-Za-z-]
Check semver_identifiers(std::string_view s, bool numeric_no_leading_zero) {
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      if (i == start) return fail("empty identifier segment");
      std::string_view part = s.substr(start, i - start);
      bool all_digits = true;
      for (char c : part) all_digits &= digit(c);
      if (numeric_no_leading_zero && all_digits && part.size() > 1 && part[0] == '0')
        return fail("invalid leading zero in pre-release identifier");
      start = i + 1;
      continue;
    }
    char c = s[i];
    if (!(lower_alnum(c) || upper_alnum(c) || c == '-')) return fail(fmt::format("unexpected character '{}'", c));
  }
  return {};
}

}  // namespace

bool is_kebab_label(std::string_view s) {
  if (s.empty()) return false;
  if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return false;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-') {
      if (i == start) return false;
      std::string_view frag = s.substr(start, i - start);
      bool word = true, acronym = true;
      for (char c : frag) word &= lower_alnum(c), acronym &= upper_alnum(c);
      if (!word && !acronym) return false;
      start = i + 1;
    }
  }
  return true;
}

Check check_semver(std::string_view s) {
  if (s.empty()) return fail("empty string");
  size_t i = 0;
  for (int part = 0; part < 3; ++part) {
    if (i >= s.size()) return fail("unexpected end of input");
    if (!digit(s[i])) return fail(fmt::format("unexpected character '{}'", s[i]));
    size_t b = i;
    while (i < s.size() && digit(s[i])) ++i;
    if (i - b > 1 && s[b] == '0') return fail("invalid leading zero");
    if (part < 2) {
      if (i >= s.size()) return fail("unexpected end of input");
      if (s[i] != '.') return fail(fmt::format("unexpected character '{}'", s[i]));
      ++i;
    }
  }
  if (i == s.size()) return {};
  std::string_view rest = s.substr(i);
  size_t plus = rest.find('+');
  if (rest[0] == '-') {
    Check c = semver_identifiers(rest.substr(1, plus == std::string_view::npos ? std::string_view::npos : plus - 1), true);
    if (!c) return c;
  } else if (rest[0] != '+') {
    return fail(fmt::format("unexpected character '{}'", rest[0]));
  }
  if (plus != std::string_view::npos) return semver_identifiers(rest.substr(plus + 1), false);
  return {};
}

// spec: interfacename ::= namespace+ words projection+ interfaceversion?
Check check_interface_name(std::string_view name) {
  std::string_view s = name;
  std::string_view version;
  if (size_t at = s.find('@'); at != std::string_view::npos) {
    version = s.substr(at + 1);
    s = s.substr(0, at);
    Check v = check_semver(version);
    if (!v) return v;
  }
  size_t slash = s.find('/');
  std::string_view head = slash == std::string_view::npos ? s : s.substr(0, slash);
  size_t colon = head.find(':');
  if (colon == std::string_view::npos) return fail(fmt::format("`{}` is not in kebab case", s));
  std::string_view ns = head.substr(0, colon);
  if (!is_words(ns)) return fail(fmt::format("`{}` is not a valid extern name: `{}` is not in kebab case", name, ns));
  std::string_view pkg = head.substr(colon + 1);
  // Nested namespaces (`a:b:c/d`) are gated future syntax (🪺) in the spec.
  if (pkg.find(':') != std::string_view::npos) return fail("expected `/` after package name");
  if (!is_words(pkg)) return fail(fmt::format("`{}` is not a valid extern name: `{}` is not in kebab case", name, pkg));
  if (slash == std::string_view::npos) return fail("expected `/` after package name");
  std::string_view iface = s.substr(slash + 1);
  if (size_t more = iface.find('/'); more != std::string_view::npos)
    return fail(fmt::format("trailing characters found: `{}`", iface.substr(more)));
  if (iface.find(':') != std::string_view::npos) return fail("expected `/` after package name");
  if (!is_kebab_label(iface)) return fail(fmt::format("`{}` is not in kebab case", iface));
  return {};
}

std::expected<ParsedName, std::string> parse_extern_name(std::string_view name) {
  ParsedName p;
  auto annotated = [&](std::string_view prefix, ParsedName::Kind k) -> std::expected<bool, std::string> {
    if (!name.starts_with(prefix)) return false;
    std::string_view rest = name.substr(prefix.size());
    p.kind = k;
    if (k == ParsedName::Kind::Constructor) {
      if (auto c = kebab(rest); !c) return std::unexpected(c.error());
      p.resource = std::string(rest);
      p.canonical = "[constructor]" + lowercase(rest);
      return true;
    }
    size_t dot = rest.find('.');
    if (dot == std::string_view::npos) return std::unexpected(std::string("failed to find `.` character"));
    std::string_view res = rest.substr(0, dot), fn = rest.substr(dot + 1);
    if (auto c = kebab(res); !c) return std::unexpected(c.error());
    if (auto c = kebab(fn); !c) return std::unexpected(c.error());
    p.resource = std::string(res), p.label = std::string(fn);
    // spec: [method]l.l / [static]l.l canonicalize to l; other annotations are stripped.
    p.canonical = lowercase(res) == lowercase(fn) ? lowercase(res) : lowercase(res) + "." + lowercase(fn);
    return true;
  };
  for (auto [prefix, kind] : {std::pair{std::string_view("[constructor]"), ParsedName::Kind::Constructor},
                              std::pair{std::string_view("[method]"), ParsedName::Kind::Method},
                              std::pair{std::string_view("[static]"), ParsedName::Kind::Static}}) {
    auto r = annotated(prefix, kind);
    if (!r) return std::unexpected(r.error());
    if (*r) return p;
  }
  if (name.find(':') != std::string_view::npos) {
    if (auto c = check_interface_name(name); !c) return std::unexpected(c.error());
    p.kind = ParsedName::Kind::Interface;
    p.canonical = lowercase(name);
    return p;
  }
  if (auto c = kebab(name); !c) return std::unexpected(c.error());
  p.label = std::string(name);
  p.canonical = lowercase(name);
  return p;
}

Check NameSet::add(const ParsedName& name, std::string_view original, std::string_view what) {
  auto [it, inserted] = canonical_.emplace(name.canonical, std::string(original));
  if (!inserted) return fail(fmt::format("{} name `{}` conflicts with previous name `{}`", what, original, it->second));
  return {};
}

}  // namespace weft::component

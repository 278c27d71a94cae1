#include "toolchain/manifest.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "support/toml.h"

namespace weft::toolchain {

namespace {

Error at(const std::string& path, const toml::source_region& where, std::string message) {
  return toml_error(path, where, std::move(message));
}

Result<void> check_keys(const std::string& path, const toml::table& table, std::string_view where,
                        const std::set<std::string_view>& known) {
  return toml_check_keys(path, table, fmt::format("[{}]", where), known);
}

Result<std::string> get_string(const std::string& path, const toml::table& t, std::string_view key,
                               std::string fallback) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  if (auto s = n->value<std::string>()) return *s;
  return std::unexpected(at(path, n->source(), fmt::format("`{}` must be a string", key)));
}

Result<std::vector<std::string>> get_strings(const std::string& path, const toml::table& t,
                                             std::string_view key) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const toml::array* a = n->as_array();
  if (!a) return std::unexpected(at(path, n->source(), fmt::format("`{}` must be an array of strings", key)));
  for (const toml::node& e : *a) {
    auto s = e.value<std::string>();
    if (!s)
      return std::unexpected(at(path, e.source(), fmt::format("`{}` must be an array of strings", key)));
    out.push_back(*s);
  }
  return out;
}

}  // namespace

Result<Manifest> load_manifest(const std::string& path) {
  toml::parse_result parsed = toml::parse_file(path);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    if (!std::filesystem::exists(path))
      return std::unexpected(
          Error{Phase::Io, {}, "no such file (run `weft new NAME` to make a project)", path, 0, {}});
    return std::unexpected(at(path, e.source(), std::string(e.description())));
  }
  const toml::table& root = parsed.table();
  Manifest m;
  m.path = path;
  m.dir = std::filesystem::path(path).parent_path().string();
  if (m.dir.empty()) m.dir = ".";
  WEFT_CHECK(check_keys(path, root, "top level", {"package", "component"}));
  const toml::table* pkg = root["package"].as_table();
  if (!pkg)
    return std::unexpected(
        Error{Phase::Text, Span::text(1, 1), "missing [package] with `name`", path, 0, {}});
  WEFT_CHECK(check_keys(path, *pkg, "package", {"name", "version", "description"}));
  WEFT_TRY(name, get_string(path, *pkg, "name", ""));
  if (name.empty()) return std::unexpected(at(path, pkg->source(), "[package] needs a `name`"));
  m.name = name;
  toml::table empty;
  const toml::table* comp = root["component"].as_table();
  if (!comp) comp = &empty;
  WEFT_CHECK(check_keys(path, *comp, "component",
                        {"kind", "wit", "world", "sources", "include-dirs", "cxxflags", "output"}));
  WEFT_TRY(kind, get_string(path, *comp, "kind", "reactor"));
  if (kind == "command")
    m.kind = Manifest::Kind::Command;
  else if (kind != "reactor")
    return std::unexpected(at(path, comp->get("kind")->source(),
                              fmt::format("`kind` must be \"reactor\" or \"command\", not \"{}\"", kind)));
  WEFT_TRY(wit, get_string(path, *comp, "wit", "wit"));
  WEFT_TRY(world, get_string(path, *comp, "world", ""));
  WEFT_TRY(sources, get_strings(path, *comp, "sources"));
  WEFT_TRY(includes, get_strings(path, *comp, "include-dirs"));
  WEFT_TRY(flags, get_strings(path, *comp, "cxxflags"));
  WEFT_TRY(output, get_string(path, *comp, "output", "target/" + m.name + ".wasm"));
  if (sources.empty())
    return std::unexpected(at(path, comp == &empty ? root.source() : comp->source(),
                              "[component] needs `sources`, e.g. sources = [\"src/main.cpp\"]"));
  m.wit = wit;
  m.world = world;
  m.sources = sources;
  m.include_dirs = includes;
  m.cxxflags = flags;
  m.output = output;
  return m;
}

}  // namespace weft::toolchain

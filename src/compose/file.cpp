// Composition files (docs/compose.md): a TOML description of a graph of instances.
#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "component/text/component_wat.h"
#include "compose/compose.h"
#include "support/file.h"
#include "support/toml.h"

namespace weft::compose {
namespace {

namespace fs = std::filesystem;

Origin origin(const std::string& path, const toml::source_region& where) {
  return Origin{path, where.begin.line, where.begin.column};
}

Error at(const std::string& path, const toml::source_region& where, std::string message) {
  return toml_error(path, where, std::move(message));
}

Result<void> check_keys(const std::string& path, const toml::table& table, std::string_view where,
                        const std::set<std::string_view>& known) {
  return toml_check_keys(path, table, where, known);
}

// "INSTANCE" (its export named `key`) or { instance = "…", export = "…" }.
Result<Ref> read_ref(const std::string& path, std::string_view key, const toml::node& n) {
  if (auto s = n.value<std::string>()) return Ref{*s, std::string(key)};
  const toml::table* t = n.as_table();
  auto bad = [&] {
    return std::unexpected(
        at(path, n.source(),
           fmt::format("`{}` must be an instance name or {{ instance = \"…\", export = \"…\" }}", key)));
  };
  if (!t) return bad();
  WEFT_CHECK(check_keys(path, *t, fmt::format("`{}`", key), {"instance", "export"}));
  auto inst = (*t)["instance"].value<std::string>();
  if (!inst) return bad();
  auto exp = (*t)["export"].value<std::string>();
  if (t->contains("export") && !exp) return bad();
  return Ref{*inst, exp ? *exp : std::string(key)};
}

}  // namespace

Result<Graph> load_composition(const std::string& path) {
  toml::parse_result parsed = toml::parse_file(path);
  if (!parsed) {
    if (!fs::exists(path)) return std::unexpected(Error{Phase::Io, {}, "no such file", path, 0, {}});
    return std::unexpected(at(path, parsed.error().source(), std::string(parsed.error().description())));
  }
  const toml::table& root = parsed.table();
  WEFT_CHECK(check_keys(path, root, "the composition file", {"instances", "exports"}));
  const toml::table* instances = root["instances"].as_table();
  if (!instances || instances->empty())
    return std::unexpected(Error{Phase::Text,
                                 Span::text(1, 1),
                                 "the composition needs [instances.NAME] tables with a `component`",
                                 path,
                                 0,
                                 {}});
  fs::path dir = fs::path(path).parent_path();
  Graph g;
  std::map<std::string, size_t> component_of;  // canonical path -> component index
  for (const auto& [key, node] : *instances) {
    const toml::table* t = node.as_table();
    if (!t)
      return std::unexpected(
          at(path, node.source(), fmt::format("[instances.{}] must be a table", key.str())));
    WEFT_CHECK(check_keys(path, *t, fmt::format("[instances.{}]", key.str()), {"component", "with", "plug"}));
    InstanceSpec s;
    s.name = std::string(key.str());
    s.origin = origin(path, t->source());
    auto comp = (*t)["component"].value<std::string>();
    if (!comp)
      return std::unexpected(
          at(path, t->source(), fmt::format("[instances.{}] needs `component = \"FILE.wasm\"`", key.str())));
    std::string file = (dir / *comp).lexically_normal().string();
    std::error_code ec;
    std::string canonical = fs::weakly_canonical(file, ec).string();
    if (ec) canonical = file;
    if (auto it = component_of.find(canonical); it != component_of.end()) {
      s.component = it->second;
    } else {
      auto text = read_file(file);
      if (!text) {
        Error e = text.error();
        if (e.file.empty()) e.file = file;
        e.notes.push_back(
            fmt::format("named by [instances.{}] at {}:{}", key.str(), s.origin.line, s.origin.column));
        return std::unexpected(std::move(e));
      }
      std::vector<uint8_t> bytes(text->begin(), text->end());
      if (text->compare(0, 4, std::string_view("\0asm", 4)) != 0) {  // component text
        auto encoded = component::text::parse_component_wat(*text);
        if (!encoded) {
          Error e = encoded.error();
          e.file = file;
          return std::unexpected(std::move(e));
        }
        bytes = std::move(*encoded);
      }
      s.component = g.components.size();
      component_of[canonical] = s.component;
      g.components.push_back({file, std::move(bytes)});
    }
    if (const toml::node* p = t->get("plug")) {
      auto b = p->value<bool>();
      if (!b) return std::unexpected(at(path, p->source(), "`plug` must be true or false"));
      s.plug = *b;
    }
    if (const toml::node* w = t->get("with")) {
      const toml::table* wt = w->as_table();
      if (!wt)
        return std::unexpected(
            at(path, w->source(), "`with` must be a table: { \"IMPORT\" = \"INSTANCE\", … }"));
      for (const auto& [imp, ref] : *wt) {
        WEFT_TRY(r, read_ref(path, imp.str(), ref));
        s.with.emplace(std::string(imp.str()), std::move(r));
      }
    }
    g.instances.push_back(std::move(s));
  }
  if (const toml::node* e = root.get("exports")) {
    const toml::table* et = e->as_table();
    if (!et)
      return std::unexpected(at(path, e->source(), "[exports] must be a table: \"NAME\" = \"INSTANCE\""));
    for (const auto& [name, ref] : *et) {
      WEFT_TRY(r, read_ref(path, name.str(), ref));
      g.exports.emplace_back(std::string(name.str()), std::move(r));
    }
  }
  return g;
}

}  // namespace weft::compose

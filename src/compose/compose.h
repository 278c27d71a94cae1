// Static composition: several components nested whole in one component binary, their
// imports wired to each other's exports, what `wac plug` and `wac compose` do.
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/Explainer.md#instance-definitions
//
// The output nests each input component unchanged (a `component` section), instantiates
// them in dependency order with `with` arguments aliased from the instances that serve
// them, and re-exports what the graph says. Imports that nothing inside serves become
// imports of the output, typed from the WIT world of the components that need them
// (one import per name, shared by every instance that imports it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "support/error.h"

namespace weft::compose {

// A component binary; `name` (usually its path) appears in messages.
struct Input {
  std::string name;
  std::vector<uint8_t> bytes;
};

// An export `export_name` of the instance called `instance`.
struct Ref {
  std::string instance;
  std::string export_name;
};

// Where a composition-file entry came from (for messages): file, line, column.
struct Origin {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
};

struct InstanceSpec {
  std::string name;
  size_t component = 0;  // index into Graph::components
  // Explicit wiring: import name -> the export that serves it.
  std::map<std::string, Ref> with;
  // Imports not in `with` are served by the one other instance exporting the same
  // name (or a semver-compatible version of it); otherwise they stay imports.
  bool plug = false;
  // Whether this instance's exports may serve other instances' `plug` imports (the
  // socket of `plug_graph` does not: its exports are the output's).
  bool serves = true;
  Origin origin;
};

struct Graph {
  std::vector<Input> components;
  std::vector<InstanceSpec> instances;
  // Export name -> what it re-exports. `export_all`: every export of these instances too.
  std::vector<std::pair<std::string, Ref>> exports;
  std::vector<std::string> export_all;
  // Plug mode: each of these instances must serve at least one import.
  std::vector<std::string> must_be_used;
};

// `wac plug`: the socket's imports served by the plugs' exports of the same name,
// transitively (a plug's imports may be served by other plugs); the socket's exports
// are the output's exports; leftover imports stay imports.
Graph plug_graph(Input socket, std::vector<Input> plugs);

// How one import of one instance ended up wired (for `weft compose -v`).
struct Wire {
  std::string instance;
  std::string import;
  std::optional<Ref> from;  // nullopt: an import of the output
};

struct Composed {
  std::vector<uint8_t> bytes;
  std::vector<Wire> wires;
  std::vector<std::string> imports;  // the output's imports, in order
  std::vector<std::string> exports;  // the output's exports, in order
};

// The composed component, validated. Errors name the instance and import or export
// at fault (and the composition file's line:column where there is one).
Result<Composed> compose(const Graph& graph);

// Reads a composition file (TOML; see docs/compose.md). Component paths are relative
// to the file's folder.
Result<Graph> load_composition(const std::string& path);

}  // namespace weft::compose

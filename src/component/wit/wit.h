// Reading WIT: from text or from the file system to a resolved model.
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/WIT.md#filesystem-structure
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "component/wit/decode.h"
#include "component/wit/model.h"
#include "component/wit/resolver.h"
#include "support/error.h"

namespace weft::component::wit {

// What was read: every package in dependency order, and the one the path names.
struct Loaded {
  Resolve resolve;
  std::optional<PackageId> main;  // none for a directory of package directories
  std::vector<std::string> files;  // every file read, in reading order
  // When the path is a binary (or component text): what it held, and its world.
  std::optional<Decoded::Kind> binary;
  std::optional<WorldId> world;
};

// Resolves the WIT at `path`, which is one of:
//  * a `.wit` file: its package, plus any `package x { ... }` blocks in it;
//  * a directory of `.wit` files forming one package, with its dependencies in
//    `deps/` (each entry a `.wit` file or a directory of them);
//  * a directory without `.wit` files of its own: each subdirectory is a package,
//    all resolved together (a tree like `wasi-0.2.12/{io,clocks,...}`).
//  * a binary (`.wasm`, or component text in `.wat`): a WIT package encoded as a
//    component, an ordinary component (its world `root:component/root`), or a core
//    module with a `component-type` custom section (its world); see decode.h.
// Binaries inside `deps/` are decoded too, before the text packages.
Result<Loaded> load_path(const std::string& path, const ResolveOptions& options = {});

// Resolves one WIT text as if it were a file named `name`.
Result<Loaded> load_text(std::string_view text, const std::string& name = "<input>",
                         const ResolveOptions& options = {});

// The world NAME of loaded WIT: `name` in the main package or `ns:pkg/name`; with an
// empty NAME, the main package's only world.
Result<WorldId> select_world(const Loaded& loaded, const std::string& name);

}  // namespace weft::component::wit

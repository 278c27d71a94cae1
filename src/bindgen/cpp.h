// `weft bindgen cpp`: C++23 bindings for a WIT world, for guests built with clang
// for wasm32-wasi. The generated header declares the world's types, its imports as
// functions (and resource classes) to call, and its exports as functions the user
// defines; the generated source holds the canonical ABI glue, `cabi_realloc`, the
// post-return functions and the world as a `component-type` custom section.
// See docs/bindgen.md for the mapping.
#pragma once

#include <string>
#include <vector>

#include "component/wit/model.h"
#include "support/error.h"

namespace weft::bindgen {

struct GeneratedFile {
  std::string name;  // relative to the output folder
  std::string contents;
};

struct CppOptions {
  // The base name of the files ("calculator_provider" gives calculator_provider.h
  // and calculator_provider.cpp); empty: the world's name in snake case.
  std::string file_stem;
  // A program: the glue defines `_start` (constructors, main, exit) so the module can be
  // linked as a reactor (-mexec-model=reactor -nostartfiles -Wl,--no-entry), whose other
  // exports (cabi_realloc, ...) are then not wrapped in constructor/destructor calls as
  // wasm-ld does for commands.
  bool command = false;
};

// The header and glue source for world `world` of `resolve`. Errors name the WIT
// item that cannot be mapped yet ("not supported yet: ...").
Result<std::vector<GeneratedFile>> generate_cpp(const component::wit::Resolve& resolve,
                                                component::wit::WorldId world,
                                                const CppOptions& options = {});

}  // namespace weft::bindgen

// `weft build`: bindings, compile with clang for wasm32-wasi, componentize.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "support/error.h"
#include "toolchain/manifest.h"

namespace weft::toolchain {

struct BuildOptions {
  std::string cxx;         // the C++ compiler; default $WEFT_CXX, else clang++-19
  std::string target_dir;  // where bindings and outputs go; default the project's target/
  bool verbose = false;
  // Progress lines ("bindings", "compile", "componentize") for people watching.
  std::function<void(const std::string&)> progress;
  // Makes the component from the core module (`weft componentize`).
  std::function<Result<std::vector<uint8_t>>(std::span<const uint8_t> core, Manifest::Kind kind)>
      componentize;
};

struct BuildOutput {
  std::string component;  // the component written
  std::string core;       // the core module it was made from
  std::string bindings;   // the generated bindings' folder
};

Result<BuildOutput> build(const Manifest& manifest, const BuildOptions& options);

// A sysroot for clang --target=wasm32-wasi over Debian's wasi-libc (which installs to
// /usr/{include,lib}/wasm32-wasi rather than a sysroot): a folder of two symlinks.
Result<std::string> wasi_sysroot();

// Runs argv; on failure the error carries its output.
Result<void> run_tool(const std::vector<std::string>& argv, bool verbose);

// `weft new`: a project folder `dir` that builds as is.
Result<void> create_project(const std::string& dir, const std::string& name, Manifest::Kind kind);

}  // namespace weft::toolchain

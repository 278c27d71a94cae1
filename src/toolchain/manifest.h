// weft.toml: what `weft build` makes of a project (world, WIT, sources, flags).
// See docs/build.md for the format.
#pragma once

#include <string>
#include <vector>

#include "support/error.h"

namespace weft::toolchain {

struct Manifest {
  enum class Kind : uint8_t {
    Reactor,  // a library of exports (no main)
    Command,  // a program: `main` runs as wasi:cli/run
  };
  std::string path;  // the weft.toml
  std::string dir;   // the folder it is in; relative paths below are relative to it
  std::string name;
  Kind kind = Kind::Reactor;
  std::string wit = "wit";
  std::string world;  // empty: the WIT package's only world
  std::vector<std::string> sources;
  std::vector<std::string> include_dirs;
  std::vector<std::string> cxxflags;
  std::string output;  // default: target/<name>.wasm
};

// Reads and checks a manifest; errors carry the file's line:column.
Result<Manifest> load_manifest(const std::string& path);

}  // namespace weft::toolchain

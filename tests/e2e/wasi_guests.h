// Shared by the WASI end-to-end tests: building the C guests in tests/e2e/wasi/ and scratch directories.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "process.h"

namespace weft::e2e {

// tests/e2e/wasi/NAME.c built once per test binary.
inline std::string wasi_guest(const std::string& name) {
  static std::map<std::string, std::string> built;
  auto it = built.find(name);
  if (it != built.end()) return it->second;
  std::string path = build_guest(std::string(WEFT_SOURCE_DIR) + "/tests/e2e/wasi/" + name + ".c", name + ".wasm");
  built.emplace(name, path);
  return path;
}

// An empty directory under the test binary's scratch directory.
inline std::string fresh_dir(const std::string& name) {
  std::string dir = temp_dir() + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void put_file(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

}  // namespace weft::e2e

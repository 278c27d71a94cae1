// Shared by the WASI 0.2 end-to-end tests: the C guests of tests/e2e/wasi/ made
// into command components by the reference encoder (jco, installed by make test).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>

#include "process.h"
#include "wasi_guests.h"

namespace weft::e2e {

inline bool have_jco() {
  return std::filesystem::exists(std::string(WEFT_SOURCE_DIR) +
                                 "/build-tools/node_modules/@bytecodealliance/jco/dist/jco.js");
}

// tests/e2e/wasi/NAME.c as a command component, made once per test binary.
inline std::string wasi_component(const std::string& name) {
  static std::map<std::string, std::string> made;
  if (auto it = made.find(name); it != made.end()) return it->second;
  const std::string out = temp_dir() + "/" + name + ".component.wasm";
  auto r = run_process({"bash", std::string(WEFT_SOURCE_DIR) + "/scripts/jco.sh", "new", wasi_guest(name),
                        "--wasi-command", "-o", out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  made.emplace(name, out);
  return out;
}

// tests/e2e/wasi/NAME.c with the world NAME of tests/e2e/wasi/NAME.wit embedded
// (its imports besides preview 1), as a command component; made once per test binary.
inline std::string wasi_component_with_world(const std::string& name) {
  static std::map<std::string, std::string> made;
  if (auto it = made.find(name); it != made.end()) return it->second;
  const std::string src = std::string(WEFT_SOURCE_DIR);
  const std::string wit = fresh_dir(name + "_wit");
  std::filesystem::copy_file(src + "/tests/e2e/wasi/" + name + ".wit", wit + "/world.wit");
  std::filesystem::create_directories(wit + "/deps");
  // Copied, not linked: jco reads WIT through a filesystem shim that does not follow links.
  for (const char* pkg : {"sockets", "io", "clocks"})
    std::filesystem::copy(src + "/../shared/wit/wasi-0.2.12/" + pkg, wit + "/deps/" + pkg,
                          std::filesystem::copy_options::recursive);
  const std::string embedded = temp_dir() + "/" + name + ".embed.wasm";
  const std::string out = temp_dir() + "/" + name + ".component.wasm";
  std::string world = name;
  std::replace(world.begin(), world.end(), '_', '-');
  auto e = run_process({"bash", src + "/scripts/jco.sh", "--embed", wasi_guest(name), wit, world, embedded});
  EXPECT_EQ(e.exit_code, 0) << e.err;
  auto r = run_process({"bash", src + "/scripts/jco.sh", "new", embedded, "--wasi-command", "-o", out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  made.emplace(name, out);
  return out;
}

#define REQUIRE_JCO() \
  if (!have_jco()) GTEST_SKIP() << "no jco in build-tools/ (scripts/jco.sh --install, run by make test)"

}  // namespace weft::e2e

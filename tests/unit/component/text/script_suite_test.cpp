// The component script parser over the shared test suites, read in place: every
// .wast file parses, every command is one weft represents (nothing is left in
// Script::unsupported), and each folder yields commands of the kinds it uses.
// Fails when the suites are missing: they are part of the checkout's shared/.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "component/text/script.h"

namespace weft::component::text {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char* kind_name(const Command& c) {
  static constexpr const char* kNames[] = {"unit",   "instance",       "register",         "action",
                                           "assert_return", "assert_trap", "assert_trap(unit)", "assert_exhaustion",
                                           "assert_malformed", "assert_invalid", "assert_unlinkable"};
  return kNames[c.index()];
}

struct Folder {
  const char* label;
  const char* path;  // under shared/testsuite
};

// Top-level files only: the async/ and gc/ subfolders are out of scope.
constexpr Folder kFolders[] = {
    {"binary", "component-model/binary"},         {"linking", "component-model/linking"},
    {"resources", "component-model/resources"},   {"validation", "component-model/validation"},
    {"values", "component-model/values"},         {"wasmtime", "wasmtime-component"},
};

std::vector<fs::path> wast_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".wast") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ComponentTextScriptSuite, EverySuiteFileParses) {
  fs::path root = fs::path(WEFT_TEST_SHARED_DIR) / "testsuite";
  std::map<std::string, size_t> all_kinds;
  for (const Folder& folder : kFolders) {
    fs::path dir = root / folder.path;
    ASSERT_TRUE(fs::is_directory(dir)) << "test suite missing: " << dir;
    std::vector<fs::path> files = wast_files(dir);
    EXPECT_FALSE(files.empty()) << dir;
    std::map<std::string, size_t> kinds;
    size_t commands = 0, components = 0;
    for (const fs::path& p : files) {
      auto script = parse_script(read_file(p));
      ASSERT_TRUE(script.has_value()) << p.string() << ":" << script.error().span.line << ":"
                                      << script.error().span.column << ": " << script.error().message;
      for (const auto& [span, what] : script->unsupported)
        ADD_FAILURE() << p.string() << ":" << span.line << ": unsupported command " << what;
      EXPECT_FALSE(script->commands.empty()) << p;
      commands += script->commands.size();
      for (const ScriptCommand& c : script->commands) {
        ++kinds[kind_name(c.command)];
        if (auto* u = std::get_if<CmdUnit>(&c.command)) components += u->unit.component;
      }
    }
    std::string summary;
    for (const auto& [kind, n] : kinds) {
      summary += " " + kind + "=" + std::to_string(n);
      all_kinds[kind] += n;
    }
    std::printf("%-10s files=%zu commands=%zu components=%zu:%s\n", folder.label, files.size(), commands,
                components, summary.c_str());
    EXPECT_GT(commands, 0u) << folder.label;
  }
  // The kinds these suites use (register, bare actions and assert_exhaustion
  // only appear elsewhere: script_test.cpp covers them).
  for (const char* kind : {"unit", "instance", "assert_return", "assert_trap", "assert_trap(unit)",
                           "assert_malformed", "assert_invalid", "assert_unlinkable"})
    EXPECT_GT(all_kinds[kind], 0u) << kind;
}

// Out of scope for running, but the parser must still read them: the async
// scripts (streams, futures, threads) and Wasmtime's gc/ ones.
TEST(ComponentTextScriptSuite, AsyncAndGcScriptsParse) {
  fs::path root = fs::path(WEFT_TEST_SHARED_DIR) / "testsuite";
  size_t files = 0, commands = 0, unsupported = 0;
  for (const char* sub : {"component-model/async", "wasmtime-component/async", "wasmtime-component/gc"}) {
    fs::path dir = root / sub;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".wast") continue;
      auto script = parse_script(read_file(e.path()));
      ASSERT_TRUE(script.has_value()) << e.path().string() << ":" << script.error().span.line << ":"
                                      << script.error().span.column << ": " << script.error().message;
      ++files;
      commands += script->commands.size();
      unsupported += script->unsupported.size();
    }
  }
  std::printf("async+gc files=%zu commands=%zu unsupported=%zu\n", files, commands, unsupported);
  EXPECT_GT(files, 0u);
}

}  // namespace
}  // namespace weft::component::text

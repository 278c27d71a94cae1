// The component text encoder against the reference: every component written in
// text (or quote) in the component-model and Wasmtime test scripts is encoded
// by weft (through the component script parser) and by jco's wasm-tools
// (jco_batch.mjs), and the two are compared:
//  - identical:   byte for byte once custom sections (names only) are dropped at
//                 every level; `raw-identical` counts those equal with them too;
//  - equivalent:  not identical, but jco prints both the same (custom sections
//                 dropped), e.g. a different LEB width or core encoding choice;
//  - DIFFERING:   printed differently;
//  - weft-error:  jco encodes it, weft's text parser rejects it (core-text-gap:
//                 inside a `(core module ...)`, a core proposal weft's core text
//                 parser does not read: exceptions, GC, memory64, threads).
// Components whose script expects them valid must also pass weft's validator.
// Components using async features (stream, future, task.*, ...) are skipped
// and counted. Prints one table per folder and every non-identical case.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include "component/binary/validator.h"
#include "component/text/script.h"
#include "core/text/lexer.h"
#include "crosscheck_support.h"

namespace weft::component::text {
namespace {

namespace fs = std::filesystem;
using namespace crosscheck;

// The folders of the brief: top-level .wast files only (async/ and gc/ are out of scope).
std::vector<std::pair<std::string, fs::path>> suite_folders() {
  fs::path root = fs::path(WEFT_SHARED_DIR) / "testsuite";
  std::vector<std::pair<std::string, fs::path>> out;
  for (const char* f : {"binary", "linking", "resources", "validation", "values"})
    out.emplace_back(std::string("component-model/") + f, root / "component-model" / f);
  out.emplace_back("wasmtime-component", root / "wasmtime-component");
  return out;
}

void run_reference(const fs::path& dir, const char* mode) {
  std::string cmd = "JCO_HOME='" WEFT_JCO_HOME "' node '" WEFT_SOURCE_DIR "/tests/component-text/jco_batch.mjs' " +
                    std::string(mode) + " '" + dir.string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

TEST(ComponentTextCrosscheck, SuitesMatchTheReferenceEncoder) {
  if (std::system("command -v node >/dev/null 2>&1") != 0 ||
      !fs::exists(WEFT_JCO_HOME "/node_modules/@bytecodealliance/jco-transpile/dist/wasm-tools.js"))
    GTEST_SKIP() << "node or jco unavailable";
  std::vector<Case> cases;
  std::map<std::string, Tally> tallies;
  for (const auto& [label, dir] : suite_folders()) {
    ASSERT_TRUE(fs::exists(dir)) << dir;
    for (const fs::path& p : wast_files(dir)) collect_script(p, label, cases, tallies[label]);
  }
  for (const auto& e : fs::directory_iterator(fs::path(WEFT_SOURCE_DIR) / "tests/component-text/corpus"))
    collect_wat(e.path(), cases, tallies["corpus"]);
  ASSERT_GT(cases.size(), 100u);

  fs::path dir = fs::temp_directory_path() / ("weft-ctext-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (size_t i = 0; i < cases.size(); ++i) write_file(case_path(dir, i, ".wat"), cases[i].jco_text);
  run_reference(dir, "parse");
  fs::path pdir = dir / "print";
  fs::create_directories(pdir);
  for (size_t i = 0; i < cases.size(); ++i) compare_bytes(dir, pdir, i, cases[i]);
  run_reference(pdir, "print");
  std::map<std::string, std::vector<std::string>> listing;
  for (size_t i = 0; i < cases.size(); ++i) {
    Case& c = cases[i];
    if (c.outcome == Outcome::Pending) compare_printed(pdir, i, c);
    Tally& t = tallies[c.folder];
    t.add(c);
    if (c.outcome != Outcome::Identical) listing[outcome_name(c.outcome)].push_back(c.where + "  " + c.note);
    if (c.validator_rejects) listing["VALIDATOR-REJECTS"].push_back(c.where + "  " + c.note_validator);
    if (c.validator_both) listing["validator-rejects-both"].push_back(c.where + "  " + c.note_validator);
  }
  if (!std::getenv("WEFT_KEEP_CROSSCHECK")) fs::remove_all(dir);

  Tally total;
  std::printf("%-30s %s\n", "folder", Tally::header().c_str());
  for (const auto& [label, t] : tallies) {
    std::printf("%-30s %s\n", label.c_str(), t.row().c_str());
    total.merge(t);
  }
  std::printf("%-30s %s\n", "total", total.row().c_str());
  for (const auto& [kind, list] : listing) {
    std::printf("%s (%zu):\n", kind.c_str(), list.size());
    for (const std::string& s : list) std::printf("    %s\n", s.c_str());
  }
  EXPECT_EQ(total.differing, 0u);
  EXPECT_EQ(total.weft_error, 0u);
  EXPECT_EQ(total.validator_rejects, 0u);
}

}  // namespace
}  // namespace weft::component::text

// The component test suites as a corpus: every component form of the .wast scripts,
// turned into a binary by the reference tool (gen_corpus.mjs, jco's wasm-tools), must
// validate in weft when the script expects it to and be rejected when the script
// expects assert_invalid/assert_malformed. Forms weft does not handle yet are listed in
// corpus_known_failures.txt; the test fails on any other difference, and on a listed
// form that now passes (so the list only shrinks).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "component/binary/validator.h"

namespace weft::component {
namespace {

namespace fs = std::filesystem;

struct Row {
  std::string id, kind, status, where, message;
};

std::vector<Row> read_manifest(const fs::path& p) {
  std::vector<Row> rows;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    Row r;
    std::stringstream ss(line);
    std::getline(ss, r.id, '\t');
    std::getline(ss, r.kind, '\t');
    std::getline(ss, r.status, '\t');
    std::getline(ss, r.where, '\t');
    std::getline(ss, r.message);
    if (!r.id.empty()) rows.push_back(r);
  }
  return rows;
}

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Builds the corpus with jco (installed under WEFT_JCO_HOME) unless it is there already
// (WEFT_COMPONENT_CORPUS names a prebuilt one).
fs::path corpus_dir() {
  if (const char* env = std::getenv("WEFT_COMPONENT_CORPUS")) return env;
  fs::path dir = fs::path(WEFT_TEST_BINARY_DIR) / "component-corpus";
  if (fs::exists(dir / "manifest.tsv")) return dir;
  std::string src = WEFT_SOURCE_DIR, shared = WEFT_TEST_SHARED_DIR;
  if (!fs::exists(shared + "/testsuite/component-model")) return {};
  std::string cmd = "command -v node >/dev/null 2>&1 && JCO_HOME='" WEFT_JCO_HOME "' node " + src +
                    "/tests/unit/component/binary/gen_corpus.mjs " + dir.string() + " " + shared +
                    "/testsuite/component-model " + shared + "/testsuite/wasmtime-component >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return {};
  return fs::exists(dir / "manifest.tsv") ? dir : fs::path();
}

std::set<std::string> known_failures() {
  std::set<std::string> out;
  std::ifstream in(fs::path(WEFT_SOURCE_DIR) / "tests/unit/component/binary/corpus_known_failures.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    out.insert(line.substr(0, line.find(' ')));
  }
  return out;
}

TEST(ComponentCorpus, SuitesValidateAsTheScriptsExpect) {
  fs::path dir = corpus_dir();
  if (dir.empty()) GTEST_SKIP() << "node/jco or the test suites are unavailable: no component corpus";
  std::vector<Row> rows = read_manifest(dir / "manifest.tsv");
  ASSERT_FALSE(rows.empty());
  std::set<std::string> known = known_failures();
  std::map<std::string, int> total, good;
  int messages_matched = 0, rejected_total = 0;
  std::vector<std::string> unexpected, fixed, message_diffs, failures;
  int async_skipped = 0, unparsed = 0;
  for (const Row& r : rows) {
    // The async proposal is out of scope for now: counted, not silently dropped.
    if (r.where.find("/async/") != std::string::npos) {
      ++async_skipped;
      continue;
    }
    if (r.status != "ok") {
      ++unparsed;
      continue;
    }
    std::vector<uint8_t> bytes = read_bytes(dir / (r.id + ".wasm"));
    auto result = load_component(bytes);
    bool expect_valid = r.kind == "valid";
    bool pass = result.has_value() == expect_valid;
    ++total[r.kind];
    if (pass) ++good[r.kind];
    if (!expect_valid && !result) {
      ++rejected_total;
      if (result.error().message.find(r.message) != std::string::npos) ++messages_matched;
      else message_diffs.push_back(r.where + ": expected \"" + r.message + "\", got \"" + result.error().message + "\"");
    }
    std::string got = result ? "valid" : result.error().message;
    if (!pass) failures.push_back(r.where + " [" + r.kind + "] " + got);
    if (!pass && !known.count(r.where)) unexpected.push_back(r.where + " [" + r.kind + "] " + got);
    if (pass && known.count(r.where)) fixed.push_back(r.where);
  }
  std::ofstream report(dir / "report.txt");
  report << "valid accepted: " << good["valid"] << "/" << total["valid"] << "\n"
         << "invalid rejected: " << good["invalid"] << "/" << total["invalid"] << "\n"
         << "malformed rejected: " << good["malformed"] << "/" << total["malformed"] << "\n"
         << "messages matched: " << messages_matched << "/" << rejected_total << "\n"
         << "skipped: " << async_skipped << " async, " << unparsed << " not parsed by the reference tool\n\n## failures\n";
  for (const auto& f : failures) report << f << "\n";
  report << "\n## message differences\n";
  for (const auto& m : message_diffs) report << m << "\n";
  std::cout << "valid accepted " << good["valid"] << "/" << total["valid"] << ", invalid rejected " << good["invalid"]
            << "/" << total["invalid"] << ", malformed rejected " << good["malformed"] << "/" << total["malformed"]
            << ", messages matched " << messages_matched << "/" << rejected_total << ", skipped " << async_skipped
            << " async + " << unparsed << " unparsed (report: " << (dir / "report.txt")
            << ")\n";
  for (const auto& u : unexpected) ADD_FAILURE() << "unexpected: " << u;
  for (const auto& f : fixed) ADD_FAILURE() << "now passes, remove from corpus_known_failures.txt: " << f;
}

}  // namespace
}  // namespace weft::component

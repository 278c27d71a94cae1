// The calculator of examples/calculator built by `weft build`, checked against the
// reference toolchain: weft's C++ consumer runs on componentize-js's provider and
// componentize-js's consumer on weft's C++ provider, under jco on Node and under
// weft (linked at run time), and composed into one component by `weft compose`.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "process.h"
#include "wasi_guests.h"
#include "wasi_p2_guests.h"

namespace weft::e2e {
namespace {

const std::string kSrc = WEFT_SOURCE_DIR;
const std::string kExample = kSrc + "/examples/calculator";

bool have_clang() { return run_process({"bash", "-c", "command -v clang++-19"}).exit_code == 0; }

// examples/calculator/NAME built into a scratch folder; the component's path.
std::string weft_built(const std::string& name) {
  static std::map<std::string, std::string> made;
  if (auto it = made.find(name); it != made.end()) return it->second;
  const std::string dir = fresh_dir("calc_" + name);
  auto r = run_weft({"build", kExample + "/" + name, "--target-dir", dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return made[name] = dir + "/calculator-" + name + ".wasm";
}

std::string jco_built(const std::string& name) {
  static std::map<std::string, std::string> made;
  if (auto it = made.find(name); it != made.end()) return it->second;
  const std::string out = temp_dir() + "/js-" + name + ".wasm";
  auto r = run_process({"bash", kSrc + "/scripts/jco.sh", "--componentize",
                        kSrc + "/tests/e2e/calculator/" + name + ".js", kExample + "/wit",
                        "calculator-" + name, out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return made[name] = out;
}

// Transpiles `component` into DIR/NAME/ (imports of cyber:math/operations mapped to `map`).
void transpile(const std::string& component, const std::string& dir, const std::string& name,
               const std::string& map) {
  std::vector<std::string> argv = {
      "bash", kSrc + "/scripts/jco.sh", "transpile", component, "-o", dir + "/" + name, "--name",
      name,   "--no-typescript",        "-q"};
  if (!map.empty()) argv.insert(argv.end(), {"--map", "cyber:math/operations=" + map});
  auto r = run_process(argv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

std::string node_run(const std::string& dir, const std::string& module) {
  auto r = run_process({"node", "--input-type=module", "-e",
                        "const m = await import('" + dir + "/" + module + "'); console.log(m.run());"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

TEST(Calculator, ProviderIsSmall) {
  if (!have_clang()) GTEST_SKIP() << "needs clang++-19 (make test installs it)";
  EXPECT_LT(std::filesystem::file_size(weft_built("provider")), 30u * 1024);
}

TEST(Calculator, InteroperatesWithTheReferenceToolchainUnderJco) {
  if (!have_clang() || !have_jco()) GTEST_SKIP() << "needs clang++-19 and jco (make test installs both)";
  const std::string dir = fresh_dir("calc_js");
  std::filesystem::create_directory_symlink(kSrc + "/build-tools/node_modules", dir + "/node_modules");
  transpile(weft_built("provider"), dir, "wprov", "");
  transpile(jco_built("provider"), dir, "jprov", "");
  transpile(weft_built("consumer"), dir, "wcons", "../jprov/jprov.js#operations");
  transpile(jco_built("consumer"), dir, "jcons", "../wprov/wprov.js#operations");
  const std::string jco_weft_on_js = node_run(dir, "wcons/wcons.js");
  const std::string jco_js_on_weft = node_run(dir, "jcons/jcons.js");
  EXPECT_EQ(jco_weft_on_js, "The system calculated: 15\n");
  EXPECT_EQ(jco_js_on_weft, "The system calculated: 15\n");

  // The same pairs under weft, linked at run time (`weft run --link`): same answers.
  auto weft_run = [](const std::string& provider, const std::string& consumer) {
    auto r = run_weft({"run", "--link", provider, "--invoke", "run()", consumer});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  const std::string wave = "\"" + jco_weft_on_js.substr(0, jco_weft_on_js.size() - 1) + "\"\n";
  EXPECT_EQ(weft_run(weft_built("provider"), weft_built("consumer")), wave);
  EXPECT_EQ(weft_run(jco_built("provider"), weft_built("consumer")), wave);
  EXPECT_EQ(weft_run(weft_built("provider"), jco_built("consumer")), wave);

  // Composed into one binary (`weft compose`, no import left to link): the same answer
  // under weft, and under jco, whose transpile validates the composition with wasm-tools.
  auto composed = [&](const std::string& provider, const std::string& consumer, const std::string& name) {
    const std::string out = dir + "/" + name + ".wasm";
    auto r = run_weft({"compose", consumer, "--plug", provider, "-o", out});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("exports: run"), std::string::npos) << r.err;
    auto ran = run_weft({"run", "--invoke", "run()", out});
    EXPECT_EQ(ran.exit_code, 0) << ran.err;
    EXPECT_EQ(ran.out, wave);
    transpile(out, dir, name, "");
    EXPECT_EQ(node_run(dir, name + "/" + name + ".js"), "The system calculated: 15\n");
  };
  composed(weft_built("provider"), weft_built("consumer"), "ww");
  composed(jco_built("provider"), weft_built("consumer"), "jw");
  composed(weft_built("provider"), jco_built("consumer"), "wj");
}

}  // namespace
}  // namespace weft::e2e

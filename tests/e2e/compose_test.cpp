// `weft compose` end to end: component text plugged together on the command line and by
// a composition file, the result run by `weft run`; usage errors and wiring errors.
// The calculator built from C++ and JavaScript is composed in calculator_test.cpp.
#include <gtest/gtest.h>

#include "process.h"

namespace weft::e2e {
namespace {

const std::string kDir = std::string(WEFT_SOURCE_DIR) + "/tests/e2e/compose";

TEST(Compose, PlugsOnTheCommandLine) {
  const std::string out = temp_dir() + "/compose-plug.wasm";
  auto r = run_weft({"compose", kDir + "/consumer.wat", "--plug", kDir + "/adder.wat", "-o", out, "-v"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("consumer.wat imports docs:math/ops@1.0.0 from " + kDir + "/adder.wat"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("imports: none\n  exports: run\n"), std::string::npos) << r.err;
  auto ran = run_weft({"run", "--invoke", "run()", out});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, "42\n");
  // The same pair linked at run time instead.
  auto linked = run_weft({"run", "--link", kDir + "/adder.wat", "--invoke", "run()", kDir + "/consumer.wat"});
  EXPECT_EQ(linked.out, "42\n") << linked.err;
}

TEST(Compose, CompositionFile) {
  const std::string out = temp_dir() + "/compose-file.wasm";
  auto r = run_weft({"compose", "--file", kDir + "/app.toml", "-o", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("composed 2 instances"), std::string::npos) << r.err;
  auto ran = run_weft({"run", "--invoke", "answer()", out});
  EXPECT_EQ(ran.out, "42\n") << ran.err;
}

TEST(Compose, Errors) {
  auto none = run_weft({"compose"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("name the component to plug into, or a composition file"), std::string::npos)
      << none.err;
  auto no_plug = run_weft({"compose", kDir + "/consumer.wat"});
  EXPECT_EQ(no_plug.exit_code, 2);
  EXPECT_NE(no_plug.err.find("add --plug PROVIDER.wasm"), std::string::npos) << no_plug.err;
  auto both = run_weft({"compose", kDir + "/consumer.wat", "--file", kDir + "/app.toml"});
  EXPECT_EQ(both.exit_code, 2);
  auto useless = run_weft(
      {"compose", kDir + "/adder.wat", "--plug", kDir + "/adder.wat", "-o", temp_dir() + "/never.wasm"});
  EXPECT_EQ(useless.exit_code, 1);
  EXPECT_NE(useless.err.find("serves none of the imports: it exports docs:math/ops@1.0.0"), std::string::npos)
      << useless.err;
  auto missing = run_weft({"compose", kDir + "/consumer.wat", "--plug", kDir + "/nope.wasm"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("nope.wasm"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace weft::e2e

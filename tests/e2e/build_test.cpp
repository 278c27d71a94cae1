// `weft new` + `weft build` + `weft run`: the skeletons build and run as they are.
#include <gtest/gtest.h>

#include "process.h"
#include "wasi_guests.h"

namespace weft::e2e {
namespace {

bool have_clang() { return run_process({"bash", "-c", "command -v clang++-19"}).exit_code == 0; }

TEST(BuildCli, NewLibraryProjectBuildsAndRuns) {
  if (!have_clang()) GTEST_SKIP() << "needs clang++-19 (make test installs it)";
  const std::string dir = fresh_dir("new_lib") + "/greeter";
  auto n = run_weft({"new", "greeter", "--dir", dir});
  ASSERT_EQ(n.exit_code, 0) << n.err;
  auto b = run_weft({"build", dir});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(b.err.find("componentize"), std::string::npos) << b.err;  // progress lines
  auto r = run_weft({"run", "--invoke", "greet(\"wörld\")", dir + "/target/greeter.wasm"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "\"Hello, wörld!\"\n");
}

TEST(BuildCli, NewCommandProjectBuildsAndRuns) {
  if (!have_clang()) GTEST_SKIP() << "needs clang++-19 (make test installs it)";
  const std::string dir = fresh_dir("new_cmd") + "/tool";
  ASSERT_EQ(run_weft({"new", "tool", "--command", "--dir", dir}).exit_code, 0);
  auto b = run_weft({"build", dir});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  auto r = run_weft({"run", dir + "/target/tool.wasm"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello from " + dir + "/target/tool.wasm\n");
}

TEST(BuildCli, ErrorsPointIntoTheManifestAndTheCompiler) {
  const std::string dir = fresh_dir("bad_build");
  put_file(dir + "/weft.toml", "[package]\nname = \"x\"\n[component]\nworld = 3\nsources = [\"a.cpp\"]\n");
  auto r = run_weft({"build", dir});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("weft.toml:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("`world` must be a string"), std::string::npos) << r.err;
  if (!have_clang()) return;
  put_file(dir + "/weft.toml",
           "[package]\nname = \"x\"\n[component]\nwit = \"w.wit\"\nsources = [\"a.cpp\"]\n");
  put_file(dir + "/w.wit", "package a:b;\nworld x { export f: func() -> u32; }\n");
  put_file(dir + "/a.cpp", "#include \"x.h\"\nuint32_t exports::x::f() { return nope; }\n");
  r = run_weft({"build", dir});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("a.cpp:2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
}

// examples/my-service: the service imports logger.log, which the stderr-logger
// component (also C++, writing with stdio through the adapter) provides at run time.
TEST(BuildCli, MyServiceExampleRunsWithItsLogger) {
  if (!have_clang()) GTEST_SKIP() << "needs clang++-19 (make test installs it)";
  const std::string example = std::string(WEFT_SOURCE_DIR) + "/examples/my-service";
  const std::string out = fresh_dir("my_service");
  ASSERT_EQ(run_weft({"build", example, "--target-dir", out}).exit_code, 0);
  ASSERT_EQ(run_weft({"build", example + "/logger", "--target-dir", out}).exit_code, 0);
  auto r = run_weft({"run", "--link", out + "/stderr-logger.wasm", "--invoke", "handle-request(\"one two  three\")",
                     out + "/my-service.wasm"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "\"three two one\"\n");
  EXPECT_EQ(r.err, "[info] handling: one two  three\n");
  auto missing = run_weft({"run", "--invoke", "handle-request(\"x\")", out + "/my-service.wasm"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("missing import `example:service/logger`"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace weft::e2e

// End-to-end: WASI 0.2 command components. Each C guest of tests/e2e/wasi/ is built
// as a preview-1 module and turned into a component by the reference encoder
// (`jco new core.wasm --wasi-command`, which fuses the official preview-1 adapter);
// `weft run` must give both the same output with the same grants.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "process.h"
#include "wasi_child.h"
#include "wasi_guests.h"
#include "wasi_p2_guests.h"

namespace weft::e2e {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Runs NAME as a module and as a component with the same grants (before FILE), guest
// arguments (after it) and stdin; `setup` runs before each (fresh directories).
struct Pair {
  ProcessResult module, component;
};
Pair run_both(
    const std::string& name, const std::vector<std::string>& grants, const std::vector<std::string>& args,
    const std::string& input = {}, const std::function<void()>& setup = [] {}) {
  Pair p;
  for (bool component : {false, true}) {
    setup();
    std::vector<std::string> argv{"run"};
    argv.insert(argv.end(), grants.begin(), grants.end());
    argv.push_back(component ? wasi_component(name) : wasi_guest(name));
    argv.insert(argv.end(), args.begin(), args.end());
    (component ? p.component : p.module) = run_weft(argv, input);
  }
  return p;
}

void expect_same(const Pair& p) {
  EXPECT_EQ(p.module.exit_code, 0) << p.module.err;
  EXPECT_EQ(p.component.exit_code, 0) << p.component.err;
  EXPECT_FALSE(p.component.out.empty());
  EXPECT_EQ(p.component.out, p.module.out);
}

TEST(WasiP2, ArgumentsAndEnvironment) {
  REQUIRE_JCO();
  auto args = run_both("hello_args", {}, {"one", "two words"});
  expect_same(args);
  EXPECT_EQ(args.component.out, "hello from wasi\nargc=3\nargv[1]=one\nargv[2]=two words\n");
  auto granted = run_both("hello_args", {"--arg", "first"}, {"second"});
  expect_same(granted);
  EXPECT_EQ(granted.component.out, "hello from wasi\nargc=3\nargv[1]=first\nargv[2]=second\n");
  expect_same(run_both("env_vars", {"--env", "WEFT_GREETING=bonjour", "--env", "WEFT_EMPTY="}, {}));
  // Nothing of the host's environment without a grant; all of it with --env-inherit.
  setenv("WEFT_FROM_HOST", "1", 1);
  auto none = run_both("env_vars", {}, {});
  expect_same(none);
  EXPECT_NE(none.component.out.find("found 0 WEFT_ variables"), std::string::npos) << none.component.out;
  auto inherited = run_both("env_vars", {"--env-inherit"}, {});
  expect_same(inherited);
  EXPECT_NE(inherited.component.out.find("found 1 WEFT_ variables"), std::string::npos)
      << inherited.component.out;
}

// WASI 0.2 has no CPU-time clock: the adapter refuses it, so the guest skips it.
TEST(WasiP2, ClocksSleepAndRandom) {
  REQUIRE_JCO();
  auto r = run_both("clock_random", {}, {"no-cputime"});
  expect_same(r);
  EXPECT_EQ(r.component.out, "realtime ok\nmonotonic ok\ncputime skipped\nsleep ok\nrandom ok\n");
}

TEST(WasiP2, Stdin) {
  REQUIRE_JCO();
  auto r = run_both("echo_stdin", {}, {}, "hello\nwasi world\n");
  expect_same(r);
  EXPECT_EQ(r.component.out, "1: hello\n2: wasi world\nlines=2 bytes=17\n");
  expect_same(run_both("echo_stdin", {}, {}));
}

// wasi:cli/exit.exit takes a result: the adapter reports every failure status as
// error, so a component exits with 1 where the module exits with its status.
TEST(WasiP2, ExitStatus) {
  REQUIRE_JCO();
  auto r = run_both("exit_code", {}, {"3"});
  EXPECT_EQ(r.module.exit_code, 3);
  EXPECT_EQ(r.component.exit_code, 1);
  EXPECT_EQ(r.component.err, r.module.err);
  EXPECT_NE(r.component.err.find("exiting with 3"), std::string::npos) << r.component.err;
  EXPECT_EQ(run_weft({"run", wasi_component("exit_code")}).exit_code, 0);
}

// WASI 0.2 has no fd_allocate: the adapter refuses it, so the guest skips it.
TEST(WasiP2, Files) {
  REQUIRE_JCO();
  const std::string dir = temp_dir() + "/p2_files";
  auto r = run_both("fs_files", {"--dir", dir + "::/sandbox"}, {"/sandbox", "no-allocate"}, {},
                    [&] { fresh_dir("p2_files"); });
  expect_same(r);
  EXPECT_NE(r.component.out.find("appended: HELLO world\n"), std::string::npos) << r.component.out;
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(WasiP2, DirectoriesAndLinks) {
  REQUIRE_JCO();
  const std::string dir = temp_dir() + "/p2_dirs";
  auto r =
      run_both("fs_dirs", {"--dir", dir + "::/sandbox"}, {"/sandbox"}, {}, [&] { fresh_dir("p2_dirs"); });
  expect_same(r);
  EXPECT_NE(r.component.out.find("cwd: /sandbox/d\n"), std::string::npos) << r.component.out;
}

TEST(WasiP2, NoDirectoryWithoutAGrant) {
  REQUIRE_JCO();
  const std::string dir = fresh_dir("p2_nodir");
  put_file(dir + "/a.txt", "a");
  auto without = run_weft({"run", wasi_component("fs_probe"), "read", "a.txt", "fopen", dir + "/a.txt"});
  EXPECT_EQ(without.exit_code, 0) << without.err;
  EXPECT_EQ(without.out, "read a.txt: BADF\nfopen " + dir + "/a.txt: NOTCAPABLE\n");
  auto with =
      run_weft({"run", "--dir", dir, wasi_component("fs_probe"), "read", "a.txt", "fopen", dir + "/a.txt"});
  EXPECT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(with.out, "read a.txt: ok\nfopen " + dir + "/a.txt: ok\n");
}

TEST(WasiP2, ReadOnlyGrantsAndEscapes) {
  REQUIRE_JCO();
  const std::string dir = temp_dir() + "/p2_ro";
  auto setup = [&] {
    fresh_dir("p2_ro");
    put_file(dir + "/a.txt", "a");
    fs::create_directory(dir + "/sub");
    fs::create_symlink("../../outside", dir + "/escape");
  };
  std::vector<std::string> ops{
      "read",  "a.txt", "list",     "sub",  "create",          "new.txt", "mkdir",  "d",    "unlink",
      "a.txt", "read",  "../a.txt", "read", "sub/../../a.txt", "read",    "escape", "stat", "/etc/passwd"};
  auto ro = run_both("fs_probe", {"--dir-ro", dir + "::/ro"}, ops, {}, setup);
  expect_same(ro);
  EXPECT_NE(ro.component.out.find("create new.txt: ROFS\n"), std::string::npos) << ro.component.out;
  EXPECT_NE(ro.component.out.find("read ../a.txt: PERM\n"), std::string::npos) << ro.component.out;
  EXPECT_TRUE(fs::exists(dir + "/a.txt"));
  auto rw = run_both("fs_probe", {"--dir", dir + "::/rw"}, ops, {}, setup);
  expect_same(rw);
  EXPECT_NE(rw.component.out.find("create new.txt: ok\n"), std::string::npos) << rw.component.out;
  EXPECT_NE(rw.component.out.find("read escape: PERM\n"), std::string::npos) << rw.component.out;
}

// A pollable on stdin really waits: first for a timeout, then for input.
TEST(WasiP2, PollWaitsForStdin) {
  REQUIRE_JCO();
  Child weft({"run", "--timeout", "60", wasi_component("poll_stdin")});
  ASSERT_TRUE(weft.started());
  ASSERT_TRUE(weft.wait_for_stdout("first: ", 30s)) << weft.err();
  weft.write_stdin("hello\n");
  weft.close_stdin();
  EXPECT_EQ(weft.wait(30s), 0) << weft.err();
  EXPECT_EQ(weft.out(), "first: timeout\nsecond: ready\nread: hello\n");
}

// --timeout stops a component blocked in a WASI call.
TEST(WasiP2, TimeoutInterruptsABlockedPoll) {
  REQUIRE_JCO();
  Child weft({"run", "--timeout", "0.5", wasi_component("poll_stdin")});
  ASSERT_TRUE(weft.started());
  EXPECT_NE(weft.wait(30s), 0);
  EXPECT_NE(weft.err().find("interrupted"), std::string::npos) << weft.err();
}

// A JavaScript command component built here by componentize-js (SpiderMonkey, ~12 MB,
// importing wasi:io, cli, clocks, filesystem, random and wasi:http). weft has no
// wasi:http yet: those imports link and would trap "not supported yet" if called.
TEST(WasiP2, JavaScriptComponentFromComponentizeJs) {
  const std::string cjs =
      std::string(WEFT_SOURCE_DIR) + "/build-tools/node_modules/@bytecodealliance/componentize-js";
  if (!fs::exists(cjs)) GTEST_SKIP() << "no componentize-js in build-tools/ (scripts/jco.sh --install)";
  const std::string wit = fresh_dir("js_wit");
  fs::copy_file(std::string(WEFT_SOURCE_DIR) + "/tests/e2e/js/world.wit", wit + "/world.wit");
  fs::create_directories(wit + "/deps");
  const std::string wasi = std::string(WEFT_SOURCE_DIR) + "/../shared/wit/wasi-0.2.10";
  ASSERT_TRUE(fs::exists(wasi)) << wasi;
  for (const char* pkg : {"cli", "io", "clocks", "random", "filesystem", "sockets"})
    fs::create_directory_symlink(wasi + "/" + pkg, wit + "/deps/" + pkg);
  const std::string out = temp_dir() + "/app.js.wasm";
  auto built = run_process({"bash", std::string(WEFT_SOURCE_DIR) + "/scripts/jco.sh", "--componentize",
                            std::string(WEFT_SOURCE_DIR) + "/tests/e2e/js/app.js", wit, "app", out});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  EXPECT_GT(fs::file_size(out), 4u << 20);
  auto r = run_weft({"run", "-v", out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "hello from JavaScript\nprimes: 2 3 5 7 11 13 17 19 23 29\n"
            "json: {\"nested\":{\"list\":[1,\"two\",null]},\"ok\":true}\n"
            "sorted: brown,dog,fox,jumps,lazy,over,quick,the\n");
  EXPECT_NE(r.err.find("to stderr\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not supported yet (its calls trap): wasi:http/types@0.2.10"), std::string::npos)
      << r.err;
}

TEST(WasiP2, NotACommand) {
  const std::string path = write_file("p2_reactor.component.wat", R"((component
  (core module $m (func (export "f")))
  (core instance $i (instantiate $m))
  (func (export "f") (canon lift (core func $i "f")))
))");
  auto r = run_weft({"run", path});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("exports no wasi:cli/run"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("it exports: f"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace weft::e2e

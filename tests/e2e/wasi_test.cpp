// End-to-end: C programs built with clang-19 + wasi-libc, run by `weft run`.
#include <gtest/gtest.h>

#include "process.h"

namespace weft::e2e {
namespace {

std::string guest(const std::string& name) {
  return build_guest(std::string(WEFT_SOURCE_DIR) + "/tests/e2e/wasi/" + name + ".c", name + ".wasm");
}

TEST(Wasi, ArgumentsReachTheGuest) {
  auto r = run_weft({"run", guest("hello_args"), "one", "two words"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello from wasi\nargc=3\nargv[1]=one\nargv[2]=two words\n");
}

TEST(Wasi, GuestArgumentsThatLookLikeOptionsAreTheGuests) {
  auto r = run_weft({"run", guest("hello_args"), "--invoke", "-v"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello from wasi\nargc=3\nargv[1]=--invoke\nargv[2]=-v\n");
}

TEST(Wasi, EnvironmentIsOnlyWhatIsGranted) {
  auto wasm = guest("env_vars");
  auto with = run_weft({"run", "--env", "WEFT_GREETING=bonjour", "--env", "WEFT_EMPTY=", wasm});
  EXPECT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(with.out,
            "WEFT_GREETING=bonjour\nWEFT_EMPTY is set and empty\nWEFT_MISSING is not set\nfound 2 WEFT_ variables\n");
  auto without = run_weft({"run", wasm});
  EXPECT_EQ(without.exit_code, 0) << without.err;
  EXPECT_NE(without.out.find("found 0 WEFT_ variables"), std::string::npos) << without.out;
}

TEST(Wasi, ClocksSleepAndRandom) {
  auto r = run_weft({"run", guest("clock_random")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "realtime ok\nmonotonic ok\ncputime ok\nsleep ok\nrandom ok\n");
}

TEST(Wasi, StdinIsEchoed) {
  auto wasm = guest("echo_stdin");
  auto r = run_weft({"run", wasm}, "hello\nwasi world\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1: hello\n2: wasi world\nlines=2 bytes=17\n");
  auto empty = run_weft({"run", wasm});
  EXPECT_EQ(empty.out, "lines=0 bytes=0\n");
}

TEST(Wasi, ExitCodesBecomeWeftsExitCode) {
  auto wasm = guest("exit_code");
  auto r = run_weft({"run", wasm, "3"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("exiting with 3"), std::string::npos) << r.err;
  EXPECT_EQ(run_weft({"run", wasm}).exit_code, 0);
  EXPECT_EQ(run_weft({"run", wasm, "main", "7"}).exit_code, 7);
}

TEST(Wasi, UnknownImportIsALinkError) {
  auto path = write_file("needs_env.wat", "(module (import \"env\" \"f\" (func)) (func (export \"_start\")))");
  auto r = run_weft({"run", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown import"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace weft::e2e

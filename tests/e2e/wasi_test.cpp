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

// Options after FILE are weft's up to `--` or the first argument that is not one.
TEST(Wasi, GuestArgumentsThatLookLikeOptionsAreTheGuests) {
  auto r = run_weft({"run", guest("hello_args"), "--", "--invoke", "-v"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello from wasi\nargc=3\nargv[1]=--invoke\nargv[2]=-v\n");
  auto after = run_weft({"run", guest("hello_args"), "one", "--env", "-v"});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(after.out, "hello from wasi\nargc=4\nargv[1]=one\nargv[2]=--env\nargv[3]=-v\n");
  auto unknown = run_weft({"run", guest("hello_args"), "--not-weft", "x"});
  EXPECT_EQ(unknown.out, "hello from wasi\nargc=3\nargv[1]=--not-weft\nargv[2]=x\n");
}

TEST(Wasi, OptionsMayFollowTheFile) {
  auto r = run_weft({"run", guest("env_vars"), "--env", "WEFT_GREETING=bonjour", "--env=WEFT_EMPTY="});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "WEFT_GREETING=bonjour\nWEFT_EMPTY is set and empty\nWEFT_MISSING is not set\nfound 2 WEFT_ variables\n");
  auto args = run_weft({"run", "--arg", "first", guest("hello_args"), "--arg", "second", "third"});
  EXPECT_EQ(args.exit_code, 0) << args.err;
  EXPECT_EQ(args.out, "hello from wasi\nargc=4\nargv[1]=first\nargv[2]=second\nargv[3]=third\n");
  auto help = run_weft({"run", guest("hello_args"), "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--dir-ro"), std::string::npos) << help.out;
  // The same error as before FILE: a weft option without its value.
  auto missing = run_weft({"run", guest("hello_args"), "--env"});
  EXPECT_EQ(missing.exit_code, run_weft({"run", "--env"}).exit_code);
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("--env"), std::string::npos) << missing.err;
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

// A component (binary or text) runs only when it is a command (exports wasi:cli/run).
TEST(Wasi, ComponentsThatAreNotCommandsAreRefused) {
  auto path = write_file("command.component.wasm", std::string("\0asm\x0d\0\x01\0", 8));
  auto r = run_weft({"run", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("exports no wasi:cli/run"), std::string::npos) << r.err;
  auto text = write_file("command.component.wat", ";; a component\n(component (core module))\n");
  auto t = run_weft({"run", text});
  EXPECT_EQ(t.exit_code, 1);
  EXPECT_NE(t.err.find("exports no wasi:cli/run"), std::string::npos) << t.err;
  // A core module with a syntax error still gets its syntax error.
  auto bad = write_file("broken.wat", "(module (func (bogus)))");
  EXPECT_NE(run_weft({"run", bad}).err.find("syntax error"), std::string::npos);
}

// Grants no preview-1 call can use say so in the help.
TEST(Wasi, HelpMarksComponentOnlyGrants) {
  auto r = run_weft({"run", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* flag : {"--allow-tcp-connect ADDR:PORT\n", "--allow-udp ", "--allow-dns "}) {
    size_t at = r.out.find(flag);
    ASSERT_NE(at, std::string::npos) << flag;
    const std::string entry = r.out.substr(at, r.out.find("\n  -", at + 1) - at);  // up to the next option
    EXPECT_NE(entry.find("WASI 0.2 components only"), std::string::npos) << entry;
  }
  // -v says so when they are given for a preview-1 module, which still runs.
  auto r2 = run_weft({"run", "-v", "--allow-udp", "--allow-dns", "--allow-tcp-connect", "127.0.0.1:80",
                      guest("hello_args")});
  EXPECT_EQ(r2.exit_code, 0) << r2.err;
  for (const char* flag : {"--allow-tcp-connect", "--allow-udp", "--allow-dns"}) {
    EXPECT_NE(r2.err.find(std::string("weft: ") + flag + " has no effect on a preview-1 module"), std::string::npos)
        << r2.err;
  }
  EXPECT_EQ(run_weft({"run", "--allow-udp", guest("hello_args")}).err, "");
}

}  // namespace
}  // namespace weft::e2e

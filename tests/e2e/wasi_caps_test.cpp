// End-to-end: capabilities are denied unless granted, and no path leaves a grant.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "process.h"
#include "wasi_guests.h"

namespace weft::e2e {
namespace {

namespace fs = std::filesystem;

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(WasiCaps, NoDirectoryWithoutDir) {
  auto dir = fresh_dir("caps_nodir");
  put_file(dir + "/a.txt", "a");
  auto without = run_weft({"run", wasi_guest("fs_probe"), "read", "a.txt", "fopen", dir + "/a.txt"});
  EXPECT_EQ(without.exit_code, 0) << without.err;
  EXPECT_EQ(without.out, "read a.txt: BADF\nfopen " + dir + "/a.txt: NOTCAPABLE\n");
  auto with = run_weft({"run", "--dir", dir, wasi_guest("fs_probe"), "read", "a.txt", "fopen", dir + "/a.txt"});
  EXPECT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(with.out, "read a.txt: ok\nfopen " + dir + "/a.txt: ok\n");
}

// Everything that would change a read-only grant is EROFS; reading works.
TEST(WasiCaps, ReadOnlyDirRefusesEveryChange) {
  auto dir = fresh_dir("caps_ro");
  put_file(dir + "/a.txt", "a");
  fs::create_directory(dir + "/sub");
  fs::create_symlink("a.txt", dir + "/link");
  std::vector<std::string> reads{"read", "a.txt", "stat", "link", "lstat", "link", "readlink", "link", "list", "sub"};
  std::vector<std::string> changes{"write",   "a.txt", "create", "new.txt", "mkdir",  "newdir", "rmdir",
                                   "sub",     "utimes", "a.txt", "link",   "a.txt",   "c.txt",  "symlink",
                                   "a.txt",   "d.txt", "rename", "a.txt",  "b.txt",   "unlink", "b.txt"};
  std::vector<std::string> args{"run", "--dir-ro", dir + "::/ro", wasi_guest("fs_probe")};
  args.insert(args.end(), reads.begin(), reads.end());
  args.insert(args.end(), changes.begin(), changes.end());
  auto ro = run_weft(args);
  EXPECT_EQ(ro.exit_code, 0) << ro.err;
  EXPECT_EQ(ro.out,
            "read a.txt: ok\nstat link: ok\nlstat link: ok\nreadlink link: ok\nlist sub: ok\n"
            "write a.txt: ROFS\ncreate new.txt: ROFS\nmkdir newdir: ROFS\nrmdir sub: ROFS\nutimes a.txt: ROFS\n"
            "link a.txt c.txt: ROFS\nsymlink a.txt d.txt: ROFS\nrename a.txt b.txt: ROFS\nunlink b.txt: ROFS\n");
  EXPECT_TRUE(fs::exists(dir + "/a.txt") && fs::exists(dir + "/sub") && !fs::exists(dir + "/new.txt"));

  // The same changes with a writable grant.
  args[1] = "--dir";
  auto rw = run_weft(args);
  EXPECT_EQ(rw.exit_code, 0) << rw.err;
  EXPECT_EQ(count(rw.out, ": ok\n"), 14u) << rw.out;
}

// A read-only grant beside a writable one: a hard link from it into the
// writable one would make a read-only file writable.
TEST(WasiCaps, NoWritableLinkToAReadOnlyFile) {
  auto ro = fresh_dir("caps_ro_src"), rw = fresh_dir("caps_rw_dst");
  put_file(ro + "/secret.txt", "s");
  auto r = run_weft({"run", "--dir-ro", ro + "::/ro", "--dir", rw + "::/rw", wasi_guest("fs_probe"), "link",
                     "secret.txt", "@4/copy.txt", "rename", "secret.txt", "@4/moved.txt"});
  EXPECT_EQ(r.out, "link secret.txt @4/copy.txt: ROFS\nrename secret.txt @4/moved.txt: ROFS\n");
  EXPECT_FALSE(fs::exists(rw + "/copy.txt"));
}

class PathEscapes : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fresh_dir("caps_escape");
    dir_ = root_ + "/granted";
    fs::create_directories(dir_ + "/sub");
    put_file(root_ + "/outside.txt", "outside");
    put_file(dir_ + "/a.txt", "inside");
    fs::create_symlink("../", dir_ + "/up");
    fs::create_symlink("/etc", dir_ + "/abs");
    fs::create_symlink("loop2", dir_ + "/loop1");
    fs::create_symlink("loop1", dir_ + "/loop2");
    fs::create_symlink("sub/../a.txt", dir_ + "/inner");
    fs::create_symlink("../../outside.txt", dir_ + "/sub/out");
  }
  std::string root_, dir_;
};

TEST_F(PathEscapes, AreRefused) {
  auto r = run_weft({"run", "-v", "--dir", dir_ + "::/sandbox", wasi_guest("fs_probe"),
                     "read", "../outside.txt",                  // ..
                     "read", "sub/../../outside.txt",           // .. after a detour
                     "read", "/etc/passwd",                     // absolute
                     "read", "up/outside.txt",                  // a symlink to the parent
                     "read", "abs/passwd",                      // a symlink to an absolute path
                     "stat", "sub/out",                         // a symlink to a file outside
                     "read", "loop1",                           // a loop
                     "rename", "a.txt", "../stolen.txt",        // a rename out
                     "rename", "a.txt", "up/stolen.txt",        // ... through a symlink
                     "link", "a.txt", "../linked.txt",          // a hard link out
                     "link", "up/outside.txt", "copy.txt",      // a hard link of something outside
                     "symlink", "../outside.txt", "made-up",    // a symlink that would point out
                     "symlink", "/etc/passwd", "made-abs",      // ... or to an absolute path
                     "mkdir", "../newdir",                      //
                     "unlink", "../outside.txt",                //
                     "fopen", "/sandbox/../outside.txt"});      // through wasi-libc
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "read ../outside.txt: PERM\nread sub/../../outside.txt: PERM\nread /etc/passwd: PERM\n"
            "read up/outside.txt: PERM\nread abs/passwd: PERM\nstat sub/out: PERM\nread loop1: LOOP\n"
            "rename a.txt ../stolen.txt: PERM\nrename a.txt up/stolen.txt: PERM\nlink a.txt ../linked.txt: PERM\n"
            "link up/outside.txt copy.txt: PERM\nsymlink ../outside.txt made-up: PERM\n"
            "symlink /etc/passwd made-abs: PERM\nmkdir ../newdir: PERM\nunlink ../outside.txt: PERM\n"
            "fopen /sandbox/../outside.txt: PERM\n");
  // One denial line per refusal (the loop is an error, not a denial).
  EXPECT_EQ(count(r.err, "weft: denied: "), 15u) << r.err;
  EXPECT_NE(r.err.find("weft: denied: open \"../outside.txt\" in \"/sandbox\" refused"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(root_ + "/outside.txt") && fs::exists(dir_ + "/a.txt"));
  EXPECT_FALSE(fs::exists(root_ + "/stolen.txt") || fs::exists(root_ + "/linked.txt") ||
               fs::exists(root_ + "/newdir") || fs::exists(dir_ + "/made-up"));
}

// A dangling symlink is the classic way to make a sandboxed open(O_CREAT) write
// outside: the file it names does not exist yet, so nothing outside can be checked.
TEST_F(PathEscapes, CreatingThroughADanglingSymlinkIsRefused) {
  fs::create_symlink("../created.txt", dir_ + "/dangling");
  fs::create_symlink(root_ + "/created-abs.txt", dir_ + "/dangling-abs");
  auto r = run_weft({"run", "--dir", dir_ + "::/sandbox", wasi_guest("fs_probe"), "create", "dangling", "create",
                     "dangling-abs", "mkdir", "dangling/x", "fopen", "/sandbox/dangling"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "create dangling: PERM\ncreate dangling-abs: PERM\nmkdir dangling/x: PERM\n"
            "fopen /sandbox/dangling: PERM\n");
  EXPECT_FALSE(fs::exists(root_ + "/created.txt") || fs::exists(root_ + "/created-abs.txt"));
}

TEST_F(PathEscapes, PathsThatStayInsideWork) {
  auto r = run_weft({"run", "--dir", dir_ + "::/sandbox", wasi_guest("fs_probe"), "read", "sub/../a.txt", "read",
                     "inner", "read", "./sub/../a.txt", "lstat", "up", "readlink", "abs", "symlink", "../a.txt",
                     "sub/ok-link", "read", "sub/ok-link"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "read sub/../a.txt: ok\nread inner: ok\nread ./sub/../a.txt: ok\nlstat up: ok\nreadlink abs: ok\n"
            "symlink ../a.txt sub/ok-link: ok\nread sub/ok-link: ok\n");
}

TEST_F(PathEscapes, DenialsAreOnlyLoggedWithVerbose) {
  auto quiet = run_weft({"run", "--dir", dir_ + "::/sandbox", wasi_guest("fs_probe"), "read", "../outside.txt"});
  EXPECT_EQ(quiet.out, "read ../outside.txt: PERM\n");
  EXPECT_EQ(quiet.err, "");
}

TEST(WasiCaps, EnvironmentIsInheritedOnlyWhenAsked) {
  ::setenv("WEFT_GREETING", "inherited", 1);
  auto without = run_weft({"run", wasi_guest("env_vars")});
  auto with = run_weft({"run", "--env-inherit", wasi_guest("env_vars")});
  auto overridden = run_weft({"run", "--env-inherit", "--env", "WEFT_GREETING=mine", wasi_guest("env_vars")});
  ::unsetenv("WEFT_GREETING");
  EXPECT_NE(without.out.find("WEFT_GREETING is not set"), std::string::npos) << without.out;
  EXPECT_NE(with.out.find("WEFT_GREETING=inherited"), std::string::npos) << with.out;
  EXPECT_NE(overridden.out.find("WEFT_GREETING=mine"), std::string::npos) << overridden.out;
  EXPECT_NE(overridden.out.find("found 1 WEFT_ variables"), std::string::npos) << overridden.out;
}

TEST(WasiCaps, ArgumentsAreOnlyWhatIsGiven) {
  auto r = run_weft({"run", wasi_guest("hello_args")});
  EXPECT_EQ(r.out, "hello from wasi\nargc=1\n");
  auto with = run_weft({"run", "--arg", "granted", wasi_guest("hello_args")});
  EXPECT_EQ(with.out, "hello from wasi\nargc=2\nargv[1]=granted\n");
}

TEST(WasiCaps, TcpListenNeedsAGrant) {
  auto wasm = wasi_guest("tcp_echo");
  auto denied = run_weft({"run", "--tcp-listen", "127.0.0.1:0", wasm});
  EXPECT_EQ(denied.exit_code, 2);
  EXPECT_NE(denied.err.find("not allowed by any --allow-tcp-listen"), std::string::npos) << denied.err;
  auto other = run_weft({"run", "--allow-tcp-listen", "127.0.0.1:8080", "--tcp-listen", "127.0.0.1:0", wasm});
  EXPECT_EQ(other.exit_code, 2) << other.err;
  auto none = run_weft({"run", "--allow-tcp-listen", "127.0.0.1:*", wasm});
  EXPECT_EQ(none.exit_code, 2) << none.err;
  EXPECT_EQ(none.out, "no listener\n");
}

TEST(WasiCaps, BadGrantsAreUsageErrors) {
  auto wasm = wasi_guest("hello_args");
  EXPECT_EQ(run_weft({"run", "--dir", "/nonexistent/weft-dir", wasm}).exit_code, 2);
  EXPECT_EQ(run_weft({"run", "--allow-tcp-connect", "localhost:80", wasm}).exit_code, 2);
  EXPECT_EQ(run_weft({"run", "--tcp-listen", "nowhere", wasm}).exit_code, 2);
  EXPECT_EQ(run_weft({"run", "--env", "NOEQUALS", wasm}).exit_code, 2);
}

}  // namespace
}  // namespace weft::e2e

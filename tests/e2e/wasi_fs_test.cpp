// End-to-end: files and directories through wasi-libc in a granted directory.
#include <gtest/gtest.h>

#include <filesystem>

#include "process.h"
#include "wasi_guests.h"

namespace weft::e2e {
namespace {

TEST(WasiFs, FilesThroughWasiLibc) {
  auto dir = fresh_dir("fs_files");
  auto r = run_weft({"run", "--dir", dir + "::/sandbox", wasi_guest("fs_files"), "/sandbox"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "wrote 12\ntell 12\nread at 7: file\npread: HELLO\ntell 11\nsize 12 regular\ntruncated to 5\n"
            "appended: HELLO world\nlines: 100\ntimes: 1000000000 2000000000\nallocated 8192\n"
            "advise, sync, datasync ok\nexclusive create: EEXIST\nmissing: ENOENT\n"
            "directory for writing: EISDIR\nunlinked: ENOENT\n");
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(WasiFs, DirectoriesLinksAndTheWorkingDirectory) {
  auto dir = fresh_dir("fs_dirs");
  auto r = run_weft({"run", "--dir", dir + "::/sandbox", wasi_guest("fs_dirs"), "/sandbox"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "mkdir again: EEXIST\nentries: a.txt b.txt c.txt inner/\n"
            "renamed: b-link.txt b.txt c.txt inner/ renamed.txt\nhard link nlink: 2\nreadlink: c.txt\n"
            "lstat: symlink, stat: regular 6\nthrough the link: c-data\nrmdir non-empty: ENOTEMPTY\n"
            "cwd: /sandbox/d\nrelative: c-data\nremoved: ENOENT\n");
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(WasiFs, GuestAndHostSeeTheSameFiles) {
  auto dir = fresh_dir("fs_shared");
  put_file(dir + "/from-host.txt", "host data");
  auto r = run_weft({"run", "--dir", dir + "::/data", wasi_guest("fs_probe"), "read", "from-host.txt", "create",
                     "from-guest.txt", "list", "."});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "read from-host.txt: ok\ncreate from-guest.txt: ok\nlist .: ok\n");
  std::ifstream in(dir + "/from-guest.txt");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "probe");
}

// Two grants: fd 3 and fd 4, in command-line order; a rename may cross them.
TEST(WasiFs, SeveralPreopensInOrder) {
  auto a = fresh_dir("fs_pre_a"), b = fresh_dir("fs_pre_b");
  put_file(a + "/moving.txt", "x");
  auto r = run_weft({"run", "--dir", a + "::/a", "--dir", b + "::/b", wasi_guest("fs_probe"), "rename",
                     "moving.txt", "@4/moved.txt", "read", "@4/moved.txt"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "rename moving.txt @4/moved.txt: ok\nread @4/moved.txt: ok\n");
  EXPECT_TRUE(std::filesystem::exists(b + "/moved.txt"));
}

}  // namespace
}  // namespace weft::e2e

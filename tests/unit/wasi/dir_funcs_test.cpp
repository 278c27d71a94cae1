// Tests for the WASI path_* functions and fd_* on files and directories, through the
// handlers, with two real preopened directories: fd 3 "/rw" and fd 4 "/ro" (read-only).
#include <algorithm>
#include <map>
#include <set>

#include "temp_dir.h"
#include "wasi_fixture.h"

namespace weft::wasi::test {
namespace {

struct Trees {
  TempDir rw, ro;
};

constexpr Rights kReadFile = rights::kFdRead | rights::kFdSeek | rights::kFdTell | rights::kFdFilestatGet;
constexpr Rights kWriteFile = kReadFile | rights::kFdWrite | rights::kFdFilestatSetSize | rights::kFdAllocate |
                              rights::kFdFilestatSetTimes | rights::kFdAdvise | rights::kFdSync |
                              rights::kFdDatasync | rights::kFdFdstatSetFlags;

class DirFuncs : protected Trees, public WasiTest {
 protected:
  static constexpr uint32_t kPath = 1000, kPath2 = 1500, kOut = 2000, kBuf = 4096;

  DirFuncs()
      : WasiTest("", {"prog"}, {}, [this](WasiConfig& c) {
          c.capabilities.dirs = {DirGrant{rw.path(), "/rw", false}, DirGrant{ro.path(), "/ro", true}};
        }) {}

  void SetUp() override {
    ro.file("r.txt", "read only");
    ro.dir("rsub");
    auto preopens = ctx_.open_grants();
    ASSERT_TRUE(preopens) << preopens.error().to_string();
    ASSERT_EQ(preopens->size(), 2u);
  }

  // path_open; the new fd, or the errno as a negative number.
  // path_open asking for `base`, and for `inheriting` (default: `base`) to pass on.
  int64_t open(uint32_t dir, std::string_view path, uint32_t oflags, Rights base, Rights inheriting = 0) {
    put_string(kPath, path);
    if (!inheriting) inheriting = base;
    Errno e =
        errno_of("path_open", {dir, kLookupSymlinkFollow, kPath, path.size(), oflags, base, inheriting, 0, kOut});
    return e == Errno::Success ? int64_t(u32_at(kOut)) : -int64_t(e);
  }
  static int64_t failed(Errno e) { return -int64_t(e); }
  Errno path_call(std::string_view fn, uint32_t dir, std::string_view path) {
    put_string(kPath, path);
    return errno_of(fn, {dir, kPath, path.size()});
  }
  Errno two_paths(std::string_view fn, uint32_t from_dir, std::string_view from, uint32_t to_dir,
                  std::string_view to) {
    put_string(kPath, from);
    put_string(kPath2, to);
    if (fn == "path_link") return errno_of(fn, {from_dir, 0, kPath, from.size(), to_dir, kPath2, to.size()});
    return errno_of(fn, {from_dir, kPath, from.size(), to_dir, kPath2, to.size()});
  }
  Errno symlink(std::string_view target, uint32_t dir, std::string_view path) {
    put_string(kPath, target);
    put_string(kPath2, path);
    return errno_of("path_symlink", {kPath, target.size(), dir, kPath2, path.size()});
  }
  Errno write(uint32_t fd, std::string_view data) {
    put_string(kBuf, data);
    put_iovec(kOut, kBuf, uint32_t(data.size()));
    return errno_of("fd_write", {fd, kOut, 1, kOut + 8});
  }
  std::string read(uint32_t fd, uint32_t n = 64) {
    put_iovec(kOut, kBuf, n);
    if (errno_of("fd_read", {fd, kOut, 1, kOut + 8}) != Errno::Success) return "<error>";
    return string_at(kBuf, u32_at(kOut + 8));
  }
  // path_filestat_get: the filetype, or Unknown with the errno in `e`.
  Filetype stat_type(uint32_t dir, std::string_view path, bool follow, Errno* e = nullptr) {
    put_string(kPath, path);
    Errno r = errno_of("path_filestat_get", {dir, follow ? kLookupSymlinkFollow : 0, kPath, path.size(), kOut});
    if (e) *e = r;
    return r == Errno::Success ? Filetype(memory_[kOut + 16]) : Filetype::Unknown;
  }
};

TEST_F(DirFuncs, PreopensAreNamedAndCarryDirectoryRights) {
  ASSERT_EQ(errno_of("fd_prestat_get", {3, 64}), Errno::Success);
  EXPECT_EQ(u32_at(68), 3u);
  ASSERT_EQ(errno_of("fd_prestat_dir_name", {4, 100, 3}), Errno::Success);
  EXPECT_EQ(string_at(100, 3), "/ro");
  EXPECT_EQ(errno_of("fd_prestat_get", {5, 64}), Errno::Badf);
  ASSERT_EQ(errno_of("fd_fdstat_get", {3, 64}), Errno::Success);
  EXPECT_EQ(memory_[64], uint8_t(Filetype::Directory));
  EXPECT_EQ(u64_at(72), rights::kDirectoryRights);
  EXPECT_TRUE(u64_at(80) & rights::kFdWrite);  // files opened beneath may be written
}

TEST_F(DirFuncs, CreateWriteSeekRead) {
  int64_t fd = open(3, "notes.txt", oflags::kCreat | oflags::kExcl, kWriteFile);
  ASSERT_EQ(fd, 5);
  ASSERT_EQ(write(5, "hello, file"), Errno::Success);
  EXPECT_EQ(u32_at(kOut + 8), 11u);
  EXPECT_EQ(rw.read("notes.txt"), "hello, file");
  ASSERT_EQ(errno_of("fd_seek", {5, 7, uint32_t(Whence::Set), 64}), Errno::Success);
  EXPECT_EQ(u64_at(64), 7u);
  EXPECT_EQ(read(5), "file");
  ASSERT_EQ(errno_of("fd_tell", {5, 64}), Errno::Success);
  EXPECT_EQ(u64_at(64), 11u);
  ASSERT_EQ(errno_of("fd_seek", {5, uint64_t(-4), uint32_t(Whence::End), 64}), Errno::Success);
  EXPECT_EQ(u64_at(64), 7u);
  ASSERT_EQ(errno_of("fd_filestat_get", {5, 128}), Errno::Success);
  EXPECT_EQ(memory_[128 + 16], uint8_t(Filetype::RegularFile));
  EXPECT_EQ(u64_at(128 + 32), 11u);
  ASSERT_EQ(errno_of("fd_fdstat_get", {5, 64}), Errno::Success);
  EXPECT_EQ(memory_[64], uint8_t(Filetype::RegularFile));
  EXPECT_EQ(u64_at(72), kWriteFile);  // what was asked, within what a file can do
  EXPECT_EQ(open(3, "notes.txt", oflags::kCreat | oflags::kExcl, kWriteFile), failed(Errno::Exist));
  EXPECT_EQ(errno_of("fd_close", {5}), Errno::Success);
}

TEST_F(DirFuncs, PositionalIoSizeAndFlags) {
  ASSERT_EQ(open(3, "p.bin", oflags::kCreat, kWriteFile), 5);
  put_string(kBuf, "xyz");
  put_iovec(kOut, kBuf, 3);
  ASSERT_EQ(errno_of("fd_pwrite", {5, kOut, 1, 10, 64}), Errno::Success);
  EXPECT_EQ(rw.read("p.bin"), std::string(10, '\0') + "xyz");
  put_iovec(kOut, kBuf + 100, 2);
  ASSERT_EQ(errno_of("fd_pread", {5, kOut, 1, 11, 64}), Errno::Success);
  EXPECT_EQ(string_at(kBuf + 100, 2), "yz");
  ASSERT_EQ(errno_of("fd_tell", {5, 64}), Errno::Success);
  EXPECT_EQ(u64_at(64), 0u);  // positional I/O leaves the position alone
  ASSERT_EQ(errno_of("fd_filestat_set_size", {5, 4}), Errno::Success);
  EXPECT_EQ(rw.read("p.bin").size(), 4u);
  ASSERT_EQ(errno_of("fd_allocate", {5, 0, 100}), Errno::Success);
  EXPECT_EQ(rw.read("p.bin").size(), 100u);
  EXPECT_EQ(errno_of("fd_advise", {5, 0, 0, 1}), Errno::Success);
  EXPECT_EQ(errno_of("fd_advise", {5, 0, 0, 6}), Errno::Inval);
  EXPECT_EQ(errno_of("fd_sync", {5}), Errno::Success);
  EXPECT_EQ(errno_of("fd_datasync", {5}), Errno::Success);
  ASSERT_EQ(errno_of("fd_fdstat_set_flags", {5, fdflags::kAppend}), Errno::Success);
  ASSERT_EQ(write(5, "!"), Errno::Success);
  EXPECT_EQ(rw.read("p.bin").back(), '!');
  EXPECT_EQ(errno_of("fd_fdstat_set_flags", {5, fdflags::kDsync}), Errno::NotSup);
}

TEST_F(DirFuncs, RightsAreHonoured) {
  rw.file("f.txt", "data");
  ASSERT_EQ(open(3, "f.txt", 0, rights::kFdRead), 5);
  EXPECT_EQ(read(5), "data");
  EXPECT_EQ(write(5, "x"), Errno::NotCapable);
  EXPECT_EQ(errno_of("fd_seek", {5, 1, 0, 64}), Errno::NotCapable);
  EXPECT_EQ(denials_->back(), "fd_seek on fd 5 refused: the fd lacks the right fd_seek");
  // A directory passes on no more than its inheriting rights.
  ASSERT_EQ(errno_of("fd_fdstat_set_rights", {3, rights::kDirectoryRights, rights::kFdRead}), Errno::Success);
  EXPECT_EQ(open(3, "f.txt", 0, rights::kFdRead | rights::kFdWrite), failed(Errno::NotCapable));
  EXPECT_EQ(denials_->back(), "path_open on fd 3 refused: the directory does not pass on the right fd_write");
  EXPECT_EQ(open(3, "f.txt", 0, rights::kFdRead), 6);
  ASSERT_EQ(errno_of("fd_fdstat_set_rights", {3, rights::kPathOpen, rights::kFdRead}), Errno::Success);
  EXPECT_EQ(path_call("path_create_directory", 3, "d"), Errno::NotCapable);
  EXPECT_EQ(open(3, "new.txt", oflags::kCreat, rights::kFdRead), failed(Errno::NotCapable));
  EXPECT_FALSE(rw.exists("d") || rw.exists("new.txt"));
}

TEST_F(DirFuncs, ReadOnlyGrantAnswersRofs) {
  ASSERT_EQ(open(4, "r.txt", 0, kReadFile | rights::kFdFilestatSetTimes), 5);
  EXPECT_EQ(read(5), "read only");
  EXPECT_EQ(errno_of("fd_filestat_set_times", {5, 0, 0, fstflags::kMtimNow}), Errno::Rofs);
  EXPECT_EQ(open(4, "r.txt", 0, kWriteFile), failed(Errno::Rofs));
  EXPECT_EQ(open(4, "new.txt", oflags::kCreat, kReadFile), failed(Errno::Rofs));
  EXPECT_EQ(open(4, "r.txt", oflags::kTrunc, kReadFile), failed(Errno::Rofs));
  EXPECT_EQ(path_call("path_create_directory", 4, "d"), Errno::Rofs);
  EXPECT_EQ(path_call("path_remove_directory", 4, "rsub"), Errno::Rofs);
  EXPECT_EQ(path_call("path_unlink_file", 4, "r.txt"), Errno::Rofs);
  EXPECT_EQ(two_paths("path_rename", 4, "r.txt", 4, "s.txt"), Errno::Rofs);
  EXPECT_EQ(two_paths("path_rename", 4, "r.txt", 3, "s.txt"), Errno::Rofs);
  EXPECT_EQ(two_paths("path_link", 4, "r.txt", 3, "s.txt"), Errno::Rofs);
  EXPECT_EQ(symlink("r.txt", 4, "l"), Errno::Rofs);
  put_string(kPath, "r.txt");
  EXPECT_EQ(errno_of("path_filestat_set_times", {4, 0, kPath, 5, 0, 0, fstflags::kAtimNow}), Errno::Rofs);
  EXPECT_EQ(denials_->back(), "filestat_set_times \"r.txt\" in \"/ro\" refused: the directory is granted read-only");
  EXPECT_EQ(ro.read("r.txt"), "read only");
  EXPECT_FALSE(rw.exists("s.txt") || ro.exists("d") || ro.exists("l"));
  // A directory opened beneath a read-only grant is read-only too.
  ASSERT_EQ(open(4, "rsub", oflags::kDirectory, rights::kDirectoryRights), 6);
  EXPECT_EQ(path_call("path_create_directory", 6, "d"), Errno::Rofs);
}

TEST_F(DirFuncs, EscapesAreRefusedAndReported) {
  EXPECT_EQ(open(3, "../x", 0, kReadFile), failed(Errno::Perm));
  ASSERT_EQ(denials_->size(), 1u);
  EXPECT_EQ(denials_->back().rfind("open \"../x\" in \"/rw\" refused: ", 0), 0u) << denials_->back();
  EXPECT_EQ(path_call("path_create_directory", 3, "/abs"), Errno::Perm);
  rw.file("a");
  EXPECT_EQ(two_paths("path_rename", 3, "a", 3, "../b"), Errno::Perm);
  EXPECT_EQ(symlink("../../etc", 3, "l"), Errno::Perm);
  EXPECT_EQ(denials_->size(), 4u);
}

TEST_F(DirFuncs, DirectoriesLinksAndStat) {
  EXPECT_EQ(path_call("path_create_directory", 3, "d"), Errno::Success);
  EXPECT_EQ(path_call("path_create_directory", 3, "d"), Errno::Exist);
  rw.file("d/f.txt", "f");
  EXPECT_EQ(path_call("path_remove_directory", 3, "d"), Errno::NotEmpty);
  EXPECT_EQ(two_paths("path_rename", 3, "d/f.txt", 3, "g.txt"), Errno::Success);
  EXPECT_EQ(two_paths("path_link", 3, "g.txt", 3, "d/h.txt"), Errno::Success);
  ASSERT_EQ(stat_type(3, "d/h.txt", false), Filetype::RegularFile);
  EXPECT_EQ(u64_at(kOut + 24), 2u);  // nlink
  EXPECT_EQ(symlink("../g.txt", 3, "d/l"), Errno::Success);
  EXPECT_EQ(stat_type(3, "d/l", false), Filetype::SymbolicLink);
  EXPECT_EQ(stat_type(3, "d/l", true), Filetype::RegularFile);
  put_string(kPath, "d/l");
  ASSERT_EQ(errno_of("path_readlink", {3, kPath, 3, kBuf, 5, kOut}), Errno::Success);
  EXPECT_EQ(u32_at(kOut), 5u);  // cut to the buffer
  EXPECT_EQ(string_at(kBuf, 5), "../g.");
  EXPECT_EQ(path_call("path_unlink_file", 3, "d"), Errno::IsDir);
  EXPECT_EQ(path_call("path_unlink_file", 3, "g.txt/"), Errno::NotDir);
  for (auto f : {"d/h.txt", "d/l", "g.txt"}) EXPECT_EQ(path_call("path_unlink_file", 3, f), Errno::Success) << f;
  EXPECT_EQ(path_call("path_remove_directory", 3, "d"), Errno::Success);
  Errno e;
  stat_type(3, "d", false, &e);
  EXPECT_EQ(e, Errno::NoEnt);
  EXPECT_EQ(open(3, "g.txt", oflags::kDirectory, kReadFile), failed(Errno::NoEnt));
  rw.file("g.txt");
  EXPECT_EQ(open(3, "g.txt", oflags::kDirectory, kReadFile), failed(Errno::NotDir));
  EXPECT_EQ(path_call("path_create_directory", 1, "x"), Errno::NotDir);  // stdout is no directory
}

TEST_F(DirFuncs, SetTimes) {
  rw.file("t.txt");
  put_string(kPath, "t.txt");
  const uint64_t when = 1234567890123456789ull;
  EXPECT_EQ(errno_of("path_filestat_set_times", {3, 0, kPath, 5, 0, 0, fstflags::kAtim | fstflags::kAtimNow}),
            Errno::Inval);
  ASSERT_EQ(errno_of("path_filestat_set_times", {3, 0, kPath, 5, when, when + 1, fstflags::kAtim | fstflags::kMtim}),
            Errno::Success);
  ASSERT_EQ(stat_type(3, "t.txt", true), Filetype::RegularFile);
  EXPECT_EQ(u64_at(kOut + 40), when);
  EXPECT_EQ(u64_at(kOut + 48), when + 1);
}

TEST_F(DirFuncs, ReaddirPagesThroughEntriesWithCookies) {
  for (auto name : {"one", "two", "three", "four", "five"}) rw.file(name);
  rw.dir("sixth-a-directory");
  std::set<std::string> names;
  std::map<std::string, uint8_t> types;
  uint64_t cookie = 0;
  // A small buffer: entries get cut, and the guest asks again from the last whole one.
  // It must hold the longest entry (24 + 17 bytes), or a listing that reaches that
  // entry first (readdir order is the file system's) could never move past it.
  constexpr uint32_t kSmall = 48;
  for (int round = 0; round < 50; ++round) {
    ASSERT_EQ(errno_of("fd_readdir", {3, kBuf, kSmall, cookie, kOut}), Errno::Success);
    uint32_t used = u32_at(kOut);
    uint32_t p = kBuf;
    bool progressed = false;
    while (p + 24 <= kBuf + used) {
      uint32_t namlen = u32_at(p + 16);
      if (p + 24 + namlen > kBuf + used) break;  // cut off
      std::string name = string_at(p + 24, namlen);
      names.insert(name);
      types[name] = memory_[p + 20];
      cookie = u64_at(p);
      p += 24 + namlen;
      progressed = true;
    }
    if (used < kSmall) break;
    ASSERT_TRUE(progressed) << "an entry larger than the buffer";
  }
  EXPECT_EQ(names, (std::set<std::string>{".", "..", "one", "two", "three", "four", "five", "sixth-a-directory"}));
  EXPECT_EQ(types["one"], uint8_t(Filetype::RegularFile));
  EXPECT_EQ(types["sixth-a-directory"], uint8_t(Filetype::Directory));
  EXPECT_EQ(errno_of("fd_readdir", {1, kBuf, 64, 0, kOut}), Errno::NotDir);
  EXPECT_EQ(errno_of("fd_readdir", {3, kMemorySize - 8, 64, 0, kOut}), Errno::Fault);
}

TEST_F(DirFuncs, SubdirectoriesAreTheirOwnRoots) {
  rw.dir("sub");
  rw.file("top.txt");
  ASSERT_EQ(open(3, "sub", oflags::kDirectory, rights::kDirectoryRights, rights::kDirectoryRights | rights::kFileRights),
            5);
  EXPECT_EQ(open(5, "x.txt", oflags::kCreat, kReadFile), 6);
  EXPECT_TRUE(rw.exists("sub/x.txt"));
  // As in Wasmtime: every directory fd is a root for paths resolved against it.
  EXPECT_EQ(open(5, "../top.txt", 0, kReadFile), failed(Errno::Perm));
}

TEST_F(DirFuncs, RenumberAndCloseAPreopen) {
  rw.file("f.txt", "f");
  ASSERT_EQ(open(3, "f.txt", 0, kReadFile), 5);
  ASSERT_EQ(errno_of("fd_renumber", {5, 3}), Errno::Success);
  EXPECT_EQ(errno_of("fd_prestat_get", {3, 64}), Errno::Badf);
  EXPECT_EQ(read(3), "f");
  EXPECT_EQ(errno_of("fd_close", {4}), Errno::Success);
  EXPECT_EQ(open(4, "r.txt", 0, kReadFile), failed(Errno::Badf));
}

TEST_F(DirFuncs, PollOnAFileIsReadyAtOnce) {
  rw.file("f.txt", "12345");
  ASSERT_EQ(open(3, "f.txt", 0, kReadFile | rights::kPollFdReadwrite), 5);
  put_u64(kBuf, 7);
  memory_[kBuf + 8] = uint8_t(EventType::FdRead);
  put_u32(kBuf + 16, 5);
  ASSERT_EQ(errno_of("poll_oneoff", {kBuf, kBuf + 100, 1, kOut}), Errno::Success);
  EXPECT_EQ(u32_at(kOut), 1u);
  EXPECT_EQ(u64_at(kBuf + 100 + 16), 5u);  // bytes left to read
}

}  // namespace
}  // namespace weft::wasi::test

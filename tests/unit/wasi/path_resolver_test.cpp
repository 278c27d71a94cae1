// Tests for confined path resolution, with openat2 and with the component-by-component
// walk: every way out of the directory is refused, every way that stays inside works.
#include "wasi/path_resolver.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "temp_dir.h"

namespace weft::wasi::test {
namespace {

// The layout: root/ is the granted directory, its parent holds outside.txt.
//   root/a.txt  root/sub/b.txt  root/sub/deep/
//   root/up -> ..           root/abs -> /etc          root/loop1 <-> root/loop2
//   root/inner -> sub/b.txt root/sub/back -> ../a.txt root/sub/out -> ../../outside.txt
//   root/dangling -> new.txt root/dangling_out -> ../created_outside.txt  root/self -> self
class Resolver : public ::testing::TestWithParam<ResolveMethod> {
 protected:
  void SetUp() override {
    if (GetParam() == ResolveMethod::Auto && !openat2_available()) GTEST_SKIP() << "no openat2 here";
    tree_.dir("root/sub/deep");
    tree_.file("outside.txt", "outside");
    tree_.file("root/a.txt", "a");
    tree_.file("root/sub/b.txt", "b");
    tree_.symlink("..", "root/up");
    tree_.symlink("/etc", "root/abs");
    tree_.symlink("loop2", "root/loop1");
    tree_.symlink("loop1", "root/loop2");
    tree_.symlink("self", "root/self");
    tree_.symlink("sub/b.txt", "root/inner");
    tree_.symlink("../a.txt", "root/sub/back");
    tree_.symlink("../../outside.txt", "root/sub/out");
    tree_.symlink("new.txt", "root/dangling");
    tree_.symlink("../created_outside.txt", "root/dangling_out");
    root_.reset(tree_.open_dir("root"));
    ASSERT_TRUE(root_);
  }

  WasiResult<UniqueFd> open(std::string_view path, int flags = O_RDONLY, bool follow = true) {
    why_.clear();
    return open_beneath(root_.get(), path, flags, 0644, follow, GetParam(), &why_);
  }
  WasiResult<Located> locate(std::string_view path, bool follow) {
    why_.clear();
    return locate_beneath(root_.get(), path, follow, GetParam(), &why_);
  }
  // The first byte of what `fd` reads.
  static char first_byte(const UniqueFd& fd) {
    char c = 0;
    return ::pread(fd.get(), &c, 1, 0) == 1 ? c : 0;
  }

  TempDir tree_;
  UniqueFd root_;
  std::string why_;
};

TEST_P(Resolver, PathsInsideOpen) {
  for (auto path : {"a.txt", "./a.txt", "sub/../a.txt", "sub//deep/../../a.txt", "sub/back"}) {
    auto fd = open(path);
    ASSERT_TRUE(fd) << path << ": " << errno_name(fd.error());
    EXPECT_EQ(first_byte(*fd), 'a') << path;
  }
  auto b = open("inner");
  ASSERT_TRUE(b);
  EXPECT_EQ(first_byte(*b), 'b');
  EXPECT_TRUE(open(".", O_RDONLY | O_DIRECTORY));
  EXPECT_TRUE(open("sub/", O_RDONLY | O_DIRECTORY));
  EXPECT_TRUE(open("sub/deep/..", O_RDONLY | O_DIRECTORY));
}

TEST_P(Resolver, EscapesAreRefusedWithAReason) {
  for (auto path : {"..", "../outside.txt", "sub/../../outside.txt", "sub/deep/../../../outside.txt", "/etc/passwd",
                    "/", "up/outside.txt", "up", "abs/passwd", "sub/out", "dangling_out"}) {
    auto fd = open(path, O_RDONLY | (std::string_view(path) == "dangling_out" ? O_CREAT : 0));
    ASSERT_FALSE(fd) << path;
    EXPECT_EQ(fd.error(), Errno::Perm) << path;
    EXPECT_FALSE(why_.empty()) << path;
  }
  EXPECT_FALSE(tree_.exists("created_outside.txt"));
}

TEST_P(Resolver, LoopsAndNotFollowedSymlinks) {
  EXPECT_EQ(open("loop1").error(), Errno::Loop);
  EXPECT_EQ(open("self").error(), Errno::Loop);
  EXPECT_TRUE(why_.empty());
  EXPECT_EQ(open("inner", O_RDONLY, false).error(), Errno::Loop);
  // O_PATH | O_NOFOLLOW opens the link itself, even one that points outside.
  auto link = open("sub/out", O_PATH | O_NOFOLLOW, false);
  ASSERT_TRUE(link);
  struct stat st {};
  ASSERT_EQ(::fstat(link->get(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
}

TEST_P(Resolver, CreatingThroughADanglingSymlinkStaysInside) {
  auto fd = open("dangling", O_WRONLY | O_CREAT);
  ASSERT_TRUE(fd) << errno_name(fd.error());
  EXPECT_TRUE(tree_.exists("root/new.txt"));
  EXPECT_EQ(open("dangling", O_WRONLY | O_CREAT | O_EXCL).error(), Errno::Exist);
}

TEST_P(Resolver, BadPaths) {
  EXPECT_EQ(open("").error(), Errno::NoEnt);
  EXPECT_EQ(open(std::string_view("a\0b", 3)).error(), Errno::Inval);
  EXPECT_EQ(open("\xff\xfe").error(), Errno::Ilseq);
  EXPECT_EQ(open("\xc0\xaf").error(), Errno::Ilseq);  // an overlong "/"
  EXPECT_TRUE(open("caf\xc3\xa9", O_RDONLY | O_CREAT));
  EXPECT_EQ(open("a.txt/x").error(), Errno::NotDir);
  EXPECT_EQ(open("a.txt/", O_RDONLY).error(), Errno::NotDir);
  EXPECT_EQ(open("missing/x").error(), Errno::NoEnt);
}

TEST_P(Resolver, LocateGivesTheParentAndTheName) {
  auto at = locate("sub/deep/x", false);
  ASSERT_TRUE(at);
  EXPECT_EQ(at->name, "x");
  struct stat st {};
  ASSERT_EQ(::fstatat(at->dir.get(), ".", &st, 0), 0);
  struct stat deep {};
  ASSERT_EQ(::stat(tree_.at("root/sub/deep").c_str(), &deep), 0);
  EXPECT_EQ(st.st_ino, deep.st_ino);

  auto top = locate("a.txt", false);
  ASSERT_TRUE(top);
  EXPECT_EQ(top->name, "a.txt");
  auto trailing = locate("sub/", false);
  ASSERT_TRUE(trailing);
  EXPECT_EQ(trailing->name, "sub");
  EXPECT_EQ(locate("a.txt/", false).error(), Errno::NotDir);
}

TEST_P(Resolver, LocateFollowsAFinalSymlinkOnlyWhenAsked) {
  auto link = locate("sub/back", false);
  ASSERT_TRUE(link);
  EXPECT_EQ(link->name, "back");
  auto target = locate("sub/back", true);
  ASSERT_TRUE(target);
  EXPECT_EQ(target->name, "a.txt");
  EXPECT_EQ(locate("sub/out", true).error(), Errno::Perm);
  EXPECT_FALSE(why_.empty());
  EXPECT_TRUE(locate("sub/out", false));  // the link itself is inside
  EXPECT_EQ(locate("loop1", true).error(), Errno::Loop);
  EXPECT_EQ(locate("abs", true).error(), Errno::Perm);
}

TEST_P(Resolver, LocateRefusesEscapes) {
  for (auto path : {"../x", "..", "sub/../..", "up/x", "abs/x", "/x", "sub/deep/../../../x"}) {
    auto at = locate(path, false);
    ASSERT_FALSE(at) << path;
    EXPECT_EQ(at.error(), Errno::Perm) << path;
  }
  EXPECT_TRUE(locate("sub/..", false));
  EXPECT_TRUE(locate(".", false));
}

INSTANTIATE_TEST_SUITE_P(Methods, Resolver, ::testing::Values(ResolveMethod::Auto, ResolveMethod::Walk),
                         [](const auto& info) { return info.param == ResolveMethod::Auto ? "Openat2" : "Walk"; });

TEST(SymlinkTargets, StayBeneathByName) {
  EXPECT_TRUE(symlink_stays_beneath("link", "a.txt"));
  EXPECT_TRUE(symlink_stays_beneath("sub/link", "../a.txt"));
  EXPECT_TRUE(symlink_stays_beneath("sub/deep/link", "../../a.txt"));
  EXPECT_TRUE(symlink_stays_beneath("link", "sub/../a.txt"));
  EXPECT_FALSE(symlink_stays_beneath("link", "../a.txt"));
  EXPECT_FALSE(symlink_stays_beneath("sub/link", "../../a.txt"));
  EXPECT_FALSE(symlink_stays_beneath("link", "sub/../../a.txt"));
  EXPECT_FALSE(symlink_stays_beneath("link", "/etc/passwd"));
  EXPECT_FALSE(symlink_stays_beneath("link", ""));
}

}  // namespace
}  // namespace weft::wasi::test

// weft.toml: defaults, and errors that point at the line and column.
#include "toolchain/manifest.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "toolchain/build.h"

namespace weft::toolchain {
namespace {

std::string write_manifest(const std::string& name, const std::string& text) {
  auto dir = std::filesystem::path(WEFT_TEST_BINARY_DIR) / "manifest-tests";
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(Manifest, Defaults) {
  auto m = load_manifest(
      write_manifest("ok.toml", "[package]\nname = \"p\"\n[component]\nsources = [\"a.cpp\"]\n"));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->name, "p");
  EXPECT_EQ(m->kind, Manifest::Kind::Reactor);
  EXPECT_EQ(m->wit, "wit");
  EXPECT_EQ(m->output, "target/p.wasm");
  EXPECT_EQ(m->sources, std::vector<std::string>{"a.cpp"});
}

TEST(Manifest, UnknownKeysAreErrorsWithAPlace) {
  auto m = load_manifest(
      write_manifest("typo.toml", "[package]\nname = \"p\"\n[component]\nsorces = [\"a.cpp\"]\n"));
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "unknown key `sorces` in [component]");
  EXPECT_EQ(m.error().span.line, 4u);
  EXPECT_EQ(m.error().span.column, 1u);
}

TEST(Manifest, BadValues) {
  auto kind = load_manifest(write_manifest(
      "kind.toml", "[package]\nname = \"p\"\n[component]\nkind = \"daemon\"\nsources = [\"a.cpp\"]\n"));
  ASSERT_FALSE(kind);
  EXPECT_NE(kind.error().message.find("\"reactor\" or \"command\""), std::string::npos);
  auto sources = load_manifest(write_manifest("nosrc.toml", "[package]\nname = \"p\"\n"));
  ASSERT_FALSE(sources);
  EXPECT_NE(sources.error().message.find("needs `sources`"), std::string::npos);
  auto syntax = load_manifest(write_manifest("syntax.toml", "[package\n"));
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().span.line, 1u);
  auto list =
      load_manifest(write_manifest("list.toml", "[package]\nname = \"p\"\n[component]\nsources = [1]\n"));
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().message, "`sources` must be an array of strings");
}

TEST(NewProject, RefusesBadNamesAndNonEmptyFolders) {
  auto dir = std::filesystem::path(WEFT_TEST_BINARY_DIR) / "new-project-tests";
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(create_project((dir / "x").string(), "Bad_Name", Manifest::Kind::Reactor));
  ASSERT_TRUE(create_project((dir / "ok").string(), "ok-name", Manifest::Kind::Reactor));
  auto m = load_manifest((dir / "ok" / "weft.toml").string());
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->world, "ok-name");
  EXPECT_FALSE(create_project((dir / "ok").string(), "ok-name", Manifest::Kind::Reactor));
}

}  // namespace
}  // namespace weft::toolchain

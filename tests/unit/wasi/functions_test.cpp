// Tests for the WASI function table: completeness, signatures, answers without any
// grant, and that no call with arbitrary arguments crashes.
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "temp_dir.h"
#include "wasi_fixture.h"

namespace weft::wasi::test {
namespace {

class Functions : public WasiTest {};

TEST(FunctionTable, HasEveryPreview1FunctionOnce) {
  std::set<std::string_view> names;
  for (const auto& fn : wasi_functions()) {
    EXPECT_TRUE(names.insert(fn.name).second) << fn.name;
    EXPECT_NE(fn.handler, nullptr);
  }
  EXPECT_EQ(names.size(), 46u);
  for (auto name : {"args_get", "fd_write", "path_open", "poll_oneoff", "sock_shutdown", "random_get"}) {
    EXPECT_NE(find_wasi_function(name), nullptr) << name;
  }
  EXPECT_EQ(find_wasi_function("fd_nope"), nullptr);
}

TEST(FunctionTable, SignaturesFollowTheWitx) {
  using core::ValType;
  const auto* fd_write = find_wasi_function("fd_write");
  EXPECT_EQ(fd_write->type,
            (core::FuncType{{ValType::I32, ValType::I32, ValType::I32, ValType::I32}, {ValType::I32}}));
  const auto* seek = find_wasi_function("fd_seek");
  EXPECT_EQ(seek->type,
            (core::FuncType{{ValType::I32, ValType::I64, ValType::I32, ValType::I32}, {ValType::I32}}));
  const auto* exit = find_wasi_function("proc_exit");
  EXPECT_EQ(exit->type, (core::FuncType{{ValType::I32}, {}}));
  const auto* open = find_wasi_function("path_open");
  EXPECT_EQ(open->type.params.size(), 9u);
  EXPECT_EQ(open->type.params[5], ValType::I64);
  EXPECT_EQ(open->type.params[6], ValType::I64);
}

TEST_F(Functions, PathsAnswerWithoutPreopens) {
  put_string(100, "file.txt");
  EXPECT_EQ(errno_of("path_open", {3, 0, 100, 8, 0, rights::kFdRead, 0, 0, 200}), Errno::Badf);
  EXPECT_EQ(errno_of("path_open", {1, 0, 100, 8, 0, rights::kFdRead, 0, 0, 200}), Errno::NotDir);
  EXPECT_EQ(errno_of("path_unlink_file", {3, 100, 8}), Errno::Badf);
  EXPECT_EQ(errno_of("path_symlink", {100, 8, 4, 100, 8}), Errno::Badf);
  EXPECT_EQ(errno_of("path_rename", {0, 100, 8, 9, 100, 8}), Errno::NotDir);
  EXPECT_EQ(errno_of("path_link", {5, 0, 100, 8, 1, 100, 8}), Errno::Badf);
}

// Only a real directory handle resolves paths: an object that merely calls itself
// a directory does not.
TEST_F(Functions, PathsNeedADirectoryHandle) {
  class Dir final : public FdObject {
   public:
    Filetype filetype() const override { return Filetype::Directory; }
  };
  ASSERT_EQ(*ctx_.fds().insert(FdEntry{std::make_shared<Dir>(), rights::kAll, rights::kAll, 0, "."}), 3u);
  EXPECT_EQ(errno_of("path_open", {3, 0, 100, 8, 0, rights::kFdRead, 0, 0, 200}), Errno::NotDir);
  EXPECT_EQ(errno_of("fd_readdir", {3, 100, 64, 0, 200}), Errno::NotDir);
}

TEST_F(Functions, SocketsAnswerWithoutSockets) {
  EXPECT_EQ(errno_of("sock_accept", {3, 0, 200}), Errno::Badf);
  EXPECT_EQ(errno_of("sock_send", {1, 100, 1, 0, 200}), Errno::NotSock);
  EXPECT_EQ(errno_of("sock_recv", {0, 100, 1, 0, 200, 204}), Errno::NotSock);
  EXPECT_EQ(errno_of("sock_shutdown", {2, 3}), Errno::NotSock);
}

// Every function, arbitrary arguments, a small memory: errnos (or proc_exit's
// exit), never a crash. Run under -DWEFT_SANITIZE=ON to catch stray accesses.
TEST(FunctionTable, ArbitraryArgumentsNeverCrash) {
  std::mt19937_64 rng(1234);
  auto interesting = [&]() -> uint64_t {
    static const uint64_t picks[] = {0,
                                     1,
                                     2,
                                     3,
                                     4,
                                     7,
                                     8,
                                     48,
                                     255,
                                     1023,
                                     1024,
                                     4095,
                                     4096,
                                     0x7fffffff,
                                     0xfffffff8u,
                                     0xffffffffu,
                                     0x8000000000000000ull,
                                     ~0ull};
    return rng() % 3 == 0 ? rng() : picks[rng() % std::size(picks)];
  };
  for (const auto& fn : wasi_functions()) {
    for (int round = 0; round < 300; ++round) {
      auto out = std::make_shared<MemoryOutput>();
      auto clocks = std::make_shared<FakeClocks>();
      WasiConfig config;
      config.args = {"a"};
      config.env = {"B=c"};
      config.stdin_stream = std::make_shared<MemoryInput>("in");
      config.stdout_stream = config.stderr_stream = out;
      config.clocks = clocks;
      WasiCtx ctx(std::move(config));
      std::vector<uint8_t> memory(4096);
      for (auto& b : memory) b = uint8_t(rng() % 4 == 0 ? rng() : 0);
      std::vector<core::Value> args;
      for (auto t : fn.type.params) {
        uint64_t v = interesting();
        args.push_back(t == core::ValType::I64 ? core::Value::i64(v) : core::Value::i32(uint32_t(v)));
      }
      auto r = call_wasi_function(ctx, fn, std::span<uint8_t>(memory), args);
      if (!r) {
        EXPECT_EQ(r.error().phase, Phase::Exit) << fn.name;
      }
    }
  }
}

// Path and fd functions with a real directory grant and arguments that often point
// at path strings planted in memory (escapes among them): errnos, never a crash, and
// nothing beside the grant changes. poll_oneoff is left out: a random clock
// subscription on a real fd may really wait.
TEST(FunctionTable, ArbitraryPathCallsStayInsideTheGrant) {
  TempDir tree;
  tree.dir("granted/sub");
  tree.file("granted/a.txt", "inside");
  tree.dir("outside");
  tree.file("outside/secret.txt", "secret");
  tree.symlink("../outside", "granted/up");
  tree.symlink("/etc", "granted/abs");
  static const char* kPaths[] = {"a.txt", "sub", "new", "sub/new", "..", "../outside/secret.txt", "up/secret.txt",
                                 "up/x", "/etc/passwd", "abs/passwd", ".", "sub/../..", "up"};
  constexpr uint32_t kPathBase = 1024, kPathStride = 32;
  std::mt19937_64 rng(99);
  auto listing = [&] {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::recursive_directory_iterator(tree.at("outside"))) names.insert(e.path());
    return names;
  };
  const auto before = listing();
  std::map<Errno, int> answers;
  for (const auto& fn : wasi_functions()) {
    if (!fn.name.starts_with("path_") && !fn.name.starts_with("fd_")) continue;
    for (int round = 0; round < 400; ++round) {
      WasiConfig config;
      config.stdin_stream = std::make_shared<MemoryInput>("in");
      config.stdout_stream = config.stderr_stream = std::make_shared<MemoryOutput>();
      config.clocks = std::make_shared<FakeClocks>();
      config.capabilities.dirs = {DirGrant{tree.at("granted"), "/g", false}};
      WasiCtx ctx(std::move(config));
      ASSERT_TRUE(ctx.open_grants());
      std::vector<uint8_t> memory(4096);
      for (auto& b : memory) b = uint8_t(rng() % 4 == 0 ? rng() : 0);
      for (size_t i = 0; i < std::size(kPaths); ++i) std::strcpy(reinterpret_cast<char*>(&memory[kPathBase + i * kPathStride]), kPaths[i]);
      // Mostly the grant's fd and (pointer, length) pairs of planted paths.
      std::vector<uint64_t> raw;
      while (raw.size() < fn.type.params.size()) {
        const size_t which = rng() % std::size(kPaths);
        switch (rng() % 6) {
          case 0:
          case 1: raw.push_back(3); break;
          case 2:
          case 3:
            raw.push_back(kPathBase + which * kPathStride);
            raw.push_back(std::strlen(kPaths[which]));
            break;
          case 4: raw.push_back(rng() % 4096); break;
          default: raw.push_back(rng() % 2 ? rng() : rng() % 4); break;
        }
      }
      std::vector<core::Value> args;
      for (size_t i = 0; i < fn.type.params.size(); ++i) {
        args.push_back(fn.type.params[i] == core::ValType::I64 ? core::Value::i64(raw[i])
                                                               : core::Value::i32(uint32_t(raw[i])));
      }
      auto r = call_wasi_function(ctx, fn, std::span<uint8_t>(memory), args);
      ASSERT_TRUE(r) << fn.name;
      if (fn.name.starts_with("path_")) {
        ++answers[*r];
      }
    }
  }
  // The arguments reached real work, and real refusals: not only EBADF and EFAULT.
  EXPECT_GT(answers[Errno::Success], 20) << "path calls that succeeded";
  EXPECT_GT(answers[Errno::Perm], 20) << "escapes refused";
  EXPECT_EQ(listing(), before);
  EXPECT_EQ(tree.read("outside/secret.txt"), "secret");
}

}  // namespace
}  // namespace weft::wasi::test

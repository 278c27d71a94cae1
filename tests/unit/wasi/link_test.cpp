// Tests for linking modules against WASI and running them as commands through a real store.
#include "wasi/link.h"

#include <gtest/gtest.h>

#include "core/text/script.h"
#include "core/validate/validator.h"
#include "wasi/streams.h"

namespace weft::wasi {
namespace {

core::ValidatedModulePtr load(std::string_view wat) {
  auto bytes = core::text::parse_wat_module(wat);
  EXPECT_TRUE(bytes) << (bytes ? "" : bytes.error().to_string());
  if (!bytes) return nullptr;
  auto module = core::load_module(*bytes);
  EXPECT_TRUE(module) << (module ? "" : module.error().to_string());
  return module ? *module : nullptr;
}

class Link : public ::testing::Test {
 protected:
  Link() : ctx_(config()) {}

  WasiConfig config() {
    WasiConfig c;
    c.args = {"prog", "x", "y"};
    c.stdin_stream = std::make_shared<MemoryInput>("abc");
    c.stdout_stream = out_;
    c.stderr_stream = err_;
    return c;
  }

  Result<int> run(std::string_view wat) {
    auto module = load(wat);
    if (!module) return make_error(Phase::Text, {}, "bad test module");
    return run_command(store_, ctx_, module);
  }

  std::shared_ptr<MemoryOutput> out_ = std::make_shared<MemoryOutput>();
  std::shared_ptr<MemoryOutput> err_ = std::make_shared<MemoryOutput>();
  core::Store store_;
  WasiCtx ctx_;
};

constexpr std::string_view kHello = R"((module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, wasi\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 12))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))))";

TEST_F(Link, ResolvesWasiFunctions) {
  auto module = load(R"((module
    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))))");
  ASSERT_TRUE(module);
  auto externs = resolve_imports(store_, ctx_, module->module);
  ASSERT_TRUE(externs) << externs.error().to_string();
  ASSERT_EQ(externs->size(), 3u);
  EXPECT_EQ((*externs)[0].addr, (*externs)[2].addr);  // one host function per name
  EXPECT_EQ(store_.func_type((*externs)[1].addr), find_wasi_function("proc_exit")->type);
}

TEST_F(Link, UnknownImportsAreLinkErrors) {
  auto module = load(R"((module (import "env" "f" (func))))");
  ASSERT_TRUE(module);
  auto r = resolve_imports(store_, ctx_, module->module);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::Link);
  EXPECT_EQ(r.error().message, R"(unknown import: "env" "f")");

  module = load(R"((module (import "wasi_snapshot_preview1" "fd_nope" (func))))");
  ASSERT_TRUE(module);
  EXPECT_EQ(resolve_imports(store_, ctx_, module->module).error().message,
            R"(unknown import: "wasi_snapshot_preview1" "fd_nope")");
}

TEST_F(Link, MismatchedSignaturesAreLinkErrors) {
  auto module = load(R"((module
    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32) (result i32)))))");
  ASSERT_TRUE(module);
  auto r = resolve_imports(store_, ctx_, module->module);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::Link);
  EXPECT_EQ(r.error().message, R"(incompatible import type: "wasi_snapshot_preview1" "fd_write")");

  module = load(R"((module (import "wasi_snapshot_preview1" "random_get" (memory 1))))");
  ASSERT_TRUE(module);
  EXPECT_EQ(resolve_imports(store_, ctx_, module->module).error().message,
            R"(incompatible import type: "wasi_snapshot_preview1" "random_get")");
}

TEST_F(Link, RunsACommand) {
  auto status = run(kHello);
  ASSERT_TRUE(status) << status.error().to_string();
  EXPECT_EQ(*status, 0);
  EXPECT_EQ(out_->contents(), "hello, wasi\n");
}

TEST_F(Link, ProcExitGivesTheStatus) {
  // Exits with argc (3) from inside a nested call.
  auto status = run(R"((module
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (func $inner (drop (call $sizes (i32.const 0) (i32.const 4))) (call $exit (i32.load (i32.const 0))) unreachable)
    (func (export "_start") (call $inner) unreachable)))");
  ASSERT_TRUE(status) << status.error().to_string();
  EXPECT_EQ(*status, 3);
}

TEST_F(Link, TrapsStayErrors) {
  auto status = run(R"((module (memory (export "memory") 1) (func (export "_start") unreachable)))");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().phase, Phase::Execute);
  EXPECT_EQ(status.error().message, "unreachable");
}

TEST_F(Link, ModulesWithoutStartAreNotCommands) {
  auto status = run(R"((module (memory (export "memory") 1) (func (export "main"))))");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().phase, Phase::Link);
  EXPECT_NE(status.error().message.find("_start"), std::string::npos);
}

TEST_F(Link, MemoryLessCallersTrap) {
  auto status = run(R"((module
    (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
    (func (export "_start") (drop (call $yield)) (drop (call $random (i32.const 0) (i32.const 4))))))");
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("memory"), std::string::npos);
}

TEST_F(Link, ReactorsAreInitialised) {
  auto module = load(R"((module
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (global $ready (export "ready") (mut i32) (i32.const 0))
    (func (export "_initialize") (global.set $ready (i32.const 1)))))");
  ASSERT_TRUE(module);
  auto inst = instantiate_wasi(store_, ctx_, module);
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto ready = store_.find_export(*inst, "ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(store_.global_get(ready->addr).as_u32(), 1u);
}

TEST_F(Link, ProcExitFromAStartFunction) {
  auto status = run(R"((module
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (func $init (call $exit (i32.const 5)))
    (start $init)
    (func (export "_start") unreachable)))");
  ASSERT_TRUE(status) << status.error().to_string();
  EXPECT_EQ(*status, 5);
}

}  // namespace
}  // namespace weft::wasi

// The canonical ABI over an i64 memory (🐘 memory64): i64 pointers and lengths,
// the realloc signature the validator demands, and bounds checks in 64 bits.
#include <gtest/gtest.h>

#include "component/link/linker.h"
#include "component/text/component_wat.h"
#include "component_env.h"

namespace weft::component {
namespace {

using test::Env;

// `realloc` is spliced in: the i64 signature and body, or a wrong one.
std::string echo_component(const std::string& realloc) {
  return R"((component
    (core module $m
      (memory (export "mem") i64 1)
      (global $next (mut i64) (i64.const 1024))
      (func (export "realloc") )" + realloc + R"()
      ;; echo: returns its (ptr, len) through a return area of two i64s
      (func (export "echo") (param i64 i64) (result i64)
        (i64.store (i64.const 0) (local.get 0))
        (i64.store (i64.const 8) (local.get 1))
        (i64.const 0)))
    (core instance $i (instantiate $m))
    (func (export "echo") (param "s" string) (result string)
      (canon lift (core func $i "echo") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))))";
}

TEST(CanonMemory64, StringsRoundTripThroughAnI64Memory) {
  Env env;
  auto ok = env.load(echo_component(
      "(param i64 i64 i64 i64) (result i64) (global.get $next)"
      " (global.set $next (i64.add (global.get $next) (i64.const 256)))"));
  ASSERT_TRUE(ok) << ok.error().to_string();
  for (std::string s : {"", "hello", "snow ☃ cake 🍰"}) {
    auto r = env.call("echo", {Val::string(s)});
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->size(), 1u);
    EXPECT_EQ((*r)[0].str, s);
  }
}

TEST(CanonMemory64, ReallocMustUseI64Pointers) {
  Env env;
  auto ok = env.load(echo_component("(param i32 i32 i32 i32) (result i32) (i32.const 0)"));
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().message, "canonical option `realloc` uses a core function with an incorrect signature");
}

TEST(CanonMemory64, LiftedCoreFunctionMustTakeI64Pointers) {
  Env env;
  auto ok = env.load(R"((component
    (core module $m (memory (export "mem") i64 1) (func (export "f") (result i32) (i32.const 0)))
    (core instance $i (instantiate $m))
    (func (export "f") (result (list u8)) (canon lift (core func $i "f") (memory (core memory $i "mem"))))))");
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().message, "lowered result types `[I64]` do not match result types `[I32]` of core function 0");
}

// A length whose end lies past 2^64 must trap, not wrap around to a small address.
TEST(CanonMemory64, OutOfBoundsNearTwoToTheSixtyFourTraps) {
  Env env;
  auto ok = env.load(R"((component
    (core module $m (memory (export "mem") i64 1)
      (func (export "s") (result i64)
        (i64.store (i64.const 0) (i64.const 16))
        (i64.store (i64.const 8) (i64.const -8))
        (i64.const 0)))
    (core instance $i (instantiate $m))
    (func (export "s") (result string) (canon lift (core func $i "s") (memory (core memory $i "mem"))))))");
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto r = env.call("s", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "string content out-of-bounds");
}

}  // namespace
}  // namespace weft::component

// Calls through Wasmtime's GC ABI (`gc` on canon lift, `gc (core-type t)` on canon
// lower) for scalar function types, whose core values are the flat ABI's, with no
// memory involved however many there are.
#include <gtest/gtest.h>

#include "component_env.h"

namespace weft::component {
namespace {

using test::Env;

const char* kAddCore = R"((core module $m
      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
    (core instance $i (instantiate $m)))";

TEST(CanonGcAbi, LiftedScalarFunctionCalledByTheHost) {
  Env env;
  auto ok = env.load(std::string("(component ") + kAddCore + R"(
    (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add") gc))))");
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto r = env.call("add", {Val::u32(3), Val::u32(4)});
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].bits, 7u);
}

// Component $B lowers $A's `add` with `lower_opts` and exports a lift of its own
// core function calling it; $A lifts with `lift_opts`.
std::string caller_callee(const std::string& lift_opts, const std::string& lower_opts) {
  return std::string(R"((component
  (component $A )") +
         kAddCore + R"(
    (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add") )" +
         lift_opts + R"()))
  (component $B
    (import "add" (func $add (param "a" u32) (param "b" u32) (result u32)))
    (core type $ty (func (param i32 i32) (result i32)))
    (core func $add' (canon lower (func $add) )" +
         lower_opts + R"())
    (core module $m
      (import "" "add" (func $add (param i32 i32) (result i32)))
      (func (export "twice") (param i32) (result i32) (call $add (local.get 0) (local.get 0))))
    (core instance $i (instantiate $m (with "" (instance (export "add" (func $add'))))))
    (func (export "twice") (param "x" u32) (result u32) (canon lift (core func $i "twice"))))
  (instance $a (instantiate $A))
  (instance $b (instantiate $B (with "add" (func $a "add"))))
  (func (export "twice") (alias export $b "twice"))))";
}

TEST(CanonGcAbi, LowerAndLiftAcrossComponents) {
  const std::pair<const char*, const char*> cases[] = {
      {"gc", "gc (core-type $ty)"},  // GC calling GC
      {"", "gc (core-type $ty)"},    // GC calling linear memory
      {"gc", ""},                    // linear memory calling GC
  };
  for (auto [lift, lower] : cases) {
    Env env;
    auto ok = env.load(caller_callee(lift, lower));
    ASSERT_TRUE(ok) << lift << " / " << lower << ": " << ok.error().to_string();
    auto r = env.call("twice", {Val::u32(21)});
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->size(), 1u);
    EXPECT_EQ((*r)[0].bits, 42u) << lift << " / " << lower;
  }
}

// Every scalar kind keeps its flat lifting rules (sign extension, NaN
// canonicalisation, char validity) under the GC ABI.
TEST(CanonGcAbi, ScalarsOfEveryKind) {
  Env env;
  auto ok = env.load(R"((component
    (core module $m
      (func (export "s8") (param i32) (result i32) (local.get 0))
      (func (export "u64") (param i64) (result i64) (i64.add (local.get 0) (i64.const 1)))
      (func (export "f64") (param f64) (result f64) (f64.neg (local.get 0)))
      (func (export "bad-char") (result i32) (i32.const 0xd800)))
    (core instance $i (instantiate $m))
    (func (export "s8") (param "x" s8) (result s8) (canon lift (core func $i "s8") gc))
    (func (export "u64") (param "x" u64) (result u64) (canon lift (core func $i "u64") gc))
    (func (export "f64") (param "x" f64) (result f64) (canon lift (core func $i "f64") gc))
    (func (export "bad-char") (result char) (canon lift (core func $i "bad-char") gc))))");
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto s8 = env.call("s8", {Val::s8(-5)});
  ASSERT_TRUE(s8) << s8.error().to_string();
  EXPECT_EQ(int64_t((*s8)[0].bits), -5);
  auto u64 = env.call("u64", {Val::u64(~uint64_t(0) - 1)});
  ASSERT_TRUE(u64) << u64.error().to_string();
  EXPECT_EQ((*u64)[0].bits, ~uint64_t(0));
  auto f64 = env.call("f64", {Val::f64(1.5)});
  ASSERT_TRUE(f64) << f64.error().to_string();
  EXPECT_EQ((*f64)[0].bits, Val::f64(-1.5).bits);
  auto c = env.call("bad-char", {});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("invalid"), std::string::npos) << c.error().message;
}

// Seventeen parameters: the flat ABI would pass a pointer into memory; the GC ABI
// passes all seventeen, and neither side has a memory.
TEST(CanonGcAbi, ManyParametersNeedNoMemory) {
  std::string params, core_params, names, sum = "(local.get 0)";
  for (int i = 0; i < 17; ++i) {
    params += "(param \"p" + std::to_string(i) + "\" u32) ";
    core_params += " i32";
    if (i > 0) sum = "(i32.add " + sum + " (local.get " + std::to_string(i) + "))";
  }
  std::string core_type = "(func (param" + core_params + ") (result i32))";
  Env env;
  auto ok = env.load(R"((component
    (component $A
      (core module $m (func (export "sum") (param)" +
                     core_params + ") (result i32) " + sum + R"())
      (core instance $i (instantiate $m))
      (func (export "sum") )" +
                     params + R"((result u32) (canon lift (core func $i "sum") gc)))
    (component $B
      (import "sum" (func $sum )" +
                     params + R"((result u32)))
      (core type $ty )" +
                     core_type + R"()
      (core func $sum' (canon lower (func $sum) gc (core-type $ty)))
      (core module $m
        (import "" "sum" (func $sum (param)" +
                     core_params + R"() (result i32)))
        (func (export "run") (result i32)
          (call $sum (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5) (i32.const 6)
                     (i32.const 7) (i32.const 8) (i32.const 9) (i32.const 10) (i32.const 11) (i32.const 12)
                     (i32.const 13) (i32.const 14) (i32.const 15) (i32.const 16) (i32.const 17))))
      (core instance $i (instantiate $m (with "" (instance (export "sum" (func $sum'))))))
      (func (export "run") (result u32) (canon lift (core func $i "run"))))
    (instance $a (instantiate $A))
    (instance $b (instantiate $B (with "sum" (func $a "sum"))))
    (func (export "run") (alias export $b "run"))
    (func (export "sum") (alias export $a "sum"))))");
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto r = env.call("run", {});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0].bits, 153u);
  std::vector<Val> args;
  for (uint32_t i = 0; i < 17; ++i) args.push_back(Val::u32(i));
  auto direct = env.call("sum", args);
  ASSERT_TRUE(direct) << direct.error().to_string();
  EXPECT_EQ((*direct)[0].bits, 136u);
}

TEST(CanonGcAbi, OtherTypesAreRefusedBeforeRunning) {
  Env env;
  auto ok = env.load(R"((component
    (core module $m (func (export "f") (param i32)))
    (core instance $i (instantiate $m))
    (func (export "f") (param "s" string) (canon lift (core func $i "f") gc))))");
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().message, "not supported yet: the gc canonical ABI for `string`");
}

}  // namespace
}  // namespace weft::component

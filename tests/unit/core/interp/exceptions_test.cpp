// Exception handling in the interpreter: throwing, catching across calls and
// modules, rethrowing, and what an uncaught exception looks like to the host.
#include <gtest/gtest.h>

#include "../runtime/wat_instance.h"
#include "core/interp/trap.h"

namespace weft::core {
namespace {

using test::WatInstance;

constexpr std::string_view kThrower = R"((module
  (tag $e (param i32))
  (tag $other)
  (func $throw (param i32) (throw $e (local.get 0)))
  (func $deep (param i32) (call $throw (local.get 0)))
  (func (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (call $deep (local.get 0)))
      (i32.const -1)))
  (func (export "miss") (result i32)
    (block $h
      (try_table (catch $other $h)
        (call $throw (i32.const 1))))
    (i32.const 0))
  (func (export "rethrow") (param i32) (result i32)
    (local $x exnref)
    (block $h (result i32)
      (try_table (catch $e $h)
        (local.set $x
          (block $r (result exnref)
            (try_table (catch_all_ref $r) (call $throw (local.get 0)))
            (unreachable)))
        (throw_ref (local.get $x)))
      (i32.const -1)))
  (func (export "loop") (result i32)
    (local $i i32)
    (loop $again
      (block $h
        (try_table (catch_all $h) (throw $other)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 1000))))
    (local.get $i))
))";

TEST(InterpExceptions, CatchesAcrossCalls) {
  WatInstance m(kThrower);
  EXPECT_EQ(m.value("catch", {Value::i32(42)}), 42u);
  EXPECT_EQ(m.value("rethrow", {Value::i32(7)}), 7u);
  EXPECT_EQ(m.value("loop"), 1000u);
}

TEST(InterpExceptions, UncaughtExceptionReachesTheHost) {
  WatInstance m(kThrower);
  auto r = m.call("miss");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::Execute);
  EXPECT_EQ(r.error().message, kUncaughtException);
  // The store still works afterwards.
  EXPECT_EQ(m.value("catch", {Value::i32(3)}), 3u);
}

}  // namespace
}  // namespace weft::core

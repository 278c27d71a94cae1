// Interpreter: fuel (one unit per loop iteration and per call) and interruption from another thread.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "../runtime/wat_instance.h"

namespace weft::core::test {
namespace {

// `count n` runs a loop n times (n back-edges are taken n-1 times) and returns n.
constexpr const char* kLoops = R"((module
  (func (export "count") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 1))
  (func $f (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (call $f (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "calls") (param i32) (result i32) (call $f (local.get 0)))
  (func (export "forever") (loop $l (br $l)))
  (func (export "forever_if") (loop $l (br_if $l (i32.const 1))))
  (func (export "forever_table") (loop $l (br_table $l $l (i32.const 0))))
  (func $spin (return_call $spin))
  (func (export "forever_tail") (call $spin)))
)";

StoreLimits with_fuel(uint64_t fuel) {
  StoreLimits limits;
  limits.fuel = fuel;
  return limits;
}

TEST(InterpFuel, UnlimitedByDefault) {
  WatInstance w(kLoops);
  EXPECT_EQ(w.value("count", {i32(1000000)}), 1000000u);
}

TEST(InterpFuel, LoopIterationsAreCountedExactly) {
  // 10 iterations take the back-edge 9 times.
  WatInstance w(kLoops, with_fuel(9));
  EXPECT_EQ(w.value("count", {i32(10)}), 10u);
  EXPECT_EQ(w.trap("count", {i32(2)}), "all fuel consumed");
}

TEST(InterpFuel, CallsAreCounted) {
  // calls(n): one call to $f from the export, then n recursive calls.
  WatInstance w(kLoops, with_fuel(6));
  EXPECT_EQ(w.value("calls", {i32(5)}), 0u);
  WatInstance v(kLoops, with_fuel(5));
  EXPECT_EQ(v.trap("calls", {i32(5)}), "all fuel consumed");
}

TEST(InterpFuel, SpansChunks) {
  WatInstance w(kLoops, with_fuel(300000));
  EXPECT_EQ(w.value("count", {i32(200000)}), 200000u);
  EXPECT_EQ(w.value("count", {i32(100001)}), 100001u);
  EXPECT_EQ(w.trap("count", {i32(10)}), "all fuel consumed");
}

TEST(InterpFuel, EveryKindOfBackEdgeStops) {
  for (const char* name : {"forever", "forever_if", "forever_table", "forever_tail"}) {
    WatInstance w(kLoops, with_fuel(100000));
    EXPECT_EQ(w.trap(name), "all fuel consumed") << name;
  }
}

TEST(InterpFuel, TrapCarriesTrace) {
  WatInstance w(kLoops, with_fuel(10));
  auto r = w.call("forever");
  ASSERT_FALSE(r);
  EXPECT_FALSE(w.store.last_trace().empty());
}

TEST(InterpInterrupt, FromAnotherThread) {
  WatInstance w(kLoops);
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    w.store.interrupt();
  });
  EXPECT_EQ(w.trap("forever"), "interrupted");
  t.join();
  // The interruption is consumed: the store runs again afterwards.
  EXPECT_EQ(w.value("count", {i32(100)}), 100u);
}

TEST(InterpInterrupt, BeforeRunningTrapsTheNextCall) {
  WatInstance w(kLoops);
  w.store.interrupt();
  EXPECT_EQ(w.trap("count", {i32(100)}), "interrupted");
  EXPECT_EQ(w.value("count", {i32(100)}), 100u);
}

}  // namespace
}  // namespace weft::core::test

// Interpreter: blocks, branches (incl. br_table and multi-value), calls, recursion limits, tail calls.
#include <gtest/gtest.h>

#include "../runtime/wat_instance.h"

namespace weft::core::test {
namespace {

TEST(InterpControl, BranchesCarryValues) {
  WatInstance w(R"((module
    (func (export "br_value") (result i32)
      (i32.add (i32.const 1) (block (result i32) (i32.const 7) (i64.const 3) (drop) (br 0 (i32.const 8)))))
    (func (export "br_if") (param i32) (result i32)
      (block (result i32) (br_if 0 (i32.const 10) (local.get 0)) (drop) (i32.const 20)))
    (func (export "table") (param i32) (result i32)
      (block (result i32)
        (block (result i32)
          (block (result i32) (br_table 0 1 2 (i32.const 100) (local.get 0)))
          (i32.add (i32.const 1)))
        (i32.add (i32.const 10))))
    (func (export "if") (param i32) (result i32)
      (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))
  ))");
  EXPECT_EQ(w.value("br_value"), 9u);
  EXPECT_EQ(w.value("br_if", {i32(1)}), 10u);
  EXPECT_EQ(w.value("br_if", {i32(0)}), 20u);
  EXPECT_EQ(w.value("table", {i32(0)}), 111u);
  EXPECT_EQ(w.value("table", {i32(1)}), 110u);
  EXPECT_EQ(w.value("table", {i32(2)}), 100u);
  EXPECT_EQ(w.value("table", {i32(99)}), 100u);
  EXPECT_EQ(w.value("if", {i32(5)}), 1u);
  EXPECT_EQ(w.value("if", {i32(0)}), 2u);
}

TEST(InterpControl, MultiValueBlocksAndLoops) {
  WatInstance w(R"((module
    (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
    (func (export "sum") (param i32) (result i32) (local i32)
      (block (loop
        (br_if 1 (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br 0)))
      (local.get 1))
    (func (export "loop_params") (result i32) (local $n i32)
      (i32.const 0) (i32.const 5)
      (loop $l (param i32 i32) (result i32)
        (local.set $n)
        (i32.add (local.get $n))
        (i32.sub (local.get $n) (i32.const 1))
        (br_if $l (i32.ne (local.get $n) (i32.const 1)))
        (drop)))
    (func (export "pair") (result i32)
      (block (result i32 i32) (i32.const 3) (i32.const 4))
      (i32.sub))
  ))");
  auto r = w.call("swap", {i32(1), i32(2)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].bits, 2u);
  EXPECT_EQ((*r)[1].bits, 1u);
  EXPECT_EQ(w.value("sum", {i32(100)}), 5050u);
  EXPECT_EQ(w.value("pair"), uint32_t(-1));
  EXPECT_EQ(w.value("loop_params"), 15u);
}

TEST(InterpControl, RecursionAndItsLimit) {
  const char* wat = R"((module
    (func $fac (export "fac") (param i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
        (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
    (func $runaway (export "runaway") (call $runaway))
  ))";
  StoreLimits limits;
  limits.max_call_depth = 500;
  WatInstance w(wat, limits);
  EXPECT_EQ(w.value("fac", {i64(20)}), 2432902008176640000ull);
  EXPECT_EQ(w.trap("runaway"), "call stack exhausted");
  EXPECT_EQ(w.trap("fac", {i64(1000)}), "call stack exhausted");
  EXPECT_EQ(w.value("fac", {i64(5)}), 120u);  // the store is usable after exhaustion
}

TEST(InterpControl, TailCallsRunInConstantSpace) {
  StoreLimits limits;
  limits.max_call_depth = 100;
  WatInstance w(R"((module
    (type $t (func (param i64 i64) (result i64)))
    (table funcref (elem $even_odd))
    (func $count (export "count") (param i64 i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
        (else (return_call $count (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 2))))))
    (func $even_odd (export "indirect") (param i64 i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
        (else (return_call_indirect (type $t) (i64.sub (local.get 0) (i64.const 1)) (local.get 0) (i32.const 0)))))
  ))", limits);
  EXPECT_EQ(w.value("count", {i64(1000000), i64(0)}), 2000000u);
  EXPECT_EQ(w.value("indirect", {i64(100000), i64(7)}), 1u);
}

TEST(InterpControl, CallIndirectChecks) {
  WatInstance w(R"((module
    (type $ii (func (param i32) (result i32)))
    (table 3 funcref)
    (elem (i32.const 0) $double $nothing)
    (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
    (func $nothing)
    (func (export "call") (param i32 i32) (result i32) (call_indirect (type $ii) (local.get 1) (local.get 0)))
  ))");
  EXPECT_EQ(w.value("call", {i32(0), i32(21)}), 42u);
  EXPECT_EQ(w.trap("call", {i32(1), i32(0)}), "indirect call type mismatch");
  EXPECT_EQ(w.trap("call", {i32(2), i32(0)}), "uninitialized element 2");
  EXPECT_EQ(w.trap("call", {i32(3), i32(0)}), "undefined element");
}

TEST(InterpControl, HostFunctionsSeeTheCaller) {
  Store store;
  InstanceAddr seen = kNoInstance - 1;
  FuncAddr host = store.add_host_func(FuncType{{ValType::I32}, {ValType::I32}},
                                      [&](HostContext& ctx, std::span<const Value> args, std::span<Value> results) -> Result<void> {
                                        seen = ctx.caller;
                                        if (args[0].as_u32() == 0) return make_error(Phase::Host, {}, "host says no");
                                        results[0] = Value::i32(args[0].as_u32() + 1);
                                        return {};
                                      });
  auto vm = load_wat(R"((module (import "h" "f" (func $f (param i32) (result i32)))
    (func (export "g") (param i32) (result i32) (i32.mul (call $f (local.get 0)) (i32.const 10)))))");
  ASSERT_TRUE(vm);
  std::vector<Extern> imports{{ExternKind::Func, host}};
  auto inst = store.instantiate(*vm, imports);
  ASSERT_TRUE(inst);
  auto g = store.find_export(*inst, "g");
  auto r = store.invoke(g->addr, std::vector<Value>{Value::i32(4)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].as_u32(), 50u);
  EXPECT_EQ(seen, *inst);
  auto bad = store.invoke(g->addr, std::vector<Value>{Value::i32(0)});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "host says no");
}

TEST(InterpControl, HostFunctionsMayCallBackIn) {
  Store store;
  FuncAddr f = 0;
  FuncAddr host = store.add_host_func(FuncType{{ValType::I32}, {ValType::I32}},
                                      [&](HostContext& ctx, std::span<const Value> args, std::span<Value> results) -> Result<void> {
                                        WEFT_TRY(r, ctx.store.invoke(f, args));
                                        results[0] = r[0];
                                        return {};
                                      });
  auto vm = load_wat(R"((module (import "h" "f" (func $h (param i32) (result i32)))
    (func (export "f") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (i32.add (call $h (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
        (else (i32.const 0))))))");
  ASSERT_TRUE(vm);
  std::vector<Extern> imports{{ExternKind::Func, host}};
  auto inst = store.instantiate(*vm, imports);
  ASSERT_TRUE(inst);
  f = store.find_export(*inst, "f")->addr;
  auto r = store.invoke(f, std::vector<Value>{Value::i32(5)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].as_u32(), 5u);
  auto deep = store.invoke(f, std::vector<Value>{Value::i32(1000000)});
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().message, "call stack exhausted");
  r = store.invoke(f, std::vector<Value>{Value::i32(3)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].as_u32(), 3u);
}

}  // namespace
}  // namespace weft::core::test

// Store: instantiation (linking, segments, start), exports and host-side accessors.
#include <gtest/gtest.h>

#include "core/runtime/instance.h"
#include "wat_instance.h"

namespace weft::core::test {
namespace {

TEST(Store, ImportTypesAreMatchedWithLimitsSubtyping) {
  Store store;
  auto mem = store.add_memory(MemoryType{Limits{2, 4}});
  ASSERT_TRUE(mem);
  auto fits = load_wat(R"((module (import "m" "mem" (memory 1 5))))");
  auto too_big = load_wat(R"((module (import "m" "mem" (memory 3))))");
  auto no_max = load_wat(R"((module (import "m" "mem" (memory 1 3))))");
  auto func = load_wat(R"((module (import "m" "f" (func))))");
  ASSERT_TRUE(fits && too_big && no_max && func);
  std::vector<Extern> imports{{ExternKind::Memory, *mem}};
  EXPECT_TRUE(store.instantiate(*fits, imports));
  auto r = store.instantiate(*too_big, imports);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::Link);
  EXPECT_EQ(r.error().message, "incompatible import type");
  EXPECT_FALSE(store.instantiate(*no_max, imports));
  EXPECT_FALSE(store.instantiate(*func, imports));
}

TEST(Store, SegmentsApplyInOrderAndStayOnFailure) {
  Store store;
  auto mem = store.add_memory(MemoryType{Limits{1, std::nullopt}});
  ASSERT_TRUE(mem);
  auto vm = load_wat(R"((module (import "m" "mem" (memory 1))
    (data (i32.const 0) "ab")
    (data (i32.const 65535) "cd")))");
  ASSERT_TRUE(vm);
  std::vector<Extern> imports{{ExternKind::Memory, *mem}};
  auto r = store.instantiate(*vm, imports);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::Instantiate);
  EXPECT_EQ(r.error().message, "out of bounds memory access");
  EXPECT_EQ(store.memory_data(*mem)[1], 'b');  // the first segment was written
}

TEST(Store, StartFunctionRunsAndItsTrapFailsInstantiation) {
  Store store;
  auto ok = load_wat(R"((module (global $g (export "g") (mut i32) (i32.const 0))
    (func $s (global.set $g (i32.const 9))) (start $s)))");
  auto bad = load_wat(R"((module (func $s (unreachable)) (start $s)))");
  ASSERT_TRUE(ok && bad);
  auto inst = store.instantiate(*ok, {});
  ASSERT_TRUE(inst);
  auto g = store.find_export(*inst, "g");
  ASSERT_TRUE(g);
  EXPECT_EQ(store.global_get(g->addr).as_u32(), 9u);
  auto r = store.instantiate(*bad, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::Instantiate);
  EXPECT_EQ(r.error().message, "unreachable");
}

TEST(Store, ExportsAndAccessors) {
  WatInstance w(R"((module
    (memory (export "mem") 1 2)
    (table (export "tab") 3 funcref)
    (global (export "gm") (mut f64) (f64.const 1.5))
    (func (export "f") (param i32) (result i32) (local.get 0))
    (elem (i32.const 1) func 0)
  ))");
  auto ex = w.store.exports(w.inst);
  ASSERT_EQ(ex.size(), 4u);
  EXPECT_EQ(ex[0].first, "mem");
  EXPECT_EQ(w.store.memory_pages(ex[0].second.addr), 1u);
  EXPECT_EQ(w.store.memory_type(ex[0].second.addr).limits.max, 2u);
  EXPECT_EQ(w.store.table_type(ex[1].second.addr).limits.min, 3u);
  auto elem = w.store.table_get(ex[1].second.addr, 1);
  ASSERT_TRUE(elem);
  EXPECT_EQ(*elem, (Ref{uint64_t(ex[3].second.addr) + 1}));
  EXPECT_FALSE(w.store.table_get(ex[1].second.addr, 3));
  EXPECT_TRUE(w.store.global_set(ex[2].second.addr, Value::f64(2.5)));
  EXPECT_EQ(w.store.global_get(ex[2].second.addr).as_f64(), 2.5);
  EXPECT_FALSE(w.store.global_set(ex[2].second.addr, Value::i32(1)));
  auto bad_args = w.store.invoke(ex[3].second.addr, std::vector<Value>{Value::i64(1)});
  ASSERT_FALSE(bad_args);
  EXPECT_EQ(bad_args.error().phase, Phase::Usage);
}

TEST(Store, CodeIsSharedBetweenInstances) {
  auto vm = load_wat(R"((module (func (export "f") (result i32) (i32.const 3))))");
  ASSERT_TRUE(vm);
  Store a, b;
  auto ia = a.instantiate(*vm, {});
  auto ib = b.instantiate(*vm, {});
  ASSERT_TRUE(ia && ib);
  auto ib2 = b.instantiate(*vm, {});
  ASSERT_TRUE(ib2);
  auto fa = a.find_export(*ia, "f");
  auto fb = b.find_export(*ib2, "f");
  EXPECT_EQ(a.impl().funcs[fa->addr].entry, b.impl().funcs[fb->addr].entry);
}

}  // namespace
}  // namespace weft::core::test

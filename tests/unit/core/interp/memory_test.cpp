// Interpreter: loads and stores with bounds, memory.grow, bulk memory, globals and tables.
#include <gtest/gtest.h>

#include "../runtime/wat_instance.h"

namespace weft::core::test {
namespace {

TEST(InterpMemory, LoadsStoresAndBounds) {
  WatInstance w(R"((module
    (memory 1 3)
    (data (i32.const 8) "\01\02\03\04\ff")
    (func (export "load") (param i32) (result i32) (i32.load offset=8 (local.get 0)))
    (func (export "load8_s") (param i32) (result i64) (i64.load8_s (local.get 0)))
    (func (export "store") (param i32 i64) (i64.store16 (local.get 0) (local.get 1)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "size") (result i32) (memory.size))
  ))");
  EXPECT_EQ(w.value("load", {i32(0)}), 0x04030201u);
  EXPECT_EQ(w.value("load8_s", {i32(12)}), ~0ull);
  EXPECT_EQ(w.trap("load", {i32(65536 - 11)}), "out of bounds memory access");
  EXPECT_EQ(w.trap("load", {i32(0xfffffffc)}), "out of bounds memory access");
  EXPECT_EQ(w.value("store", {i32(65534), i64(0x1234)}), 0u);
  EXPECT_EQ(w.trap("store", {i32(65535), i64(0)}), "out of bounds memory access");
  EXPECT_EQ(w.value("grow", {i32(1)}), 1u);
  EXPECT_EQ(w.value("size"), 2u);
  EXPECT_EQ(w.value("load", {i32(65535)}), 0u);  // the new page is zeroed and reachable
  EXPECT_EQ(w.value("grow", {i32(2)}), 0xffffffffu);  // over the maximum
  EXPECT_EQ(w.value("grow", {i32(1)}), 2u);
}

TEST(InterpMemory, StoreLimitCapsGrowth) {
  StoreLimits limits;
  limits.max_memory_pages = 2;
  WatInstance w(R"((module (memory 1)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))", limits);
  EXPECT_EQ(w.value("grow", {i32(2)}), 0xffffffffu);
  EXPECT_EQ(w.value("grow", {i32(1)}), 1u);
}

TEST(InterpMemory, BulkMemory) {
  WatInstance w(R"((module
    (memory 1)
    (data $d "hello")
    (func (export "init") (param i32 i32 i32) (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
    (func (export "drop") (data.drop $d))
    (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
    (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
    (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0)))
  ))");
  w.value("init", {i32(10), i32(1), i32(4)});
  EXPECT_EQ(w.value("byte", {i32(10)}), uint32_t('e'));
  EXPECT_EQ(w.trap("init", {i32(0), i32(2), i32(4)}), "out of bounds memory access");
  w.value("copy", {i32(11), i32(10), i32(4)});  // overlapping, like memmove
  EXPECT_EQ(w.value("byte", {i32(14)}), uint32_t('o'));
  w.value("fill", {i32(100), i32(0x1ff), i32(3)});
  EXPECT_EQ(w.value("byte", {i32(102)}), 0xffu);
  EXPECT_EQ(w.trap("fill", {i32(65535), i32(0), i32(2)}), "out of bounds memory access");
  w.value("drop");
  EXPECT_EQ(w.trap("init", {i32(0), i32(0), i32(1)}), "out of bounds memory access");
  EXPECT_EQ(w.value("init", {i32(0), i32(0), i32(0)}), 0u);  // zero length is fine after a drop
}

TEST(InterpMemory, GlobalsAndTables) {
  WatInstance w(R"((module
    (global $g (mut i64) (i64.const 5))
    (global $k i32 (i32.add (i32.const 40) (i32.const 2)))
    (table $t 2 10 funcref)
    (func $f (result i32) (i32.const 7))
    (elem declare func $f)
    (func (export "bump") (result i64) (global.set $g (i64.add (global.get $g) (i64.const 1))) (global.get $g))
    (func (export "k") (result i32) (global.get $k))
    (func (export "grow") (param i32) (result i32) (table.grow $t (ref.func $f) (local.get 0)))
    (func (export "size") (result i32) (table.size $t))
    (func (export "is_null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
    (func (export "fill") (param i32 i32) (table.fill $t (local.get 0) (ref.null func) (local.get 1)))
  ))");
  EXPECT_EQ(w.value("bump"), 6u);
  EXPECT_EQ(w.value("bump"), 7u);
  EXPECT_EQ(w.value("k"), 42u);
  EXPECT_EQ(w.value("grow", {i32(3)}), 2u);
  EXPECT_EQ(w.value("size"), 5u);
  EXPECT_EQ(w.value("is_null", {i32(1)}), 1u);
  EXPECT_EQ(w.value("is_null", {i32(4)}), 0u);
  EXPECT_EQ(w.trap("is_null", {i32(5)}), "out of bounds table access");
  EXPECT_EQ(w.value("grow", {i32(6)}), 0xffffffffu);
  w.value("fill", {i32(2), i32(3)});
  EXPECT_EQ(w.value("is_null", {i32(4)}), 1u);
  EXPECT_EQ(w.trap("fill", {i32(4), i32(2)}), "out of bounds table access");
}

}  // namespace
}  // namespace weft::core::test

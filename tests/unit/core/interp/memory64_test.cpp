// memory64 and table64: i64 addresses in the interpreter, and what loading rejects.
#include <gtest/gtest.h>

#include "../binary/wasm_builder.h"
#include "../runtime/wat_instance.h"

namespace weft::core::test {
namespace {

std::string load_error(std::string_view wat) {
  auto vm = load_wat(wat);
  return vm ? "ok" : vm.error().message;
}

std::string load_error(std::vector<uint8_t> bytes, Features features = {}) {
  auto vm = load_module(bytes, features);
  return vm ? "ok" : vm.error().message;
}

TEST(Memory64, LoadsAndStoresWithI64Addresses) {
  WatInstance w(R"((module
    (memory i64 1 2)
    (data (i64.const 8) "\01\02\03\04")
    (func (export "load") (param i64) (result i32) (i32.load offset=8 (local.get 0)))
    (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
    (func (export "size") (result i64) (memory.size))
    (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  ))");
  EXPECT_EQ(w.value("load", {i64(0)}), 0x04030201u);
  EXPECT_EQ(w.value("store", {i64(65528), i64(7)}), 0u);
  EXPECT_EQ(w.trap("store", {i64(65529), i64(7)}), "out of bounds memory access");
  EXPECT_EQ(w.value("size"), 1u);
  EXPECT_EQ(w.value("grow", {i64(1)}), 1u);
  EXPECT_EQ(w.value("grow", {i64(1)}), ~0ull);  // over the maximum: -1 as an i64
}

// Address + offset + access size wraps past 2^64 here: a bounds check that adds
// them up would pass and read at a small address.
TEST(Memory64, AccessesNearTwoToTheSixtyFourTrap) {
  WatInstance w(R"((module
    (memory i64 1)
    (func (export "load") (param i64) (result i64) (i64.load (local.get 0)))
    (func (export "load_off") (param i64) (result i32) (i32.load offset=0xffff_ffff_ffff_fff0 (local.get 0)))
    (func (export "store_off") (param i64) (i32.store8 offset=0xffff_ffff_ffff_ffff (local.get 0) (i32.const 1)))
    (func (export "fill") (param i64 i64) (memory.fill (local.get 0) (i32.const 0) (local.get 1)))
  ))");
  EXPECT_EQ(w.trap("load", {i64(~0ull)}), "out of bounds memory access");
  EXPECT_EQ(w.trap("load", {i64(~0ull - 3)}), "out of bounds memory access");
  EXPECT_EQ(w.trap("load_off", {i64(0x10)}), "out of bounds memory access");  // sum is exactly 2^64
  EXPECT_EQ(w.trap("load_off", {i64(0x14)}), "out of bounds memory access");  // sum wraps to 4
  EXPECT_EQ(w.trap("store_off", {i64(1)}), "out of bounds memory access");
  EXPECT_EQ(w.trap("fill", {i64(1), i64(~0ull)}), "out of bounds memory access");
  EXPECT_EQ(w.value("fill", {i64(0), i64(65536)}), 0u);
}

TEST(Memory64, CopyBetweenI32AndI64Memories) {
  WatInstance w(R"((module
    (memory $m32 1)
    (memory $m64 i64 1)
    (data (memory $m32) (i32.const 0) "abcd")
    ;; the length has the smaller address type: i32 here
    (func (export "copy") (param i64 i32 i32) (memory.copy $m64 $m32 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "byte") (param i64) (result i32) (i32.load8_u $m64 (local.get 0)))
  ))");
  EXPECT_EQ(w.value("copy", {i64(100), i32(0), i32(4)}), 0u);
  EXPECT_EQ(w.value("byte", {i64(103)}), uint64_t('d'));
  EXPECT_EQ(w.trap("copy", {i64(~0ull - 1), i32(0), i32(4)}), "out of bounds memory access");
}

// An i64 memory bigger than 4 GiB is only reserved: nothing of it is touched here.
TEST(Memory64, MemoryBeyondFourGiBIsReservedNotCommitted) {
  WatInstance w(R"((module
    (memory i64 0x1_0002)
    (func (export "store") (param i64 i32) (i32.store (local.get 0) (local.get 1)))
    (func (export "load") (param i64) (result i32) (i32.load (local.get 0)))
  ))");
  const uint64_t past_4g = (uint64_t{1} << 32) + 16;
  EXPECT_EQ(w.value("store", {i64(past_4g), i32(42)}), 0u);
  EXPECT_EQ(w.value("load", {i64(past_4g)}), 42u);
  EXPECT_EQ(w.trap("load", {i64(uint64_t{0x1'0002} * 65536 - 3)}), "out of bounds memory access");
}

TEST(Memory64, CallIndirectThroughTable64) {
  WatInstance w(R"((module
    (table $t i64 2 funcref)
    (elem (table $t) (i64.const 1) func $seven)
    (func $seven (result i32) (i32.const 7))
    (func (export "call") (param i64) (result i32) (call_indirect $t (result i32) (local.get 0)))
    (func (export "size") (result i64) (table.size $t))
  ))");
  EXPECT_EQ(w.value("call", {i64(1)}), 7u);
  EXPECT_EQ(w.trap("call", {i64(uint64_t{1} << 32 | 1)}), "undefined element");
  EXPECT_EQ(w.value("size"), 2u);
}

TEST(Memory64, InvalidModulesSayWhy) {
  EXPECT_EQ(load_error("(module (memory i64 0x1_0000_0000_0001))"), "memory size must be at most 2^48 pages");
  EXPECT_EQ(load_error("(module (memory 0x1_0001))"), "memory size must be at most 65536 pages (4GiB)");
  // 3.0 reads every limit as a u64: too large for an i32 memory is invalid, not malformed
  EXPECT_EQ(load_error("(module (memory 0x1_0000_0000))"), "memory size must be at most 65536 pages (4GiB)");
  EXPECT_EQ(load_error("(module (table 0x1_0000_0000 funcref))"), "table size must be at most 2^32-1");
  EXPECT_EQ(load_error("(module (table i64 0x1_0000_0000 funcref))"), "ok");
  EXPECT_EQ(load_error("(module (memory i64 2 1))"), "size minimum must not be greater than maximum");
  // i32 addresses on an i64 memory, and the other way round
  EXPECT_EQ(load_error("(module (memory i64 1) (func (drop (i32.load (i32.const 0)))))"), "type mismatch");
  EXPECT_EQ(load_error("(module (memory 1) (func (drop (i32.load (i64.const 0)))))"), "type mismatch");
  EXPECT_EQ(load_error("(module (memory i64 1) (func (drop (memory.grow (i32.const 0)))))"), "type mismatch");
  EXPECT_EQ(load_error("(module (memory i64 1) (data (i32.const 0) \"\"))"), "type mismatch");
  // offsets of 2^32 and more need an i64 memory
  EXPECT_EQ(load_error("(module (memory 1) (func (drop (i32.load offset=0x1_0000_0000 (i32.const 0)))))"),
            "offset out of range");
  EXPECT_EQ(load_error("(module (memory i64 1) (func (drop (i32.load offset=0x1_0000_0000 (i64.const 0)))))"), "ok");
}

TEST(Memory64, MalformedAndDisabled) {
  // memory section: one memory, flags 0x04 (i64, no max), min as an 11-byte LEB128
  std::vector<uint8_t> too_long = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x0d, 0x01, 0x04,
                                   0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  EXPECT_EQ(load_error(too_long), "integer representation too long");
  std::vector<uint8_t> i64_memory = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x04, 0x01};
  EXPECT_EQ(load_error(i64_memory), "ok");
  Features no_memory64;
  no_memory64.memory64 = false;
  EXPECT_EQ(load_error(i64_memory, no_memory64),
            "64-bit memories and tables require the memory64 feature, which is disabled");
  // without memory64, limits are u32 (2.0): min 2^32 is malformed
  std::vector<uint8_t> big_min = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x07, 0x01, 0x00,
                                  0x80, 0x80, 0x80, 0x80, 0x10};
  EXPECT_EQ(load_error(big_min, no_memory64), "integer too large");
  EXPECT_EQ(load_error(big_min), "memory size must be at most 65536 pages (4GiB)");
  std::vector<uint8_t> bad_flags = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x08, 0x01};
  EXPECT_EQ(load_error(bad_flags), "integer too large");
}

}  // namespace
}  // namespace weft::core::test

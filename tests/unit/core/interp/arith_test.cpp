// Interpreter: numeric operators, traps with the spec's texts, and float bit exactness.
#include <gtest/gtest.h>

#include <cmath>

#include "../runtime/wat_instance.h"

namespace weft::core::test {
namespace {

TEST(InterpArith, IntegerOps) {
  WatInstance w(R"((module
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "sub_imm") (param i32) (result i32) (i32.sub (local.get 0) (i32.const 5)))
    (func (export "const_left") (param i32) (result i32) (i32.sub (i32.const 5) (local.get 0)))
    (func (export "rotl") (param i64 i64) (result i64) (i64.rotl (local.get 0) (local.get 1)))
    (func (export "shr_s") (param i32) (result i32) (i32.shr_s (local.get 0) (i32.const 33)))
    (func (export "clz") (param i64) (result i64) (i64.clz (local.get 0)))
    (func (export "ext8") (param i32) (result i32) (i32.extend8_s (local.get 0)))
  ))");
  EXPECT_EQ(w.value("add", {i32(2), i32(0xffffffff)}), 1u);
  EXPECT_EQ(w.value("sub_imm", {i32(3)}), 0xfffffffeu);
  EXPECT_EQ(w.value("const_left", {i32(3)}), 2u);
  EXPECT_EQ(w.value("rotl", {i64(0x8000000000000001ull), i64(65)}), 3u);
  EXPECT_EQ(w.value("shr_s", {i32(0x80000000u)}), 0xc0000000u);
  EXPECT_EQ(w.value("clz", {i64(1)}), 63u);
  EXPECT_EQ(w.value("ext8", {i32(0x80)}), 0xffffff80u);
}

TEST(InterpArith, DivisionTraps) {
  WatInstance w(R"((module
    (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "rem_s") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
  ))");
  EXPECT_EQ(w.value("div_s", {i32(uint32_t(-7)), i32(2)}), uint32_t(-3));
  EXPECT_EQ(w.trap("div_s", {i32(1), i32(0)}), "integer divide by zero");
  EXPECT_EQ(w.trap("div_s", {i32(0x80000000u), i32(uint32_t(-1))}), "integer overflow");
  EXPECT_EQ(w.value("rem_s", {i64(0x8000000000000000ull), i64(~0ull)}), 0u);
}

TEST(InterpArith, Conversions) {
  WatInstance w(R"((module
    (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
    (func (export "trunc_u") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
    (func (export "sat") (param f64) (result i32) (i32.trunc_sat_f64_u (local.get 0)))
  ))");
  EXPECT_EQ(w.value("trunc", {Value::f64(-2147483648.9)}), 0x80000000u);
  EXPECT_EQ(w.trap("trunc", {Value::f64(2147483648.0)}), "integer overflow");
  EXPECT_EQ(w.trap("trunc", {Value::f64(std::nan(""))}), "invalid conversion to integer");
  EXPECT_EQ(w.value("trunc_u", {Value::f32(-0.9f)}), 0u);
  EXPECT_EQ(w.value("sat", {Value::f64(-5.0)}), 0u);
  EXPECT_EQ(w.value("sat", {Value::f64(1e20)}), 0xffffffffu);
}

TEST(InterpArith, FloatBitsAreKept) {
  WatInstance w(R"((module
    (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0)))
    (func (export "id") (param f64) (result f64) (local.get 0))
    (func (export "min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
    (func (export "nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
  ))");
  EXPECT_EQ(w.value("neg", {Value::f32_bits(0x7fa00001)}), 0xffa00001u);  // signalling NaN, sign flipped only
  EXPECT_EQ(w.value("id", {Value::f64_bits(0x7ff0000000000001ull)}), 0x7ff0000000000001ull);
  EXPECT_EQ(w.value("min", {Value::f64(0.0), Value::f64(-0.0)}), 0x8000000000000000ull);
  EXPECT_EQ(w.value("nearest", {Value::f32(2.5f)}), Value::f32(2.0f).bits);
  EXPECT_EQ(w.value("nearest", {Value::f32(-0.5f)}), Value::f32(-0.0f).bits);
}

TEST(InterpArith, TrapsCarryATrace) {
  WatInstance w(R"((module
    (func $inner (unreachable))
    (func $outer (export "outer") (call $inner))
  ))");
  EXPECT_EQ(w.trap("outer"), "unreachable");
  const auto& trace = w.store.last_trace();
  ASSERT_EQ(trace.size(), 2u);
  EXPECT_NE(trace[0].find("inner (func 0)"), std::string::npos) << trace[0];
  EXPECT_NE(trace[1].find("outer (func 1)"), std::string::npos) << trace[1];
}

}  // namespace
}  // namespace weft::core::test

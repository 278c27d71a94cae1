// Number literals: integer ranges and exactly rounded float bit patterns.
#include "core/text/numbers.h"

#include <gtest/gtest.h>

namespace weft::core::text {
namespace {

constexpr NumError kSyntax = NumError::Syntax;
constexpr NumError kRange = NumError::Range;

template <class T>
testing::AssertionResult is_error(const std::expected<T, NumError>& r, NumError e) {
  if (!r && r.error() == e) return testing::AssertionSuccess();
  return testing::AssertionFailure() << (r ? "parsed" : "other error");
}

TEST(Numbers, Unsigned) {
  EXPECT_EQ(parse_u32("0"), 0u);
  EXPECT_EQ(parse_u32("4294967295"), 0xffffffffu);
  EXPECT_EQ(parse_u32("0xFFFF_ffff"), 0xffffffffu);
  EXPECT_EQ(parse_u32("1_000"), 1000u);
  EXPECT_TRUE(is_error(parse_u32("4294967296"), kRange));
  EXPECT_EQ(parse_u64("18446744073709551615"), UINT64_MAX);
  EXPECT_TRUE(is_error(parse_u64("18446744073709551616"), kRange));
  for (const char* bad : {"", "0x", "_1", "1_", "1__0", "0x_1", "+1", "-1", "1a", "0X1"})
    EXPECT_TRUE(is_error(parse_u64(bad), kSyntax)) << bad;
}

TEST(Numbers, SignedAndUnsignedIntegers) {
  EXPECT_EQ(parse_i32("-1"), 0xffffffffu);
  EXPECT_EQ(parse_i32("-2147483648"), 0x80000000u);
  EXPECT_EQ(parse_i32("4294967295"), 0xffffffffu);
  EXPECT_EQ(parse_i32("-0x8000_0000"), 0x80000000u);
  EXPECT_EQ(parse_i32("+2147483647"), 0x7fffffffu);
  EXPECT_TRUE(is_error(parse_i32("-2147483649"), kRange));
  EXPECT_TRUE(is_error(parse_i32("4294967296"), kRange));
  EXPECT_TRUE(is_error(parse_i32("+2147483648"), kRange));
  EXPECT_EQ(parse_i64("-9223372036854775808"), 0x8000000000000000u);
  EXPECT_EQ(parse_i64("0xffffffffffffffff"), UINT64_MAX);
  EXPECT_TRUE(is_error(parse_i64("-9223372036854775809"), kRange));
  EXPECT_TRUE(is_error(parse_i64("--1"), kSyntax));
}

TEST(Numbers, F32Specials) {
  EXPECT_EQ(parse_f32("inf"), 0x7f800000u);
  EXPECT_EQ(parse_f32("-inf"), 0xff800000u);
  EXPECT_EQ(parse_f32("nan"), 0x7fc00000u);
  EXPECT_EQ(parse_f32("-nan"), 0xffc00000u);
  EXPECT_EQ(parse_f32("nan:0x1"), 0x7f800001u);
  EXPECT_EQ(parse_f32("+nan:0x7f_ffff"), 0x7fffffffu);
  EXPECT_TRUE(is_error(parse_f32("nan:0x0"), kRange));
  EXPECT_TRUE(is_error(parse_f32("nan:0x80_0000"), kRange));
  EXPECT_EQ(parse_f32("-0"), 0x80000000u);
  EXPECT_EQ(parse_f32("0.0"), 0u);
}

TEST(Numbers, F32Decimal) {
  EXPECT_EQ(parse_f32("1"), 0x3f800000u);
  EXPECT_EQ(parse_f32("1.5e+0_0"), 0x3fc00000u);
  EXPECT_EQ(parse_f32("1."), 0x3f800000u);
  EXPECT_EQ(parse_f32("3.4028234e38"), 0x7f7fffffu);
  EXPECT_TRUE(is_error(parse_f32("3.4028236e38"), kRange));  // rounds to infinity
  EXPECT_TRUE(is_error(parse_f32("1e39"), kRange));
  EXPECT_EQ(parse_f32("1e-45"), 0x00000001u);  // smallest subnormal
  EXPECT_EQ(parse_f32("8e-46"), 0x00000001u);  // above half of it
  EXPECT_EQ(parse_f32("7e-46"), 0x00000000u);  // below half of it
  EXPECT_EQ(parse_f32("1e-50"), 0x00000000u);  // underflows to zero
  EXPECT_EQ(parse_f32("-1e-400"), 0x80000000u);
  // 1 + 2^-24 is a tie between 1 and 1 + 2^-23: to even; just above it rounds up.
  EXPECT_EQ(parse_f32("1.000000059604644775390625"), 0x3f800000u);
  EXPECT_EQ(parse_f32("1.000000059604644775390626"), 0x3f800001u);
  for (const char* bad : {"1e", "1.e", ".5", "1._5", "1e+", "e1", "1.5.5", "0x", "infinity"})
    EXPECT_TRUE(is_error(parse_f32(bad), kSyntax)) << bad;
}

TEST(Numbers, F32Hex) {
  EXPECT_EQ(parse_f32("0x1p-149"), 0x00000001u);
  EXPECT_EQ(parse_f32("0x1p-150"), 0x00000000u);  // tie with zero: even
  EXPECT_EQ(parse_f32("0x1.000001p-150"), 0x00000001u);
  EXPECT_EQ(parse_f32("0x1.fffffep127"), 0x7f7fffffu);
  EXPECT_EQ(parse_f32("0x1.fffffefffffffffffp127"), 0x7f7fffffu);
  EXPECT_TRUE(is_error(parse_f32("0x1.ffffffp127"), kRange));
  EXPECT_TRUE(is_error(parse_f32("0x1p128"), kRange));
  EXPECT_EQ(parse_f32("0x1.fffffcp-127"), 0x007fffffu);  // largest subnormal, exact
  EXPECT_EQ(parse_f32("0x1.8p-149"), 0x00000002u);       // subnormal ties to even
  EXPECT_EQ(parse_f32("0x1.4p-148"), 0x00000002u);
  EXPECT_EQ(parse_f32("0x1.cp-148"), 0x00000004u);
  EXPECT_EQ(parse_f32("0x1.fffffep-127"), 0x00800000u);  // rounds up to the smallest normal
  // From const.wast: 0x1.00000100000000000p-50 is a tie (even: down); one more bit rounds up.
  EXPECT_EQ(parse_f32("+0x1.00000100000000000p-50"), 0x26800000u);
  EXPECT_EQ(parse_f32("+0x1.00000100000000001p-50"), 0x26800001u);
  EXPECT_EQ(parse_f32("0x1.000003p-50"), 0x26800002u);  // tie from odd: up
  EXPECT_EQ(parse_f32("0x0.0000000000000000000000001p+100"), 0x3f800000u);
  EXPECT_EQ(parse_f32("0x10_0000_0000_0000_0000_0000p-84"), 0x3f800000u);
  EXPECT_EQ(parse_f32("0x1p-100000000000"), 0u);
  EXPECT_TRUE(is_error(parse_f32("0x1p100000000000"), kRange));
  EXPECT_EQ(parse_f32("-0x0p0"), 0x80000000u);
}

TEST(Numbers, F64) {
  EXPECT_EQ(parse_f64("0x1p-1074"), 0x0000000000000001u);
  EXPECT_EQ(parse_f64("0x1.fffffffffffffp1023"), 0x7fefffffffffffffu);
  EXPECT_TRUE(is_error(parse_f64("0x1.fffffffffffff8p1023"), kRange));
  EXPECT_EQ(parse_f64("1.7976931348623157e308"), 0x7fefffffffffffffu);
  EXPECT_TRUE(is_error(parse_f64("1.7976931348623159e308"), kRange));
  EXPECT_EQ(parse_f64("2.2250738585072011e-308"), 0x000fffffffffffffu);
  EXPECT_EQ(parse_f64("4.9e-324"), 0x0000000000000001u);
  EXPECT_EQ(parse_f64("0.1"), 0x3fb999999999999au);
  EXPECT_EQ(parse_f64("nan:0xf_ffff_ffff_ffff"), 0x7fffffffffffffffu);
  EXPECT_EQ(parse_f64("-nan"), 0xfff8000000000000u);
  EXPECT_EQ(parse_f64("0x1.00000000000008p0"), 0x3ff0000000000000u);  // tie: even
  EXPECT_EQ(parse_f64("0x1.00000000000018p0"), 0x3ff0000000000002u);  // tie from odd: up
}

}  // namespace
}  // namespace weft::core::text

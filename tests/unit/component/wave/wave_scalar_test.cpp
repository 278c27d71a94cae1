// WAVE bools, integers, floats, chars and strings: parsing, canonical printing, errors.
#include <cmath>
#include <limits>

#include "wave_test_types.h"

namespace weft::component::wave::testing {
namespace {

const ValType kBool = prim(PrimValType::Bool), kU8 = prim(PrimValType::U8), kS8 = prim(PrimValType::S8),
              kU32 = prim(PrimValType::U32), kS64 = prim(PrimValType::S64), kU64 = prim(PrimValType::U64),
              kF32 = prim(PrimValType::F32), kF64 = prim(PrimValType::F64), kChar = prim(PrimValType::Char),
              kString = prim(PrimValType::String);

TEST(WaveScalar, Bools) {
  Types t;
  EXPECT_EQ(t.parse("true", kBool), Val::boolean(true));
  EXPECT_EQ(t.parse(" // c\n false // trailing", kBool), Val::boolean(false));
  EXPECT_EQ(t.print(Val::boolean(true), kBool), "true");
  EXPECT_EQ(t.error("%true", kBool), "1:1: expected bool, found \"%true\"");
  EXPECT_EQ(t.error("1", kBool), "1:1: expected bool, found \"1\"");
}

TEST(WaveScalar, IntegersAtTheirLimits) {
  Types t;
  EXPECT_EQ(t.parse("255", kU8), Val::u8(255));
  EXPECT_EQ(t.parse("-128", kS8), Val::s8(-128));
  EXPECT_EQ(t.parse("-0", kS8), Val::s8(0));
  EXPECT_EQ(t.parse("4294967295", kU32), Val::u32(4294967295u));
  EXPECT_EQ(t.parse("-9223372036854775808", kS64), Val::s64(INT64_MIN));
  EXPECT_EQ(t.parse("18446744073709551615", kU64), Val::u64(UINT64_MAX));
  EXPECT_EQ(t.print(Val::s64(INT64_MIN), kS64), "-9223372036854775808");
  EXPECT_EQ(t.print(Val::s64(INT64_MAX), kS64), "9223372036854775807");
  EXPECT_EQ(t.print(Val::u64(UINT64_MAX), kU64), "18446744073709551615");
  EXPECT_EQ(t.print(Val::s8(-5), kS8), "-5");
}

TEST(WaveScalar, IntegerErrors) {
  Types t;
  EXPECT_EQ(t.error("256", kU8), "1:1: integer out of range for u8");
  EXPECT_EQ(t.error("-1", kU8), "1:1: integer out of range for u8");
  EXPECT_EQ(t.error("128", kS8), "1:1: integer out of range for s8");
  EXPECT_EQ(t.error("-129", kS8), "1:1: integer out of range for s8");
  EXPECT_EQ(t.error("18446744073709551616", kU64), "1:1: integer out of range for u64");
  EXPECT_EQ(t.error("9223372036854775808", kS64), "1:1: integer out of range for s64");
  EXPECT_EQ(t.error("abc", kU32), "1:1: expected u32, found \"abc\"");
  EXPECT_EQ(t.error("  1.5", kU32), "1:3: expected u32, found \"1.5\"");
  EXPECT_EQ(t.error("1e3", kU32), "1:1: expected u32, found \"1e3\"");
  EXPECT_EQ(t.error("01", kU32), "1:1: invalid number \"01\"");
  EXPECT_EQ(t.error("+1", kU32), "1:1: unexpected character '+'");
  EXPECT_EQ(t.error("1 2", kU32), "1:3: unexpected \"2\" after the value");
  EXPECT_EQ(t.error("", kU32), "1:1: expected u32, found end of input");
}

TEST(WaveScalar, FloatsParse) {
  Types t;
  EXPECT_EQ(t.parse("3.14", kF64), Val::f64(3.14));
  EXPECT_EQ(t.parse("6.022e+23", kF64), Val::f64(6.022e23));
  EXPECT_EQ(t.parse("-inf", kF64), Val::f64(-std::numeric_limits<double>::infinity()));
  EXPECT_EQ(t.parse("inf", kF32), Val::f32(std::numeric_limits<float>::infinity()));
  EXPECT_EQ(t.parse("nan", kF64).bits, 0x7ff8000000000000u);  // the canonical NaN
  EXPECT_EQ(t.parse("nan", kF32).bits, 0x7fc00000u);
  EXPECT_EQ(t.parse("1e400", kF64), Val::f64(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(t.parse("-1e400", kF64), Val::f64(-std::numeric_limits<double>::infinity()));
  EXPECT_EQ(t.parse("1e39", kF32), Val::f32(std::numeric_limits<float>::infinity()));
  EXPECT_EQ(t.parse("1e-400", kF64), Val::f64(0.0));
  EXPECT_EQ(t.parse("-0.7e-45", kF32), Val::f32(-0.0f));
  EXPECT_EQ(t.parse("0.000000000000000000000000000000000000000000001", kF32),
            Val::f32(std::numeric_limits<float>::denorm_min()));
  // f32 is rounded once, from the decimal: 16777217 is halfway between two floats.
  EXPECT_EQ(t.parse("16777217", kF32), Val::f32(16777216.0f));
  EXPECT_EQ(t.error("-nan", kF64), "1:1: invalid number \"-nan\"");
  EXPECT_EQ(t.error("NaN", kF64), "1:1: invalid label \"NaN\"");
  EXPECT_EQ(t.error("infinity", kF64), "1:1: expected f64, found \"infinity\"");
  EXPECT_EQ(t.error("1.", kF64), "1:1: invalid number \"1.\"");
  EXPECT_EQ(t.error(".5", kF64), "1:1: unexpected character '.'");
}

TEST(WaveScalar, FloatsPrintShortestWithoutExponent) {
  Types t;
  EXPECT_EQ(t.print(Val::f64(0.1), kF64), "0.1");
  EXPECT_EQ(t.print(Val::f32(0.1f), kF32), "0.1");
  EXPECT_EQ(t.print(Val::f64(1.0), kF64), "1");
  EXPECT_EQ(t.print(Val::f64(-0.0), kF64), "-0");
  EXPECT_EQ(t.print(Val::f64(123.456), kF64), "123.456");
  EXPECT_EQ(t.print(Val::f64(1e100), kF64), "1" + std::string(100, '0'));
  EXPECT_EQ(t.print(Val::f64(1.5e-7), kF64), "0.00000015");
  EXPECT_EQ(t.print(Val::f64(std::numeric_limits<double>::denorm_min()), kF64), "0." + std::string(323, '0') + "5");
  EXPECT_EQ(t.print(Val::f32(std::numeric_limits<float>::max()), kF32), "340282350000000000000000000000000000000");
  EXPECT_EQ(t.print(Val::f32(std::numeric_limits<float>::denorm_min()), kF32),
            "0.000000000000000000000000000000000000000000001");
  EXPECT_EQ(t.print(Val::f64(-std::numeric_limits<double>::infinity()), kF64), "-inf");
  Val payload_nan;
  payload_nan.kind = ValKind::F64;
  payload_nan.bits = 0xfff0000000000001u;
  EXPECT_EQ(t.print(payload_nan, kF64), "nan");
  for (double d : {0.1, 1e100, 5e-324, 1.7976931348623157e308, -2.5, 1e21, 123456789012345680.0}) {
    EXPECT_EQ(t.parse(t.print(Val::f64(d), kF64), kF64), Val::f64(d)) << d;
  }
}

TEST(WaveScalar, Chars) {
  Types t;
  EXPECT_EQ(t.parse("'x'", kChar), Val::character('x'));
  EXPECT_EQ(t.parse("'☃'", kChar), Val::character(0x2603));
  EXPECT_EQ(t.parse("'\\''", kChar), Val::character('\''));
  EXPECT_EQ(t.parse("'\"'", kChar), Val::character('"'));
  EXPECT_EQ(t.parse("'\\u{0}'", kChar), Val::character(0));
  EXPECT_EQ(t.parse("'\\u{10FFFF}'", kChar), Val::character(0x10ffff));
  EXPECT_EQ(t.print(Val::character('\''), kChar), "'\\''");
  EXPECT_EQ(t.print(Val::character('"'), kChar), "'\\\"'");
  EXPECT_EQ(t.print(Val::character(0), kChar), "'\\u{0}'");
  EXPECT_EQ(t.print(Val::character(0x1f600), kChar), "'😀'");
  EXPECT_EQ(t.print(Val::character(0xd800), kChar), "<invalid>");
  EXPECT_EQ(t.error("'ab'", kChar), "1:1: not a single char");
  EXPECT_EQ(t.error("''", kChar), "1:1: not a single char");
  EXPECT_EQ(t.error("'☃︎'", kChar), "1:1: not a single char");  // snowman + variation selector
  EXPECT_EQ(t.error("'\\q'", kChar), "1:2: invalid escape");
  EXPECT_EQ(t.error("'\\u{d800}'", kChar), "1:2: invalid escape");
  EXPECT_EQ(t.error("'\\u{110000}'", kChar), "1:2: invalid escape");
  EXPECT_EQ(t.error("'\\u{0000000}'", kChar), "1:2: invalid escape");
  EXPECT_EQ(t.error("'\\u{}'", kChar), "1:2: invalid escape");
  EXPECT_EQ(t.error("'x", kChar), "1:1: unterminated char");
  EXPECT_EQ(t.error("\"x\"", kChar), "1:1: expected char, found a string");
}

TEST(WaveScalar, Strings) {
  Types t;
  EXPECT_EQ(t.parse("\"abc\\t123\"", kString), Val::string("abc\t123"));
  EXPECT_EQ(t.parse("\"\"", kString), Val::string(""));
  EXPECT_EQ(t.parse("\"\\u{1F44B} it's\"", kString), Val::string("👋 it's"));
  EXPECT_EQ(t.canonical("\"a\\\"b\\\\c\\nd\\re'\"", kString), "\"a\\\"b\\\\c\\nd\\re\\'\"");
  EXPECT_EQ(t.canonical("\"\\u{1b}[0m\\u{7f}\\u{85}é\"", kString), "\"\\u{1b}[0m\\u{7f}\\u{85}é\"");
  EXPECT_EQ(t.print(Val::string("bad \xff byte"), kString), "\"bad \xef\xbf\xbd byte\"");
  EXPECT_EQ(t.error("\"abc", kString), "1:1: unterminated string");
  EXPECT_EQ(t.error("\"a\nb\"", kString), "1:1: unterminated string");
  EXPECT_EQ(t.error("\"ab\\x\"", kString), "1:4: invalid escape");
  EXPECT_EQ(t.error("\"\xc3\x28\"", kString), "1:2: invalid utf-8");
  EXPECT_EQ(t.error("'a'", kString), "1:1: expected string, found a char");
}

// spec: "Multiline Strings", its three examples and the rules around them.
TEST(WaveScalar, MultilineStrings) {
  Types t;
  EXPECT_EQ(t.parse("\"\"\"\nA single line\n\"\"\"", kString), Val::string("A single line"));
  EXPECT_EQ(t.parse("\"\"\"\n    Indentation determined\n      by ending delimiter\n  \"\"\"", kString),
            Val::string("  Indentation determined\n    by ending delimiter"));
  EXPECT_EQ(t.parse("\"\"\"\n  Must escape carriage return at end of line: \\r\n"
                    "  Must break up double quote triplets: \"\"\\\"\"\n  \"\"\"",
                    kString),
            Val::string("Must escape carriage return at end of line: \r\n"
                        "Must break up double quote triplets: \"\"\"\""));
  EXPECT_EQ(t.parse("\"\"\"\r\n  a\r\n  \r\n  b\r\n  \"\"\"", kString).str, "a\n\nb");
  // Every line, blank ones too, must carry the indent.
  EXPECT_EQ(t.error("\"\"\"\n  a\n\n  b\n  \"\"\"", kString),
            "3:1: line must be indented at least as much as the closing \"\"\"");
  EXPECT_EQ(t.parse("\"\"\"\n\"\"\"", kString), Val::string(""));
  EXPECT_EQ(t.error("\"\"\"abc\n\"\"\"", kString), "1:4: opening \"\"\" must be followed by a line break");
  EXPECT_EQ(t.error("\"\"\"\nabc\"\"\"", kString), "2:4: closing \"\"\" must follow a line break and spaces only");
  EXPECT_EQ(t.error("\"\"\"\n a\n  \"\"\"", kString),
            "2:1: line must be indented at least as much as the closing \"\"\"");
  EXPECT_EQ(t.error("\"\"\"\n  a \\\"\"\"\n\"\"\"", kString),
            "2:6: closing \"\"\" must follow a line break and spaces only");
  EXPECT_EQ(t.error("\"\"\"\nabc", kString), "1:1: unterminated multiline string");
}

}  // namespace
}  // namespace weft::component::wave::testing

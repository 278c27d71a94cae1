// WAT modules encoded to binary: byte-exact sections written by hand from the spec,
// abbreviations, symbolic indices, and malformed-text errors with their positions.
#include <gtest/gtest.h>

#include "core/text/script.h"

namespace weft::core::text {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes hex(std::string_view s) {
  Bytes out;
  int nibble = -1;
  for (char c : s) {
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (v < 0) continue;
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(uint8_t(nibble * 16 + v));
      nibble = -1;
    }
  }
  return out;
}

Bytes encode(std::string_view wat) {
  auto r = parse_wat_module(wat);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : Bytes{};
}

std::string error_of(std::string_view wat) {
  auto r = parse_wat_module(wat);
  if (r) return "ok";
  return std::to_string(r.error().span.line) + ":" + std::to_string(r.error().span.column) + " " +
         r.error().message;
}

// The contents of the first section with id `id` (empty when absent).
Bytes section(const Bytes& m, uint8_t id) {
  for (size_t i = 8; i < m.size();) {
    uint8_t sid = m[i++];
    uint32_t size = 0;
    for (int shift = 0;; shift += 7) {
      uint8_t b = m[i++];
      size |= uint32_t(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    if (sid == id) return Bytes(m.begin() + long(i), m.begin() + long(i + size));
    i += size;
  }
  return {};
}

// The body (locals and instructions) of the first function; bodies here are < 128 bytes.
Bytes first_body(std::string_view wat) {
  Bytes code = section(encode(wat), 10);
  if (code.size() < 2) return {};
  return Bytes(code.begin() + 2, code.begin() + 2 + code[1]);
}

TEST(Wat, EmptyModule) {
  EXPECT_EQ(encode("(module)"), hex("0061736d 01000000"));
  EXPECT_EQ(encode(""), hex("0061736d 01000000"));
  EXPECT_EQ(encode("(module $name)"), hex("0061736d 01000000"));
}

TEST(Wat, ExportedFunction) {
  Bytes expected =
      hex("0061736d 01000000"
          "01 07 01 60 02 7f 7f 01 7f"          // type: (i32 i32) -> i32
          "03 02 01 00"                         // func: type 0
          "07 07 01 03 616464 00 00"            // export "add" func 0
          "0a 09 01 07 00 20 00 20 01 6a 0b");  // code
  const char* folded =
      "(module (func (export \"add\") (param $a i32) (param $b i32) (result i32)"
      "  (i32.add (local.get $a) (local.get $b))))";
  const char* plain = "(func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)";
  EXPECT_EQ(encode(folded), expected);
  EXPECT_EQ(encode(plain), expected);
}

TEST(Wat, ImplicitTypesReuseAndAppend) {
  Bytes m = encode("(type (func)) (func (param i32)) (func) (func (param $x i32))");
  EXPECT_EQ(section(m, 1), hex("02 60 00 00 60 01 7f 00"));
  EXPECT_EQ(section(m, 3), hex("03 01 00 01"));
  // A type use matches a type defined later in the text too.
  Bytes later = encode("(func (param i64)) (type (func (param i64)))");
  EXPECT_EQ(section(later, 1), hex("01 60 01 7e 00"));
}

TEST(Wat, LabelsResolveInnermostFirst) {
  EXPECT_EQ(first_body("(func (block $a (block $b (br $a) (br $b) (br 0))))"),
            hex("00 02 40 02 40 0c 01 0c 00 0c 00 0b 0b 0b"));
  EXPECT_EQ(first_body("(func block $l loop $l br $l end $l end)"), hex("00 02 40 03 40 0c 00 0b 0b 0b"));
  EXPECT_EQ(first_body("(func (if (i32.const 1) (then nop) (else unreachable)))"),
            hex("00 41 01 04 40 01 05 00 0b 0b"));
}

TEST(Wat, LocalsAreGroupedInRuns) {
  EXPECT_EQ(first_body("(func (param $p i32) (local $x i64) (local i64 f32) (local.set $x (local.get $p)))"),
            hex("02 02 7e 01 7d 20 00 21 01 0b"));
}

TEST(Wat, BlockTypes) {
  // Multi-value block results need a type index (s33).
  Bytes m = encode("(func (block (result i32 i32) unreachable) drop drop)");
  EXPECT_EQ(section(m, 1), hex("02 60 00 00 60 00 02 7f 7f"));
  EXPECT_EQ(first_body("(func (block (result i32 i32) unreachable) drop drop)"),
            hex("00 02 01 00 0b 1a 1a 0b"));
  EXPECT_EQ(first_body("(func (result f64) (block (result f64) (f64.const 0)))"),
            hex("00 02 7c 44 0000000000000000 0b 0b"));
}

TEST(Wat, Immediates) {
  EXPECT_EQ(first_body("(memory 1) (memory $m 1)"
                       "(func (drop (i32.load $m offset=4 align=2 (i32.const 0))) (i64.store8 (i32.const 0) "
                       "(i64.const -1)))"),
            hex("00 41 00 28 41 01 04 1a 41 00 42 7f 3c 00 00 0b"));
  EXPECT_EQ(first_body("(func (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)) drop)"),
            hex("00 41 01 41 02 41 00 1c 01 7f 1a 0b"));
  EXPECT_EQ(first_body("(table 1 funcref) (func (call_indirect (param i32) (i32.const 0) (i32.const 1)))"),
            hex("00 41 00 41 01 11 01 00 0b"));
  EXPECT_EQ(first_body("(func (br_table 0 0 0 (i32.const 1)))"), hex("00 41 01 0e 02 00 00 00 0b"));
  EXPECT_EQ(first_body("(func (drop (ref.null extern)) (drop (ref.is_null (ref.null func))))"),
            hex("00 d0 6f 1a d0 70 d1 1a 0b"));
  EXPECT_EQ(first_body("(func (drop (f32.const -0x1p-149)))"), hex("00 43 01000080 1a 0b"));
  EXPECT_EQ(first_body("(func (drop (i32.const 0xffffffff)) (drop (i64.const -0x8000000000000000)))"),
            hex("00 41 7f 1a 42 808080808080808080 7f 1a 0b"));
}

TEST(Wat, BulkOperandOrder) {
  Bytes m = encode(
      "(memory 1) (memory 1) (data $d \"x\")"
      "(func (memory.init 1 $d (i32.const 0) (i32.const 0) (i32.const 0)) (data.drop $d)"
      "      (memory.copy 1 0 (i32.const 0) (i32.const 0) (i32.const 0)))");
  EXPECT_EQ(section(m, 12), hex("01"));  // data count, needed by memory.init
  Bytes code = section(m, 10);
  Bytes expected = hex("00 41 00 41 00 41 00 fc 08 00 01 fc 09 00 41 00 41 00 41 00 fc 0a 01 00 0b");
  EXPECT_EQ(Bytes(code.begin() + 2, code.end()), expected);
  EXPECT_EQ(first_body("(table 1 funcref) (table $t 1 funcref) (elem $e func) "
                       "(func (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 0)) (elem.drop 0))"),
            hex("00 41 00 41 00 41 00 fc 0c 00 01 fc 0d 00 0b"));
}

TEST(Wat, ElementSegmentForms) {
  Bytes m = encode(
      "(table 1 funcref) (func $f)"
      "(elem (i32.const 0) $f)"
      "(elem func $f)"
      "(elem declare func $f)"
      "(elem (table 0) (offset (i32.const 0)) funcref (ref.null func))"
      "(elem funcref (item ref.func $f))"
      "(elem (table 0) (i32.const 0) externref)");
  EXPECT_EQ(section(m, 9), hex("06"
                               "00 41 00 0b 01 00"
                               "01 00 01 00"
                               "03 00 01 00"
                               "04 41 00 0b 01 d0 70 0b"
                               // an explicit funcref keeps the expression form: the
                               // function-index forms mean (ref func) since 3.0
                               "05 70 01 d2 00 0b"
                               "06 00 41 00 0b 6f 00"));
}

TEST(Wat, InlineAbbreviations) {
  Bytes m = encode("(memory (data \"ab\")) (table $t funcref (elem $g $g)) (func $g)");
  EXPECT_EQ(section(m, 5), hex("01 01 01 01"));
  EXPECT_EQ(section(m, 11), hex("01 00 41 00 0b 02 6162"));
  EXPECT_EQ(section(m, 4), hex("01 70 01 02 02"));
  EXPECT_EQ(section(m, 9), hex("01 00 41 00 0b 02 00 00"));
  Bytes i = encode(
      "(func $f (export \"e\") (import \"m\" \"n\") (param i32)) (global (export \"g\") (mut i32) (i32.const "
      "7))");
  EXPECT_EQ(section(i, 2), hex("01 01 6d 01 6e 00 00"));
  EXPECT_EQ(section(i, 6), hex("01 7f 01 41 07 0b"));
  EXPECT_EQ(section(i, 7), hex("02 01 65 00 00 01 67 03 00"));
}

TEST(Wat, FunctionNamesSection) {
  Bytes m = encode("(func $main)");
  Bytes expected = hex("00 0e 04 6e616d65 01 07 01 00 04 6d61696e");
  ASSERT_GE(m.size(), expected.size());
  EXPECT_EQ(Bytes(m.end() - long(expected.size()), m.end()), expected);
}

TEST(Wat, IllTypedTextStillEncodes) {
  EXPECT_EQ(error_of("(func (result i32) (i64.const 0))"), "ok");
  EXPECT_EQ(error_of("(func (call 100) (local.get 7) (br 9))"), "ok");
  EXPECT_EQ(error_of("(func (type 5))"), "ok");
  EXPECT_EQ(error_of("(memory 1) (func (i32.load 3 (i32.const 0)) drop)"), "ok");
}

TEST(Wat, MalformedTextIsRejectedWithPosition) {
  EXPECT_EQ(error_of("(module (func (br $nope)))"), "1:19 unknown label $nope");
  EXPECT_EQ(error_of("(func block $a end $b)"), "1:20 mismatching label");
  EXPECT_EQ(error_of("(func $f)\n(func $f)"), "2:7 duplicate func $f");
  EXPECT_EQ(error_of("(func) (import \"\" \"\" (func))"), "1:9 import after function");
  EXPECT_EQ(error_of("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))"),
            "1:34 alignment must be a power of two");
  EXPECT_EQ(error_of("(func (drop (i32.const 4294967296)))"), "1:24 constant out of range");
  EXPECT_EQ(error_of("(type $t (func)) (func (type $t) (param i32))"), "1:24 inline function type");
  EXPECT_EQ(error_of("(func (i32.foo))"), "1:8 unknown operator i32.foo");
  EXPECT_EQ(error_of("(func (export \"\\ff\"))"), "1:15 malformed UTF-8 encoding");
  EXPECT_EQ(error_of("(func (local $x i32) (local $x i32))"), "1:29 duplicate local");
  EXPECT_EQ(error_of("(start 0) (start 0) (func)"), "1:12 multiple start sections");
  EXPECT_EQ(error_of("(func (block (param $x i32)))"), "1:21 unexpected token");
  // Limits are u64 in the text (3.0): 2^32 pages is left to the validator, 2^64 is malformed.
  EXPECT_EQ(error_of("(memory 0x1_0000_0000_0000_0000)"), "1:9 i32 constant out of range");
  EXPECT_EQ(error_of("(memory i64 0x1_0000_0000_0000_0000)"), "1:13 i64 constant out of range");
}

TEST(Wat, DeepNestingFailsCleanly) {
  std::string blocks = "(func ";
  for (int i = 0; i < 100000; ++i) blocks += "block ";
  blocks += ")";
  EXPECT_NE(error_of(blocks).find("nesting too deep"), std::string::npos);
  std::string folded = "(func ";
  for (int i = 0; i < 1900; ++i) folded += "(i32.eqz ";
  folded += "(i32.const 0)" + std::string(1900, ')') + " drop)";
  EXPECT_EQ(error_of(folded), "ok");
}

}  // namespace
}  // namespace weft::core::text

namespace weft::core::text {
namespace {

// Plain instructions among a folded instruction's operands, as wasm-tools (and
// Wasmtime's test scripts) accept: they run in order, before the folded one.
TEST(Wat, PlainInstructionsInsideFoldedOnes) {
  Bytes folded = encode("(func (result i32) (i32.add (i32.const 1) i32.const 2))");
  Bytes plain = encode("(func (result i32) i32.const 1 i32.const 2 i32.add)");
  EXPECT_EQ(section(folded, 10), section(plain, 10));
}

}  // namespace
}  // namespace weft::core::text

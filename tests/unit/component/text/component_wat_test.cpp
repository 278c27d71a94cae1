// Component text format: golden encodings (checked against jco/wasm-tools), every
// abbreviation against its expansion, and errors with their line:column.
#include "component/text/component_wat.h"

#include <gtest/gtest.h>

#include <string>

namespace weft::component::text {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes wat(std::string_view src) {
  auto r = parse_component_wat(src);
  EXPECT_TRUE(r.has_value()) << (r ? "" : std::to_string(r.error().span.line) + ":" +
                                              std::to_string(r.error().span.column) + " " + r.error().message);
  return r ? *r : Bytes{};
}

// "line:column message" of a text that must fail.
std::string error(std::string_view src) {
  auto r = parse_component_wat(src);
  if (r) return "ok";
  return std::to_string(r.error().span.line) + ":" + std::to_string(r.error().span.column) + " " +
         r.error().message;
}

// An abbreviation and its expansion encode the same.
void same(std::string_view abbreviated, std::string_view expanded) {
  Bytes a = wat(abbreviated), b = wat(expanded);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b) << abbreviated << "\n  vs\n" << expanded;
}

TEST(ComponentTextWat, EmptyComponent) {
  EXPECT_EQ(wat("(component)"), (Bytes{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}));
  EXPECT_EQ(wat("(component $c)"), wat("(component)"));
}

// The bytes jco parse (wasm-tools 0.259) writes, custom sections dropped.
TEST(ComponentTextWat, GoldenTypesAndImport) {
  Bytes expected = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x07, 0x0d, 0x02, 0x72, 0x01, 0x01, 0x61, 0x79,
                    0x40, 0x01, 0x01, 0x78, 0x00, 0x00, 0x73, 0x0a, 0x06, 0x01, 0x00, 0x01, 0x66, 0x01, 0x01};
  EXPECT_EQ(wat(R"((component (type (record (field "a" u32))) (import "f" (func (param "x" 0) (result string)))))"),
            expected);
}

TEST(ComponentTextWat, GoldenCoreModuleInstanceLift) {
  Bytes expected = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x01, 0x1f, 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00,
                    0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01,
                    0x66, 0x00, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, 0x02, 0x04, 0x01, 0x00, 0x00, 0x00, 0x07,
                    0x05, 0x01, 0x40, 0x00, 0x01, 0x00, 0x06, 0x07, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x66, 0x08,
                    0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x07, 0x01, 0x00, 0x01, 0x66, 0x01, 0x00, 0x00};
  EXPECT_EQ(wat(R"((component (core module $m (func (export "f"))) (core instance $i (instantiate $m))
                     (func (export "f") (canon lift (core func $i "f")))))"),
            expected);
}

TEST(ComponentTextWat, ConsecutiveDefinitionsShareASection) {
  Bytes b = wat("(component (type u8) (type u16) (import \"a\" (type (sub resource))) (type u32))");
  // types(2), import(1), types(1): three sections after the preamble
  ASSERT_GT(b.size(), 9u);
  EXPECT_EQ(b[8], 0x07);
  EXPECT_EQ(b[10], 0x02);  // two entries
  EXPECT_EQ(b, (Bytes{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x07, 0x03, 0x02, 0x7d, 0x7b, 0x0a, 0x06,
                      0x01, 0x00, 0x01, 0x61, 0x03, 0x01, 0x07, 0x02, 0x01, 0x79}));
}

TEST(ComponentTextWat, IdsAreIndices) {
  same("(component (type $a u8) (type $b (list $a)) (type (tuple $a $b)))",
       "(component (type u8) (type (list 0)) (type (tuple 0 1)))");
  same("(component (core module $m) (core instance $i (instantiate $m)) (export \"m\" (core module $m)))",
       "(component (core module) (core instance (instantiate 0)) (export \"m\" (core module 0)))");
}

TEST(ComponentTextWat, InlineValueTypesBecomeDefinitions) {
  same("(component (type (list (tuple u8 (option string)))))",
       "(component (type (option string)) (type (tuple u8 0)) (type (list 1)))");
  same("(component (import \"f\" (func (param \"a\" (list u8)) (result (tuple)))))",
       "(component (type (list u8)) (type (tuple)) (type (func (param \"a\" 0) (result 1))) "
       "(import \"f\" (func (type 2))))");
}

TEST(ComponentTextWat, InlineImports) {
  same("(component (func $f (import \"a\") (param \"x\" u32)))",
       "(component (type (func (param \"x\" u32))) (import \"a\" (func $f (type 0))))");
  same("(component (instance (import \"i\") (export \"f\" (func))))",
       "(component (type (instance (type (func)) (export \"f\" (func (type 0))))) (import \"i\" (instance (type 0))))");
  same("(component (component (import \"c\")))",
       "(component (type (component)) (import \"c\" (component (type 0))))");
  same("(component (core module (import \"m\") (export \"x\" (func))))",
       "(component (core type (module (type (func)) (export \"x\" (func (type 0))))) "
       "(import \"m\" (core module (type 0))))");
}

TEST(ComponentTextWat, InlineExportsGoToTheEnd) {
  same("(component (core module $m (export \"m\")) (type $t (export \"t\") u8) (component $c (export \"c\")))",
       "(component (core module $m) (type $t u8) (component $c) (export \"m\" (core module $m)) "
       "(export \"t\" (type $t)) (export \"c\" (component $c)))");
  same("(component (func $f (export \"a\") (export \"b\") (import \"f\")) (type u8))",
       "(component (type (func)) (import \"f\" (func $f (type 0))) (type u8) (export \"a\" (func $f)) "
       "(export \"b\" (func $f)))");
}

TEST(ComponentTextWat, InvertedAliases) {
  const char* inst = "(import \"i\" (instance $i (export \"f\" (func)) (export \"m\" (core module)))) ";
  same(std::string("(component ") + inst + "(func $f (alias export $i \"f\")))",
       std::string("(component ") + inst + "(alias export $i \"f\" (func $f)))");
  same(std::string("(component ") + inst + "(core module $m (alias export $i \"m\")))",
       std::string("(component ") + inst + "(alias export $i \"m\" (core module $m)))");
  same("(component (core module $m) (core instance $i (instantiate $m)) (core func $f (alias core export $i \"f\")))",
       "(component (core module $m) (core instance $i (instantiate $m)) (alias core export $i \"f\" (core func $f)))");
}

TEST(ComponentTextWat, InlineExportAliases) {
  const char* inst = "(import \"i\" (instance $i (export \"n\" (instance (export \"f\" (func)))))) ";
  same(std::string("(component ") + inst + "(export \"g\" (func $i \"n\" \"f\")))",
       std::string("(component ") + inst +
           "(alias export $i \"n\" (instance $n)) (alias export $n \"f\" (func $f)) (export \"g\" (func $f)))");
  const char* core = "(core module $m) (core instance $ci (instantiate $m)) ";
  same(std::string("(component ") + core + "(core instance (export \"f\" (func $ci \"f\")) (export \"t\" (table $ci \"t\"))))",
       std::string("(component ") + core + "(alias core export $ci \"f\" (core func $f)) "
       "(alias core export $ci \"t\" (core table $t)) (core instance (export \"f\" (func $f)) (export \"t\" (table $t))))");
  // canonical options: the nested and the legacy spelling
  same(std::string("(component ") + core + "(import \"f\" (func $f)) "
       "(core func (canon lower (func $f) (memory (core memory $ci \"mem\")))))",
       std::string("(component ") + core + "(import \"f\" (func $f)) "
       "(alias core export $ci \"mem\" (core memory $mem)) (core func (canon lower (func $f) (memory $mem))))");
  same(std::string("(component ") + core + "(import \"f\" (func $f)) "
       "(core func (canon lower (func $f) (memory $ci \"mem\"))))",
       std::string("(component ") + core + "(import \"f\" (func $f)) "
       "(core func (canon lower (func $f) (memory (core memory $ci \"mem\")))))");
}

TEST(ComponentTextWat, CanonForms) {
  const char* pre = "(component (core module $m) (core instance $i (instantiate $m)) (type $t (func)) ";
  same(std::string(pre) + "(func (type $t) (canon lift (core func $i \"f\"))))",
       std::string(pre) + "(canon lift (core func $i \"f\") (func (type $t))))");
  same(std::string(pre) + "(import \"g\" (func $g)) (core func (canon lower (func $g))))",
       std::string(pre) + "(import \"g\" (func $g)) (canon lower (func $g) (core func)))");
  same(std::string(pre) + "(type $r (resource (rep i32))) (core func (canon resource.drop $r)))",
       std::string(pre) + "(type $r (resource (rep i32))) (canon resource.drop (type $r) (core func)))");
}

TEST(ComponentTextWat, InlineInstantiationArguments) {
  same("(component (import \"f\" (func $f)) (component $c) "
       "(instance (instantiate $c (with \"a\" (instance (export \"f\" (func $f)))))))",
       "(component (import \"f\" (func $f)) (component $c) (instance $b (export \"f\" (func $f))) "
       "(instance (instantiate $c (with \"a\" (instance $b)))))");
  same("(component (core module $m) (core instance $i (instantiate $m)) "
       "(core instance (instantiate $m (with \"a\" (instance (export \"f\" (func $i \"f\")))))))",
       "(component (core module $m) (core instance $i (instantiate $m)) (alias core export $i \"f\" (core func $f)) "
       "(core instance $b (export \"f\" (func $f))) (core instance (instantiate $m (with \"a\" (instance $b)))))");
}

TEST(ComponentTextWat, OuterReferencesBecomeOuterAliases) {
  same("(component $P (type $t u8) (component (type (list $t)) (type (option $t))))",
       "(component (type u8) (component (alias outer 1 0 (type)) (type (list 0)) "
       "(alias outer 1 0 (type)) (type (option 2))))");
  same("(component $P (type $t u8) (type (instance (export \"f\" (func (param \"x\" $t))))))",
       "(component (type u8) (type (instance (alias outer 1 0 (type)) (type (func (param \"x\" 0))) "
       "(export \"f\" (func (type 1))))))");
  same("(component $P (component $c) (component (instance (instantiate $c))))",
       "(component (component) (component (alias outer 1 0 (component)) (instance (instantiate 0))))");
  same("(component $P (core type $ct (func)) (core type (module (alias outer $P $ct (type)))))",
       "(component (core type (func)) (core type (module (alias outer 1 0 (type)))))");
}

TEST(ComponentTextWat, ModuleTypesReuseFunctionTypes) {
  same("(component (core type (module (type (func (param i32))) (import \"a\" \"b\" (func (param i32))) "
       "(export \"c\" (func)))))",
       "(component (core type (module (type (func (param i32))) (import \"a\" \"b\" (func (type 0))) "
       "(type (func)) (export \"c\" (func (type 1))))))");
}

// Values (🪙) and the start section, by Binary.md: a value import's bound is
// `0x00 valueidx` (eq) or `0x01 valtype`. wasm-tools 0.259 writes the valtype
// without the 0x01, an older encoding that weft's decoder rejects, so these
// bytes are written from the spec, not from jco.
TEST(ComponentTextWat, ValuesAndStartFollowBinaryMd) {
  Bytes expected = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00,
                    0x07, 0x08, 0x01, 0x40, 0x01, 0x01, 'a', 0x79, 0x00, 0x79,  // (func (param "a" u32) (result u32))
                    0x0a, 0x12, 0x03, 0x00, 0x01, 'f', 0x01, 0x00,             // "f" (func (type 0))
                    0x00, 0x01, 'v', 0x02, 0x01, 0x79,                         // "v" (value u32)
                    0x00, 0x01, 'w', 0x02, 0x00, 0x00,                         // "w" (value (eq 0))
                    0x09, 0x04, 0x00, 0x01, 0x00, 0x01,                        // (start 0 (value 0) (result (value)))
                    0x0b, 0x07, 0x01, 0x00, 0x01, 'r', 0x02, 0x02, 0x00};      // (export "r" (value 2))
  EXPECT_EQ(wat(R"((component
      (import "f" (func $f (param "a" u32) (result u32)))
      (import "v" (value $v u32))
      (import "w" (value $w (eq $v)))
      (start $f (value $v) (result (value $r)))
      (export "r" (value $r))))"),
            expected);
}

TEST(ComponentTextWat, NameAttributes) {
  Bytes b = wat(R"((component (import "a" (implements "x:y/z") (external-id "e") (instance))))");
  // 0x02 "a" vec[(0x00 "x:y/z") (0x02 "e")]
  std::string s(b.begin(), b.end());
  EXPECT_NE(s.find(std::string("\x02\x01" "a\x02\x00\x05x:y/z\x02\x01" "e", 14)), std::string::npos);
  EXPECT_EQ(error(R"((component (import "a" (implements "x") (implements "y") (instance))))"),
            "1:41 unexpected token");
}

TEST(ComponentTextWat, Errors) {
  EXPECT_EQ(error("(component\n  (type (list $nope)))"), "2:15 unknown type: failed to find name `$nope`");
  EXPECT_EQ(error("(component (type $a u8) (type $a u8))"), "1:31 duplicate type identifier");
  EXPECT_EQ(error("(component (component (alias outer $X 0 (type))))"), "1:23 outer component `X` not found");
  EXPECT_EQ(error("(component (component (alias outer 5 0 (type))))"), "ok");  // numeric: left to validation
  EXPECT_EQ(error("(component $P (component (alias outer $P $t (type))))"),
            "1:42 unknown type: failed to find name `$t`");
  EXPECT_EQ(error("(component (import \"x\" (func $x)) (component (export \"x\" (func $x))))"),
            "1:64 outer item `x` is not a module, type, or component");
  EXPECT_EQ(error("(component (core module $m) (core instance $i (instantiate $m)) "
                  "(core instance (instantiate $m (with \"a\" (instance $i \"x\")))))"),
            "1:116 core instances cannot export this kind of item, so an export name cannot be used to resolve "
            "this reference");
  EXPECT_EQ(error("(component (type (list u8) u8))"), "1:28 expected `)`");
  EXPECT_EQ(error("(component (bogus))"), "1:13 unexpected token");
  EXPECT_EQ(error("(component (import \"\\zz\" (func)))"), "1:21 invalid string escape");
  EXPECT_EQ(error("(component (type (list u8 99999999999)))"), "1:27 invalid u32 number: constant out of range");
  EXPECT_EQ(error("(component (core module (func (i32.bogus))))"), "1:32 unknown operator i32.bogus");
  EXPECT_EQ(error("(module)"), "1:1 expected `(component ...)`");
  EXPECT_EQ(error("(component"), "1:1 unclosed parenthesis");
}

TEST(ComponentTextWat, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "(component (type ";
  for (int i = 0; i < 1000; ++i) deep += "(list ";
  deep += "u8";
  for (int i = 0; i < 1000; ++i) deep += ")";
  deep += "))";
  EXPECT_NE(error(deep).find("nesting too deep"), std::string::npos);
}

}  // namespace
}  // namespace weft::component::text

// Validation and decoding of typed references and GC: what is refused, with the
// spec test suite's messages and a byte offset, and what the feature gates turn off.
#include <gtest/gtest.h>

#include "../runtime/wat_instance.h"
#include "core/validate/validator.h"

namespace weft::core {
namespace {

std::string error_of(std::string_view wat, Features f = {}) {
  auto bytes = text::parse_wat_module(wat);
  if (!bytes) return "text: " + bytes.error().message;
  auto vm = load_module(*bytes, f);
  if (vm) return "valid";
  EXPECT_TRUE(vm.error().span.has_offset()) << vm.error().message;
  return vm.error().message;
}

std::string binary_error(std::vector<uint8_t> bytes) {
  auto vm = load_module(bytes);
  if (vm) return "valid";
  EXPECT_TRUE(vm.error().span.has_offset()) << vm.error().message;
  return vm.error().message;
}

TEST(TypedRefs, NonDefaultableLocalsMustBeSet) {
  EXPECT_EQ(error_of("(module (type $t (func)) (func (local (ref $t)) (drop (local.get 0))))"), "uninitialized local");
  EXPECT_EQ(error_of("(module (type $t (func)) (func $f (local $l (ref $t))"
                     " (local.set $l (ref.func $f)) (drop (local.get $l))) (elem declare func $f))"),
            "valid");
  // A set inside a block is forgotten at its end.
  EXPECT_EQ(error_of("(module (type $t (func)) (func $f (local $l (ref $t))"
                     " (block (local.set $l (ref.func $f))) (drop (local.get $l))) (elem declare func $f))"),
            "uninitialized local");
}

TEST(TypedRefs, TablesOfNonNullableReferencesNeedAnInitialiser) {
  EXPECT_EQ(error_of("(module (table 1 (ref func)))"), "type mismatch");
  EXPECT_EQ(error_of("(module (func $f) (table 1 (ref func) (ref.func $f)))"), "valid");
}

TEST(TypedRefs, SubtypesMustMatchAnOpenSupertype) {
  EXPECT_EQ(error_of("(module (type $a (struct)) (type (sub $a (struct))))"), "sub type");
  EXPECT_EQ(error_of("(module (type $a (sub (struct (field i32)))) (type (sub $a (struct (field i64)))))"),
            "sub type");
  EXPECT_EQ(error_of("(module (type $a (sub (func))) (type (sub $a (struct))))"), "sub type");
  EXPECT_EQ(error_of("(module (type (func (param (ref 1)))) (type (func)))"), "unknown type 1");
}

TEST(TypedRefs, InstructionRules) {
  EXPECT_EQ(error_of("(module (type $s (struct (field i32))) (func (param (ref $s)) (struct.set $s 0 (local.get 0) (i32.const 1))))"),
            "field is immutable");
  EXPECT_EQ(error_of("(module (type $s (struct (field i8))) (func (param (ref $s)) (result i32) (struct.get $s 0 (local.get 0))))"),
            "type mismatch");
  EXPECT_EQ(error_of("(module (type $a (array (mut anyref))) (data \"\")"
                     " (func (result (ref $a)) (array.new_data $a 0 (i32.const 0) (i32.const 0))))"),
            "array type is not numeric or vector");
  // br_on_cast: the target must be below the operand's type.
  EXPECT_EQ(error_of("(module (type $s (struct)) (func (param anyref) (result anyref)"
                     " (br_on_cast 0 (ref $s) anyref (local.get 0))))"),
            "type mismatch");
  EXPECT_EQ(error_of("(module (func (result i32) (i31.get_u (ref.null extern))))"), "type mismatch");
}

TEST(TypedRefs, MalformedBinaries) {
  // type section: a composite type byte that is none of func, struct, array
  EXPECT_EQ(binary_error({0, 'a', 's', 'm', 1, 0, 0, 0, 1, 3, 1, 0x5d, 0x00}), "malformed composite type");
  // struct field with mutability 2
  EXPECT_EQ(binary_error({0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x5f, 1, 0x7f, 2}), "malformed mutability");
  // (ref <bad heap type>) in a function type
  EXPECT_EQ(binary_error({0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x60, 1, 0x64, 0x40, 0}), "malformed heap type");
  // a rec group claiming more types than there are bytes
  EXPECT_EQ(binary_error({0, 'a', 's', 'm', 1, 0, 0, 0, 1, 3, 1, 0x4e, 0x7f}), "unexpected end of section or function");
}

TEST(TypedRefs, FeatureGatesTurnThemOff) {
  Features pre;
  pre.gc = false;
  pre.function_references = false;
  EXPECT_EQ(error_of("(module (type (struct)))", pre), "malformed functype");
  EXPECT_EQ(error_of("(module (func (param anyref)))", pre), "malformed value type");
  // 2.0: constant expressions read imported globals only.
  EXPECT_EQ(error_of("(module (global i32 (i32.const 1)) (global i32 (global.get 0)))", pre), "unknown global 0");
  EXPECT_EQ(error_of("(module (global i32 (i32.const 1)) (global i32 (global.get 0)))"), "valid");
}

}  // namespace
}  // namespace weft::core

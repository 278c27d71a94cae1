// Typed function references and GC in the interpreter: structs and arrays with
// packed fields, i31, casts and branches on them, call_ref, types shared across
// modules, and the GC heap limit.
#include <gtest/gtest.h>

#include "../runtime/wat_instance.h"

namespace weft::core {
namespace {

using test::i32;
using test::WatInstance;

constexpr std::string_view kAggregates = R"((module
  (type $point (struct (field $x (mut i32)) (field $y i8) (field $z (mut i16))))
  (type $bytes (array (mut i8)))
  (type $refs (array (mut (ref null $point))))
  (data $d "\01\02\ff")
  (func (export "point") (param i32 i32) (result i32)
    (local $p (ref $point))
    (local.set $p (struct.new $point (local.get 0) (local.get 1) (i32.const -2)))
    (struct.set $point $x (local.get $p) (i32.add (struct.get $point $x (local.get $p)) (i32.const 1)))
    ;; x + 1 + y sign-extended + z zero-extended (0xfffe)
    (i32.add (struct.get $point $x (local.get $p))
      (i32.add (struct.get_s $point $y (local.get $p)) (struct.get_u $point $z (local.get $p)))))
  (func (export "bytes") (result i32)
    (local $a (ref $bytes))
    (local.set $a (array.new_data $bytes $d (i32.const 0) (i32.const 3)))
    (array.set $bytes (local.get $a) (i32.const 0) (i32.const 0x1ff))  ;; keeps 0xff
    (i32.add (array.get_u $bytes (local.get $a) (i32.const 0))
      (i32.add (array.get_s $bytes (local.get $a) (i32.const 2)) (array.len (local.get $a)))))
  (func (export "copy") (result i32)
    (local $a (ref $bytes))
    (local.set $a (array.new_fixed $bytes 4 (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4)))
    (array.copy $bytes $bytes (local.get $a) (i32.const 1) (local.get $a) (i32.const 0) (i32.const 3))
    (array.fill $bytes (local.get $a) (i32.const 0) (i32.const 9) (i32.const 1))
    ;; 9 1 2 3
    (i32.add (i32.mul (array.get_u $bytes (local.get $a) (i32.const 0)) (i32.const 100))
      (i32.add (i32.mul (array.get_u $bytes (local.get $a) (i32.const 1)) (i32.const 10))
        (array.get_u $bytes (local.get $a) (i32.const 3)))))
  (func (export "oob") (result i32)
    (array.get_u $bytes (array.new_default $bytes (i32.const 2)) (i32.const 2)))
  (func (export "null-struct") (result i32)
    (struct.get $point $x (ref.null $point)))
  (func (export "null-elem") (result i32)
    (ref.is_null (array.get $refs (array.new_default $refs (i32.const 1)) (i32.const 0))))
  (func (export "big") (result i32)
    (array.len (array.new_default $bytes (i32.const 0x7fffffff))))
))";

TEST(InterpGc, StructsWithPackedFields) {
  WatInstance m(kAggregates);
  EXPECT_EQ(m.value("point", {i32(10), i32(0x80)}), uint32_t(10 + 1 - 128 + 0xfffe));
}

TEST(InterpGc, ArraysFromDataCopiedAndFilled) {
  WatInstance m(kAggregates);
  EXPECT_EQ(m.value("bytes"), uint32_t(0xff - 1 + 3));
  EXPECT_EQ(m.value("copy"), 913u);
  EXPECT_EQ(m.value("null-elem"), 1u);
  EXPECT_EQ(m.trap("oob"), "out of bounds array access");
  EXPECT_EQ(m.trap("null-struct"), "null structure reference");
}

TEST(InterpGc, HeapLimitTraps) {
  StoreLimits limits;
  limits.max_gc_heap_bytes = 1 << 20;
  WatInstance m(kAggregates, limits);
  EXPECT_EQ(m.trap("big"), "out of GC heap memory");
  EXPECT_EQ(m.value("copy"), 913u);  // small objects still fit
}

constexpr std::string_view kCasts = R"((module
  (type $base (sub (struct (field i32))))
  (type $derived (sub $base (struct (field i32) (field i64))))
  (type $f (func (param i32) (result i32)))
  (func $double (type $f) (i32.mul (local.get 0) (i32.const 2)))
  (elem declare func $double)
  (func (export "i31") (param i32) (result i32)
    (i31.get_s (ref.cast (ref i31) (any.convert_extern (extern.convert_any (ref.i31 (local.get 0)))))))
  (func (export "classify") (param i32) (result i32)
    (local $v anyref)
    (local.set $v
      (if (result anyref) (local.get 0)
        (then (struct.new $derived (i32.const 5) (i64.const 6)))
        (else (struct.new $base (i32.const 7)))))
    (block $is-derived (result (ref $derived))
      (br_on_cast $is-derived anyref (ref $derived) (local.get $v))
      (drop)
      (return (i32.const 0)))
    (struct.get $derived 0))
  (func (export "cast-fails") (result i32)
    (ref.test (ref $derived) (struct.new $base (i32.const 1))))
  (func (export "bad-cast")
    (drop (ref.cast (ref $derived) (struct.new $base (i32.const 1)))))
  (func (export "call-ref") (param i32) (result i32)
    (call_ref $f (local.get 0) (ref.func $double)))
  (func (export "null-call") (result i32)
    (call_ref $f (i32.const 1) (ref.null $f)))
  (func (export "on-null") (result i32)
    (block $null
      (br_on_null $null (ref.null $f))
      (return (i32.const 1)))
    (i32.const 2))
))";

TEST(InterpGc, CastsAndBranches) {
  WatInstance m(kCasts);
  EXPECT_EQ(m.value("i31", {i32(-3)}), uint32_t(-3));
  EXPECT_EQ(m.value("classify", {i32(1)}), 5u);
  EXPECT_EQ(m.value("classify", {i32(0)}), 0u);
  EXPECT_EQ(m.value("cast-fails"), 0u);
  EXPECT_EQ(m.trap("bad-cast"), "cast failure");
  EXPECT_EQ(m.value("on-null"), 2u);
}

TEST(InterpGc, CallRef) {
  WatInstance m(kCasts);
  EXPECT_EQ(m.value("call-ref", {i32(21)}), 42u);
  EXPECT_EQ(m.trap("null-call"), "null function reference");
}

// A function of one module called through another's table: their types are
// written separately but are the same canonical type, so call_indirect matches;
// a declared subtype matches too.
TEST(InterpGc, TypesMatchAcrossModules) {
  WatInstance a(R"((module
    (type $t (sub (func (result i32))))
    (type $u (sub $t (func (result i32))))
    (func $seven (export "seven") (type $t) (i32.const 7))
    (func $eight (export "eight") (type $u) (i32.const 8))))");
  auto seven = a.store.find_export(a.inst, "seven");
  auto eight = a.store.find_export(a.inst, "eight");
  ASSERT_TRUE(seven && eight);
  auto vm = test::load_wat(R"((module
    (type $t (sub (func (result i32))))
    (import "a" "seven" (func $s (type $t)))
    (import "a" "eight" (func $e (type $t)))
    (table funcref (elem $s $e))
    (func (export "call") (param i32) (result i32) (call_indirect (type $t) (local.get 0)))))");
  ASSERT_TRUE(vm) << vm.error().to_string();
  auto inst = a.store.instantiate(*vm, std::vector<Extern>{*seven, *eight});
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto call = a.store.find_export(*inst, "call");
  auto r = a.store.invoke(call->addr, std::vector<Value>{i32(0)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].bits, 7u);
  r = a.store.invoke(call->addr, std::vector<Value>{i32(1)});
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].bits, 8u);
}

}  // namespace
}  // namespace weft::core

namespace weft::core {
namespace {

// Host arguments are checked against the parameter's hierarchy and run-time type,
// so no host value reaches code that expects another kind of reference.
TEST(InterpGc, HostArgumentsAreTypeChecked) {
  WatInstance m(R"((module
    (type $s (struct (field i32)))
    (func (export "get") (param (ref null $s)) (result i32) (struct.get $s 0 (local.get 0)))
    (func (export "any") (param anyref) (result i32) (ref.test (ref i31) (local.get 0)))))");
  const Value host = Value::ref(ValType::ExternRef, Ref::host(7));
  EXPECT_EQ(m.call("get", {host}).error().message, "argument 0 has the wrong type");
  EXPECT_EQ(m.call("get", {Value::ref(ValType::AnyRef, Ref::host(7))}).error().message,
            "argument 0 has the wrong type");  // an anyref, but not a $s
  EXPECT_EQ(m.trap("get", {Value::null(ValType::NullRef)}), "null structure reference");
  EXPECT_EQ(m.value("any", {Value::ref(ValType::AnyRef, Ref::i31(5))}), 1u);
  EXPECT_EQ(m.call("any", {host}).error().message, "argument 0 has the wrong type");  // extern is not any
}

}  // namespace
}  // namespace weft::core

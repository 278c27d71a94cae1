// Canonical types: equivalent recursion groups of different modules share their
// entries, declared subtyping is a display lookup, and the validator's subtyping
// of heap and value types follows the 3.0 rules.
#include <gtest/gtest.h>

#include "../runtime/wat_instance.h"
#include "core/validate/subtyping.h"
#include "core/validate/type_registry.h"
#include "core/validate/validator.h"

namespace weft::core {
namespace {

ValidatedModulePtr load(std::string_view wat) {
  auto vm = test::load_wat(wat);
  EXPECT_TRUE(vm) << (vm ? "" : vm.error().to_string());
  return vm ? *vm : nullptr;
}

TEST(TypeRegistry, EquivalentGroupsOfDifferentModulesShareEntries) {
  // The same recursive pair under other names, and after an unrelated type.
  auto a = load("(module (rec (type $l (struct (field (ref null $r)))) (type $r (struct (field (ref null $l))))))");
  auto b = load(
      "(module (type (func (param i64)))"
      " (rec (type $x (struct (field (ref null $y)))) (type $y (struct (field (ref null $x))))))");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->types[0], b->types[1]);
  EXPECT_EQ(a->types[1], b->types[2]);
  EXPECT_NE(a->types[0], a->types[1]);  // same shape, other position in the group
}

TEST(TypeRegistry, GroupsDifferingInOneFieldDoNotShare) {
  auto a = load("(module (rec (type (struct (field i32))) (type (struct))))");
  auto b = load("(module (rec (type (struct (field i64))) (type (struct))))");
  auto c = load("(module (type (struct)))");  // alone in its group: not the group's second type
  ASSERT_TRUE(a && b && c);
  EXPECT_NE(a->types[0], b->types[0]);
  EXPECT_NE(a->types[1], b->types[1]);
  EXPECT_NE(a->types[1], c->types[0]);
}

TEST(TypeRegistry, DeclaredSubtypingFollowsTheSupertypeChain) {
  auto m = load(
      "(module (type $a (sub (struct))) (type $b (sub $a (struct (field i32))))"
      " (type $c (sub final $b (struct (field i32) (field i64)))) (type $d (sub (struct)))"
      " (type $e (sub final (struct))))");
  ASSERT_TRUE(m);
  const auto& t = m->types;
  EXPECT_TRUE(canon_subtype(t[2], t[0]));
  EXPECT_TRUE(canon_subtype(t[2], t[1]));
  EXPECT_TRUE(canon_subtype(t[1], t[1]));
  EXPECT_FALSE(canon_subtype(t[0], t[2]));
  EXPECT_EQ(t[0], t[3]);                    // $d is $a: same structure, both open
  EXPECT_NE(t[0], t[4]);                    // $e is final: another type
  EXPECT_FALSE(canon_subtype(t[2], t[4]));  // same fields as $a, but not declared below $e
}

TEST(Subtyping, AbstractHeapTypes) {
  const TypeSpace none{};
  auto sub = [&](AbsHeap a, AbsHeap b) { return heap_subtype(HeapType::abs(a), HeapType::abs(b), none); };
  EXPECT_TRUE(sub(AbsHeap::I31, AbsHeap::Eq));
  EXPECT_TRUE(sub(AbsHeap::Struct, AbsHeap::Any));
  EXPECT_TRUE(sub(AbsHeap::None, AbsHeap::Array));
  EXPECT_TRUE(sub(AbsHeap::NoFunc, AbsHeap::Func));
  EXPECT_TRUE(sub(AbsHeap::NoExtern, AbsHeap::Extern));
  EXPECT_FALSE(sub(AbsHeap::Eq, AbsHeap::I31));
  EXPECT_FALSE(sub(AbsHeap::Func, AbsHeap::Any));
  EXPECT_FALSE(sub(AbsHeap::Extern, AbsHeap::Any));
  EXPECT_FALSE(sub(AbsHeap::None, AbsHeap::Func));
  // Nullability: (ref any) <: anyref, not the other way; bottom below everything.
  EXPECT_TRUE(val_subtype(ValType::ref(AbsHeap::Any, false), ValType::AnyRef, none));
  EXPECT_FALSE(val_subtype(ValType::AnyRef, ValType::ref(AbsHeap::Any, false), none));
  EXPECT_TRUE(val_subtype(ValType::Bot, ValType::I32, none));
  EXPECT_FALSE(val_subtype(ValType::I32, ValType::I64, none));
}

TEST(Subtyping, DefinedTypesSitBelowTheirAbstractKind) {
  auto m = load("(module (type $f (func)) (type $s (struct)) (type $a (array i8)))");
  ASSERT_TRUE(m);
  const TypeSpace s{m->types};
  auto sub = [&](uint32_t t, AbsHeap b) { return heap_subtype(HeapType::index(t), HeapType::abs(b), s); };
  EXPECT_TRUE(sub(0, AbsHeap::Func));
  EXPECT_FALSE(sub(0, AbsHeap::Any));
  EXPECT_TRUE(sub(1, AbsHeap::Struct));
  EXPECT_TRUE(sub(1, AbsHeap::Eq));
  EXPECT_FALSE(sub(1, AbsHeap::Array));
  EXPECT_TRUE(sub(2, AbsHeap::Array));
  EXPECT_TRUE(heap_subtype(HeapType::abs(AbsHeap::NoFunc), HeapType::index(0), s));
  EXPECT_TRUE(heap_subtype(HeapType::abs(AbsHeap::None), HeapType::index(1), s));
  EXPECT_FALSE(heap_subtype(HeapType::abs(AbsHeap::None), HeapType::index(0), s));
  // Canonical ids (store entities) resolve through the registry.
  EXPECT_TRUE(heap_subtype(HeapType::canonical(m->types[1]->id), HeapType::abs(AbsHeap::Struct), TypeSpace{}));
}

}  // namespace
}  // namespace weft::core

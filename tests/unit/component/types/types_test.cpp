// The component type model: layout facts, canonical ABI flattening, subtyping with
// resource identity, and substitution.
#include <gtest/gtest.h>

#include "component/types/abi.h"
#include "component/types/subtype.h"

namespace weft::component {
namespace {

using core::ValType;

ValType I32 = ValType::I32, I64 = ValType::I64, F32 = ValType::F32;
TypeRef u8 = TypeRef::prim(PrimValType::U8), u32 = TypeRef::prim(PrimValType::U32),
        u64 = TypeRef::prim(PrimValType::U64), f32 = TypeRef::prim(PrimValType::F32),
        str = TypeRef::prim(PrimValType::String);

DefinedType record(std::vector<Field> fields) {
  DefinedType d;
  d.kind = DefinedKind::Record;
  d.fields = std::move(fields);
  return d;
}

DefinedType variant(std::vector<Case> cases) {
  DefinedType d;
  d.kind = DefinedKind::Variant;
  d.cases = std::move(cases);
  return d;
}

DefinedType handle(DefinedKind kind, uint32_t resource) {
  DefinedType d;
  d.kind = kind;
  d.resource = resource;
  return d;
}

TEST(ComponentTypes, LayoutFollowsTheCanonicalAbi) {
  TypeArena a;
  TypeRef r = a.add_defined(record({{"a", u8}, {"b", u32}}));
  EXPECT_EQ(elem_size(a, r), 8u);
  EXPECT_EQ(alignment(a, r), 4u);
  EXPECT_EQ(elem_size(a, str), 8u);
  EXPECT_EQ(elem_size(a, str, ValType::I64), 16u);
  DefinedType flags;
  flags.kind = DefinedKind::Flags;
  for (int i = 0; i < 9; ++i) flags.labels.push_back("f" + std::to_string(i));
  EXPECT_EQ(elem_size(a, a.add_defined(flags)), 2u);
  // variant { a: u8, b: u64 }: u8 discriminant, payload aligned to 8.
  TypeRef v = a.add_defined(variant({{"a", u8}, {"b", u64}}));
  EXPECT_EQ(elem_size(a, v), 16u);
  EXPECT_EQ(alignment(a, v), 8u);
  DefinedType fixed;
  fixed.kind = DefinedKind::FixedList;
  fixed.elem = u32;
  fixed.length = 3;
  EXPECT_EQ(elem_size(a, a.add_defined(fixed)), 12u);
}

TEST(ComponentTypes, TypeInfoTracksBorrowsAndMemory) {
  TypeArena a;
  TypeRef res = a.add_resource(ValType::I32);
  TypeRef b = a.add_defined(handle(DefinedKind::Borrow, res.index));
  TypeRef rec = a.add_defined(record({{"h", b}, {"s", str}}));
  TypeInfo i = a.info(rec);
  EXPECT_TRUE(i.contains_borrow);
  EXPECT_TRUE(i.contains_handle);
  EXPECT_TRUE(i.needs_memory);
  EXPECT_EQ(i.flat_count, 3u);
  EXPECT_EQ(i.depth, 2u);
}

TEST(ComponentTypes, FlattenFunctypeSyncAndAsync) {
  TypeArena a;
  FuncType ft;
  ft.params = {{"s", str}};
  ft.result = str;
  core::FuncType lift = flatten_functype(a, ft, {}, FlattenContext::Lift);
  EXPECT_EQ(lift, (core::FuncType{{I32, I32}, {I32}}));
  core::FuncType lower = flatten_functype(a, ft, {}, FlattenContext::Lower);
  EXPECT_EQ(lower, (core::FuncType{{I32, I32, I32}, {}}));

  FuncType many;
  for (int i = 0; i < 17; ++i) many.params.push_back({"p" + std::to_string(i), u32});
  EXPECT_EQ(flatten_functype(a, many, {}, FlattenContext::Lift).params, std::vector<ValType>{I32});

  FuncType five;
  for (int i = 0; i < 5; ++i) five.params.push_back({"p" + std::to_string(i), u32});
  five.result = u32;
  FlattenOptions async{true, false, I32};
  EXPECT_EQ(flatten_functype(a, five, async, FlattenContext::Lower), (core::FuncType{{I32, I32}, {I32}}));
  FlattenOptions callback{true, true, I32};
  EXPECT_EQ(flatten_functype(a, five, callback, FlattenContext::Lift).results, std::vector<ValType>{I32});
}

TEST(ComponentTypes, FlattenVariantJoins) {
  TypeArena a;
  std::vector<ValType> out;
  flatten_type(a, a.add_defined(variant({{"a", f32}, {"b", u32}})), I32, out);
  EXPECT_EQ(out, (std::vector<ValType>{I32, I32}));
  out.clear();
  flatten_type(a, a.add_defined(variant({{"a", f32}, {"b", u64}, {"c", std::nullopt}})), I32, out);
  EXPECT_EQ(out, (std::vector<ValType>{I32, I64}));
  EXPECT_EQ(join(F32, F32), F32);
  EXPECT_EQ(join(F32, I64), I64);
}

TEST(ComponentTypes, StructuralEqualityWithMessages) {
  TypeArena a;
  TypeRef r1 = a.add_defined(record({{"x", u32}}));
  TypeRef r2 = a.add_defined(record({{"x", u32}}));
  TypeRef r3 = a.add_defined(record({{"x", str}}));
  Subtyping s(a);
  EXPECT_TRUE(s.value(r1, r2));
  auto c = s.value(r3, r1);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().find("type mismatch in record field `x`"), std::string::npos);
  EXPECT_NE(c.error().find("expected primitive `u32` found primitive `string`"), std::string::npos);
  EXPECT_EQ(s.value(u32, r1).error(), "expected record, found u32");
}

TEST(ComponentTypes, ResourcesAreEqualByIdentity) {
  TypeArena a;
  TypeRef t1 = a.add_resource(), t2 = a.add_resource();
  TypeRef t1b = a.alias_resource(t1.index);
  TypeRef own1 = a.add_defined(handle(DefinedKind::Own, t1.index));
  TypeRef own1b = a.add_defined(handle(DefinedKind::Own, t1b.index));
  TypeRef own2 = a.add_defined(handle(DefinedKind::Own, t2.index));
  TypeRef borrow1 = a.add_defined(handle(DefinedKind::Borrow, t1.index));
  Subtyping s(a);
  EXPECT_TRUE(s.value(own1, own1b));
  EXPECT_EQ(s.value(own1, own2).error(), "resource types are not the same");
  EXPECT_EQ(s.value(borrow1, own1).error(), "expected own, found borrow");
}

TEST(ComponentTypes, BindingTypeVariablesThenSubstituting) {
  TypeArena a;
  // component type: (import "t" (type (sub resource))) (export "f" (func (param "x" (own t))))
  TypeRef var = a.add_resource();
  TypeRef own_var = a.add_defined(handle(DefinedKind::Own, var.index));
  FuncType f;
  f.params = {{"x", own_var}};
  TypeRef ft = a.add_func(f);
  TypeRef actual = a.add_resource(ValType::I32);
  Subtyping s(a);
  s.allow_binding({var.index});
  ASSERT_TRUE(s.type_ref(actual, var));
  ASSERT_EQ(s.bindings().at(var.index), actual.index);
  TypeRef out = Remap(a, s.bindings()).type(ft);
  ASSERT_NE(out, ft);
  const DefinedType& own = a.defined(a.func(out.index).params[0].type.index);
  EXPECT_EQ(a.resource_root(own.resource), actual.index);
  // Once bound, the variable must agree.
  EXPECT_FALSE(s.type_ref(a.add_resource(), var));
}

TEST(ComponentTypes, InstanceSubtypingIgnoresExtraExportsAndOrder) {
  TypeArena a;
  TypeRef f = a.add_func({});
  InstanceType big{{{"foo", {ExternKind::Func, f}}, {"bar", {ExternKind::Func, f}}, {"baz", {ExternKind::Func, f}}}, {}};
  InstanceType small{{{"bar", {ExternKind::Func, f}}, {"foo", {ExternKind::Func, f}}}, {}};
  Subtyping s(a);
  EXPECT_TRUE(s.instance(big, small));
  EXPECT_EQ(s.instance(small, big).error(), "missing expected export `baz`");
}

TEST(ComponentTypes, FreshenGivesNewIdentities) {
  TypeArena a;
  TypeRef r = a.add_resource();
  InstanceType it{{{"r", {ExternKind::Type, r}}}, {r.index}};
  TypeRef t = a.add_instance(it);
  TypeRef one = freshen(a, t, {r.index});
  TypeRef two = freshen(a, t, {r.index});
  uint32_t r1 = a.resource_root(a.instance(one.index).exports[0].type.type.index);
  uint32_t r2 = a.resource_root(a.instance(two.index).exports[0].type.type.index);
  EXPECT_NE(r1, r2);
  EXPECT_NE(r1, r.index);
}

}  // namespace
}  // namespace weft::component

// Decoding and validation of component binaries built by hand.
#include <gtest/gtest.h>

#include "component/binary/decoder.h"
#include "component/binary/validator.h"
#include "component_builder.h"

namespace weft::component {
namespace {

using namespace test;
using core::test::WasmBuilder;

// A core module exporting "f": [i32 i32] -> [i32], "realloc" and "mem".
Bytes libc_module() {
  WasmBuilder b;
  b.section(1, {0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f});
  b.section(3, {0x02, 0x00, 0x01});
  b.section(5, {0x01, 0x00, 0x01});
  b.section(7, cat({{0x03}, str("f"), {0x00, 0x00}, str("realloc"), {0x00, 0x01}, str("mem"), {0x02, 0x00}}));
  b.section(10, {0x02, 0x04, 0x00, 0x20, 0x00, 0x0b, 0x04, 0x00, 0x41, 0x00, 0x0b});
  return b.bytes;
}

// (component (core module ...) (core instance (instantiate 0)) aliases...
//   (type (func (param "s" string) (result u32))) (canon lift ... opts) (export NAME (func 0)))
Bytes lifted_component(const Bytes& opts, uint32_t core_func = 0, std::string_view export_name = "run") {
  ComponentBuilder c;
  c.section(kCoreModule, libc_module());
  c.vec(kCoreInstance, {{0x00, 0x00, 0x00}});
  c.vec(kAlias, {cat({{0x00, 0x00, 0x01, 0x00}, str("f")}), cat({{0x00, 0x00, 0x01, 0x00}, str("realloc")}),
                 cat({{0x00, 0x02, 0x01, 0x00}, str("mem")})});
  c.vec(kType, {cat({{0x40, 0x01}, str("s"), {0x73, 0x00, 0x79}})});
  c.vec(kCanon, {cat({{0x00, 0x00}, u32(core_func), opts, {0x00}})});
  c.vec(kExport, {cat({plain(export_name), {0x01, 0x00, 0x00}})});
  return c.bytes;
}

std::string error_of(const Bytes& b) {
  auto r = load_component(b);
  return r ? std::string("valid") : r.error().message;
}

TEST(ComponentBinary, SniffsTheLayer) {
  EXPECT_TRUE(is_component(ComponentBuilder{}.bytes));
  EXPECT_FALSE(is_component(WasmBuilder{}.bytes));
  EXPECT_FALSE(is_component(Bytes{0x00, 0x61}));
}

TEST(ComponentBinary, EmptyComponentIsValid) {
  auto r = load_component(ComponentBuilder{}.bytes);
  ASSERT_TRUE(r) << r.error().message;
  const ComponentType& t = (*r)->types->component((*r)->info.type.index);
  EXPECT_TRUE(t.imports.empty());
  EXPECT_TRUE(t.exports.empty());
}

TEST(ComponentBinary, MalformedPreambleAndSections) {
  EXPECT_EQ(error_of({0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}), "expected a version header for a component");
  EXPECT_EQ(error_of({0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x02, 0x00}), "unknown binary version");
  EXPECT_EQ(error_of(ComponentBuilder{}.section(13, {}).bytes), "malformed section id");
  ComponentBuilder truncated;
  truncated.bytes.insert(truncated.bytes.end(), {0x07, 0x03, 0x00});
  EXPECT_EQ(error_of(truncated.bytes), "unexpected end-of-file");
  // A vector count far larger than the bytes left is rejected before allocating.
  EXPECT_EQ(error_of(ComponentBuilder{}.section(kType, {0xbf, 0x84, 0x3d, 0x73}).bytes), "unexpected end-of-file");
}

TEST(ComponentBinary, ErrorsCarryByteOffsets) {
  ComponentBuilder c;
  c.vec(kType, {{0x62}});  // 0x62 is no type constructor
  auto r = load_component(c.bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "invalid leading byte (0x62) for component defined type");
  EXPECT_EQ(r.error().phase, Phase::Decode);
  EXPECT_EQ(r.error().span.offset, 11u);  // preamble 8, section id + size, count
}

TEST(ComponentBinary, LiftWithOptionsValidates) {
  Bytes opts = {0x02, 0x03, 0x00, 0x04, 0x01};  // (memory 0) (realloc 1)
  auto r = load_component(lifted_component(opts));
  ASSERT_TRUE(r) << r.error().message;
  const ValidatedComponent& vc = **r;
  EXPECT_EQ(vc.info.modules.size(), 1u);
  EXPECT_EQ(vc.info.spaces.funcs.size(), 2u);  // the lift and the export's new index
  const ComponentType& t = vc.types->component(vc.info.type.index);
  ASSERT_EQ(t.exports.size(), 1u);
  EXPECT_EQ(t.exports[0].name, "run");
  EXPECT_EQ(t.exports[0].type.kind, ExternKind::Func);
}

TEST(ComponentBinary, LiftChecksOptionsAndTheCoreSignature) {
  EXPECT_EQ(error_of(lifted_component({0x00})), "canonical option `memory` is required");
  EXPECT_EQ(error_of(lifted_component({0x01, 0x03, 0x00})), "canonical option `realloc` is required");
  EXPECT_EQ(error_of(lifted_component({0x02, 0x04, 0x01, 0x04, 0x01})),
            "canonical option `realloc` is specified more than once");
  EXPECT_EQ(error_of(lifted_component({0x02, 0x00, 0x01})), "canonical encoding option `utf8` conflicts with option `utf16`");
  std::string sig = error_of(lifted_component({0x02, 0x03, 0x00, 0x04, 0x01}, 1));
  EXPECT_NE(sig.find("lowered parameter types `[I32, I32]` do not match parameter types `[I32, I32, I32, I32]`"),
            std::string::npos)
      << sig;
}

TEST(ComponentBinary, ExportNamesAreCheckedWithTheirOffset) {
  Bytes b = lifted_component({0x02, 0x03, 0x00, 0x04, 0x01}, 0, "Run-x");
  auto r = load_component(b);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "`Run-x` is not in kebab case");
  EXPECT_EQ(r.error().phase, Phase::Validate);
  EXPECT_EQ(b[r.error().span.offset], 0x00);  // the nameattributes byte
  EXPECT_EQ(b[r.error().span.offset + 2], 'R');
}

TEST(ComponentBinary, DeepNestingIsRejectedNotCrashed) {
  Bytes inner = ComponentBuilder{}.bytes;
  for (int i = 0; i < 150; ++i) inner = ComponentBuilder{}.section(kComponent, inner).bytes;
  EXPECT_EQ(error_of(inner), "nesting too deep");
  // 101 nested list types exceed the type depth limit.
  ComponentBuilder c;
  Bytes types = u32(102);
  types.push_back(0x73);  // string
  for (uint32_t i = 0; i < 101; ++i) {
    types.push_back(0x70);
    // A type index is an s33: 64..127 need two bytes to stay positive.
    if (i < 64) {
      types.push_back(static_cast<uint8_t>(i));
    } else {
      types.push_back(static_cast<uint8_t>(0x80 | (i & 0x7f)));
      types.push_back(0x00);
    }
  }
  c.section(kType, types);
  EXPECT_EQ(error_of(c.bytes), "type nesting is too deep");
}

TEST(ComponentBinary, ResourceBuiltinsNeedALocalResource) {
  // (import "r" (type (sub resource))) (core func (canon resource.new 0))
  ComponentBuilder c;
  c.vec(kImport, {cat({plain("r"), {0x03, 0x01}})});
  c.vec(kCanon, {{0x02, 0x00}});
  EXPECT_EQ(error_of(c.bytes), "not a local resource");
  // (type (resource (rep i32))) (core func (canon resource.new 0)) (canon resource.rep 0)
  ComponentBuilder ok;
  ok.vec(kType, {{0x3f, 0x7f, 0x00}});
  ok.vec(kCanon, {{0x02, 0x00}, {0x04, 0x00}});
  auto r = load_component(ok.bytes);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)->info.spaces.core_funcs[0], (core::FuncType{{core::ValType::I32}, {core::ValType::I32}}));
}

TEST(ComponentBinary, EachInstantiationHasFreshResources) {
  // (component $C (type (resource (rep i32))) (export "r" (type 0)))
  ComponentBuilder inner;
  inner.vec(kType, {{0x3f, 0x7f, 0x00}});
  inner.vec(kExport, {cat({plain("r"), {0x03, 0x00, 0x00}})});
  ComponentBuilder c;
  c.section(kComponent, inner.bytes);
  c.vec(kInstance, {{0x00, 0x00, 0x00}, {0x00, 0x00, 0x00}});
  c.vec(kAlias, {cat({{0x03, 0x00, 0x00}, str("r")}), cat({{0x03, 0x00, 0x01}, str("r")})});
  auto r = load_component(c.bytes);
  ASSERT_TRUE(r) << r.error().message;
  const auto& types = (*r)->info.spaces.types;
  ASSERT_EQ(types.size(), 2u);
  const TypeArena& arena = *(*r)->types;
  EXPECT_NE(arena.resource_root(types[0].index), arena.resource_root(types[1].index));
}

TEST(ComponentBinary, InstantiationArgumentsAreTypeChecked) {
  // (component $C (import "f" (func))) (type (func (param "x" u32))) (import "g" (func (type 0)))
  // (instance (instantiate $C (with "f" (func 0))))
  ComponentBuilder inner;
  inner.vec(kType, {{0x40, 0x00, 0x01, 0x00}});
  inner.vec(kImport, {cat({plain("f"), {0x01, 0x00}})});
  ComponentBuilder c;
  c.section(kComponent, inner.bytes);
  c.vec(kType, {cat({{0x40, 0x01}, str("x"), {0x79, 0x01, 0x00}})});
  c.vec(kImport, {cat({plain("g"), {0x01, 0x00}})});
  c.vec(kInstance, {cat({{0x00, 0x00, 0x01}, str("f"), {0x01, 0x00}})});
  std::string e = error_of(c.bytes);
  EXPECT_NE(e.find("expected 0 parameters, found 1"), std::string::npos) << e;
}

}  // namespace
}  // namespace weft::component

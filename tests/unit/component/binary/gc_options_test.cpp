// Wasmtime's GC-ABI canonical options, `gc` (0x09) and `(core-type t)` (0x08): their
// encoding (the bytes jco's wasm-tools writes), decoding with byte offsets, and the
// validation rules wasm-tools applies to them.
#include <gtest/gtest.h>

#include <algorithm>

#include "component/binary/decoder.h"
#include "component/binary/validator.h"
#include "component/text/component_wat.h"
#include "component_builder.h"

namespace weft::component {
namespace {

using namespace test;

Bytes wat(const std::string& src) {
  auto r = text::parse_component_wat(src);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : Bytes{};
}

std::string error_of(const std::string& src) {
  auto bytes = text::parse_component_wat(src);
  if (!bytes) return "text: " + bytes.error().message;
  auto r = load_component(*bytes);
  return r ? std::string("valid") : r.error().message;
}

// (import "f" (func)) (core type (func)) (core func (canon lower (func 0) gc (core-type 0))):
// `jco parse` (wasm-tools) output, its name section dropped.
const Bytes kLowerGc = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00,  // preamble
                        0x07, 0x05, 0x01, 0x40, 0x00, 0x01, 0x00,        // type: func
                        0x0a, 0x06, 0x01, 0x00, 0x01, 0x66, 0x01, 0x00,  // import "f"
                        0x03, 0x04, 0x01, 0x60, 0x00, 0x00,              // core type: func
                        0x08, 0x08, 0x01, 0x01, 0x00, 0x00, 0x02, 0x09,
                        0x08, 0x00};  // lower, gc, core-type 0

TEST(ComponentGcOptions, TextEncodesAsWasmTools) {
  EXPECT_EQ(wat(R"((component (import "f" (func $f)) (core type $ty (func))
                     (core func (canon lower (func $f) gc (core-type $ty)))))"),
            kLowerGc);
  // canon lift ... gc: the option list is `01 09`.
  Bytes lift = wat(R"((component (core module $m (func (export "f"))) (core instance $i (instantiate $m))
                        (func (export "f") (canon lift (core func $i "f") gc))))");
  const Bytes canon = {0x08, 0x07, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x00};
  EXPECT_NE(std::search(lift.begin(), lift.end(), canon.begin(), canon.end()), lift.end());
}

TEST(ComponentGcOptions, DecodeRoundTrip) {
  auto c = decode_component(kLowerGc);
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->canons.size(), 1u);
  const std::vector<CanonOpt>& opts = c->canons[0].opts;
  ASSERT_EQ(opts.size(), 2u);
  EXPECT_EQ(opts[0].kind, CanonOpt::Kind::Gc);
  EXPECT_EQ(opts[0].offset, 36u);
  EXPECT_EQ(opts[1].kind, CanonOpt::Kind::CoreType);
  EXPECT_EQ(opts[1].index, 0u);
  EXPECT_EQ(opts[1].offset, 37u);
  auto v = load_component(kLowerGc);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ((*v)->info.spaces.core_funcs.at(0), (core::FuncType{{}, {}}));
}

TEST(ComponentGcOptions, MalformedOptionsCarryTheirOffset) {
  Bytes unknown = kLowerGc;
  unknown[36] = 0x0a;  // past gc
  auto r = decode_component(unknown);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "invalid leading byte (0xa) for canonical option");
  EXPECT_EQ(r.error().phase, Phase::Decode);
  EXPECT_EQ(r.error().span.offset, 36u);

  // core-type's index cut off: the canon section ends after the 0x08.
  Bytes truncated(kLowerGc.begin(), kLowerGc.end() - 1);
  truncated[30] = 0x07;  // the section's size
  r = decode_component(truncated);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "unexpected end-of-file");
  EXPECT_EQ(r.error().span.offset, 38u);
}

// A component importing "f" of type `sig` with core type `core` and canonical definition `canon`.
std::string lowering(const std::string& sig, const std::string& core, const std::string& canon) {
  return "(component (import \"f\" (func $f " + sig + ")) (core type $ty " + core + ")\n" +
         "  (core module $m (memory (export \"mem\") 1)) (core instance $i (instantiate $m))\n  " + canon +
         ")";
}
const std::string kAdd = R"((param "a" u32) (param "b" u32) (result u32))";
const std::string kAddCore = "(func (param i32 i32) (result i32))";

TEST(ComponentGcOptions, LowerNeedsAMatchingCoreType) {
  EXPECT_EQ(error_of(lowering(kAdd, kAddCore, "(core func (canon lower (func $f) gc (core-type $ty)))")),
            "valid");
  EXPECT_EQ(error_of(lowering(kAdd, kAddCore, "(core func (canon lower (func $f) (core-type $ty) gc))")),
            "valid");
  EXPECT_EQ(error_of(lowering(kAdd, kAddCore, "(core func (canon lower (func $f) gc))")),
            "cannot specify `gc` without also specifying a `core-type` for lowerings");
  EXPECT_EQ(error_of(lowering(kAdd, kAddCore, "(core func (canon lower (func $f) (core-type $ty)))")),
            "cannot specify `core-type` without `gc`");
  EXPECT_EQ(error_of(lowering(kAdd, kAddCore, "(core func (canon lower (func $f) gc gc (core-type $ty)))")),
            "canonical option `gc` is specified more than once");
  EXPECT_EQ(error_of(lowering(kAdd, kAddCore,
                              "(core func (canon lower (func $f) gc (core-type $ty) (core-type $ty)))")),
            "canonical option `core type` is specified more than once");
  EXPECT_EQ(error_of(lowering(kAdd, "(module)", "(core func (canon lower (func $f) gc (core-type $ty)))")),
            "canonical option `core type` must reference a core function type");
  EXPECT_EQ(error_of(lowering(kAdd, kAddCore, "(core func (canon lower (func $f) gc (core-type 7)))")),
            "unknown core type 7: type index out of bounds");
  EXPECT_EQ(error_of(lowering(kAdd, "(func (param i32) (result i32))",
                              "(core func (canon lower (func $f) gc (core-type $ty)))")),
            "declared `core-type` has 1 parameters, but component function has 2 parameters");
  EXPECT_EQ(error_of(lowering(kAdd, "(func (param i32 i32))",
                              "(core func (canon lower (func $f) gc (core-type $ty)))")),
            "declared `core-type` has 0 results, but component function has 1 results");
  EXPECT_EQ(error_of(lowering(kAdd, "(func (param i64 i32) (result i32))",
                              "(core func (canon lower (func $f) gc (core-type $ty)))")),
            "expected to lower component `u32` type to core `i32` type, found `i64`");
  EXPECT_EQ(error_of(lowering(kAdd, "(func (param i32 i32) (result f32))",
                              "(core func (canon lower (func $f) gc (core-type $ty)))")),
            "expected to lower component `u32` type to core `i32` type, found `f32`");
}

TEST(ComponentGcOptions, LowerChecksEveryScalar) {
  std::string sig = R"((param "a" bool) (param "b" s8) (param "c" u16) (param "d" char) (param "e" s64)
                       (param "g" f32) (param "h" f64) (result u64))";
  std::string canon = "(core func (canon lower (func $f) gc (core-type $ty)))";
  EXPECT_EQ(error_of(lowering(sig, "(func (param i32 i32 i32 i32 i64 f32 f64) (result i64))", canon)),
            "valid");
  EXPECT_EQ(error_of(lowering(sig, "(func (param i64 i32 i32 i32 i64 f32 f64) (result i64))", canon)),
            "expected to lower component `bool` type to core `i32` type, found `i64`");
  EXPECT_EQ(error_of(lowering(sig, "(func (param i32 i32 i32 i32 i64 f64 f64) (result i64))", canon)),
            "expected to lower component `f32` type to core `f32` type, found `f64`");
}

// The GC ABI never spills to memory: 17 parameters are 17 core parameters, without `memory`.
TEST(ComponentGcOptions, ManyParametersStayFlat) {
  std::string sig, core = "(func (param";
  for (int i = 0; i < 17; ++i) sig += "(param \"p" + std::to_string(i) + "\" u32) ", core += " i32";
  core += "))";
  EXPECT_EQ(error_of(lowering(sig, core, "(core func (canon lower (func $f) gc (core-type $ty)))")), "valid");
  EXPECT_EQ(
      error_of(lowering(sig, "(func (param i32))", "(core func (canon lower (func $f) gc (core-type $ty)))")),
      "declared `core-type` has 1 parameters, but component function has 17 parameters");
}

// wasm-tools lets `gc` stand beside memory, realloc and a string encoding (they would
// matter to the GC lowering of strings).
TEST(ComponentGcOptions, GcAcceptsTheLinearMemoryOptions) {
  EXPECT_EQ(error_of(lowering(kAdd, kAddCore,
                              "(core func (canon lower (func $f) gc (core-type $ty) string-encoding=utf16 "
                              "(memory (core memory $i \"mem\"))))")),
            "valid");
}

TEST(ComponentGcOptions, OtherTypesAreNotSupportedYet) {
  const std::string canon = "(core func (canon lower (func $f) gc (core-type $ty)))";
  EXPECT_EQ(error_of(lowering(R"((param "s" string))", "(func (param i32))", canon)),
            "not supported yet: the gc canonical ABI for `string`");
  EXPECT_EQ(error_of(lowering(R"((result (list u8)))", "(func (result i32))", canon)),
            "not supported yet: the gc canonical ABI for `list`");
  EXPECT_EQ(
      error_of(lowering(R"((param "a" u32) (param "r" (tuple u32 u32)))", "(func (param i32 i32))", canon)),
      "not supported yet: the gc canonical ABI for `tuple`");
  // The counts are checked first, and the scalars before the unsupported type.
  EXPECT_EQ(error_of(lowering(R"((param "s" string))", "(func (param i32 i32))", canon)),
            "declared `core-type` has 2 parameters, but component function has 1 parameters");
  EXPECT_EQ(error_of(lowering(R"((param "a" u32) (param "s" string))", "(func (param i64 i32))", canon)),
            "expected to lower component `u32` type to core `i32` type, found `i64`");
  // A resource handle (externref under the GC ABI).
  EXPECT_EQ(
      error_of(R"((component (import "r" (type $r (sub resource))) (import "f" (func $f (param "x" (own $r))))
                          (core type $ty (func (param externref)))
                          (core func (canon lower (func $f) gc (core-type $ty)))))"),
      "not supported yet: the gc canonical ABI for `own`");
}

// A lift with `gc`: the core function's own type is the lowering; `core-type` is refused.
std::string lifting(const std::string& core_sig, const std::string& sig, const std::string& opts) {
  return "(component (core module $m (func (export \"f\") " + core_sig + " unreachable)" +
         " (func (export \"pr\") (param i32)))\n  (core instance $i (instantiate $m)) (core type $ty " +
         kAddCore + ")\n  (func (export \"f\") " + sig + " (canon lift (core func $i \"f\") " + opts + ")))";
}

TEST(ComponentGcOptions, LiftUsesTheCoreFunctionsType) {
  const std::string core = "(param i32 i32) (result i32)";
  EXPECT_EQ(error_of(lifting(core, kAdd, "gc")), "valid");
  EXPECT_EQ(error_of(lifting(core, kAdd, "gc (post-return (core func $i \"pr\"))")), "valid");
  EXPECT_EQ(error_of(lifting(core, kAdd, "gc (core-type $ty)")),
            "canonical option `core-type` is not allowed in `canon lift`");
  EXPECT_EQ(error_of(lifting(core, R"((param "a" u64) (param "b" u32) (result u32))", "gc")),
            "expected to lower component `u64` type to core `i64` type, found `i32`");
  EXPECT_EQ(error_of(lifting(core, R"((param "a" u32) (result u32))", "gc")),
            "declared `core-type` has 2 parameters, but component function has 1 parameters");
  EXPECT_EQ(error_of(lifting("(param i32 i32)", R"((param "a" string))", "gc")),
            "declared `core-type` has 2 parameters, but component function has 1 parameters");
  EXPECT_EQ(error_of(lifting("(param i32)", R"((param "a" string))", "gc")),
            "not supported yet: the gc canonical ABI for `string`");
  // Without `gc` the same core function must match the flat lowering as ever.
  EXPECT_EQ(error_of(lifting(core, kAdd, "")), "valid");
}

// Built-ins with options: `gc` needs a `core-type`, which must be the built-in's signature.
TEST(ComponentGcOptions, BuiltinsWithOptions) {
  const std::string pre =
      "(component (core module $m (memory (export \"mem\") 1)) (core instance $i (instantiate $m))\n"
      "  (type $s (stream u8)) (core type $ty ";
  auto builtin = [&](const std::string& core, const std::string& canon) {
    return pre + core + ") " + canon + ")";
  };
  const std::string read =
      "(core func (canon stream.read $s gc (core-type $ty) (memory (core memory $i \"mem\"))))";
  EXPECT_EQ(error_of(builtin("(func (param i32 i32 i32) (result i32))", read)), "valid");
  EXPECT_EQ(error_of(builtin("(func (param i32 i32) (result i32))", read)),
            "declared core type has `[I32, I32]` parameter types, but actual lowering has `[I32, I32, I32]` "
            "parameter types");
  EXPECT_EQ(error_of(builtin("(func (param i32 i32 i32))", read)),
            "declared core type has `[]` result types, but actual lowering has `[I32]` result types");
  EXPECT_EQ(
      error_of(builtin("(func)", "(core func (canon stream.read $s gc (memory (core memory $i \"mem\"))))")),
      "cannot specify `gc` without also specifying a `core-type` for lowerings");
  EXPECT_EQ(error_of(builtin("(func (param i32))",
                             "(core func (canon task.return (result u32) gc (core-type $ty)))")),
            "valid");
  EXPECT_EQ(error_of(builtin("(func (param i64))",
                             "(core func (canon task.return (result u32) gc (core-type $ty)))")),
            "expected to lower component `u32` type to core `i32` type, found `i64`");
}

}  // namespace
}  // namespace weft::component

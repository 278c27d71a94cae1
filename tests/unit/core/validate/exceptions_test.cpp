// Exception handling: malformed and invalid tags, throws and try_tables get clear
// errors with offsets (never a crash).
#include <gtest/gtest.h>

#include "../binary/wasm_builder.h"
#include "core/validate/validator.h"

namespace weft::core {
namespace {

using test::WasmBuilder;

// Types: 0 = [] -> [i32], 1 = [i32] -> [], 2 = [] -> []. One function of type 0
// with `body`, and the tag section `tags` when it is not empty.
std::vector<uint8_t> module_with(std::vector<uint8_t> body, std::vector<uint8_t> tags = {0x01, 0x00, 0x01}) {
  WasmBuilder b;
  b.section(1, {0x03, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00});
  b.section(3, {0x01, 0x00});
  if (!tags.empty()) b.section(13, tags);
  std::vector<uint8_t> code{0x01};
  std::vector<uint8_t> fn{0x00};
  fn.insert(fn.end(), body.begin(), body.end());
  test::leb_u(code, fn.size());
  code.insert(code.end(), fn.begin(), fn.end());
  b.section(10, code);
  return b.bytes;
}

Error load_error(const std::vector<uint8_t>& bytes) {
  auto r = load_module(bytes);
  return r ? Error{Phase::Usage, {}, "ok", {}, 0, {}} : r.error();
}

std::string load_message(const std::vector<uint8_t>& bytes) { return load_error(bytes).message; }

TEST(Exceptions, WellFormedTryTableValidates) {
  // block (result i32) try_table (catch 0 0) i32.const 7 throw 0 end unreachable end
  EXPECT_EQ(load_message(module_with({0x02, 0x7f, 0x1f, 0x40, 0x01, 0x00, 0x00, 0x00, 0x41, 0x07, 0x08, 0x00, 0x0b,
                                      0x00, 0x0b, 0x0b})),
            "ok");
}

TEST(Exceptions, TagTypesMustHaveNoResults) {
  Error e = load_error(module_with({0x41, 0x00, 0x0b}, {0x01, 0x00, 0x00}));  // tag of [] -> [i32]
  EXPECT_EQ(e.phase, Phase::Validate);
  EXPECT_EQ(e.message, "non-empty tag result type");
  EXPECT_TRUE(e.span.has_offset());
}

TEST(Exceptions, MalformedTagSections) {
  EXPECT_EQ(load_message(module_with({0x41, 0x00, 0x0b}, {0x01, 0x01, 0x01})), "malformed tag attribute");
  EXPECT_EQ(load_error(module_with({0x41, 0x00, 0x0b}, {0x05, 0x00})).phase, Phase::Decode);  // count too large
  EXPECT_EQ(load_message(module_with({0x41, 0x00, 0x0b}, {0x01, 0x00, 0x09})), "unknown type 9");
}

TEST(Exceptions, MalformedCatchClauses) {
  // try_table with a clause of kind 4
  Error e = load_error(module_with({0x1f, 0x40, 0x01, 0x04, 0x00, 0x0b, 0x41, 0x00, 0x0b}));
  EXPECT_EQ(e.phase, Phase::Decode);
  EXPECT_EQ(e.message, "malformed catch clause");
  // a clause count far beyond the body
  EXPECT_EQ(load_error(module_with({0x1f, 0x40, 0xff, 0xff, 0x03, 0x0b, 0x41, 0x00, 0x0b})).phase, Phase::Decode);
  // the body ends inside the clauses
  EXPECT_EQ(load_error(module_with({0x1f, 0x40, 0x02, 0x00})).phase, Phase::Decode);
}

TEST(Exceptions, InvalidCatchClauses) {
  // (catch 3 0): no tag 3
  EXPECT_EQ(load_message(module_with({0x1f, 0x40, 0x01, 0x00, 0x03, 0x00, 0x0b, 0x41, 0x00, 0x0b})), "unknown tag 3");
  // (catch_all 1): only the function's label is outside the try_table
  EXPECT_EQ(load_message(module_with({0x1f, 0x40, 0x01, 0x02, 0x01, 0x0b, 0x41, 0x00, 0x0b})), "unknown label");
  // (catch_all_ref 0) to the function label, which takes an i32, not an exnref
  Error e = load_error(module_with({0x1f, 0x40, 0x01, 0x03, 0x00, 0x0b, 0x41, 0x00, 0x0b}));
  EXPECT_EQ(e.phase, Phase::Validate);
  EXPECT_EQ(e.message, "type mismatch");
}

TEST(Exceptions, InvalidThrows) {
  EXPECT_EQ(load_message(module_with({0x08, 0x05, 0x0b})), "unknown tag 5");
  EXPECT_EQ(load_message(module_with({0x08, 0x00, 0x0b})), "type mismatch");  // tag 0 takes an i32
  EXPECT_EQ(load_message(module_with({0x41, 0x00, 0x0a, 0x0b})), "type mismatch");  // throw_ref of an i32
}

TEST(Exceptions, LegacyInstructionsAreNamed) {
  Error e = load_error(module_with({0x06, 0x40, 0x0b, 0x41, 0x00, 0x0b}));  // try
  EXPECT_EQ(e.phase, Phase::Decode);
  EXPECT_EQ(e.message, "not supported yet: legacy exception handling");
}

TEST(Exceptions, DisabledFeatureRejectsTagsAndOperators) {
  Features f;
  f.exceptions = false;
  auto r = load_module(module_with({0x41, 0x00, 0x0b}), f);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::Decode);
  auto t = load_module(module_with({0x08, 0x00, 0x0b}, {}), f);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message, "throw requires the exceptions feature, which is disabled");
}

}  // namespace
}  // namespace weft::core

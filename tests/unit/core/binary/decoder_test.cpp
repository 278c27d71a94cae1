// Binary decoder: sections, LEB128 limits, and malformed input with offsets.
#include "core/binary/decoder.h"

#include <gtest/gtest.h>

#include "core/binary/reader.h"
#include "wasm_builder.h"

namespace weft::core {
namespace {

using test::WasmBuilder;

TEST(Reader, Leb128Limits) {
  std::vector<uint8_t> ok{0xff, 0xff, 0xff, 0xff, 0x0f};
  EXPECT_EQ(*Reader(ok).u32(), 0xffffffffu);
  std::vector<uint8_t> too_large{0xff, 0xff, 0xff, 0xff, 0x1f};
  EXPECT_EQ(Reader(too_large).u32().error().message, "integer too large");
  std::vector<uint8_t> too_long{0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  EXPECT_EQ(Reader(too_long).u32().error().message, "integer representation too long");
  std::vector<uint8_t> neg{0x7f};
  EXPECT_EQ(*Reader(neg).s32(), -1);
  std::vector<uint8_t> s32_min{0x80, 0x80, 0x80, 0x80, 0x78};
  EXPECT_EQ(*Reader(s32_min).s32(), INT32_MIN);
  std::vector<uint8_t> s32_bad{0x80, 0x80, 0x80, 0x80, 0x70};
  EXPECT_FALSE(Reader(s32_bad).s32());
  std::vector<uint8_t> truncated{0x80};
  EXPECT_EQ(Reader(truncated).u32().error().message, "unexpected end");
}

TEST(Reader, Utf8) {
  auto check = [](std::vector<uint8_t> v) { return is_valid_utf8(v); };
  EXPECT_TRUE(check({'a', 0xc3, 0xa9}));
  EXPECT_FALSE(check({0xc0, 0x80}));              // overlong
  EXPECT_FALSE(check({0xed, 0xa0, 0x80}));        // surrogate
  EXPECT_FALSE(check({0xf4, 0x90, 0x80, 0x80}));  // above U+10FFFF
  EXPECT_FALSE(check({0xe2, 0x82}));              // truncated
}

TEST(Decoder, EmptyModule) {
  WasmBuilder b;
  auto m = decode_module(b.bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_TRUE(m->types.empty());
}

TEST(Decoder, FunctionAndExports) {
  WasmBuilder b;
  b.section(1, {0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f});
  b.section(3, {0x01, 0x00});
  b.section(7, {0x01, 0x03, 'a', 'd', 'd', 0x00, 0x00});
  b.section(10, {0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b});
  auto m = decode_module(b.bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  ASSERT_EQ(m->types.size(), 1u);
  EXPECT_EQ(m->types[0].func.params.size(), 2u);
  ASSERT_EQ(m->exports.size(), 1u);
  EXPECT_EQ(m->exports[0].name, "add");
  EXPECT_EQ(m->func_name(0), "add");
  ASSERT_EQ(m->codes.size(), 1u);
  EXPECT_EQ(m->codes[0].body.size(), 6u);
}

TEST(Decoder, MalformedInputsHaveMessagesAndOffsets) {
  std::vector<uint8_t> not_wasm{'h', 'e', 'l', 'l', 'o', 0, 0, 0};
  EXPECT_EQ(decode_module(not_wasm).error().message, "magic header not detected");
  std::vector<uint8_t> version{0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00};
  EXPECT_EQ(decode_module(version).error().message, "unknown binary version");
  WasmBuilder b;
  b.bytes.push_back(0x0e);  // section id past the last known one
  b.bytes.push_back(0x00);
  auto e = decode_module(b.bytes).error();
  EXPECT_EQ(e.message, "malformed section id");
  EXPECT_EQ(e.span.offset, 8u);
  WasmBuilder order;
  order.section(3, {0x00}).section(1, {0x00});
  EXPECT_EQ(decode_module(order.bytes).error().message, "unexpected content after last section");
  WasmBuilder mismatch;
  mismatch.section(3, {0x01, 0x00});
  EXPECT_EQ(decode_module(mismatch.bytes).error().message, "function and code section have inconsistent lengths");
}

TEST(Decoder, HostileCountsDoNotAllocate) {
  WasmBuilder b;
  b.section(1, {0xff, 0xff, 0xff, 0xff, 0x0f});  // four billion types in five bytes
  EXPECT_FALSE(decode_module(b.bytes));
}

TEST(Decoder, EveryTruncationFailsCleanly) {
  WasmBuilder b;
  b.section(1, {0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f});
  b.section(3, {0x01, 0x00});
  b.section(5, {0x01, 0x01, 0x01, 0x02});
  b.section(10, {0x01, 0x07, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b});
  b.section(11, {0x01, 0x00, 0x41, 0x00, 0x0b, 0x02, 'h', 'i'});
  ASSERT_TRUE(decode_module(b.bytes));
  // Cutting between sections leaves a shorter valid module (while function and
  // code sections agree); cutting inside a section must fail, never crash.
  const std::vector<size_t> boundaries{8, 16, 37};
  for (size_t n = 0; n < b.bytes.size(); ++n) {
    std::vector<uint8_t> cut(b.bytes.begin(), b.bytes.begin() + n);
    if (std::find(boundaries.begin(), boundaries.end(), n) != boundaries.end()) {
      EXPECT_TRUE(decode_module(cut)) << "length " << n;
      continue;
    }
    EXPECT_FALSE(decode_module(cut)) << "length " << n;
  }
}

TEST(Decoder, NameSectionGivesFunctionNames) {
  WasmBuilder b;
  b.section(1, {0x01, 0x60, 0x00, 0x00});
  b.section(3, {0x01, 0x00});
  b.section(10, {0x01, 0x02, 0x00, 0x0b});
  b.section(0, {0x04, 'n', 'a', 'm', 'e', 0x01, 0x06, 0x01, 0x00, 0x03, 'f', 'o', 'o'});
  auto m = decode_module(b.bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(m->func_name(0), "foo");
}

}  // namespace
}  // namespace weft::core

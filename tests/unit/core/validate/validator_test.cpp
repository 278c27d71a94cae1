// Validator: type rules of the function-body decoder and module-level checks.
#include "core/validate/validator.h"

#include <gtest/gtest.h>

#include "../binary/wasm_builder.h"
#include "core/validate/function_decoder.h"

namespace weft::core {
namespace {

using test::WasmBuilder;

std::string validate_body(std::vector<uint8_t> body, uint8_t result = 0x7f) {
  auto r = load_module(WasmBuilder::single_func(std::move(body), result));
  return r ? "ok" : r.error().message;
}

TEST(Validator, SimpleOpsUseTheOpcodeTable) {
  EXPECT_EQ(validate_body({0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b}), "ok");      // i32.add
  EXPECT_EQ(validate_body({0x42, 0x01, 0x41, 0x02, 0x6a, 0x0b}), "type mismatch");
  EXPECT_EQ(validate_body({0x41, 0x01, 0x0b}, 0x7e), "type mismatch");       // wrong result type
  EXPECT_EQ(validate_body({0x41, 0x01, 0x41, 0x01, 0x0b}), "type mismatch");  // extra value
}

TEST(Validator, UnreachableMakesTheStackPolymorphic) {
  EXPECT_EQ(validate_body({0x00, 0x6a, 0x0b}), "ok");  // unreachable; i32.add
  EXPECT_EQ(validate_body({0x00, 0x0b}), "ok");
}

TEST(Validator, Branches) {
  // block (result i32) i32.const 1 br 0 end
  EXPECT_EQ(validate_body({0x02, 0x7f, 0x41, 0x01, 0x0c, 0x00, 0x0b, 0x0b}), "ok");
  EXPECT_EQ(validate_body({0x0c, 0x05, 0x0b}), "unknown label");
  // br_table with targets of different arity
  EXPECT_EQ(validate_body({0x02, 0x40, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b, 0x41, 0x00, 0x0b}), "type mismatch");
}

TEST(Validator, ErrorsCarryTheInstructionOffset) {
  auto bytes = WasmBuilder::single_func({0x42, 0x01, 0x41, 0x02, 0x6a, 0x0b});
  auto r = load_module(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::Validate);
  // The i32.add sits four bytes before the end of the module.
  EXPECT_EQ(r.error().span.offset, bytes.size() - 2);
}

struct RecordingSink {
  std::vector<std::pair<Opcode, uint32_t>> seen;  // opcode and operand height before it
  template <class S> void begin(const S&) {}
  template <class S> void instr(const Instr& ins, const S& st) { seen.emplace_back(ins.op, st.height()); }
  template <class S> void finish(const S&) {}
};

TEST(FunctionDecoder, SinkSeesEveryInstructionWithHeights) {
  auto vm = load_module(WasmBuilder::single_func({0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b}));
  ASSERT_TRUE(vm);
  ValidationContext ctx{(*vm)->module, (*vm)->features, (*vm)->declared_funcs};
  RecordingSink sink;
  FunctionDecoder<RecordingSink> d(ctx, 0, sink);
  ASSERT_TRUE(d.decode());
  ASSERT_EQ(sink.seen.size(), 4u);
  EXPECT_EQ(sink.seen[2], std::make_pair(Opcode::I32Add, 2u));
  EXPECT_EQ(sink.seen[3], std::make_pair(Opcode::End, 1u));
  EXPECT_EQ(d.max_height(), 2u);
}

TEST(Validator, ConstantExpressions) {
  WasmBuilder b;
  b.section(6, {0x01, 0x7f, 0x00, 0x41, 0x05, 0x41, 0x02, 0x6a, 0x0b});  // extended-const add
  EXPECT_TRUE(load_module(b.bytes));
  Features no_ext;
  no_ext.extended_const = false;
  EXPECT_EQ(load_module(b.bytes, no_ext).error().message, "constant expression required");
  WasmBuilder bad;
  bad.section(6, {0x01, 0x7f, 0x00, 0x42, 0x05, 0x0b});
  EXPECT_EQ(load_module(bad.bytes).error().message, "type mismatch");
}

TEST(Validator, DisabledFeaturesRejectTheirOperators) {
  struct Case {
    std::vector<uint8_t> body;
    void (*disable)(Features&);
    const char* message;
  };
  const Case cases[] = {
      {{0x41, 0x01, 0xc0, 0x0b}, [](Features& f) { f.sign_ext = false; },
       "i32.extend8_s requires the sign-ext feature, which is disabled"},
      {{0x43, 0, 0, 0, 0, 0xfc, 0x00, 0x0b}, [](Features& f) { f.sat_float_to_int = false; },
       "i32.trunc_sat_f32_s requires the saturating-float-to-int feature, which is disabled"},
      {{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x00, 0x41, 0x00, 0x0b}, [](Features& f) { f.bulk_memory = false; },
       "memory.fill requires the bulk-memory feature, which is disabled"},
      {{0xd0, 0x70, 0xd1, 0x0b}, [](Features& f) { f.reference_types = false; },
       "ref.null requires the reference-types feature, which is disabled"},
      {{0x12, 0x00, 0x0b}, [](Features& f) { f.tail_call = false; },
       "return_call requires the tail-call feature, which is disabled"},
  };
  for (const Case& c : cases) {
    Features off;
    c.disable(off);
    auto r = load_module(WasmBuilder::single_func(c.body, 0x7f), off);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, c.message);
    EXPECT_TRUE(r.error().span.has_offset());
  }
}

TEST(OpcodeTable, EveryOpcodeHasTextAndEncodingRoundTrips) {
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    auto op = static_cast<Opcode>(i);
    const OpInfo& info = op_info(op);
    EXPECT_FALSE(info.text.empty());
    std::optional<Opcode> back = info.prefix == 0xfc   ? opcode_from_misc(info.code)
                                 : info.prefix == 0xfb ? opcode_from_gc(info.code)
                                                       : opcode_from_byte(uint8_t(info.code));
    ASSERT_TRUE(back) << info.name;
    EXPECT_EQ(*back, op) << info.name;
  }
}

}  // namespace
}  // namespace weft::core

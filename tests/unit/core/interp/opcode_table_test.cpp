// Every simple operator of opcode.def has an interpreter handler (a functor of the right shape).
#include <gtest/gtest.h>

#include "core/interp/handlers.h"

namespace weft::core {
namespace {

TEST(InterpOpcodeTable, EverySimpleOperatorHasAHandler) {
  using handlers::Shape;
#define WEFT_OP(name, prefix_, code_, text_, sig_, imm_, fn, feat)                                         \
  if (op_info(Opcode::name).sig.simple && op_info(Opcode::name).sig.param_count > 0) {              \
    EXPECT_NE((handlers::shape<Opcode::name, ops::fn>()), Shape::None) << #name " has no handler"; \
  }
#include "core/binary/opcode.def"
#undef WEFT_OP
}

TEST(InterpOpcodeTable, VariantsRoundTrip) {
  bool imm = false;
  EXPECT_EQ(simple_opcode(simple_iop(Opcode::I32Add), imm), Opcode::I32Add);
  EXPECT_FALSE(imm);
  EXPECT_EQ(simple_opcode(imm_iop(Opcode::F64Ge), imm), Opcode::F64Ge);
  EXPECT_TRUE(imm);
  EXPECT_FALSE(simple_opcode(mem_iop(Opcode::I32Load), imm));
  EXPECT_FALSE(simple_opcode(IOp::Move, imm));
  EXPECT_TRUE(is_comparison(Opcode::I64LeU));
  EXPECT_FALSE(is_comparison(Opcode::I64Add));
}

}  // namespace
}  // namespace weft::core

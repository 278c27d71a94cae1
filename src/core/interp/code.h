// The interpreter's compiled form: register-style instructions over frame slots.
//
// A frame is an array of 64-bit slots: [params | locals | operand stack]. Each
// operand-stack height has a fixed slot, so every instruction names its inputs
// and output by slot index, and the compiler can read locals and constants
// in place instead of pushing them. Code is a stream of 32-bit words; every
// instruction starts on an even word with the address of its handler (direct
// threading), followed by its operands (slots, indices, relative branch offsets
// in words, 64-bit immediates on an even word).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "core/binary/instr.h"
#include "core/binary/opcode.h"
#include "core/runtime/engine.h"

namespace weft::core {

// Internal operations that have no single wasm opcode of their own.
#define WEFT_INTERP_OPS(X)                                                                                     \
  X(Move) X(Move2) X(Const) X(Jump) X(JumpIf) X(JumpUnless) X(JumpTable) X(Ret) X(CallDefined) X(CallImport)            \
  X(CallTable) X(TailCallDefined) X(TailCallImport) X(TailCallTable) X(Choose) X(ReadGlobal) X(WriteGlobal)    \
  X(MemSize) X(MemGrow) X(MemFill) X(MemCopy) X(MemInit) X(DropData) X(TabGet) X(TabSet) X(TabSize) X(TabGrow) \
  X(TabFill) X(TabCopy) X(TabInit) X(DropElem) X(IsNull) X(MakeFuncRef) X(TrapUnreachable) X(Invalid)         \
  X(ThrowTag) X(ThrowExn)                                                                                     \
  /* typed function references and GC (gc_ops.h does the work of most) */                                    \
  X(CallFuncRef) X(TailCallFuncRef) X(AsNonNull) X(SameRef) X(JumpIfRef) X(JumpUnlessRef) X(MakeI31) X(ReadI31S)        \
  X(ReadI31U) X(NewStruct) X(GetField) X(GetFieldS) X(GetFieldU) X(SetField) X(NewArray) X(NewArrayFixed)  \
  X(NewArrayData) X(NewArrayElem) X(GetElem) X(GetElemS) X(GetElemU) X(SetElem) X(ArrayLength) X(FillArray)  \
  X(CopyArray) X(InitArrayData) X(InitArrayElem) X(TestRef) X(CastRef)                                       \
  /* memory64 / table64: i64 addresses, kept apart so the i32 paths stay as they are */                       \
  X(MemGrow64) X(MemFill64) X(MemCopy64) X(MemInit64) X(TabGet64) X(TabSet64) X(TabGrow64)                    \
  X(TabFill64) X(TabCopy64) X(TabInit64) X(CallTable64) X(TailCallTable64)

// One handler per entry. The rows of opcode.def give each simple operator ten
// variants: registers only, a constant right operand (`Imm`), a memory other than
// memory 0 (`Mem`); for comparisons, the comparison fused with the branch that
// consumes it (`JumpIf`, `JumpUnless`, with or without an immediate); for loads
// and stores, the i32.add computing the address fused in (`AddrAdd`, `AddrAddImm`),
// and any i64 memory (`Mem64`: i64 address, 64-bit offset).
// Variants that make no sense for a row are never emitted.
#define WEFT_IOP_VARIANTS(name)                                                                         \
  name, name##Imm, name##Mem, name##JumpIf, name##JumpIfImm, name##JumpUnless, name##JumpUnlessImm, \
      name##AddrAdd, name##AddrAddImm, name##Mem64,
enum class IOp : uint16_t {
#define WEFT_OP(name, prefix, code, text, sig, imm, fn, feat) WEFT_IOP_VARIANTS(name)
#include "core/binary/opcode.def"
#undef WEFT_OP
#define WEFT_IOP(name) name,
  WEFT_INTERP_OPS(WEFT_IOP)
#undef WEFT_IOP
      Count
};

constexpr uint16_t kVariants = 10;
constexpr IOp simple_iop(Opcode op) { return IOp(uint16_t(op) * kVariants); }
constexpr IOp imm_iop(Opcode op) { return IOp(uint16_t(op) * kVariants + 1); }
constexpr IOp mem_iop(Opcode op) { return IOp(uint16_t(op) * kVariants + 2); }
constexpr IOp jump_iop(Opcode op, bool when, bool imm) {
  return IOp(uint16_t(op) * kVariants + (when ? 3 : 5) + (imm ? 1 : 0));
}
constexpr IOp addr_add_iop(Opcode op, bool imm) { return IOp(uint16_t(op) * kVariants + 7 + (imm ? 1 : 0)); }
constexpr IOp mem64_iop(Opcode op) { return IOp(uint16_t(op) * kVariants + 9); }
// The opcode of a simple operator's register or immediate variant, if `iop` is one.
constexpr std::optional<Opcode> simple_opcode(IOp iop, bool& imm) {
  const uint16_t v = uint16_t(iop);
  if (v >= kOpcodeCount * kVariants || v % kVariants > 1) return std::nullopt;
  imm = v % kVariants == 1;
  return Opcode(v / kVariants);
}
// Comparisons, which can fuse with the branch that consumes them.
constexpr bool is_comparison(Opcode op) {
  const OpSig& s = op_info(op).sig;
  return s.simple && s.result_count == 1 && s.result == ValType::I32 && op_info(op).imm == ImmKind::None &&
         ((op >= Opcode::I32Eqz && op <= Opcode::F64Ge));
}

// The handler addresses, indexed by IOp (defined by the interpreter loop).
const void* const* interp_handlers();

// A try_table's catch clause: where its landing pad is and where the payload goes.
struct CatchPad {
  CatchKind kind = CatchKind::Catch;
  uint32_t tag = 0;    // the module's tag index (Catch, CatchRef)
  uint32_t dst = 0;    // first slot of the label's values
  uint32_t pad = 0;    // word index (relative to the function's code) of the landing pad
};

// The code a try_table covers, in words relative to the function's code, and its clauses.
struct TryRange {
  uint32_t begin = 0;
  uint32_t end = 0;  // exclusive
  uint32_t first_pad = 0;
  uint32_t pad_count = 0;
};

struct CompiledFunc {
  const uint32_t* code = nullptr;  // first instruction
  uint32_t code_begin = 0;         // word index in CompiledModule::code
  uint32_t param_count = 0;
  uint32_t local_count = 0;  // params included
  uint32_t frame_size = 0;   // slots: locals and the deepest operand stack
  uint32_t result_count = 0;
  uint32_t func_index = 0;  // in the module's function index space
  const Module* module = nullptr;
  // (word index relative to `code`, wasm byte offset), sorted by word index.
  std::vector<std::pair<uint32_t, uint32_t>> offsets;
  // Exception handlers, innermost first (a try_table is listed when it ends);
  // only the throw path reads them.
  std::vector<TryRange> try_ranges;
  std::vector<CatchPad> catch_pads;

  uint32_t wasm_offset(const uint32_t* pc) const;
};

class CompiledModule final : public ModuleCode {
 public:
  const void* entry(uint32_t defined_index) const override { return &funcs[defined_index]; }
  EntryKind entry_kind() const override { return EntryKind::Interp; }

  ValidatedModulePtr module;  // keeps the module (and its names) alive
  std::vector<uint32_t> code;
  std::vector<CompiledFunc> funcs;  // defined functions
};

// Compiles every function of a validated module.
Result<std::shared_ptr<const CompiledModule>> compile_module(const ValidatedModulePtr& module);

}  // namespace weft::core

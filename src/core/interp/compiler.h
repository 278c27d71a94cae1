// The interpreter's compiler: a sink of the one function-body decoder that turns
// a validated body into register-style code (see code.h) in a single pass.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "core/interp/code.h"
#include "core/validate/function_decoder.h"

namespace weft::core {

class FuncCompiler {
 public:
  FuncCompiler(std::vector<uint32_t>& code, CompiledFunc& out) : code_(code), out_(out) {}

  // The sink interface (see function_decoder.h).
  void begin(const FunctionDecoderBase& d);
  void instr(const Instr& ins, const FunctionDecoderBase& d);
  void finish(const FunctionDecoderBase& d);
  // A body the interpreter cannot run (checked after decoding).
  const std::optional<Error>& error() const { return error_; }

 private:
  // A value on the compile-time operand stack: already in its stack slot, or
  // still a local or a constant that has not been copied anywhere yet.
  struct Operand {
    enum class Kind : uint8_t { Stack, Local, Const };
    Kind kind = Kind::Stack;
    uint32_t local = 0;
    uint64_t bits = 0;
  };
  // A relative branch offset to fill in: the word to write and the start of its instruction.
  struct Fixup {
    uint32_t field;
    uint32_t base;
  };
  struct Control {
    Opcode kind = Opcode::Block;
    uint32_t height = 0;  // operand height at entry, params excluded
    uint32_t param_count = 0;
    uint32_t result_count = 0;
    bool dead = false;  // entered in unreachable code: nothing inside is emitted
    uint32_t loop_start = 0;
    std::vector<Fixup> fixups;         // branches to the end
    std::optional<Fixup> else_fixup;   // if: taken when the condition is false
    uint32_t try_begin = 0;            // try_table: first word of the body (absolute)
    uint32_t first_pad = 0;            // try_table: its clauses in out_.catch_pads
    uint32_t pad_count = 0;
    uint32_t label_arity() const { return kind == Opcode::Loop ? param_count : result_count; }
  };
  static constexpr uint32_t kNone = ~0u;

  // --- structure ---
  bool structural(const Instr& ins, const FunctionDecoderBase& d);
  void enter_block(const Instr& ins, const FunctionDecoderBase& d);
  void do_else(const FunctionDecoderBase& d);
  void do_end(const FunctionDecoderBase& d);
  void branch(uint32_t depth);
  void branch_if(uint32_t depth);
  // A conditional branch: `jump(when)` emits a jump taken when the condition is `when`.
  void branch_on(uint32_t depth, const std::function<Fixup(bool)>& jump);
  void branch_table(const Instr& ins);
  void do_return();
  void call(const Instr& ins, const FunctionDecoderBase& d);
  void enter_try_table(const Instr& ins, const FunctionDecoderBase& d);
  void emit_catch_pad(const Catch& c);
  bool exception(const Instr& ins);
  // Typed references and GC (compiler_gc.cpp).
  bool reference(const Instr& ins);
  bool aggregate(const Instr& ins);
  void unary(IOp op, std::initializer_list<uint32_t> extra = {});
  void branch_on_ref(const Instr& ins);
  void branch_on_cast(const Instr& ins);
  bool variable(const Instr& ins);
  bool memory(const Instr& ins);
  bool table(const Instr& ins);
  void simple(const Instr& ins);
  bool fuse_address(const Instr& ins, bool is_load);
  bool const_address(const Instr& ins, bool is_load);
  void mem64_access(const Instr& ins, bool is_load);

  // --- operand stack ---
  uint32_t height() const { return uint32_t(stack_.size()); }
  // Frame layout: [params | locals | a slot that is always zero | operand stack].
  uint32_t zero_slot() const { return local_count_; }
  uint32_t slot_at(uint32_t pos) const { return local_count_ + 1 + pos; }
  uint32_t read(uint32_t pos);  // the slot holding the value at `pos`
  void materialize(uint32_t pos);
  void materialize_range(uint32_t from, uint32_t to);
  void materialize_local(uint32_t local, uint32_t below);
  uint32_t pop_read() {
    uint32_t s = read(height() - 1);
    stack_.pop_back();
    return s;
  }
  uint32_t push_result() {
    stack_.push_back({});
    return slot_at(height() - 1);
  }
  bool needs_copies(uint32_t dst, uint32_t n) const;
  void copy_top(uint32_t dst, uint32_t n);

  // --- conditions: a comparison right before a branch fuses with it ---
  struct Cond {
    uint32_t slot;
    bool fusable;
  };
  Cond pop_cond();
  Fixup jump_on(Cond c, bool when);

  // --- emission ---
  uint32_t emit(IOp op, std::initializer_list<uint32_t> words);
  uint32_t emit_imm(IOp op, uint32_t dst, uint32_t a, uint64_t bits);
  uint32_t here() const { return uint32_t(code_.size()); }
  void bind(const Fixup& f) {
    code_[f.field] = here() - f.base;
    label_ = here();
  }
  void emit_move(uint32_t dst, uint32_t src);
  void produced(uint32_t start) { last_dst_field_ = start + 2; }
  Control& target(uint32_t depth) { return ctl_[ctl_.size() - 1 - depth]; }

  std::vector<uint32_t>& code_;
  CompiledFunc& out_;
  const Module* module_ = nullptr;
  uint32_t local_count_ = 0;
  uint32_t wasm_offset_ = 0;
  uint32_t last_dst_field_ = kNone;  // the output field of the instruction that made the top value
  uint32_t last_start_ = 0;          // the last instruction emitted
  uint32_t label_ = kNone;           // the latest position some branch may target
  uint32_t min_frame_ = 0;           // slots catch clauses write, beyond what the body uses
  IOp last_op_ = IOp::Invalid;
  std::vector<Operand> stack_;
  std::vector<Control> ctl_;
  std::optional<Error> error_;
};

}  // namespace weft::core

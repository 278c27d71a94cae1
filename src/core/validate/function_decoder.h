// The one function-body decoder. It decodes and type-checks a body (the spec's
// validation algorithm, appendix "Validation Algorithm") and feeds each instruction
// to a Sink: validation alone uses NullSink, the interpreter's compiler (and later
// the LLVM tier) are other sinks. A sink sees each instruction before its stack
// effect, together with the decoder's state (operand height, control frames).
#pragma once

#include <algorithm>
#include <span>
#include <unordered_set>
#include <vector>

#include "core/binary/instr.h"
#include "core/binary/module.h"
#include "core/validate/context.h"

namespace weft::core {

// Marks an operand of unknown type (below an unreachable instruction).
inline constexpr ValType kUnknownType = ValType::Bot;

struct ControlFrame {
  Opcode kind = Opcode::Block;  // Block, Loop, If, Else, TryTable, or Call for the function frame
  BlockType block;              // the frame's type (function frame: Index of its type)
  uint32_t height = 0;          // operand stack height at entry, params excluded
  bool unreachable = false;
  uint32_t init_height = 0;     // locals set inside the frame are unset again at its end
};

struct NullSink {
  template <class State>
  void begin(const State&) {}
  template <class State>
  void instr(const Instr&, const State&) {}
  template <class State>
  void finish(const State&) {}
};

class FunctionDecoderBase {
 public:
  FunctionDecoderBase(const ValidationContext& ctx, uint32_t func_index);
  // A constant expression: no locals, one result of type `result`.
  FunctionDecoderBase(const ValidationContext& ctx, const FuncType& type);

  // --- State visible to sinks ---
  const Module& module() const { return ctx_.module; }
  uint32_t func_index() const { return func_index_; }
  const FuncType& func_type() const { return *type_; }
  uint64_t local_count() const { return local_count_; }
  ValType local_type(uint32_t index) const;
  const ValidationContext& context() const { return ctx_; }
  uint32_t height() const { return uint32_t(vals_.size()); }
  uint32_t max_height() const { return max_height_; }
  bool reachable() const { return !ctrls_.back().unreachable; }
  uint32_t depth() const { return uint32_t(ctrls_.size()); }
  // Frame `d` labels out from the innermost (0 = innermost).
  const ControlFrame& frame(uint32_t d) const { return ctrls_[ctrls_.size() - 1 - d]; }
  std::span<const ValType> block_params(const BlockType& bt) const;
  std::span<const ValType> block_results(const BlockType& bt) const;
  // The types a branch to frame `d` carries (loop: params, else: results).
  std::span<const ValType> label_types(uint32_t d) const;
  // Operand `i` below the top (0 = top); kUnknownType in unreachable code.
  ValType operand(uint32_t i) const { return i < vals_.size() ? vals_[vals_.size() - 1 - i] : kUnknownType; }

 protected:
  std::unexpected<Error> invalid(const std::string& message) const;
  Result<void> check_instr(const Instr& ins);  // the type rule of one instruction
  Result<void> begin_body();
  Result<void> decode_locals();

  void push(ValType t) {
    vals_.push_back(t);
    if (vals_.size() > max_height_) max_height_ = uint32_t(vals_.size());
  }
  Result<ValType> pop();
  Result<ValType> pop(ValType expect);
  // Pops a reference (or the bottom type); anything else is a type mismatch.
  Result<ValType> pop_ref();
  bool subtype(ValType a, ValType b) const { return ctx_.subtype(a, b); }
  bool all_subtypes(std::span<const ValType> a, std::span<const ValType> b) const;
  Result<void> pop_all(std::span<const ValType> types);
  void push_all(std::span<const ValType> types) {
    for (ValType t : types) push(t);
  }
  Result<void> push_ctrl(Opcode kind, const BlockType& bt);
  Result<ControlFrame> pop_ctrl();
  void set_unreachable();

 private:
  Result<void> check_control(const Instr& ins);
  Result<void> check_variable(const Instr& ins);
  Result<void> check_memory(const Instr& ins);
  Result<void> check_table(const Instr& ins);
  Result<void> check_call(const Instr& ins);
  Result<void> check_branch(const Instr& ins);
  Result<void> check_block_type(const BlockType& bt);
  Result<void> check_memory_index(uint32_t mem);
  Result<void> check_table_index(uint32_t table);
  Result<void> check_data_index(uint32_t data);
  // Address types (i32, or i64 under memory64) of a memory or table known to exist.
  ValType memory_addr(uint32_t mem) const;
  ValType table_addr(uint32_t table) const;
  static ValType min_addr(ValType a, ValType b) {
    return a == ValType::I64 && b == ValType::I64 ? a : ValType::I32;
  }
  Result<void> check_return_call(const FuncType& callee);
  Result<void> check_local(const Instr& ins);
  Result<void> check_valtype(ValType t);
  Result<void> check_exception(const Instr& ins);
  // Typed function references and GC (function_decoder_gc.cpp).
  Result<void> check_reference(const Instr& ins);
  Result<void> check_branch_on(const Instr& ins);
  Result<void> check_struct(const Instr& ins);
  Result<void> check_array(const Instr& ins);
  Result<void> check_array_segment(const Instr& ins);
  Result<void> check_cast(const Instr& ins);
  Result<const SubType*> type_of(uint32_t index, CompKind kind);
  Result<void> check_catch(const Catch& c);
  Result<const FuncType*> tag_func_type(uint32_t tag);

 protected:
  const ValidationContext& ctx_;
  uint32_t func_index_;
  const FuncType* type_;
  const Code* code_;
  uint64_t local_count_ = 0;
  // Locals run-length encoded: (first index after the run, type); params first.
  std::vector<std::pair<uint64_t, ValType>> local_runs_;
  std::vector<ValType> vals_;
  std::vector<ControlFrame> ctrls_;
  // spec: locals of non-defaultable types must be set before they are read; a set
  // lasts until the end of the enclosing block. `inits_` holds the non-defaultable
  // locals that are set, `init_trail_` lists them in the order they were set.
  std::unordered_set<uint32_t> inits_;
  std::vector<uint32_t> init_trail_;
  uint32_t max_height_ = 0;
  uint32_t current_offset_ = 0;
};

template <class Sink>
class FunctionDecoder : public FunctionDecoderBase {
 public:
  FunctionDecoder(const ValidationContext& ctx, uint32_t func_index, Sink& sink)
      : FunctionDecoderBase(ctx, func_index), sink_(sink) {}

  Result<void> decode() {
    WEFT_CHECK(begin_body());
    sink_.begin(*this);
    const ByteRange body = code_->body;
    Reader r(module().range(body), body.begin);
    Instr ins;
    std::vector<uint32_t> scratch;
    std::vector<Catch> catch_scratch;
    while (!ctrls_.empty()) {
      if (r.at_end()) return make_error(Phase::Decode, Span::at(r.offset()), "END opcode expected");
      WEFT_CHECK(decode_instr(r, ctx_.features, ins, scratch, catch_scratch));
      current_offset_ = ins.offset;
      sink_.instr(ins, *this);
      WEFT_CHECK(check_instr(ins));
    }
    if (!r.at_end()) return make_error(Phase::Decode, Span::at(r.offset()), "section size mismatch");
    sink_.finish(*this);
    return {};
  }

 private:
  Sink& sink_;
};

// Validates one function body with no sink.
Result<void> validate_function(const ValidationContext& ctx, uint32_t func_index);

// spec: constant expressions: only constant instructions, typed by the same rules
// as code, reading only the first `visible_globals` globals (which must be immutable).
Result<void> validate_const_instrs(const ValidationContext& ctx, ConstExpr expr, ValType expected,
                                   uint32_t visible_globals);

}  // namespace weft::core

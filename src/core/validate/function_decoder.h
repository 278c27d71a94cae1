// The one function-body decoder. It decodes and type-checks a body (the spec's
// validation algorithm, appendix "Validation Algorithm") and feeds each instruction
// to a Sink: validation alone uses NullSink, the interpreter's compiler (and later
// the LLVM tier) are other sinks. A sink sees each instruction before its stack
// effect, together with the decoder's state (operand height, control frames).
#pragma once

#include <algorithm>
#include <span>
#include <vector>

#include "core/binary/instr.h"
#include "core/binary/module.h"
#include "core/validate/context.h"

namespace weft::core {

// Marks an operand of unknown type (below an unreachable instruction).
inline constexpr ValType kUnknownType = static_cast<ValType>(0);

struct ControlFrame {
  Opcode kind = Opcode::Block;  // Block, Loop, If, Else, TryTable, or Call for the function frame
  BlockType block;              // the frame's type (function frame: Index of its type)
  uint32_t height = 0;          // operand stack height at entry, params excluded
  bool unreachable = false;
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

  // --- State visible to sinks ---
  const Module& module() const { return ctx_.module; }
  uint32_t func_index() const { return func_index_; }
  const FuncType& func_type() const { return *type_; }
  uint64_t local_count() const { return local_count_; }
  ValType local_type(uint32_t index) const;
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
  Result<void> check_exception(const Instr& ins);
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

}  // namespace weft::core

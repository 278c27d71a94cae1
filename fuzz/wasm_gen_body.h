// The function-body generator: a type-directed walk that keeps the validator's
// operand and control stacks, so every instruction it emits type-checks.
// Control and calls live in wasm_gen_body.cpp, operators in wasm_gen_ops.cpp.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "wasm_gen_module.h"

namespace weft::fuzz {

// What an i32 operand means, so that fresh values are likely to be in range (and
// computed lengths can be bounded: a loop around a 1 MiB memory.fill would turn
// fuel into minutes).
enum class Hint : uint8_t { Any, Cond, Addr, Len, Index, Delta };

class BodyGen {
 public:
  BodyGen(ByteSource& src, ModuleDesc& m, uint32_t func, const GenLimits& limits, uint32_t budget);
  // Local declarations followed by the code, final `end` included.
  std::vector<uint8_t> run();
  uint32_t budget_left() const { return budget_; }

 private:
  struct Frame {
    uint8_t opcode = 0;  // 0x02 block, 0x03 loop, 0x04 if, 0x05 else; 0 for the function
    std::vector<ValType> params, results;
    size_t height = 0;  // operand stack size below the params
    bool unreachable = false;
    std::optional<uint32_t> counter;  // loops: the local counting down back-edges
    const std::vector<ValType>& label_types() const { return opcode == 0x03 ? params : results; }
  };

  // --- stack model (wasm_gen_body.cpp) ---
  size_t avail() const { return stack_.size() - frames_.back().height; }
  ValType top() const { return stack_.back(); }
  void push(ValType t) { stack_.push_back(t); }
  void push_all(std::span<const ValType> ts) { stack_.insert(stack_.end(), ts.begin(), ts.end()); }
  void pop(size_t n) { stack_.resize(stack_.size() - n); }
  bool top_is(std::span<const ValType> ts) const;
  // Leaves the operands `ops` on top, reusing computed values where their types fit.
  void prepare(std::span<const ValType> ops, std::span<const Hint> hints = {});
  // Makes the values above the current frame's base exactly `ts`.
  void fix_stack(std::span<const ValType> ts);
  void set_unreachable();
  uint32_t scratch_local(ValType t);

  // --- control (wasm_gen_body.cpp) ---
  void step();
  void open_block(uint8_t opcode);
  void do_else();
  void close_frame();
  void branch(uint8_t opcode);
  void br_table();
  void countdown(uint32_t counter);  // pushes "counter-- > 0"
  void call(uint8_t opcode);
  void call_indirect(uint8_t opcode);
  std::optional<uint32_t> funcref_table();

  // --- operators (wasm_gen_ops.cpp) ---
  void push_leaf(ValType t, Hint hint = Hint::Any);
  void leaf_const(ValType t, Hint hint);
  void bound(Hint hint);  // masks the i32 on top into the range `hint` wants
  void numeric();
  bool convert(ValType from, ValType to);
  void local_op();
  void global_op();
  void load();
  void store();
  void memory_misc();
  void table_op();
  void ref_op();
  void select();
  void memarg(uint32_t natural_log2, uint32_t mem);

  ByteSource& src_;
  ModuleDesc& m_;
  uint32_t func_;
  const GenLimits& limits_;
  uint32_t budget_;
  Emitter code_;
  std::vector<ValType> locals_;  // params first
  std::vector<bool> reserved_;   // loop counters: never written by random local.set
  size_t param_count_ = 0;
  std::vector<ValType> stack_;
  std::vector<Frame> frames_;
};

}  // namespace weft::fuzz

// The interpreter's compiler: operand tracking, control flow and emission.
#include "core/interp/compiler.h"

#include <cassert>
#include <cstring>

#include "core/validate/context.h"

namespace weft::core {

// --- emission ---

uint32_t FuncCompiler::emit(IOp op, std::initializer_list<uint32_t> words) {
  const uint32_t start = here();
  const void* handler = interp_handlers()[size_t(op)];
  uint32_t h[2];
  std::memcpy(h, &handler, sizeof(handler));
  code_.push_back(h[0]);
  code_.push_back(h[1]);
  code_.insert(code_.end(), words.begin(), words.end());
  if (code_.size() % 2) code_.push_back(0);
  out_.offsets.emplace_back(start - out_.code_begin, wasm_offset_);
  last_dst_field_ = kNone;
  last_start_ = start;
  last_op_ = op;
  return start;
}

FuncCompiler::Cond FuncCompiler::pop_cond() {
  const uint32_t top = height() - 1;
  bool imm = false;
  const auto op = simple_opcode(last_op_, imm);
  const bool fusable = stack_[top].kind == Operand::Kind::Stack && last_dst_field_ == last_start_ + 2 &&
                       code_[last_dst_field_] == slot_at(top) && op && is_comparison(*op);
  return Cond{pop_read(), fusable};
}

// Emits a jump taken when the condition is `when`. If the comparison that made
// the condition is still the last instruction, it is rewritten into a fused
// compare-and-jump (its result slot then is never written: nothing else reads it).
FuncCompiler::Fixup FuncCompiler::jump_on(Cond c, bool when) {
  bool imm = false;
  if (!c.fusable || last_dst_field_ == kNone) {
    uint32_t at = emit(when ? IOp::JumpIf : IOp::JumpUnless, {c.slot, 0});
    return {at + 3, at};
  }
  const Opcode op = *simple_opcode(last_op_, imm);
  const uint32_t at = last_start_;
  const bool unary = op_info(op).sig.param_count == 1;
  const uint32_t a = code_[at + 3];
  const uint32_t b = unary ? 0 : code_[at + 4];
  const uint32_t hi = imm ? code_[at + 5] : 0;
  code_.resize(at);
  out_.offsets.pop_back();
  const IOp fused = jump_iop(op, when, imm);
  if (imm) {
    emit(fused, {a, 0, b, hi});
    return {at + 3, at};
  }
  if (unary) {
    emit(fused, {a, 0});
    return {at + 3, at};
  }
  emit(fused, {a, b, 0});
  return {at + 4, at};
}

// Two moves in a row (phi copies at the end of a loop body, say) become one
// instruction, unless a branch may land between them.
void FuncCompiler::emit_move(uint32_t dst, uint32_t src) {
  if (last_op_ == IOp::Move && last_start_ + 4 == here() && label_ != here()) {
    const uint32_t d1 = code_[last_start_ + 2], s1 = code_[last_start_ + 3];
    code_.resize(last_start_);
    out_.offsets.pop_back();
    emit(IOp::Move2, {d1, s1, dst, src});
    return;
  }
  emit(IOp::Move, {dst, src});
}

uint32_t FuncCompiler::emit_imm(IOp op, uint32_t dst, uint32_t a, uint64_t bits) {
  return emit(op, {dst, a, uint32_t(bits), uint32_t(bits >> 32)});
}

// --- operand stack ---

void FuncCompiler::materialize(uint32_t pos) {
  Operand& o = stack_[pos];
  if (o.kind == Operand::Kind::Local) emit_move(slot_at(pos), o.local);
  if (o.kind == Operand::Kind::Const) emit_imm(IOp::Const, slot_at(pos), 0, o.bits);
  o = Operand{};
}

void FuncCompiler::materialize_range(uint32_t from, uint32_t to) {
  for (uint32_t p = from; p < to; ++p) {
    if (stack_[p].kind != Operand::Kind::Stack) materialize(p);
  }
}

// Before `local` is written, values still read from it must be copied out.
void FuncCompiler::materialize_local(uint32_t local, uint32_t below) {
  for (uint32_t p = 0; p < below; ++p) {
    if (stack_[p].kind == Operand::Kind::Local && stack_[p].local == local) materialize(p);
  }
}

uint32_t FuncCompiler::read(uint32_t pos) {
  const Operand& o = stack_[pos];
  if (o.kind == Operand::Kind::Local) return o.local;
  if (o.kind == Operand::Kind::Const) materialize(pos);
  return slot_at(pos);
}

bool FuncCompiler::needs_copies(uint32_t dst, uint32_t n) const {
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t pos = height() - n + i;
    if (stack_[pos].kind != Operand::Kind::Stack || slot_at(pos) != dst + i) return true;
  }
  return false;
}

// Copies the top n values to slots dst..dst+n-1. Sources never lie below their
// destinations except as locals (see do_return), so copying upwards is safe.
void FuncCompiler::copy_top(uint32_t dst, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t pos = height() - n + i;
    const Operand& o = stack_[pos];
    if (o.kind == Operand::Kind::Const) emit_imm(IOp::Const, dst + i, 0, o.bits);
    else if (o.kind == Operand::Kind::Local) emit_move(dst + i, o.local);
    else if (slot_at(pos) != dst + i) emit_move(dst + i, slot_at(pos));
  }
}

// --- the sink interface ---

// Slot indices are 32-bit; far below that, frames no longer fit the value stack anyway.
constexpr uint64_t kMaxFrameSlots = uint64_t{1} << 28;

void FuncCompiler::begin(const FunctionDecoderBase& d) {
  module_ = &d.module();
  if (d.local_count() > kMaxFrameSlots) {
    error_ = Error{Phase::Instantiate, Span::at(d.module().codes[d.func_index() - d.module().imported_funcs].body.begin),
                   "too many locals for the interpreter", {}, 0, {}};
  }
  local_count_ = uint32_t(d.local_count());
  out_.code_begin = here();
  label_ = here();  // the entry: never merge with the previous function's code
  last_op_ = IOp::Invalid;
  out_.func_index = d.func_index();
  out_.param_count = uint32_t(d.func_type().params.size());
  out_.result_count = uint32_t(d.func_type().results.size());
  out_.local_count = local_count_ + 1;  // the zero slot is cleared with the locals
  Control fn;
  fn.kind = Opcode::Call;
  fn.result_count = out_.result_count;
  ctl_.push_back(std::move(fn));
}

void FuncCompiler::finish(const FunctionDecoderBase& d) {
  if (uint64_t(local_count_) + d.max_height() > kMaxFrameSlots && !error_) {
    error_ = Error{Phase::Instantiate, Span::at(wasm_offset_), "function frame too large for the interpreter", {}, 0, {}};
  }
  out_.frame_size = std::max(local_count_ + 1 + d.max_height(), min_frame_);
}

void FuncCompiler::instr(const Instr& ins, const FunctionDecoderBase& d) {
  wasm_offset_ = ins.offset;
  if (error_) return;
  if (structural(ins, d)) return;
  if (ctl_.back().dead || !d.reachable()) return;
  assert(height() == d.height());
  if (variable(ins) || memory(ins) || table(ins) || exception(ins) || reference(ins)) return;
  switch (ins.op) {
    case Opcode::Unreachable: emit(IOp::TrapUnreachable, {}); return;
    case Opcode::Nop: return;
    case Opcode::Br: branch(ins.a); return;
    case Opcode::BrIf: branch_if(ins.a); return;
    case Opcode::BrTable: branch_table(ins); return;
    case Opcode::Return: do_return(); return;
    case Opcode::Call: case Opcode::CallIndirect: case Opcode::ReturnCall: case Opcode::ReturnCallIndirect:
    case Opcode::CallRef: case Opcode::ReturnCallRef:
      call(ins, d);
      return;
    default: simple(ins); return;
  }
}

// --- control flow ---

bool FuncCompiler::structural(const Instr& ins, const FunctionDecoderBase& d) {
  switch (ins.op) {
    case Opcode::Block: case Opcode::Loop: case Opcode::If: enter_block(ins, d); return true;
    case Opcode::TryTable: enter_try_table(ins, d); return true;
    case Opcode::Else: do_else(d); return true;
    case Opcode::End: do_end(d); return true;
    default: return false;
  }
}

void FuncCompiler::enter_block(const Instr& ins, const FunctionDecoderBase& d) {
  Control c;
  c.kind = ins.op;
  c.param_count = uint32_t(d.block_params(ins.block).size());
  c.result_count = uint32_t(d.block_results(ins.block).size());
  c.dead = ctl_.back().dead || !d.reachable();
  if (c.dead) {
    ctl_.push_back(std::move(c));
    return;
  }
  Cond cond{kNone, false};
  if (ins.op == Opcode::If) cond = pop_cond();
  // Control flow merges at labels: every value must sit in its own slot there.
  materialize_range(0, height());
  c.height = height() - c.param_count;
  if (ins.op == Opcode::If) c.else_fixup = jump_on(cond, false);
  c.loop_start = here();
  label_ = here();
  last_dst_field_ = kNone;
  ctl_.push_back(std::move(c));
}

// try_table: a jump over one landing pad per catch clause, then the body. A pad
// only branches: the thrower has already put the label's values in place.
void FuncCompiler::enter_try_table(const Instr& ins, const FunctionDecoderBase& d) {
  const bool dead = ctl_.back().dead || !d.reachable();
  Control c;
  c.kind = ins.op;
  c.param_count = uint32_t(d.block_params(ins.block).size());
  c.result_count = uint32_t(d.block_results(ins.block).size());
  c.dead = dead;
  if (!dead) {
    materialize_range(0, height());
    c.height = height() - c.param_count;
    const uint32_t skip = emit(IOp::Jump, {0});
    c.first_pad = uint32_t(out_.catch_pads.size());
    c.pad_count = uint32_t(ins.catches.size());
    for (const Catch& k : ins.catches) emit_catch_pad(k);
    bind(Fixup{skip + 2, skip});
    c.try_begin = here();
    c.loop_start = here();
    last_dst_field_ = kNone;
  }
  ctl_.push_back(std::move(c));
}

void FuncCompiler::emit_catch_pad(const Catch& k) {
  CatchPad p;
  p.kind = k.kind;
  p.tag = k.tag;
  p.pad = here() - out_.code_begin;
  label_ = here();
  const bool is_return = k.label == ctl_.size() - 1;
  Control& t = target(k.label);
  p.dst = is_return ? 0 : slot_at(t.height);
  min_frame_ = std::max(min_frame_, p.dst + t.label_arity());
  if (is_return) {
    emit(IOp::Ret, {});
  } else {
    const uint32_t at = emit(IOp::Jump, {0});
    if (t.kind == Opcode::Loop) code_[at + 2] = t.loop_start - at;
    else t.fixups.push_back({at + 2, at});
  }
  out_.catch_pads.push_back(p);
}

void FuncCompiler::do_else(const FunctionDecoderBase& d) {
  Control& c = ctl_.back();
  if (c.dead) return;
  if (d.reachable()) {
    materialize_range(c.height, height());
    uint32_t at = emit(IOp::Jump, {0});
    c.fixups.push_back({at + 2, at});
  }
  bind(*c.else_fixup);
  c.else_fixup.reset();
  c.kind = Opcode::Else;
  stack_.resize(c.height);  // the params are back in their own slots
  stack_.resize(c.height + c.param_count);
  last_dst_field_ = kNone;
}

void FuncCompiler::do_end(const FunctionDecoderBase& d) {
  Control c = std::move(ctl_.back());
  ctl_.pop_back();
  if (c.dead) return;
  const bool reachable = d.reachable();
  if (ctl_.empty()) {  // the function's end
    if (reachable) do_return();
    return;
  }
  if (reachable) materialize_range(c.height, height());
  if (c.kind == Opcode::TryTable) {
    out_.try_ranges.push_back(
        TryRange{c.try_begin - out_.code_begin, here() - out_.code_begin, c.first_pad, c.pad_count});
  }
  for (const Fixup& f : c.fixups) bind(f);
  if (c.else_fixup) bind(*c.else_fixup);
  stack_.resize(c.height);  // the results sit in their own slots
  stack_.resize(c.height + c.result_count);
  last_dst_field_ = kNone;
}

void FuncCompiler::branch(uint32_t depth) {
  if (depth == ctl_.size() - 1) return do_return();
  Control& t = target(depth);
  copy_top(slot_at(t.height), t.label_arity());
  uint32_t at = emit(IOp::Jump, {0});
  if (t.kind == Opcode::Loop) code_[at + 2] = t.loop_start - at;
  else t.fixups.push_back({at + 2, at});
}

void FuncCompiler::branch_if(uint32_t depth) {
  const Cond cond = pop_cond();
  branch_on(depth, [&](bool when) { return jump_on(cond, when); });
}

void FuncCompiler::branch_on(uint32_t depth, const std::function<Fixup(bool)>& jump) {
  const bool is_return = depth == ctl_.size() - 1;
  Control& t = target(depth);
  if (!is_return && !needs_copies(slot_at(t.height), t.label_arity())) {
    const Fixup f = jump(true);
    if (t.kind == Opcode::Loop) code_[f.field] = t.loop_start - f.base;
    else t.fixups.push_back(f);
    return;
  }
  const Fixup skip = jump(false);
  std::vector<Operand> saved = stack_;  // the taken path must not change the fall-through state
  branch(depth);
  stack_ = std::move(saved);
  bind(skip);
  last_dst_field_ = kNone;
}

void FuncCompiler::branch_table(const Instr& ins) {
  const uint32_t index = pop_read();
  const uint32_t count = uint32_t(ins.targets.size());
  std::vector<uint32_t> words{index, count - 1};
  words.resize(2 + count, 0);
  const uint32_t at = emit(IOp::JumpTable, std::initializer_list<uint32_t>{});
  code_.insert(code_.end(), words.begin(), words.end());
  if (code_.size() % 2) code_.push_back(0);
  std::vector<std::pair<uint32_t, uint32_t>> stubs;  // (depth, stub start)
  std::vector<uint32_t> pending;                    // targets needing a stub
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t depth = ins.targets[i];
    const uint32_t field = at + 4 + i;
    Control& t = target(depth);
    if (depth != ctl_.size() - 1 && !needs_copies(slot_at(t.height), t.label_arity())) {
      if (t.kind == Opcode::Loop) code_[field] = t.loop_start - at;
      else t.fixups.push_back({field, at});
    } else {
      pending.push_back(i);
    }
  }
  for (uint32_t i : pending) {
    const uint32_t depth = ins.targets[i];
    uint32_t stub = kNone;
    for (auto [dd, s] : stubs) {
      if (dd == depth) stub = s;
    }
    if (stub == kNone) {
      stub = here();
      stubs.emplace_back(depth, stub);
      std::vector<Operand> saved = stack_;  // each stub starts from the same state
      branch(depth);
      stack_ = std::move(saved);
    }
    code_[at + 4 + i] = stub - at;
  }
}

void FuncCompiler::do_return() {
  const uint32_t n = out_.result_count;
  // A single result made by the instruction just before: let it write slot 0.
  if (n == 1 && stack_.back().kind == Operand::Kind::Stack && last_dst_field_ != kNone &&
      code_[last_dst_field_] == slot_at(height() - 1)) {
    code_[last_dst_field_] = 0;
    emit(IOp::Ret, {});
    return;
  }
  // Results go to slots 0..n-1; a result still read from a local that an earlier
  // result overwrites must be copied out first.
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t pos = height() - n + i;
    if (stack_[pos].kind == Operand::Kind::Local && stack_[pos].local < i) materialize(pos);
  }
  copy_top(0, n);
  emit(IOp::Ret, {});
}

// --- modules ---

uint32_t CompiledFunc::wasm_offset(const uint32_t* pc) const {
  const uint32_t pos = uint32_t(pc - code);
  auto it = std::upper_bound(offsets.begin(), offsets.end(), pos,
                             [](uint32_t p, const std::pair<uint32_t, uint32_t>& e) { return p < e.first; });
  return it == offsets.begin() ? 0 : std::prev(it)->second;
}

Result<std::shared_ptr<const CompiledModule>> compile_module(const ValidatedModulePtr& module) {
  auto cm = std::make_shared<CompiledModule>();
  cm->module = module;
  const Module& m = module->module;
  ValidationContext ctx{m, module->features, module->declared_funcs, module->types};
  cm->funcs.resize(m.funcs.size());
  for (uint32_t i = 0; i < m.funcs.size(); ++i) {
    FuncCompiler sink(cm->code, cm->funcs[i]);
    FunctionDecoder<FuncCompiler> decoder(ctx, m.imported_funcs + i, sink);
    WEFT_CHECK(decoder.decode());
    if (sink.error()) return std::unexpected(*sink.error());
  }
  for (CompiledFunc& f : cm->funcs) {
    f.code = cm->code.data() + f.code_begin;
    f.module = &m;
  }
  return std::shared_ptr<const CompiledModule>(std::move(cm));
}

}  // namespace weft::core

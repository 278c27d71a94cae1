// Function bodies, control half: the main loop, the operand-stack bookkeeping,
// blocks, branches and calls.
//
// Termination: a back-edge to a loop is (almost always) a br_if on a counter that
// is set just before the loop and only ever decremented, so a loop runs a bounded
// number of times per entry; calls mostly go to higher-numbered functions. Store
// fuel catches the rare exceptions.
#include "wasm_gen_body.h"

#include <algorithm>

namespace weft::fuzz {

BodyGen::BodyGen(ByteSource& src, ModuleDesc& m, uint32_t func, const GenLimits& limits, uint32_t budget)
    : src_(src), m_(m), func_(func), limits_(limits), budget_(budget) {
  FuncType type = m.func_type(func);
  locals_ = type.params;
  param_count_ = locals_.size();
  for (uint32_t n = src.below(5); n > 0; --n) locals_.push_back(random_valtype(src));
  reserved_.assign(locals_.size(), false);
  Frame f;
  f.results = type.results;
  frames_.push_back(std::move(f));
}

std::vector<uint8_t> BodyGen::run() {
  while (!frames_.empty()) {
    if (budget_ == 0 || src_.empty()) {
      close_frame();
      continue;
    }
    --budget_;
    step();
  }
  std::vector<std::pair<uint32_t, ValType>> groups;
  for (size_t i = param_count_; i < locals_.size(); ++i) {
    if (!groups.empty() && groups.back().second == locals_[i]) {
      ++groups.back().first;
    } else {
      groups.emplace_back(1, locals_[i]);
    }
  }
  Emitter out;
  out.u32(groups.size());
  for (auto [count, type] : groups) {
    out.u32(count);
    out.type(type);
  }
  out.append(code_.bytes);
  return std::move(out.bytes);
}

// --- stack model ---

bool BodyGen::top_is(std::span<const ValType> ts) const {
  return avail() >= ts.size() && std::equal(ts.begin(), ts.end(), stack_.end() - ts.size());
}

void BodyGen::prepare(std::span<const ValType> ops, std::span<const Hint> hints) {
  const size_t n = ops.size();
  auto hint = [&](size_t i) { return i < hints.size() ? hints[i] : Hint::Any; };
  auto bounded_last = [&] {
    if (n > 0 && (hint(n - 1) == Hint::Len || hint(n - 1) == Hint::Delta)) bound(hint(n - 1));
  };
  size_t k = 0;
  if (!src_.one_in(8)) {
    for (size_t c = std::min(n, avail()); c > 0; --c) {
      if (top_is(ops.first(c))) {
        k = c;
        break;
      }
    }
  }
  // The value on top is the last operand, but the others must go beneath it: spill it.
  if (k == 0 && n >= 2 && avail() >= 1 && top() == ops[n - 1] && src_.one_in(2)) {
    ValType t = top();
    uint32_t s = scratch_local(t);
    code_.u8(0x21);
    code_.u32(s);
    pop(1);
    for (size_t i = 0; i + 1 < n; ++i) push_leaf(ops[i], hint(i));
    code_.u8(0x20);
    code_.u32(s);
    push(t);
    bounded_last();
    return;
  }
  for (size_t i = k; i < n; ++i) push_leaf(ops[i], hint(i));
  if (k == n) bounded_last();
}

void BodyGen::fix_stack(std::span<const ValType> ts) {
  const size_t base = frames_.back().height;
  size_t p = 0;
  while (p < ts.size() && base + p < stack_.size() && stack_[base + p] == ts[p]) ++p;
  while (avail() > p) {
    if (avail() == p + 1 && p < ts.size() && src_.below(4) != 0 && convert(top(), ts[p])) {
      ++p;
      break;
    }
    code_.u8(0x1a);  // drop
    pop(1);
  }
  for (; p < ts.size(); ++p) push_leaf(ts[p]);
}

void BodyGen::set_unreachable() {
  stack_.resize(frames_.back().height);
  frames_.back().unreachable = true;
}

uint32_t BodyGen::scratch_local(ValType t) {
  for (uint32_t i = 0; i < locals_.size(); ++i) {
    if (locals_[i] == t && !reserved_[i]) return i;
  }
  locals_.push_back(t);
  reserved_.push_back(false);
  return uint32_t(locals_.size() - 1);
}

// --- the main choice ---

void BodyGen::step() {
  if (avail() >= limits_.max_operand_depth) {
    code_.u8(0x1a);
    pop(1);
    return;
  }
  enum Action : uint8_t {
    kLeaf, kLocal, kGlobal, kNumeric, kLoad, kStore, kMemory, kBlock, kLoop, kIf, kElse, kEnd, kBr, kBrIf,
    kBrTable, kReturn, kCall, kCallIndirect, kReturnCall, kReturnCallIndirect, kSelect, kRef, kTable, kDrop,
    kUnreachable, kNop, kCount
  };
  static constexpr uint8_t kWeights[kCount] = {8, 8, 3, 30, 5, 5, 3, 4, 3, 4, 2, 6, 2,
                                                4, 2, 1, 5, 3, 1, 1, 3, 3, 4, 3, 1, 1};
  static constexpr uint32_t kTotal = [] {
    uint32_t t = 0;
    for (uint8_t w : kWeights) t += w;
    return t;
  }();
  uint32_t r = src_.below(kTotal);
  uint32_t action = 0;
  while (r >= kWeights[action]) r -= kWeights[action++];
  switch (Action(action)) {
    case kLeaf: push_leaf(random_valtype(src_)); break;
    case kLocal: local_op(); break;
    case kGlobal: global_op(); break;
    case kNumeric: numeric(); break;
    case kLoad: load(); break;
    case kStore: store(); break;
    case kMemory: memory_misc(); break;
    case kBlock: open_block(0x02); break;
    case kLoop: open_block(0x03); break;
    case kIf: open_block(0x04); break;
    case kElse:
      if (frames_.back().opcode == 0x04) do_else();
      break;
    case kEnd:
      if (frames_.size() > 1) close_frame();
      break;
    case kBr: branch(0x0c); break;
    case kBrIf: branch(0x0d); break;
    case kBrTable: br_table(); break;
    case kReturn: {
      FuncType self = m_.func_type(func_);
      prepare(self.results);
      code_.u8(0x0f);
      set_unreachable();
      break;
    }
    case kCall: call(0x10); break;
    case kCallIndirect: call_indirect(0x11); break;
    case kReturnCall: call(0x12); break;
    case kReturnCallIndirect: call_indirect(0x13); break;
    case kSelect: select(); break;
    case kRef: ref_op(); break;
    case kTable: table_op(); break;
    case kDrop:
      if (avail() > 0) {
        code_.u8(0x1a);
        pop(1);
      }
      break;
    case kUnreachable:
      if (src_.one_in(4)) {
        code_.u8(0x00);
        set_unreachable();
      }
      break;
    case kNop: code_.u8(0x01); break;
    case kCount: break;
  }
}

// --- blocks ---

void BodyGen::open_block(uint8_t opcode) {
  if (frames_.size() > limits_.max_depth) {
    push_leaf(random_valtype(src_));
    return;
  }
  // An `if` may take its condition from the stack, its params from beneath it.
  const bool top_cond = opcode == 0x04 && avail() >= 1 && top() == ValType::I32 && src_.one_in(2);
  const size_t below_cond = top_cond ? 1 : 0;
  const uint32_t k = src_.below(uint32_t(std::min<size_t>(avail() - below_cond, 3)) + 1);
  Frame f;
  f.opcode = opcode;
  const size_t end = stack_.size() - below_cond;
  f.params.assign(stack_.begin() + ptrdiff_t(end - k), stack_.begin() + ptrdiff_t(end));
  for (uint32_t n = src_.below(4); n > 0; --n) f.results.push_back(random_valtype(src_));
  if (opcode == 0x03 && !src_.one_in(16)) {
    f.counter = uint32_t(locals_.size());
    locals_.push_back(ValType::I32);
    reserved_.push_back(true);
    code_.u8(0x41);
    code_.s64(int64_t(src_.value_bits(1) % 8));
    code_.u8(0x21);
    code_.u32(*f.counter);
  }
  if (opcode == 0x04) {
    if (!top_cond) push_leaf(ValType::I32, Hint::Cond);
    pop(1);
  }
  code_.u8(opcode);
  if (f.params.empty() && f.results.empty() && !src_.one_in(4)) {
    code_.u8(0x40);
  } else if (f.params.empty() && f.results.size() == 1 && !src_.one_in(4)) {
    code_.type(f.results[0]);
  } else {
    code_.s64(m_.type_index(FuncType{f.params, f.results}));
  }
  f.height = stack_.size() - k;
  frames_.push_back(std::move(f));
}

void BodyGen::do_else() {
  Frame& f = frames_.back();
  fix_stack(f.results);
  code_.u8(0x05);
  stack_.resize(f.height);
  push_all(f.params);
  f.opcode = 0x05;
  f.unreachable = false;
}

void BodyGen::close_frame() {
  // An `if` without `else` passes its params through, so they must be its results.
  if (frames_.back().opcode == 0x04 && frames_.back().params != frames_.back().results) do_else();
  Frame& f = frames_.back();
  fix_stack(f.results);
  code_.u8(0x0b);
  stack_.resize(f.height);
  std::vector<ValType> results = std::move(f.results);
  frames_.pop_back();
  push_all(results);
}

// --- branches ---

void BodyGen::countdown(uint32_t counter) {
  code_.u8(0x20);  // local.get c; i32.const 1; i32.sub; local.tee c; i32.const 0; i32.ge_s
  code_.u32(counter);
  code_.u8(0x41);
  code_.u8(0x01);
  code_.u8(0x6b);
  code_.u8(0x22);
  code_.u32(counter);
  code_.u8(0x41);
  code_.u8(0x00);
  code_.u8(0x4e);
  push(ValType::I32);
}

void BodyGen::branch(uint8_t opcode) {
  const uint32_t depth = src_.below(uint32_t(frames_.size()));
  const Frame& target = frames_[frames_.size() - 1 - depth];
  std::vector<ValType> label = target.label_types();
  if (target.opcode == 0x03 && target.counter && (opcode == 0x0d || !src_.one_in(16))) {
    const uint32_t counter = *target.counter;
    prepare(label);
    countdown(counter);
    code_.u8(0x0d);
    code_.u32(depth);
    pop(1);
    return;
  }
  if (opcode == 0x0c) {
    prepare(label);
    code_.u8(0x0c);
    code_.u32(depth);
    set_unreachable();
    return;
  }
  std::vector<ValType> ops = label;
  ops.push_back(ValType::I32);
  std::vector<Hint> hints(label.size(), Hint::Any);
  hints.push_back(Hint::Cond);
  prepare(ops, hints);
  code_.u8(0x0d);
  code_.u32(depth);
  pop(1);
}

void BodyGen::br_table() {
  const uint32_t n = uint32_t(frames_.size());
  auto frame_at = [&](uint32_t depth) -> const Frame& { return frames_[n - 1 - depth]; };
  std::vector<uint32_t> plain;  // labels that are not loops (the function's always is one)
  for (uint32_t d = 0; d < n; ++d) {
    if (frame_at(d).opcode != 0x03) plain.push_back(d);
  }
  const uint32_t default_depth = plain[src_.below(uint32_t(plain.size()))];
  const std::vector<ValType> label = frame_at(default_depth).label_types();
  std::vector<uint32_t> same;
  for (uint32_t d : plain) {
    if (frame_at(d).label_types() == label) same.push_back(d);
  }
  // The innermost loop may be a target when its counter is the index: it is taken
  // only while the counter is in range, and the counter only goes down.
  std::optional<uint32_t> loop_depth;
  for (uint32_t d = 0; d < n; ++d) {
    if (frame_at(d).opcode != 0x03) continue;
    if (frame_at(d).counter && frame_at(d).label_types() == label && src_.one_in(2)) loop_depth = d;
    break;
  }
  std::vector<uint32_t> targets;
  for (uint32_t k = src_.below(5); k > 0; --k) {
    if (loop_depth && src_.one_in(3)) {
      targets.push_back(*loop_depth);
    } else {
      targets.push_back(same[src_.below(uint32_t(same.size()))]);
    }
  }
  if (loop_depth) {
    const uint32_t counter = *frame_at(*loop_depth).counter;
    prepare(label);
    code_.u8(0x20);  // local.get c; i32.const 1; i32.sub; local.tee c
    code_.u32(counter);
    code_.u8(0x41);
    code_.u8(0x01);
    code_.u8(0x6b);
    code_.u8(0x22);
    code_.u32(counter);
    push(ValType::I32);
  } else {
    std::vector<ValType> ops = label;
    ops.push_back(ValType::I32);
    std::vector<Hint> hints(label.size(), Hint::Any);
    hints.push_back(Hint::Index);
    prepare(ops, hints);
  }
  code_.u8(0x0e);
  code_.u32(targets.size());
  for (uint32_t d : targets) code_.u32(d);
  code_.u32(default_depth);
  set_unreachable();
}

// --- calls ---

void BodyGen::call(uint8_t opcode) {
  const FuncType self = m_.func_type(func_);
  std::vector<uint32_t> forward, any;
  for (uint32_t f = 0; f < m_.func_types.size(); ++f) {
    if (opcode == 0x12 && m_.func_type(f).results != self.results) continue;
    any.push_back(f);
    if (f > func_ || f < m_.imported_funcs) forward.push_back(f);
  }
  const auto& pool = !forward.empty() && !src_.one_in(8) ? forward : any;
  if (pool.empty()) {
    push_leaf(random_valtype(src_));
    return;
  }
  const uint32_t f = pool[src_.below(uint32_t(pool.size()))];
  const FuncType type = m_.func_type(f);
  prepare(type.params);
  code_.u8(opcode);
  code_.u32(f);
  pop(type.params.size());
  if (opcode == 0x10) {
    push_all(type.results);
  } else {
    set_unreachable();
  }
}

std::optional<uint32_t> BodyGen::funcref_table() {
  std::vector<uint32_t> tables;
  for (uint32_t t = 0; t < m_.tables.size(); ++t) {
    if (m_.tables[t].elem == ValType::FuncRef) tables.push_back(t);
  }
  if (tables.empty()) return std::nullopt;
  return tables[src_.below(uint32_t(tables.size()))];
}

void BodyGen::call_indirect(uint8_t opcode) {
  const std::optional<uint32_t> table = funcref_table();
  if (!table) {
    push_leaf(random_valtype(src_));
    return;
  }
  uint32_t type_index;
  if (opcode == 0x13) {  // the callee's results must be ours
    const FuncType self = m_.func_type(func_);
    std::vector<uint32_t> fits;
    for (uint32_t i = 0; i < m_.types.size(); ++i) {
      if (m_.types[i].results == self.results) fits.push_back(i);
    }
    type_index = fits[src_.below(uint32_t(fits.size()))];
  } else if (src_.one_in(4)) {
    type_index = src_.below(uint32_t(m_.types.size()));
  } else {  // a type some function has, so that the call can succeed
    type_index = m_.func_types[src_.below(uint32_t(m_.func_types.size()))];
  }
  const FuncType type = m_.types[type_index];
  std::vector<ValType> ops = type.params;
  ops.push_back(ValType::I32);
  std::vector<Hint> hints(type.params.size(), Hint::Any);
  hints.push_back(Hint::Index);
  prepare(ops, hints);
  code_.u8(opcode);
  code_.u32(type_index);
  code_.u32(*table);
  pop(ops.size());
  if (opcode == 0x11) {
    push_all(type.results);
  } else {
    set_unreachable();
  }
}

std::vector<uint8_t> generate_body(ByteSource& src, ModuleDesc& m, uint32_t func, const GenLimits& limits,
                                   uint32_t& instr_budget) {
  const uint32_t budget = src.below(std::min(limits.max_instrs_per_func, instr_budget) + 1);
  BodyGen gen(src, m, func, limits, budget);
  std::vector<uint8_t> body = gen.run();
  instr_budget -= budget - gen.budget_left();
  return body;
}

}  // namespace weft::fuzz

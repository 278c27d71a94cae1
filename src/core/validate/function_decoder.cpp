// Type rules of the function-body decoder, one per instruction kind.
// spec: https://webassembly.github.io/spec/core/valid/instructions.html
#include "core/validate/function_decoder.h"

#include <fmt/format.h>

namespace weft::core {

FunctionDecoderBase::FunctionDecoderBase(const ValidationContext& ctx, uint32_t func_index)
    : ctx_(ctx), func_index_(func_index) {
  const Module& m = ctx.module;
  type_ = &m.func_type(func_index);
  code_ = &m.codes[func_index - m.imported_funcs];
}

FunctionDecoderBase::FunctionDecoderBase(const ValidationContext& ctx, const FuncType& type)
    : ctx_(ctx), func_index_(~0u), type_(&type), code_(nullptr) {}

std::unexpected<Error> FunctionDecoderBase::invalid(const std::string& message) const {
  return make_error(Phase::Validate, Span::at(current_offset_), message);
}

Result<void> FunctionDecoderBase::begin_body() {
  if (!code_) {  // a constant expression
    ctrls_.push_back(ControlFrame{Opcode::Call, BlockType{BlockType::Kind::Value, type_->results[0], 0}, 0, false});
    return {};
  }
  uint64_t n = 0;
  for (ValType t : type_->params) local_runs_.emplace_back(++n, t);
  for (auto [count, t] : code_->locals) {
    WEFT_CHECK(check_valtype(t));
    if (count == 0) continue;
    n += count;
    local_runs_.emplace_back(n, t);
  }
  local_count_ = n;
  ctrls_.push_back(ControlFrame{Opcode::Call, BlockType{BlockType::Kind::Index, {}, ctx_.module.func_type_index(func_index_)}, 0, false});
  return {};
}

ValType FunctionDecoderBase::local_type(uint32_t index) const {
  auto it = std::upper_bound(local_runs_.begin(), local_runs_.end(), uint64_t(index),
                             [](uint64_t i, const auto& run) { return i < run.first; });
  return it->second;
}

std::span<const ValType> FunctionDecoderBase::block_params(const BlockType& bt) const {
  if (bt.kind != BlockType::Kind::Index) return {};
  return ctx_.module.types[bt.index].func.params;
}

std::span<const ValType> FunctionDecoderBase::block_results(const BlockType& bt) const {
  switch (bt.kind) {
    case BlockType::Kind::Empty: return {};
    case BlockType::Kind::Value: {
      // Each frame stores its own value type; point into the frame when it is one.
      return {&bt.value, 1};
    }
    case BlockType::Kind::Index: return ctx_.module.types[bt.index].func.results;
  }
  return {};
}

std::span<const ValType> FunctionDecoderBase::label_types(uint32_t d) const {
  const ControlFrame& f = frame(d);
  return f.kind == Opcode::Loop ? block_params(f.block) : block_results(f.block);
}

Result<ValType> FunctionDecoderBase::pop() {
  const ControlFrame& top = ctrls_.back();
  if (vals_.size() == top.height) {
    if (top.unreachable) return kUnknownType;
    return invalid("type mismatch");
  }
  ValType t = vals_.back();
  vals_.pop_back();
  return t;
}

Result<ValType> FunctionDecoderBase::pop(ValType expect) {
  WEFT_TRY(actual, pop());
  if (expect != kUnknownType && !subtype(actual, expect)) return invalid("type mismatch");
  return actual;
}

Result<ValType> FunctionDecoderBase::pop_ref() {
  WEFT_TRY(actual, pop());
  if (actual != kUnknownType && !actual.is_ref()) return invalid("type mismatch");
  return actual;
}

bool FunctionDecoderBase::all_subtypes(std::span<const ValType> a, std::span<const ValType> b) const {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!subtype(a[i], b[i])) return false;
  }
  return true;
}

// spec: value types are valid when the type indices they name exist.
Result<void> FunctionDecoderBase::check_valtype(ValType t) {
  if (t.is_ref() && t.heap.is_index() && t.heap.value() >= ctx_.module.types.size()) {
    return invalid(fmt::format("unknown type {}", t.heap.value()));
  }
  return {};
}

Result<void> FunctionDecoderBase::pop_all(std::span<const ValType> types) {
  for (size_t i = types.size(); i-- > 0;) WEFT_CHECK(pop(types[i]));
  return {};
}

Result<void> FunctionDecoderBase::push_ctrl(Opcode kind, const BlockType& bt) {
  ctrls_.push_back(ControlFrame{kind, bt, uint32_t(vals_.size()), false, uint32_t(init_trail_.size())});
  push_all(block_params(ctrls_.back().block));
  return {};
}

Result<ControlFrame> FunctionDecoderBase::pop_ctrl() {
  if (ctrls_.empty()) return invalid("unexpected end");
  ControlFrame f = ctrls_.back();
  WEFT_CHECK(pop_all(block_results(ctrls_.back().block)));
  if (vals_.size() != f.height) return invalid("type mismatch");
  ctrls_.pop_back();
  while (init_trail_.size() > f.init_height) {
    inits_.erase(init_trail_.back());
    init_trail_.pop_back();
  }
  return f;
}

void FunctionDecoderBase::set_unreachable() {
  vals_.resize(ctrls_.back().height);
  ctrls_.back().unreachable = true;
}

Result<void> FunctionDecoderBase::check_block_type(const BlockType& bt) {
  if (bt.kind == BlockType::Kind::Value) return check_valtype(bt.value);
  if (bt.kind == BlockType::Kind::Index) {
    if (!ctx_.module.is_func_type(bt.index)) return invalid("unknown type");
    const FuncType& ft = ctx_.module.types[bt.index].func;
    if (!ctx_.features.multi_value && (!ft.params.empty() || ft.results.size() > 1)) {
      return invalid("invalid result arity");
    }
  }
  return {};
}

Result<void> FunctionDecoderBase::check_control(const Instr& ins) {
  switch (ins.op) {
    case Opcode::Unreachable: set_unreachable(); return {};
    case Opcode::Nop: return {};
    case Opcode::Block:
    case Opcode::Loop:
      WEFT_CHECK(check_block_type(ins.block));
      WEFT_CHECK(pop_all(block_params(ins.block)));
      return push_ctrl(ins.op, ins.block);
    case Opcode::If:
      WEFT_CHECK(check_block_type(ins.block));
      WEFT_CHECK(pop(ValType::I32));
      WEFT_CHECK(pop_all(block_params(ins.block)));
      return push_ctrl(ins.op, ins.block);
    case Opcode::Else: {
      if (ctrls_.back().kind != Opcode::If) return invalid("else without if");
      WEFT_TRY(f, pop_ctrl());
      return push_ctrl(Opcode::Else, f.block);
    }
    case Opcode::End: {
      WEFT_TRY(f, pop_ctrl());
      // An `if` without `else` passes its params on as its results.
      if (f.kind == Opcode::If && !all_subtypes(block_params(f.block), block_results(f.block))) {
        return invalid("type mismatch");
      }
      if (!ctrls_.empty()) push_all(block_results(f.block));
      return {};
    }
    default: return check_branch(ins);
  }
}

Result<void> FunctionDecoderBase::check_branch(const Instr& ins) {
  switch (ins.op) {
    case Opcode::Br: {
      if (ins.a >= ctrls_.size()) return invalid("unknown label");
      WEFT_CHECK(pop_all(label_types(ins.a)));
      set_unreachable();
      return {};
    }
    case Opcode::BrIf: {
      if (ins.a >= ctrls_.size()) return invalid("unknown label");
      WEFT_CHECK(pop(ValType::I32));
      auto types = label_types(ins.a);
      WEFT_CHECK(pop_all(types));
      push_all(types);
      return {};
    }
    case Opcode::BrTable: {
      WEFT_CHECK(pop(ValType::I32));
      uint32_t def = ins.targets.back();
      if (def >= ctrls_.size()) return invalid("unknown label");
      size_t arity = label_types(def).size();
      for (uint32_t l : ins.targets) {
        if (l >= ctrls_.size()) return invalid("unknown label");
        auto types = label_types(l);
        if (types.size() != arity) return invalid("type mismatch");
        // Check each target against the operands without consuming them.
        std::vector<ValType> popped;
        for (size_t i = types.size(); i-- > 0;) {
          WEFT_TRY(t, pop(types[i]));
          popped.push_back(t);
        }
        for (size_t i = popped.size(); i-- > 0;) push(popped[i]);
      }
      WEFT_CHECK(pop_all(label_types(def)));
      set_unreachable();
      return {};
    }
    case Opcode::Return:
      WEFT_CHECK(pop_all(type_->results));
      set_unreachable();
      return {};
    default: return check_call(ins);
  }
}

Result<void> FunctionDecoderBase::check_return_call(const FuncType& callee) {
  if (!all_subtypes(callee.results, type_->results)) return invalid("type mismatch");
  WEFT_CHECK(pop_all(callee.params));
  set_unreachable();
  return {};
}

Result<void> FunctionDecoderBase::check_call(const Instr& ins) {
  const Module& m = ctx_.module;
  switch (ins.op) {
    case Opcode::Call:
    case Opcode::ReturnCall: {
      if (ins.a >= m.func_count()) return invalid(fmt::format("unknown function {}", ins.a));
      const FuncType& ft = m.func_type(ins.a);
      if (ins.op == Opcode::ReturnCall) return check_return_call(ft);
      WEFT_CHECK(pop_all(ft.params));
      push_all(ft.results);
      return {};
    }
    case Opcode::CallIndirect:
    case Opcode::ReturnCallIndirect: {
      WEFT_CHECK(check_table_index(ins.b));
      if (!subtype(m.table_type(ins.b).elem, ValType::FuncRef)) return invalid("type mismatch");
      if (!m.is_func_type(ins.a)) return invalid("unknown type");
      WEFT_CHECK(pop(table_addr(ins.b)));
      const FuncType& ft = m.types[ins.a].func;
      if (ins.op == Opcode::ReturnCallIndirect) return check_return_call(ft);
      WEFT_CHECK(pop_all(ft.params));
      push_all(ft.results);
      return {};
    }
    case Opcode::CallRef:
    case Opcode::ReturnCallRef: {
      if (!m.is_func_type(ins.a)) return invalid("unknown type");
      WEFT_CHECK(pop(ValType::ref(HeapType::index(ins.a), true)));
      const FuncType& ft = m.types[ins.a].func;
      if (ins.op == Opcode::ReturnCallRef) return check_return_call(ft);
      WEFT_CHECK(pop_all(ft.params));
      push_all(ft.results);
      return {};
    }
    default: return check_exception(ins);
  }
}

Result<const FuncType*> FunctionDecoderBase::tag_func_type(uint32_t tag) {
  const Module& m = ctx_.module;
  if (tag >= m.tag_count()) return invalid(fmt::format("unknown tag {}", tag));
  return &m.types[m.tag_type(tag).type_index].func;
}

// spec: a catch clause's label must take what the clause hands over: the tag's
// params, then (for the _ref forms) the exception itself.
Result<void> FunctionDecoderBase::check_catch(const Catch& c) {
  std::vector<ValType> handed;
  if (c.kind == CatchKind::Catch || c.kind == CatchKind::CatchRef) {
    WEFT_TRY(ft, tag_func_type(c.tag));
    handed = ft->params;
  }
  if (c.kind == CatchKind::CatchRef || c.kind == CatchKind::CatchAllRef) {
    handed.push_back(ValType::ref(AbsHeap::Exn, false));
  }
  if (c.label >= ctrls_.size()) return invalid("unknown label");
  if (!all_subtypes(handed, label_types(c.label))) return invalid("type mismatch");
  return {};
}

Result<void> FunctionDecoderBase::check_exception(const Instr& ins) {
  switch (ins.op) {
    case Opcode::Throw: {
      WEFT_TRY(ft, tag_func_type(ins.a));
      WEFT_CHECK(pop_all(ft->params));
      set_unreachable();
      return {};
    }
    case Opcode::ThrowRef:
      WEFT_CHECK(pop(ValType::ExnRef));
      set_unreachable();
      return {};
    case Opcode::TryTable:
      WEFT_CHECK(check_block_type(ins.block));
      for (const Catch& c : ins.catches) WEFT_CHECK(check_catch(c));
      WEFT_CHECK(pop_all(block_params(ins.block)));
      return push_ctrl(ins.op, ins.block);
    default: return check_reference(ins);
  }
}

Result<void> FunctionDecoderBase::check_variable(const Instr& ins) {
  const Module& m = ctx_.module;
  switch (ins.op) {
    case Opcode::LocalGet:
    case Opcode::LocalSet:
    case Opcode::LocalTee: return check_local(ins);
    case Opcode::GlobalGet:
    case Opcode::GlobalSet: {
      if (ins.a >= m.global_count()) return invalid(fmt::format("unknown global {}", ins.a));
      GlobalType g = m.global_type(ins.a);
      if (ins.op == Opcode::GlobalGet) {
        push(g.type);
      } else {
        if (!g.mut) return invalid("global is immutable");
        WEFT_CHECK(pop(g.type));
      }
      return {};
    }
    default: return check_table(ins);
  }
}

Result<void> FunctionDecoderBase::check_local(const Instr& ins) {
  if (ins.a >= local_count_) return invalid(fmt::format("unknown local {}", ins.a));
  const ValType t = local_type(ins.a);
  const bool tracked = ins.a >= type_->params.size() && !is_defaultable(t);
  if (ins.op == Opcode::LocalGet) {
    if (tracked && !inits_.contains(ins.a)) return invalid("uninitialized local");
    push(t);
    return {};
  }
  WEFT_CHECK(pop(t));
  if (tracked && inits_.insert(ins.a).second) init_trail_.push_back(ins.a);
  if (ins.op == Opcode::LocalTee) push(t);
  return {};
}

Result<void> FunctionDecoderBase::check_table_index(uint32_t table) {
  if (table >= ctx_.module.table_count()) return invalid(fmt::format("unknown table {}", table));
  return {};
}

Result<void> FunctionDecoderBase::check_memory_index(uint32_t mem) {
  if (mem >= ctx_.module.memory_count()) return invalid(fmt::format("unknown memory {}", mem));
  return {};
}

ValType FunctionDecoderBase::memory_addr(uint32_t mem) const {
  return addr_type(ctx_.module.memory_type(mem).is64);
}

ValType FunctionDecoderBase::table_addr(uint32_t table) const {
  return addr_type(ctx_.module.table_type(table).is64);
}

Result<void> FunctionDecoderBase::check_data_index(uint32_t data) {
  if (!ctx_.module.data_count) {
    return make_error(Phase::Decode, Span::at(current_offset_), "data count section required");
  }
  if (data >= *ctx_.module.data_count) return invalid(fmt::format("unknown data segment {}", data));
  return {};
}

Result<void> FunctionDecoderBase::check_table(const Instr& ins) {
  const Module& m = ctx_.module;
  switch (ins.op) {
    case Opcode::TableGet:
    case Opcode::TableSet:
    case Opcode::TableGrow:
    case Opcode::TableSize:
    case Opcode::TableFill: {
      WEFT_CHECK(check_table_index(ins.a));
      const ValType t = m.table_type(ins.a).elem;
      const ValType at = table_addr(ins.a);
      if (ins.op == Opcode::TableGet) {
        WEFT_CHECK(pop(at));
        push(t);
      } else if (ins.op == Opcode::TableSet) {
        WEFT_CHECK(pop(t));
        WEFT_CHECK(pop(at));
      } else if (ins.op == Opcode::TableGrow) {
        WEFT_CHECK(pop(at));
        WEFT_CHECK(pop(t));
        push(at);
      } else if (ins.op == Opcode::TableSize) {
        push(at);
      } else {
        WEFT_CHECK(pop(at));
        WEFT_CHECK(pop(t));
        WEFT_CHECK(pop(at));
      }
      return {};
    }
    case Opcode::TableInit: {
      WEFT_CHECK(check_table_index(ins.b));
      if (ins.a >= m.elems.size()) return invalid(fmt::format("unknown elem segment {}", ins.a));
      if (!subtype(m.elems[ins.a].type, m.table_type(ins.b).elem)) return invalid("type mismatch");
      WEFT_CHECK(pop(ValType::I32));
      WEFT_CHECK(pop(ValType::I32));
      WEFT_CHECK(pop(table_addr(ins.b)));
      return {};
    }
    case Opcode::ElemDrop:
      if (ins.a >= m.elems.size()) return invalid(fmt::format("unknown elem segment {}", ins.a));
      return {};
    case Opcode::TableCopy: {
      WEFT_CHECK(check_table_index(ins.a));
      WEFT_CHECK(check_table_index(ins.b));
      if (!subtype(m.table_type(ins.b).elem, m.table_type(ins.a).elem)) return invalid("type mismatch");
      // spec: the length has the smaller of the two address types.
      WEFT_CHECK(pop(min_addr(table_addr(ins.a), table_addr(ins.b))));
      WEFT_CHECK(pop(table_addr(ins.b)));
      WEFT_CHECK(pop(table_addr(ins.a)));
      return {};
    }
    default: return check_memory(ins);
  }
}

Result<void> FunctionDecoderBase::check_memory(const Instr& ins) {
  switch (ins.op) {
    case Opcode::MemorySize:
      WEFT_CHECK(check_memory_index(ins.a));
      push(memory_addr(ins.a));
      return {};
    case Opcode::MemoryGrow:
      WEFT_CHECK(check_memory_index(ins.a));
      WEFT_CHECK(pop(memory_addr(ins.a)));
      push(memory_addr(ins.a));
      return {};
    case Opcode::MemoryFill:
      WEFT_CHECK(check_memory_index(ins.a));
      WEFT_CHECK(pop(memory_addr(ins.a)));
      WEFT_CHECK(pop(ValType::I32));
      WEFT_CHECK(pop(memory_addr(ins.a)));
      return {};
    case Opcode::MemoryCopy:
      WEFT_CHECK(check_memory_index(ins.a));
      WEFT_CHECK(check_memory_index(ins.b));
      // spec: the length has the smaller of the two address types.
      WEFT_CHECK(pop(min_addr(memory_addr(ins.a), memory_addr(ins.b))));
      WEFT_CHECK(pop(memory_addr(ins.b)));
      WEFT_CHECK(pop(memory_addr(ins.a)));
      return {};
    case Opcode::MemoryInit:
      WEFT_CHECK(check_memory_index(ins.b));
      WEFT_CHECK(check_data_index(ins.a));
      WEFT_CHECK(pop(ValType::I32));
      WEFT_CHECK(pop(ValType::I32));
      WEFT_CHECK(pop(memory_addr(ins.b)));
      return {};
    case Opcode::DataDrop: return check_data_index(ins.a);
    case Opcode::Drop: WEFT_CHECK(pop()); return {};
    case Opcode::Select: {
      WEFT_CHECK(pop(ValType::I32));
      WEFT_TRY(t1, pop());
      WEFT_TRY(t2, pop());
      // Without a type, only numbers (and vectors) may be chosen between.
      if ((t1 != kUnknownType && !is_num(t1)) || (t2 != kUnknownType && !is_num(t2))) return invalid("type mismatch");
      if (t1 != t2 && t1 != kUnknownType && t2 != kUnknownType) return invalid("type mismatch");
      push(t1 == kUnknownType ? t2 : t1);
      return {};
    }
    case Opcode::SelectT: {
      if (ins.select_arity != 1) return invalid("invalid result arity");
      WEFT_CHECK(check_valtype(ins.type));
      WEFT_CHECK(pop(ValType::I32));
      WEFT_CHECK(pop(ins.type));
      WEFT_CHECK(pop(ins.type));
      push(ins.type);
      return {};
    }
    default: return check_control(ins);
  }
}

Result<void> FunctionDecoderBase::check_instr(const Instr& ins) {
  const OpInfo& info = op_info(ins.op);
  const ImmKind imm = info.imm;
  if (imm == ImmKind::MemArg1 || imm == ImmKind::MemArg2 || imm == ImmKind::MemArg4 || imm == ImmKind::MemArg8) {
    WEFT_CHECK(check_memory_index(ins.a));
    uint32_t natural = imm == ImmKind::MemArg1 ? 0 : imm == ImmKind::MemArg2 ? 1 : imm == ImmKind::MemArg4 ? 2 : 3;
    if (ins.align > natural) return invalid("alignment must not be larger than natural");
    const ValType at = memory_addr(ins.a);
    if (at == ValType::I32 && ins.value > 0xffffffffu) return invalid("offset out of range");
    // The address is the first operand: i32 in opcode.def, the memory's address type here.
    for (int i = info.sig.param_count; i-- > 1;) WEFT_CHECK(pop(info.sig.params[i]));
    WEFT_CHECK(pop(at));
    if (info.sig.result_count) push(info.sig.result);
    return {};
  }
  if (info.sig.simple) {
    for (int i = info.sig.param_count; i-- > 0;) WEFT_CHECK(pop(info.sig.params[i]));
    if (info.sig.result_count) push(info.sig.result);
    return {};
  }
  return check_variable(ins);
}

Result<void> validate_function(const ValidationContext& ctx, uint32_t func_index) {
  NullSink sink;
  FunctionDecoder<NullSink> d(ctx, func_index, sink);
  return d.decode();
}

}  // namespace weft::core

namespace weft::core {
namespace {

bool is_constant(Opcode op, const Features& f) {
  switch (op) {
    case Opcode::I32Const: case Opcode::I64Const: case Opcode::F32Const: case Opcode::F64Const:
    case Opcode::RefNull: case Opcode::RefFunc: case Opcode::GlobalGet: case Opcode::End:
      return true;
    case Opcode::I32Add: case Opcode::I32Sub: case Opcode::I32Mul:
    case Opcode::I64Add: case Opcode::I64Sub: case Opcode::I64Mul:
      return f.extended_const;
    case Opcode::RefI31: case Opcode::StructNew: case Opcode::StructNewDefault: case Opcode::ArrayNew:
    case Opcode::ArrayNewDefault: case Opcode::ArrayNewFixed: case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny:
      return f.gc;
    default: return false;
  }
}

class ConstExprDecoder : public FunctionDecoderBase {
 public:
  ConstExprDecoder(const ValidationContext& ctx, const FuncType& type) : FunctionDecoderBase(ctx, type) {}

  Result<void> run(ConstExpr expr, uint32_t visible_globals) {
    WEFT_CHECK(begin_body());
    const Module& m = ctx_.module;
    Reader r(m.range(expr), expr.begin);
    Instr ins;
    std::vector<uint32_t> scratch;
    while (!ctrls_.empty()) {
      WEFT_CHECK(decode_instr(r, ctx_.features, ins, scratch));
      current_offset_ = ins.offset;
      if (!is_constant(ins.op, ctx_.features)) return invalid("constant expression required");
      if (ins.op == Opcode::GlobalGet) {
        if (ins.a >= visible_globals || ins.a >= m.global_count()) return invalid(fmt::format("unknown global {}", ins.a));
        if (m.global_type(ins.a).mut) return invalid("constant expression required");
      }
      if (ins.op == Opcode::RefFunc && ins.a >= m.func_count()) return invalid(fmt::format("unknown function {}", ins.a));
      WEFT_CHECK(check_instr(ins));
    }
    return {};
  }
};

}  // namespace

Result<void> validate_const_instrs(const ValidationContext& ctx, ConstExpr expr, ValType expected,
                                   uint32_t visible_globals) {
  const FuncType type{{}, {expected}};
  ConstExprDecoder d(ctx, type);
  return d.run(expr, visible_globals);
}

}  // namespace weft::core

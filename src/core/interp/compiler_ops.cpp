// The interpreter's compiler: calls, variables, memory, tables and the simple operators.
#include "core/interp/compiler.h"

#include <fmt/format.h>

namespace weft::core {
namespace {

// Operators whose operands may trade places, so that a constant can always be the
// immediate. For floats, which NaN comes out is not specified by the spec either way.
bool is_commutative(Opcode op) {
  switch (op) {
    case Opcode::I32Add: case Opcode::I32Mul: case Opcode::I32And: case Opcode::I32Or: case Opcode::I32Xor:
    case Opcode::I32Eq: case Opcode::I32Ne:
    case Opcode::I64Add: case Opcode::I64Mul: case Opcode::I64And: case Opcode::I64Or: case Opcode::I64Xor:
    case Opcode::I64Eq: case Opcode::I64Ne:
    case Opcode::F32Add: case Opcode::F32Mul: case Opcode::F64Add: case Opcode::F64Mul:
      return true;
    default: return false;
  }
}

// Which operands of memory.copy / table.copy are i64: dst, src, and the length
// (i64 only when both are).
uint32_t copy_widths(bool dst64, bool src64) {
  return (dst64 ? 1u : 0u) | (src64 ? 2u : 0u) | (dst64 && src64 ? 4u : 0u);
}

}  // namespace

void FuncCompiler::call(const Instr& ins, const FunctionDecoderBase& d) {
  const Module& m = *module_;
  const bool indirect = ins.op == Opcode::CallIndirect || ins.op == Opcode::ReturnCallIndirect;
  const bool by_ref = ins.op == Opcode::CallRef || ins.op == Opcode::ReturnCallRef;
  const bool tail = ins.op == Opcode::ReturnCall || ins.op == Opcode::ReturnCallIndirect || ins.op == Opcode::ReturnCallRef;
  const FuncType& type = indirect || by_ref ? m.types[ins.a].func : m.func_type(ins.a);
  const uint32_t np = uint32_t(type.params.size());
  const uint32_t index = indirect || by_ref ? pop_read() : kNone;
  // Arguments must be contiguous in their slots: the callee's frame starts there.
  materialize_range(height() - np, height());
  const uint32_t args = slot_at(height() - np);
  if (by_ref) {
    emit(tail ? IOp::TailCallFuncRef : IOp::CallFuncRef, {ins.a, args, index});
  } else if (indirect) {
    const bool is64 = m.table_type(ins.b).is64;
    const IOp op = tail ? (is64 ? IOp::TailCallTable64 : IOp::TailCallTable)
                        : (is64 ? IOp::CallTable64 : IOp::CallTable);
    emit(op, {ins.a, ins.b, args, index});
  } else if (ins.a >= m.imported_funcs) {
    emit(tail ? IOp::TailCallDefined : IOp::CallDefined, {ins.a - m.imported_funcs, args});
  } else {
    emit(tail ? IOp::TailCallImport : IOp::CallImport, {ins.a, args});
  }
  stack_.resize(height() - np);
  if (tail) return;
  for (size_t i = 0; i < type.results.size(); ++i) push_result();
}

bool FuncCompiler::exception(const Instr& ins) {
  if (ins.op == Opcode::Throw) {
    const uint32_t np = uint32_t(module_->types[module_->tag_type(ins.a).type_index].func.params.size());
    // The payload must be contiguous in its slots, like call arguments.
    materialize_range(height() - np, height());
    emit(IOp::ThrowTag, {ins.a, slot_at(height() - np)});
    stack_.resize(height() - np);
    return true;
  }
  if (ins.op == Opcode::ThrowRef) {
    emit(IOp::ThrowExn, {pop_read()});
    return true;
  }
  return false;
}

bool FuncCompiler::variable(const Instr& ins) {
  switch (ins.op) {
    case Opcode::LocalGet: stack_.push_back({Operand::Kind::Local, ins.a, 0}); return true;
    case Opcode::LocalSet:
    case Opcode::LocalTee: {
      const uint32_t top = height() - 1;
      materialize_local(ins.a, top);
      const Operand v = stack_[top];
      if (v.kind == Operand::Kind::Stack && last_dst_field_ != kNone && code_[last_dst_field_] == slot_at(top)) {
        code_[last_dst_field_] = ins.a;  // the producer writes the local directly
        last_dst_field_ = kNone;
      } else if (v.kind == Operand::Kind::Const) {
        emit_imm(IOp::Const, ins.a, 0, v.bits);
      } else if (v.kind == Operand::Kind::Local) {
        if (v.local != ins.a) emit_move(ins.a, v.local);
      } else {
        emit_move(ins.a, slot_at(top));
      }
      stack_.pop_back();
      if (ins.op == Opcode::LocalTee) stack_.push_back({Operand::Kind::Local, ins.a, 0});
      return true;
    }
    case Opcode::GlobalGet: {
      const uint32_t dst = push_result();
      produced(emit(IOp::ReadGlobal, {dst, ins.a}));
      return true;
    }
    case Opcode::GlobalSet: emit(IOp::WriteGlobal, {ins.a, pop_read()}); return true;
    case Opcode::Drop: stack_.pop_back(); return true;
    case Opcode::Select:
    case Opcode::SelectT: {
      const uint32_t cond = pop_read();
      const uint32_t b = pop_read();
      const uint32_t a = pop_read();
      const uint32_t dst = push_result();
      produced(emit(IOp::Choose, {dst, cond, a, b}));
      return true;
    }
    case Opcode::RefNull: stack_.push_back({Operand::Kind::Const, 0, 0}); return true;
    case Opcode::RefIsNull: {
      const uint32_t a = pop_read();
      const uint32_t dst = push_result();
      produced(emit(IOp::IsNull, {dst, a}));
      return true;
    }
    case Opcode::RefFunc: {
      const uint32_t dst = push_result();
      produced(emit(IOp::MakeFuncRef, {dst, ins.a}));
      return true;
    }
    default: return false;
  }
}

bool FuncCompiler::memory(const Instr& ins) {
  const auto is64 = [&](uint32_t mem) { return module_->memory_type(mem).is64; };
  switch (ins.op) {
    case Opcode::MemorySize: {
      const uint32_t dst = push_result();
      produced(emit(IOp::MemSize, {dst, ins.a}));
      return true;
    }
    case Opcode::MemoryGrow: {
      const uint32_t delta = pop_read();
      const uint32_t dst = push_result();
      produced(emit(is64(ins.a) ? IOp::MemGrow64 : IOp::MemGrow, {dst, delta, ins.a}));
      return true;
    }
    case Opcode::MemoryFill: {
      const uint32_t n = pop_read(), val = pop_read(), dst = pop_read();
      emit(is64(ins.a) ? IOp::MemFill64 : IOp::MemFill, {ins.a, dst, val, n});
      return true;
    }
    case Opcode::MemoryCopy: {
      const uint32_t n = pop_read(), src = pop_read(), dst = pop_read();
      if (is64(ins.a) || is64(ins.b)) {
        emit(IOp::MemCopy64, {ins.a, ins.b, dst, src, n, copy_widths(is64(ins.a), is64(ins.b))});
      } else {
        emit(IOp::MemCopy, {ins.a, ins.b, dst, src, n});
      }
      return true;
    }
    case Opcode::MemoryInit: {
      const uint32_t n = pop_read(), src = pop_read(), dst = pop_read();
      emit(is64(ins.b) ? IOp::MemInit64 : IOp::MemInit, {ins.a, ins.b, dst, src, n});
      return true;
    }
    case Opcode::DataDrop: emit(IOp::DropData, {ins.a}); return true;
    default: return false;
  }
}

bool FuncCompiler::table(const Instr& ins) {
  const auto is64 = [&](uint32_t table) { return module_->table_type(table).is64; };
  switch (ins.op) {
    case Opcode::TableGet: {
      const uint32_t index = pop_read();
      const uint32_t dst = push_result();
      produced(emit(is64(ins.a) ? IOp::TabGet64 : IOp::TabGet, {dst, ins.a, index}));
      return true;
    }
    case Opcode::TableSet: {
      const uint32_t val = pop_read(), index = pop_read();
      emit(is64(ins.a) ? IOp::TabSet64 : IOp::TabSet, {ins.a, index, val});
      return true;
    }
    case Opcode::TableSize: {
      const uint32_t dst = push_result();
      produced(emit(IOp::TabSize, {dst, ins.a}));
      return true;
    }
    case Opcode::TableGrow: {
      const uint32_t n = pop_read(), init = pop_read();
      const uint32_t dst = push_result();
      produced(emit(is64(ins.a) ? IOp::TabGrow64 : IOp::TabGrow, {dst, ins.a, init, n}));
      return true;
    }
    case Opcode::TableFill: {
      const uint32_t n = pop_read(), val = pop_read(), index = pop_read();
      emit(is64(ins.a) ? IOp::TabFill64 : IOp::TabFill, {ins.a, index, val, n});
      return true;
    }
    case Opcode::TableCopy: {
      const uint32_t n = pop_read(), src = pop_read(), dst = pop_read();
      if (is64(ins.a) || is64(ins.b)) {
        emit(IOp::TabCopy64, {ins.a, ins.b, dst, src, n, copy_widths(is64(ins.a), is64(ins.b))});
      } else {
        emit(IOp::TabCopy, {ins.a, ins.b, dst, src, n});
      }
      return true;
    }
    case Opcode::TableInit: {
      const uint32_t n = pop_read(), src = pop_read(), dst = pop_read();
      emit(is64(ins.b) ? IOp::TabInit64 : IOp::TabInit, {ins.a, ins.b, dst, src, n});
      return true;
    }
    case Opcode::ElemDrop: emit(IOp::DropElem, {ins.a}); return true;
    default: return false;
  }
}

// A load or store of memory 0 whose address the instruction just before computed
// with i32.add: the add is taken back and done by the memory access itself. For a
// store the value must still be a local, so that nothing ran after the add.
bool FuncCompiler::fuse_address(const Instr& ins, bool is_load) {
  const uint32_t addr_pos = height() - (is_load ? 1 : 2);
  if (!is_load && stack_.back().kind != Operand::Kind::Local) return false;
  if (stack_[addr_pos].kind != Operand::Kind::Stack || last_dst_field_ != last_start_ + 2 ||
      code_[last_dst_field_] != slot_at(addr_pos)) {
    return false;
  }
  bool imm = false;
  const auto add = simple_opcode(last_op_, imm);
  if (add != Opcode::I32Add) return false;
  const uint32_t at = last_start_;
  const uint32_t a = code_[at + 3], b = code_[at + 4];
  code_.resize(at);
  out_.offsets.pop_back();
  const uint32_t x = is_load ? kNone : stack_.back().local;
  if (!is_load) stack_.pop_back();
  stack_.pop_back();
  if (is_load) {
    const uint32_t dst = push_result();
    produced(emit(addr_add_iop(ins.op, imm), {dst, a, b, uint32_t(ins.value)}));
  } else {
    emit(addr_add_iop(ins.op, imm), {x, a, b, uint32_t(ins.value)});
  }
  return true;
}

// A load or store of memory 0 at a constant address (static data, C globals):
// the address-add variant over the zero slot, so the constant needs no slot.
bool FuncCompiler::const_address(const Instr& ins, bool is_load) {
  const uint32_t addr_pos = height() - (is_load ? 1 : 2);
  if (stack_[addr_pos].kind != Operand::Kind::Const) return false;
  const uint32_t address = uint32_t(stack_[addr_pos].bits);
  const uint32_t x = is_load ? kNone : pop_read();
  stack_.pop_back();
  if (is_load) {
    const uint32_t dst = push_result();
    produced(emit(addr_add_iop(ins.op, true), {dst, zero_slot(), address, uint32_t(ins.value)}));
  } else {
    emit(addr_add_iop(ins.op, true), {x, zero_slot(), address, uint32_t(ins.value)});
  }
  return true;
}

// A load or store of an i64 memory: bounds checked in full, never fused.
void FuncCompiler::mem64_access(const Instr& ins, bool is_load) {
  const uint32_t lo = uint32_t(ins.value), hi = uint32_t(ins.value >> 32);
  if (is_load) {
    const uint32_t addr = pop_read();
    const uint32_t dst = push_result();
    produced(emit(mem64_iop(ins.op), {dst, addr, lo, hi, ins.a}));
  } else {
    const uint32_t val = pop_read(), addr = pop_read();
    emit(mem64_iop(ins.op), {val, addr, lo, hi, ins.a});
  }
}

// The operators with an opcode.def signature: constants, numeric ops, loads and stores.
void FuncCompiler::simple(const Instr& ins) {
  const OpInfo& info = op_info(ins.op);
  if (!info.sig.simple) {  // an instruction nobody taught the compiler: fail loudly
    error_ = Error{Phase::Instantiate, Span::at(ins.offset),
                   fmt::format("not supported by the interpreter: {}", op_text(ins.op)), {}, 0, {}};
    return;
  }
  const ImmKind imm = info.imm;
  const bool is_mem = imm == ImmKind::MemArg1 || imm == ImmKind::MemArg2 || imm == ImmKind::MemArg4 || imm == ImmKind::MemArg8;
  if (info.sig.param_count == 0) {  // i32/i64/f32/f64.const
    stack_.push_back({Operand::Kind::Const, 0, ins.value});
    return;
  }
  if (is_mem && module_->memory_type(ins.a).is64) {
    mem64_access(ins, info.sig.result_count == 1);
    return;
  }
  const uint32_t offset = uint32_t(ins.value);
  const IOp op = ins.a == 0 ? simple_iop(ins.op) : mem_iop(ins.op);
  if (is_mem && ins.a == 0 && fuse_address(ins, info.sig.result_count == 1)) return;
  if (is_mem && ins.a == 0 && const_address(ins, info.sig.result_count == 1)) return;
  if (is_mem && info.sig.result_count == 1) {  // load
    const uint32_t addr = pop_read();
    const uint32_t dst = push_result();
    produced(emit(op, {dst, addr, offset, ins.a}));
  } else if (is_mem) {  // store
    const uint32_t val = pop_read(), addr = pop_read();
    emit(op, {addr, val, offset, ins.a});
  } else if (info.sig.param_count == 1) {
    const uint32_t a = pop_read();
    const uint32_t dst = push_result();
    produced(emit(simple_iop(ins.op), {dst, a}));
  } else if (stack_.back().kind == Operand::Kind::Const ||
             (stack_[height() - 2].kind == Operand::Kind::Const && is_commutative(ins.op))) {
    uint64_t b = 0;
    uint32_t a = 0;
    if (stack_.back().kind == Operand::Kind::Const) {
      b = stack_.back().bits;
      stack_.pop_back();
      a = pop_read();
    } else {  // a constant left operand of a commutative operator
      a = pop_read();
      b = stack_.back().bits;
      stack_.pop_back();
    }
    const uint32_t dst = push_result();
    produced(emit_imm(imm_iop(ins.op), dst, a, b));
  } else {
    const uint32_t b = pop_read(), a = pop_read();
    const uint32_t dst = push_result();
    produced(emit(simple_iop(ins.op), {dst, a, b}));
  }
}

}  // namespace weft::core

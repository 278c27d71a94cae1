// The interpreter's compiler: typed references, i31, structs, arrays and casts.
#include "core/interp/compiler.h"

namespace weft::core {

void FuncCompiler::unary(IOp op, std::initializer_list<uint32_t> extra) {
  const uint32_t a = pop_read();
  const uint32_t dst = push_result();
  std::vector<uint32_t> words{dst, a};
  words.insert(words.end(), extra.begin(), extra.end());
  const uint32_t at = emit(op, {});
  code_.insert(code_.end(), words.begin(), words.end());
  if (code_.size() % 2) code_.push_back(0);
  produced(at);
}

bool FuncCompiler::reference(const Instr& ins) {
  switch (ins.op) {
    case Opcode::RefAsNonNull: unary(IOp::AsNonNull); return true;
    case Opcode::RefI31: unary(IOp::MakeI31); return true;
    case Opcode::I31GetS: unary(IOp::ReadI31S); return true;
    case Opcode::I31GetU: unary(IOp::ReadI31U); return true;
    case Opcode::ArrayLen: unary(IOp::ArrayLength); return true;
    // The any and extern hierarchies share one encoding (value.h): nothing to do.
    case Opcode::AnyConvertExtern: case Opcode::ExternConvertAny: return true;
    case Opcode::RefEq: {
      const uint32_t b = pop_read(), a = pop_read();
      const uint32_t dst = push_result();
      produced(emit(IOp::SameRef, {dst, a, b}));
      return true;
    }
    case Opcode::RefTest: case Opcode::RefTestNull: case Opcode::RefCast: case Opcode::RefCastNull: {
      const bool test = ins.op == Opcode::RefTest || ins.op == Opcode::RefTestNull;
      const bool nullable = ins.op == Opcode::RefTestNull || ins.op == Opcode::RefCastNull;
      unary(test ? IOp::TestRef : IOp::CastRef, {ins.type.heap.bits, nullable ? 1u : 0u});
      return true;
    }
    case Opcode::BrOnNull: case Opcode::BrOnNonNull: branch_on_ref(ins); return true;
    case Opcode::BrOnCast: case Opcode::BrOnCastFail: branch_on_cast(ins); return true;
    default: return aggregate(ins);
  }
}

// br_on_null takes the branch without the reference, br_on_non_null with it.
void FuncCompiler::branch_on_ref(const Instr& ins) {
  const uint32_t slot = read(height() - 1);
  const bool on_null = ins.op == Opcode::BrOnNull;
  auto jump = [&](bool when) {
    const bool if_non_null = on_null != when;
    const uint32_t at = emit(if_non_null ? IOp::JumpIfRef : IOp::JumpUnlessRef, {slot, 0});
    return Fixup{at + 3, at};
  };
  if (on_null) {
    const Operand ref = stack_.back();
    stack_.pop_back();
    branch_on(ins.a, jump);
    stack_.push_back(ref);
  } else {
    branch_on(ins.a, jump);
    stack_.pop_back();  // falling through, the reference was null
  }
}

// br_on_cast(_fail): the test goes to a slot above the operands, then a branch on it.
void FuncCompiler::branch_on_cast(const Instr& ins) {
  const uint32_t ref = read(height() - 1);
  const uint32_t dst = slot_at(height());
  min_frame_ = std::max(min_frame_, dst + 1);
  emit(IOp::TestRef, {dst, ref, ins.type2.heap.bits, ins.type2.nullable ? 1u : 0u});
  const bool on_success = ins.op == Opcode::BrOnCast;
  branch_on(ins.a, [&](bool when) {
    const uint32_t at = emit(when == on_success ? IOp::JumpIf : IOp::JumpUnless, {dst, 0});
    return Fixup{at + 3, at};
  });
}

// struct.* and array.*: operands in slots, the type index as an immediate.
bool FuncCompiler::aggregate(const Instr& ins) {
  const Module& m = *module_;
  switch (ins.op) {
    case Opcode::StructNew: case Opcode::StructNewDefault: case Opcode::ArrayNewFixed: {
      const bool is_default = ins.op == Opcode::StructNewDefault;
      const uint32_t n = ins.op == Opcode::ArrayNewFixed ? ins.b : is_default ? 0 : uint32_t(m.types[ins.a].fields.size());
      materialize_range(height() - n, height());
      const uint32_t args = slot_at(height() - n);
      stack_.resize(height() - n);
      const uint32_t dst = push_result();
      if (ins.op == Opcode::ArrayNewFixed) produced(emit(IOp::NewArrayFixed, {dst, ins.a, args, n}));
      else produced(emit(IOp::NewStruct, {dst, ins.a, args, is_default ? 1u : 0u}));
      return true;
    }
    case Opcode::StructGet: case Opcode::StructGetS: case Opcode::StructGetU: {
      const IOp op = ins.op == Opcode::StructGet ? IOp::GetField : ins.op == Opcode::StructGetS ? IOp::GetFieldS
                                                                                               : IOp::GetFieldU;
      unary(op, {ins.b});
      return true;
    }
    case Opcode::StructSet: {
      const uint32_t value = pop_read(), ref = pop_read();
      emit(IOp::SetField, {ref, ins.b, value});
      return true;
    }
    case Opcode::ArrayNew: case Opcode::ArrayNewDefault: {
      const bool is_default = ins.op == Opcode::ArrayNewDefault;
      const uint32_t n = pop_read();
      const uint32_t value = is_default ? 0 : pop_read();
      const uint32_t dst = push_result();
      produced(emit(IOp::NewArray, {dst, ins.a, value, n, is_default ? 1u : 0u}));
      return true;
    }
    case Opcode::ArrayNewData: case Opcode::ArrayNewElem: {
      const uint32_t n = pop_read(), offset = pop_read();
      const uint32_t dst = push_result();
      const IOp op = ins.op == Opcode::ArrayNewData ? IOp::NewArrayData : IOp::NewArrayElem;
      produced(emit(op, {dst, ins.a, ins.b, offset, n}));
      return true;
    }
    case Opcode::ArrayGet: case Opcode::ArrayGetS: case Opcode::ArrayGetU: {
      const IOp op = ins.op == Opcode::ArrayGet ? IOp::GetElem : ins.op == Opcode::ArrayGetS ? IOp::GetElemS
                                                                                            : IOp::GetElemU;
      const uint32_t index = pop_read(), ref = pop_read();
      const uint32_t dst = push_result();
      produced(emit(op, {dst, ref, index}));
      return true;
    }
    case Opcode::ArraySet: {
      const uint32_t value = pop_read(), index = pop_read(), ref = pop_read();
      emit(IOp::SetElem, {ref, index, value});
      return true;
    }
    case Opcode::ArrayFill: {
      const uint32_t n = pop_read(), value = pop_read(), offset = pop_read(), ref = pop_read();
      emit(IOp::FillArray, {ref, offset, value, n});
      return true;
    }
    case Opcode::ArrayCopy: {
      const uint32_t n = pop_read(), src_offset = pop_read(), src = pop_read();
      const uint32_t dst_offset = pop_read(), dst = pop_read();
      emit(IOp::CopyArray, {dst, dst_offset, src, src_offset, n});
      return true;
    }
    case Opcode::ArrayInitData: case Opcode::ArrayInitElem: {
      const uint32_t n = pop_read(), src_offset = pop_read(), dst_offset = pop_read(), ref = pop_read();
      const IOp op = ins.op == Opcode::ArrayInitData ? IOp::InitArrayData : IOp::InitArrayElem;
      emit(op, {ins.b, ref, dst_offset, src_offset, n});
      return true;
    }
    default: return false;
  }
}

}  // namespace weft::core

// Type rules of reference instructions: reference types, typed function
// references (3.0) and GC (structs, arrays, casts, i31).
// spec: https://webassembly.github.io/spec/core/valid/instructions.html#reference-instructions
#include <fmt/format.h>

#include "core/validate/function_decoder.h"

namespace weft::core {
namespace {

ValType non_null(ValType t) { return t == kUnknownType ? t : ValType::ref(t.heap, false); }

bool is_packed(const FieldType& f) { return f.packed != Packed::None; }

}  // namespace

Result<const SubType*> FunctionDecoderBase::type_of(uint32_t index, CompKind kind) {
  if (index >= ctx_.module.types.size()) return invalid(fmt::format("unknown type {}", index));
  const SubType* t = ctx_.def(index, kind);
  if (!t) return invalid("type mismatch");
  return t;
}

Result<void> FunctionDecoderBase::check_reference(const Instr& ins) {
  const Module& m = ctx_.module;
  switch (ins.op) {
    case Opcode::RefNull:
      WEFT_CHECK(check_valtype(ins.type));
      push(ins.type);
      return {};
    case Opcode::RefIsNull:
      WEFT_CHECK(pop_ref());
      push(ValType::I32);
      return {};
    case Opcode::RefFunc:
      if (ins.a >= m.func_count()) return invalid(fmt::format("unknown function {}", ins.a));
      if (!ctx_.declared_funcs[ins.a]) return invalid("undeclared function reference");
      // With typed references, ref.func has its function's exact (non-null) type.
      push(ctx_.features.function_references ? ValType::ref(HeapType::index(m.func_type_index(ins.a)), false)
                                             : ValType::FuncRef);
      return {};
    case Opcode::RefAsNonNull: {
      WEFT_TRY(t, pop_ref());
      push(non_null(t));
      return {};
    }
    case Opcode::RefEq:
      WEFT_CHECK(pop(ValType::EqRef));
      WEFT_CHECK(pop(ValType::EqRef));
      push(ValType::I32);
      return {};
    case Opcode::BrOnNull:
    case Opcode::BrOnNonNull: return check_branch_on(ins);
    case Opcode::RefI31:
      WEFT_CHECK(pop(ValType::I32));
      push(ValType::ref(AbsHeap::I31, false));
      return {};
    case Opcode::I31GetS:
    case Opcode::I31GetU:
      WEFT_CHECK(pop(ValType::I31Ref));
      push(ValType::I32);
      return {};
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny: {
      const bool to_any = ins.op == Opcode::AnyConvertExtern;
      WEFT_TRY(t, pop(to_any ? ValType::ExternRef : ValType::AnyRef));
      const bool nullable = t == kUnknownType || t.nullable;
      push(ValType::ref(to_any ? AbsHeap::Any : AbsHeap::Extern, nullable));
      return {};
    }
    default: return check_struct(ins);
  }
}

// spec: br_on_null l: [t* (ref null ht)] -> [t* (ref ht)], l: [t*];
//       br_on_non_null l: [t* (ref null ht)] -> [t*], l: [t* (ref ht)].
Result<void> FunctionDecoderBase::check_branch_on(const Instr& ins) {
  if (ins.a >= ctrls_.size()) return invalid("unknown label");
  WEFT_TRY(t, pop_ref());
  std::vector<ValType> label(label_types(ins.a).begin(), label_types(ins.a).end());
  if (ins.op == Opcode::BrOnNull) {
    WEFT_CHECK(pop_all(label));
    push_all(label);
    push(non_null(t));
    return {};
  }
  if (label.empty() || !subtype(non_null(t), label.back())) return invalid("type mismatch");
  label.pop_back();
  WEFT_CHECK(pop_all(label));
  push_all(label);
  return {};
}

Result<void> FunctionDecoderBase::check_struct(const Instr& ins) {
  switch (ins.op) {
    case Opcode::StructNew:
    case Opcode::StructNewDefault: {
      WEFT_TRY(st, type_of(ins.a, CompKind::Struct));
      if (ins.op == Opcode::StructNew) {
        for (size_t i = st->fields.size(); i-- > 0;) WEFT_CHECK(pop(st->fields[i].type));
      } else {
        for (const FieldType& f : st->fields) {
          if (!is_defaultable(f.type)) return invalid("type mismatch");
        }
      }
      push(ValType::ref(HeapType::index(ins.a), false));
      return {};
    }
    case Opcode::StructGet:
    case Opcode::StructGetS:
    case Opcode::StructGetU:
    case Opcode::StructSet: {
      WEFT_TRY(st, type_of(ins.a, CompKind::Struct));
      if (ins.b >= st->fields.size()) return invalid(fmt::format("unknown field {}", ins.b));
      const FieldType& f = st->fields[ins.b];
      if (ins.op == Opcode::StructSet) {
        if (!f.mut) return invalid("field is immutable");
        WEFT_CHECK(pop(f.type));
        WEFT_CHECK(pop(ValType::ref(HeapType::index(ins.a), true)));
        return {};
      }
      if (is_packed(f) != (ins.op != Opcode::StructGet)) return invalid("type mismatch");
      WEFT_CHECK(pop(ValType::ref(HeapType::index(ins.a), true)));
      push(f.type);
      return {};
    }
    default: return check_array(ins);
  }
}

Result<void> FunctionDecoderBase::check_array(const Instr& ins) {
  const ValType i32 = ValType::I32;
  auto array_ref = [&](uint32_t t) { return ValType::ref(HeapType::index(t), true); };
  switch (ins.op) {
    case Opcode::ArrayNew:
    case Opcode::ArrayNewDefault:
    case Opcode::ArrayNewFixed: {
      WEFT_TRY(at, type_of(ins.a, CompKind::Array));
      const FieldType& f = at->fields[0];
      if (ins.op == Opcode::ArrayNewFixed) {
        for (uint32_t i = 0; i < ins.b; ++i) WEFT_CHECK(pop(f.type));
      } else {
        WEFT_CHECK(pop(i32));
        if (ins.op == Opcode::ArrayNew) WEFT_CHECK(pop(f.type));
        else if (!is_defaultable(f.type)) return invalid("type mismatch");
      }
      push(ValType::ref(HeapType::index(ins.a), false));
      return {};
    }
    case Opcode::ArrayGet:
    case Opcode::ArrayGetS:
    case Opcode::ArrayGetU: {
      WEFT_TRY(at, type_of(ins.a, CompKind::Array));
      if (is_packed(at->fields[0]) != (ins.op != Opcode::ArrayGet)) return invalid("type mismatch");
      WEFT_CHECK(pop(i32));
      WEFT_CHECK(pop(array_ref(ins.a)));
      push(at->fields[0].type);
      return {};
    }
    case Opcode::ArraySet:
    case Opcode::ArrayFill: {
      WEFT_TRY(at, type_of(ins.a, CompKind::Array));
      if (!at->fields[0].mut) return invalid("array is immutable");
      if (ins.op == Opcode::ArrayFill) WEFT_CHECK(pop(i32));
      WEFT_CHECK(pop(at->fields[0].type));
      WEFT_CHECK(pop(i32));
      WEFT_CHECK(pop(array_ref(ins.a)));
      return {};
    }
    case Opcode::ArrayLen:
      WEFT_CHECK(pop(ValType::ArrayRef));
      push(i32);
      return {};
    case Opcode::ArrayCopy: {
      WEFT_TRY(dst, type_of(ins.a, CompKind::Array));
      WEFT_TRY(src, type_of(ins.b, CompKind::Array));
      const FieldType& d = dst->fields[0];
      const FieldType& s = src->fields[0];
      if (!d.mut) return invalid("array is immutable");
      const bool fits = d.packed == s.packed && (is_packed(d) || subtype(s.type, d.type));
      if (!fits) return invalid("type mismatch");
      WEFT_CHECK(pop(i32));
      WEFT_CHECK(pop(i32));
      WEFT_CHECK(pop(array_ref(ins.b)));
      WEFT_CHECK(pop(i32));
      WEFT_CHECK(pop(array_ref(ins.a)));
      return {};
    }
    default: return check_array_segment(ins);
  }
}

// array.new_data/elem and array.init_data/elem: arrays filled from segments.
Result<void> FunctionDecoderBase::check_array_segment(const Instr& ins) {
  const Module& m = ctx_.module;
  const ValType i32 = ValType::I32;
  switch (ins.op) {
    case Opcode::ArrayNewData:
    case Opcode::ArrayInitData:
    case Opcode::ArrayNewElem:
    case Opcode::ArrayInitElem: {
      WEFT_TRY(at, type_of(ins.a, CompKind::Array));
      const FieldType& f = at->fields[0];
      const bool init = ins.op == Opcode::ArrayInitData || ins.op == Opcode::ArrayInitElem;
      if (init && !f.mut) return invalid("array is immutable");
      if (ins.op == Opcode::ArrayNewData || ins.op == Opcode::ArrayInitData) {
        WEFT_CHECK(check_data_index(ins.b));
        if (f.type.is_ref()) return invalid("array type is not numeric or vector");
      } else {
        if (ins.b >= m.elems.size()) return invalid(fmt::format("unknown elem segment {}", ins.b));
        if (!subtype(m.elems[ins.b].type, f.type)) return invalid("type mismatch");
      }
      WEFT_CHECK(pop(i32));
      WEFT_CHECK(pop(i32));
      if (init) {
        WEFT_CHECK(pop(i32));
        WEFT_CHECK(pop(ValType::ref(HeapType::index(ins.a), true)));
      } else {
        push(ValType::ref(HeapType::index(ins.a), false));
      }
      return {};
    }
    default: return check_cast(ins);
  }
}

// spec: ref.test/ref.cast rt: [rt'] -> [i32] / [rt] with rt <: rt' (rt' the top of
// rt's hierarchy); br_on_cast(_fail) l rt1 rt2 with rt2 <: rt1, the branch taking
// rt2 (or rt1 minus rt2) and the fall-through the other.
Result<void> FunctionDecoderBase::check_cast(const Instr& ins) {
  const TypeSpace s = ctx_.space();
  switch (ins.op) {
    case Opcode::RefTest:
    case Opcode::RefTestNull:
    case Opcode::RefCast:
    case Opcode::RefCastNull: {
      WEFT_CHECK(check_valtype(ins.type));
      const bool nullable = ins.op == Opcode::RefTestNull || ins.op == Opcode::RefCastNull;
      const ValType rt = ValType::ref(ins.type.heap, nullable);
      WEFT_TRY(t, pop(ValType::ref(top_heap(rt.heap, s), true)));
      (void)t;
      push(ins.op == Opcode::RefTest || ins.op == Opcode::RefTestNull ? ValType::I32 : rt);
      return {};
    }
    case Opcode::BrOnCast:
    case Opcode::BrOnCastFail: {
      WEFT_CHECK(check_valtype(ins.type));
      WEFT_CHECK(check_valtype(ins.type2));
      if (ins.a >= ctrls_.size()) return invalid("unknown label");
      const ValType rt1 = ins.type, rt2 = ins.type2;
      if (!subtype(rt2, rt1)) return invalid("type mismatch");
      // rt1 minus rt2: null is left over only when rt2 does not take it.
      const ValType diff = ValType::ref(rt1.heap, rt1.nullable && !rt2.nullable);
      const ValType taken = ins.op == Opcode::BrOnCast ? rt2 : diff;
      const ValType stays = ins.op == Opcode::BrOnCast ? diff : rt2;
      std::vector<ValType> label(label_types(ins.a).begin(), label_types(ins.a).end());
      if (label.empty() || !subtype(taken, label.back())) return invalid("type mismatch");
      WEFT_CHECK(pop(rt1));
      label.pop_back();
      WEFT_CHECK(pop_all(label));
      push_all(label);
      push(stays);
      return {};
    }
    default: return invalid(fmt::format("not supported yet: {}", op_text(ins.op)));
  }
}

}  // namespace weft::core

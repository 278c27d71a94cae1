// Immediates of plain instructions in WAT, one case per ImmKind of the opcode table.
// spec: https://webassembly.github.io/spec/core/text/instructions.html
#include <fmt/format.h>

#include <bit>

#include "core/text/numbers.h"
#include "core/text/wat_parser.h"

namespace weft::core::text {
namespace {

uint32_t natural_alignment(ImmKind imm) {
  switch (imm) {
    case ImmKind::MemArg1: return 1;
    case ImmKind::MemArg2: return 2;
    case ImmKind::MemArg4: return 4;
    default: return 8;
  }
}

}  // namespace

// One index immediate; an optional one (tables, memories) defaults to 0.
Result<void> ModuleParser::write_index(Bytes& out, Space space, bool optional) {
  if (optional && !at_index()) {
    out.push_back(0);
    return {};
  }
  WEFT_TRY(index, parse_index(space));
  write_u32(out, index);
  return {};
}

// `x? y` where a missing x is 0 (memory.init, table.init); the binary wants y then x.
Result<void> ModuleParser::write_reversed_pair(Bytes& out, Space first, Space second) {
  uint32_t x = 0;
  if (at_index() && (peek(1).kind == TokenKind::Number || peek(1).kind == TokenKind::Id)) {
    WEFT_TRY(parsed, parse_index(first));
    x = parsed;
  }
  WEFT_TRY(y, parse_index(second));
  write_u32(out, y);
  write_u32(out, x);
  return {};
}

// br_table l* l_default
Result<void> ModuleParser::parse_br_table(Bytes& out) {
  std::vector<uint32_t> labels;
  while (at_index()) {
    WEFT_TRY(label, parse_label());
    labels.push_back(label);
  }
  if (labels.empty()) return unexpected();
  write_u32(out, uint32_t(labels.size() - 1));
  for (uint32_t l : labels) write_u32(out, l);
  return {};
}

// A struct field: its index or its name within the struct type's fields.
Result<uint32_t> ModuleParser::parse_field_index(uint32_t type) {
  if (at(TokenKind::Id)) {
    const Token& tok = next();
    if (type < field_names_.size()) {
      auto it = field_names_[type].find(id_name(tok));
      if (it != field_names_[type].end()) return it->second;
    }
    return fail(tok, fmt::format("unknown field {}", tok.text));
  }
  return parse_u32_token("constant out of range");
}

// ref.test/ref.cast reftype: the opcode says whether null passes; br_on_cast(_fail)
// label reftype reftype: a flags byte says it for both.
Result<void> ModuleParser::parse_cast(Bytes& out, Opcode op) {
  if (op == Opcode::BrOnCast || op == Opcode::BrOnCastFail) {
    encode_opcode(out, op);
    WEFT_TRY(label, parse_label());
    WEFT_TRY(from, parse_reftype());
    WEFT_TRY(to, parse_reftype());
    out.push_back(uint8_t((from.nullable ? 1 : 0) | (to.nullable ? 2 : 0)));
    write_u32(out, label);
    write_heap_type(out, from.heap);
    write_heap_type(out, to.heap);
    return {};
  }
  WEFT_TRY(type, parse_reftype());
  const bool test = op == Opcode::RefTest || op == Opcode::RefTestNull;
  encode_opcode(out, test ? (type.nullable ? Opcode::RefTestNull : Opcode::RefTest)
                          : (type.nullable ? Opcode::RefCastNull : Opcode::RefCast));
  write_heap_type(out, type.heap);
  return {};
}

Result<void> ModuleParser::parse_immediates(Bytes& out, Opcode op, const Token& op_tok) {
  ImmKind imm = op_info(op).imm;
  if (op == Opcode::Select) return parse_select(out);
  if (imm == ImmKind::BrOnCast || (imm == ImmKind::HeapType && op != Opcode::RefNull)) return parse_cast(out, op);
  if (imm == ImmKind::CallIndirect) return parse_call_indirect(out, op);
  if (imm == ImmKind::I32 || imm == ImmKind::I64 || imm == ImmKind::F32 || imm == ImmKind::F64)
    return parse_const(out, op);
  encode_opcode(out, op);
  switch (imm) {
    case ImmKind::None: return {};
    case ImmKind::Label: {
      WEFT_TRY(label, parse_label());
      write_u32(out, label);
      return {};
    }
    case ImmKind::BrTable: return parse_br_table(out);
    case ImmKind::Func: return write_index(out, Space::Func, false);
    case ImmKind::Local: {
      WEFT_TRY(local, parse_local());
      write_u32(out, local);
      return {};
    }
    case ImmKind::Global: return write_index(out, Space::Global, false);
    case ImmKind::Tag: return write_index(out, Space::Tag, false);
    case ImmKind::Table: return write_index(out, Space::Table, true);
    case ImmKind::Memory: return write_index(out, Space::Memory, true);
    case ImmKind::MemArg1:
    case ImmKind::MemArg2:
    case ImmKind::MemArg4:
    case ImmKind::MemArg8: return parse_memarg(out, natural_alignment(imm));
    case ImmKind::HeapType: {
      WEFT_TRY(type, parse_heaptype());
      write_heap_type(out, type);
      return {};
    }
    case ImmKind::Type: return write_index(out, Space::Type, false);
    case ImmKind::TypeField: {
      WEFT_TRY(type, parse_index(Space::Type));
      WEFT_TRY(field, parse_field_index(type));
      write_u32(out, type);
      write_u32(out, field);
      return {};
    }
    case ImmKind::TypeCount: {
      WEFT_CHECK(write_index(out, Space::Type, false));
      WEFT_TRY(n, parse_u32_token("constant out of range"));
      write_u32(out, n);
      return {};
    }
    case ImmKind::TypeData:
      uses_data_index_ = true;
      WEFT_CHECK(write_index(out, Space::Type, false));
      return write_index(out, Space::Data, false);
    case ImmKind::TypeElem:
      WEFT_CHECK(write_index(out, Space::Type, false));
      return write_index(out, Space::Elem, false);
    case ImmKind::TypeType:
      WEFT_CHECK(write_index(out, Space::Type, false));
      return write_index(out, Space::Type, false);
    case ImmKind::MemoryInit:
      uses_data_index_ = true;
      return write_reversed_pair(out, Space::Memory, Space::Data);
    case ImmKind::Data: uses_data_index_ = true; return write_index(out, Space::Data, false);
    case ImmKind::TableInit: return write_reversed_pair(out, Space::Table, Space::Elem);
    case ImmKind::Elem: return write_index(out, Space::Elem, false);
    case ImmKind::MemoryCopy:
    case ImmKind::TableCopy: {  // both indices or neither
      Space space = imm == ImmKind::MemoryCopy ? Space::Memory : Space::Table;
      if (!at_index()) {
        out.insert(out.end(), {0, 0});
        return {};
      }
      WEFT_CHECK(write_index(out, space, false));
      return write_index(out, space, false);
    }
    default: return fail(op_tok, fmt::format("unknown operator {}", op_tok.text));
  }
}

// memidx? (offset=N)? (align=N)?
Result<void> ModuleParser::parse_memarg(Bytes& out, uint32_t natural_align) {
  uint32_t memory = 0;
  if (at_index()) {
    auto index = parse_index(Space::Memory);
    if (!index) return std::unexpected(index.error());
    memory = *index;
  }
  uint64_t offset = 0;
  if (at(TokenKind::Keyword) && peek().text.starts_with("offset=")) {
    auto value = parse_u64(peek().text.substr(7));
    if (!value)
      return fail(peek(),
                  value.error() == NumError::Range ? "i32 constant out of range" : "unknown operator");
    offset = *value;  // beyond u32: the decoder or validator rejects it for an i32 memory
    ++pos_;
  }
  uint64_t align = natural_align;
  if (at(TokenKind::Keyword) && peek().text.starts_with("align=")) {
    auto value = parse_u64(peek().text.substr(6));  // up to 2^63: validation bounds it
    if (!value)
      return fail(peek(),
                  value.error() == NumError::Range ? "i32 constant out of range" : "unknown operator");
    if (!std::has_single_bit(*value)) return fail(peek(), "alignment must be a power of two");
    align = *value;
    ++pos_;
  }
  uint32_t flags = uint32_t(std::countr_zero(align));
  if (memory != 0) flags |= 0x40;
  write_u32(out, flags);
  if (memory != 0) write_u32(out, memory);
  write_u64(out, offset);
  return {};
}

Result<void> ModuleParser::parse_const(Bytes& out, Opcode op) {
  encode_opcode(out, op);
  if (!at(TokenKind::Number) && !at(TokenKind::Keyword)) return unexpected();
  const Token& tok = peek();
  NumError error;
  switch (op) {
    case Opcode::I32Const: {
      auto v = parse_i32(tok.text);
      if (!v) {
        error = v.error();
        break;
      }
      write_s32(out, int32_t(*v));
      ++pos_;
      return {};
    }
    case Opcode::I64Const: {
      auto v = parse_i64(tok.text);
      if (!v) {
        error = v.error();
        break;
      }
      write_s64(out, int64_t(*v));
      ++pos_;
      return {};
    }
    case Opcode::F32Const: {
      auto v = parse_f32(tok.text);
      if (!v) {
        error = v.error();
        break;
      }
      write_fixed(out, *v, 4);
      ++pos_;
      return {};
    }
    default: {
      auto v = parse_f64(tok.text);
      if (!v) {
        error = v.error();
        break;
      }
      write_fixed(out, *v, 8);
      ++pos_;
      return {};
    }
  }
  if (error == NumError::Range) return fail(tok, "constant out of range");
  if (tok.text == "nan:canonical" || tok.text == "nan:arithmetic") return fail(tok, "unexpected token");
  return fail(tok, fmt::format("unknown operator {}", tok.text));
}

// select, or select (result t)* which is the typed form.
Result<void> ModuleParser::parse_select(Bytes& out) {
  if (!at_field("result")) {
    encode_opcode(out, Opcode::Select);
    return {};
  }
  std::vector<ValType> types;
  WEFT_CHECK(parse_results(types));
  encode_opcode(out, Opcode::SelectT);
  write_u32(out, uint32_t(types.size()));
  for (ValType t : types) write_valtype(out, t);
  return {};
}

// call_indirect tableidx? typeuse (also return_call_indirect)
Result<void> ModuleParser::parse_call_indirect(Bytes& out, Opcode op) {
  encode_opcode(out, op);
  uint32_t table = 0;
  if (at_index()) {
    auto index = parse_index(Space::Table);
    if (!index) return std::unexpected(index.error());
    table = *index;
  }
  auto use = parse_typeuse(false);
  if (!use) return std::unexpected(use.error());
  write_u32(out, use->index);
  write_u32(out, table);
  return {};
}

}  // namespace weft::core::text

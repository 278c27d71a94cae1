// Immediate decoding driven by the ImmKind column of opcode.def.
#include "core/binary/instr.h"

#include <fmt/format.h>

#include "core/binary/type_reader.h"

namespace weft::core {
namespace {

// spec: blocktype ::= 0x40 | valtype | typeidx (s33 >= 0).
Result<void> decode_block_type(Reader& r, const Features& f, BlockType& bt) {
  WEFT_TRY(b, r.peek());
  if (b == 0x40) {
    r.skip(1);
    bt.kind = BlockType::Kind::Empty;
    return {};
  }
  if (numtype_from_byte(b) || b == 0x63 || b == 0x64 || abs_heap_from_byte(b)) {
    WEFT_TRY(t, read_val_type(r, f));
    bt.kind = BlockType::Kind::Value;
    bt.value = t;
    return {};
  }
  uint32_t at = r.offset();
  WEFT_TRY(idx, r.s33());
  if (idx < 0) return r.fail_at(at, "malformed block type");
  bt.kind = BlockType::Kind::Index;
  bt.index = uint32_t(idx);
  return {};
}

Result<void> decode_memarg(Reader& r, const Features& f, Instr& out) {
  uint32_t at = r.offset();
  WEFT_TRY(flags, r.u32());
  out.a = 0;
  if (flags & 0x40) {
    if (!f.multi_memory) return r.fail_at(at, "malformed memop flags");
    flags &= ~0x40u;
    WEFT_TRY(mem, r.u32());
    out.a = mem;
  }
  // 2.0 rejects alignments of 2^32 and more as malformed; multi-memory decodes
  // exponents below 64 (bit 6 is its memory-index flag) and leaves them to validation.
  if (flags >= (f.multi_memory ? 64u : 32u)) return r.fail_at(at, "malformed memop flags");
  out.align = flags;
  // memory64 offsets are u64; validation rejects those an i32 memory cannot take.
  if (f.memory64) {
    WEFT_TRY(off, r.u64());
    out.value = off;
  } else {
    WEFT_TRY(off, r.u32());
    out.value = off;
  }
  return {};
}

// Memory index of memory.size/grow/fill: a single zero byte before multi-memory.
Result<uint32_t> decode_memidx(Reader& r, const Features& f) {
  if (!f.multi_memory) {
    WEFT_TRY(b, r.u8());
    if (b != 0) return r.fail_at(r.offset() - 1, "zero byte expected");
    return 0u;
  }
  return r.u32();
}

Result<void> decode_heap_type(Reader& r, const Features& f, Instr& out) {
  WEFT_TRY(ht, read_heap_type(r, f));
  out.type = ValType::ref(ht, true);
  return {};
}

// spec: br_on_cast(_fail) flags l ht1 ht2; flag bit 0: the operand may be null,
// bit 1: the target may be null.
Result<void> decode_br_on_cast(Reader& r, const Features& f, Instr& out) {
  WEFT_TRY(flags, r.u8());
  if (flags > 3) return r.fail_at(r.offset() - 1, "malformed cast flags");
  WEFT_TRY(label, r.u32());
  WEFT_TRY(h1, read_heap_type(r, f));
  WEFT_TRY(h2, read_heap_type(r, f));
  out.a = label;
  out.type = ValType::ref(h1, flags & 1);
  out.type2 = ValType::ref(h2, flags & 2);
  return {};
}

Result<void> decode_br_table(Reader& r, Instr& out, std::vector<uint32_t>& scratch) {
  WEFT_TRY(n, r.u32());
  if (n > r.remaining()) return r.fail("unexpected end");  // each label takes at least a byte
  scratch.clear();
  scratch.reserve(size_t(n) + 1);
  for (uint32_t i = 0; i <= n; ++i) {
    WEFT_TRY(l, r.u32());
    scratch.push_back(l);
  }
  out.targets = scratch;
  return {};
}

Result<void> decode_select_t(Reader& r, const Features& f, Instr& out) {
  WEFT_TRY(n, r.u32());
  out.select_arity = n;
  if (n > r.remaining()) return r.fail("unexpected end");
  for (uint32_t i = 0; i < n; ++i) {
    WEFT_TRY(b, r.peek());
    // v128 is decoded here (validation refuses it with no SIMD), unlike elsewhere.
    ValType t = ValType::V128;
    if (b == ValType::kV128) {
      r.skip(1);
    } else {
      WEFT_TRY(vt, read_val_type(r, f));
      t = vt;
    }
    if (i == 0) out.type = t;
  }
  return {};
}

Result<void> decode_catches(Reader& r, Instr& out, std::vector<Catch>* scratch) {
  WEFT_TRY(n, r.u32());
  if (n > r.remaining()) return r.fail("unexpected end");  // each clause takes at least two bytes
  if (!scratch) return r.fail_at(out.offset, "illegal opcode");
  scratch->clear();
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t at = r.offset();
    WEFT_TRY(kind, r.u8());
    if (kind > 3) return r.fail_at(at, "malformed catch clause");
    Catch c;
    c.kind = CatchKind(kind);
    if (c.kind == CatchKind::Catch || c.kind == CatchKind::CatchRef) {
      WEFT_TRY(tag, r.u32());
      c.tag = tag;
    }
    WEFT_TRY(label, r.u32());
    c.label = label;
    scratch->push_back(c);
  }
  out.catches = *scratch;
  return {};
}

// try, catch, rethrow, delegate and catch_all of the legacy exception-handling proposal.
bool is_legacy_exception_opcode(uint8_t byte) {
  return byte == 0x06 || byte == 0x07 || byte == 0x09 || byte == 0x18 || byte == 0x19;
}

Result<void> decode_two(Reader& r, Instr& out) {
  WEFT_TRY(x, r.u32());
  WEFT_TRY(y, r.u32());
  out.a = x;
  out.b = y;
  return {};
}

}  // namespace

static Result<void> decode_any(Reader& r, const Features& f, Instr& out, std::vector<uint32_t>& scratch,
                               std::vector<Catch>* catch_scratch);

Result<void> decode_instr(Reader& r, const Features& f, Instr& out, std::vector<uint32_t>& scratch) {
  return decode_any(r, f, out, scratch, nullptr);
}

Result<void> decode_instr(Reader& r, const Features& f, Instr& out, std::vector<uint32_t>& scratch,
                          std::vector<Catch>& catch_scratch) {
  return decode_any(r, f, out, scratch, &catch_scratch);
}

static Result<void> decode_any(Reader& r, const Features& f, Instr& out, std::vector<uint32_t>& scratch,
                               std::vector<Catch>* catch_scratch) {
  out.offset = r.offset();
  WEFT_TRY(byte, r.u8());
  std::optional<Opcode> op;
  if (byte == 0xfc) {
    WEFT_TRY(code, r.u32());
    op = opcode_from_misc(code);
  } else if (byte == 0xfb) {
    WEFT_TRY(code, r.u32());
    op = opcode_from_gc(code);
  } else {
    op = opcode_from_byte(byte);
  }
  if (!op) {
    if (is_legacy_exception_opcode(byte)) {
      return r.fail_at(out.offset, "not supported yet: legacy exception handling");
    }
    return r.fail_at(out.offset, "illegal opcode");
  }
  out.op = *op;
  if (const Feature needs = op_info(*op).feature; !f.enabled(needs)) [[unlikely]] {
    return r.fail_at(out.offset, fmt::format("{} requires the {} feature, which is disabled", op_text(*op),
                                             Features::name(needs)));
  }
  switch (op_info(*op).imm) {
    case ImmKind::None: return {};
    case ImmKind::BlockType: return decode_block_type(r, f, out.block);
    case ImmKind::TryTable:
      WEFT_CHECK(decode_block_type(r, f, out.block));
      return decode_catches(r, out, catch_scratch);
    case ImmKind::BrTable: return decode_br_table(r, out, scratch);
    case ImmKind::Label: case ImmKind::Func: case ImmKind::Local: case ImmKind::Global:
    case ImmKind::Table: case ImmKind::Data: case ImmKind::Elem: case ImmKind::Tag: case ImmKind::Type: {
      WEFT_TRY(x, r.u32());
      out.a = x;
      return {};
    }
    case ImmKind::CallIndirect: return decode_two(r, out);
    case ImmKind::TableInit: return decode_two(r, out);
    case ImmKind::TableCopy: return decode_two(r, out);
    case ImmKind::TypeField: case ImmKind::TypeCount: case ImmKind::TypeData: case ImmKind::TypeElem:
    case ImmKind::TypeType:
      return decode_two(r, out);
    case ImmKind::BrOnCast: return decode_br_on_cast(r, f, out);
    case ImmKind::SelectT: return decode_select_t(r, f, out);
    case ImmKind::Memory: {
      WEFT_TRY(m, decode_memidx(r, f));
      out.a = m;
      return {};
    }
    case ImmKind::MemoryInit: {
      WEFT_TRY(d, r.u32());
      WEFT_TRY(m, decode_memidx(r, f));
      out.a = d;
      out.b = m;
      return {};
    }
    case ImmKind::MemoryCopy: {
      WEFT_TRY(d, decode_memidx(r, f));
      WEFT_TRY(s, decode_memidx(r, f));
      out.a = d;
      out.b = s;
      return {};
    }
    case ImmKind::MemArg1: case ImmKind::MemArg2: case ImmKind::MemArg4: case ImmKind::MemArg8:
      return decode_memarg(r, f, out);
    case ImmKind::I32: {
      WEFT_TRY(v, r.s32());
      out.value = uint32_t(v);
      return {};
    }
    case ImmKind::I64: {
      WEFT_TRY(v, r.s64());
      out.value = uint64_t(v);
      return {};
    }
    case ImmKind::F32: {
      WEFT_TRY(v, r.f32_bits());
      out.value = v;
      return {};
    }
    case ImmKind::F64: {
      WEFT_TRY(v, r.f64_bits());
      out.value = v;
      return {};
    }
    case ImmKind::HeapType: return decode_heap_type(r, f, out);
  }
  return r.fail_at(out.offset, "illegal opcode");
}

}  // namespace weft::core

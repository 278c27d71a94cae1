// Function bodies, operator half: fresh operands, numeric operators (from the
// spec's opcode ranges, written independently of core/binary/opcode.def so that
// the two can disagree), variables, memory, tables and references.
#include <algorithm>

#include "wasm_gen_body.h"

namespace weft::fuzz {
namespace {

ValType from_letter(char c) {
  switch (c) {
    case 'i': return ValType::I32;
    case 'l': return ValType::I64;
    case 'f': return ValType::F32;
    default: return ValType::F64;
  }
}

// Numeric operators by opcode range; codes from 0x100 are 0xFC-prefixed.
struct NumOp {
  uint16_t code;
  std::vector<ValType> params;
  ValType result;
};

const std::vector<NumOp>& numeric_ops() {
  struct Range {
    uint16_t first, last;
    const char* sig;
  };
  static constexpr Range kRanges[] = {
      {0x45, 0x45, "i:i"},   {0x46, 0x4f, "ii:i"},  {0x50, 0x50, "l:i"},   {0x51, 0x5a, "ll:i"},  // tests, compares
      {0x5b, 0x60, "ff:i"},  {0x61, 0x66, "dd:i"},                                                // float compares
      {0x67, 0x69, "i:i"},   {0x6a, 0x78, "ii:i"},  {0x79, 0x7b, "l:l"},   {0x7c, 0x8a, "ll:l"},  // integer arithmetic
      {0x8b, 0x91, "f:f"},   {0x92, 0x98, "ff:f"},  {0x99, 0x9f, "d:d"},   {0xa0, 0xa6, "dd:d"},  // float arithmetic
      {0xa7, 0xa7, "l:i"},   {0xa8, 0xa9, "f:i"},   {0xaa, 0xab, "d:i"},   {0xac, 0xad, "i:l"},   // conversions
      {0xae, 0xaf, "f:l"},   {0xb0, 0xb1, "d:l"},   {0xb2, 0xb3, "i:f"},   {0xb4, 0xb5, "l:f"},
      {0xb6, 0xb6, "d:f"},   {0xb7, 0xb8, "i:d"},   {0xb9, 0xba, "l:d"},   {0xbb, 0xbb, "f:d"},
      {0xbc, 0xbc, "f:i"},   {0xbd, 0xbd, "d:l"},   {0xbe, 0xbe, "i:f"},   {0xbf, 0xbf, "l:d"},   // reinterpret
      {0xc0, 0xc1, "i:i"},   {0xc2, 0xc4, "l:l"},                                                 // sign extension
      {0x100, 0x101, "f:i"}, {0x102, 0x103, "d:i"}, {0x104, 0x105, "f:l"}, {0x106, 0x107, "d:l"},  // trunc_sat
  };
  static const std::vector<NumOp> ops = [] {
    std::vector<NumOp> v;
    for (const Range& r : kRanges) {
      std::string_view sig = r.sig;
      size_t colon = sig.find(':');
      for (uint16_t c = r.first; c <= r.last; ++c) {
        NumOp op{c, {}, from_letter(sig[colon + 1])};
        for (size_t i = 0; i < colon; ++i) op.params.push_back(from_letter(sig[i]));
        v.push_back(std::move(op));
      }
    }
    return v;
  }();
  return ops;
}

struct MemOp {
  uint8_t code;
  uint8_t natural_log2;
  ValType type;
};

constexpr MemOp kLoads[] = {
    {0x28, 2, ValType::I32}, {0x29, 3, ValType::I64}, {0x2a, 2, ValType::F32}, {0x2b, 3, ValType::F64},
    {0x2c, 0, ValType::I32}, {0x2d, 0, ValType::I32}, {0x2e, 1, ValType::I32}, {0x2f, 1, ValType::I32},
    {0x30, 0, ValType::I64}, {0x31, 0, ValType::I64}, {0x32, 1, ValType::I64}, {0x33, 1, ValType::I64},
    {0x34, 2, ValType::I64}, {0x35, 2, ValType::I64},
};
constexpr MemOp kStores[] = {
    {0x36, 2, ValType::I32}, {0x37, 3, ValType::I64}, {0x38, 2, ValType::F32},
    {0x39, 3, ValType::F64}, {0x3a, 0, ValType::I32}, {0x3b, 1, ValType::I32},
    {0x3c, 0, ValType::I64}, {0x3d, 1, ValType::I64}, {0x3e, 2, ValType::I64},
};

void emit_code(Emitter& e, uint16_t code) {
  if (code >= 0x100) {
    e.u8(0xfc);
    e.u32(code & 0xff);
  } else {
    e.u8(uint8_t(code));
  }
}

}  // namespace

// --- fresh operands ---

void BodyGen::push_leaf(ValType t, Hint hint) {
  const uint32_t r = src_.below(8);
  std::vector<uint32_t> locals, globals;
  for (uint32_t i = 0; i < locals_.size(); ++i) {
    if (locals_[i] == t) locals.push_back(i);
  }
  for (uint32_t i = 0; i < m_.globals.size(); ++i) {
    if (m_.globals[i].type == t) globals.push_back(i);
  }
  if (r < 2 && !locals.empty()) {
    code_.u8(0x20);
    code_.u32(locals[src_.below(uint32_t(locals.size()))]);
  } else if (r == 2 && !globals.empty()) {
    code_.u8(0x23);
    code_.u32(globals[src_.below(uint32_t(globals.size()))]);
  } else if (r == 3 && core::is_ref(t)) {
    std::vector<uint32_t> tables;
    for (uint32_t i = 0; i < m_.tables.size(); ++i) {
      if (m_.tables[i].elem == t) tables.push_back(i);
    }
    if (tables.empty()) {
      leaf_const(t, hint);
      return;
    }
    leaf_const(ValType::I32, Hint::Index);
    code_.u8(0x25);  // table.get
    code_.u32(tables[src_.below(uint32_t(tables.size()))]);
    pop(1);
    push(t);
    return;
  } else {
    leaf_const(t, hint);
    return;
  }
  push(t);
  if (t == ValType::I32) bound(hint);
}

void BodyGen::leaf_const(ValType t, Hint hint) {
  switch (t.code) {
    case ValType::kI32: {
      uint32_t v;
      const uint32_t r = uint32_t(src_.value_bits(1) % 8);
      switch (hint) {
        case Hint::Cond: v = r < 6 ? r & 1 : interesting_i32(src_); break;
        case Hint::Addr:
          if (r < 3) v = uint32_t(src_.value_bits(2));
          else if (r < 5) v = 65536 * uint32_t(1 + src_.value_bits(1) % 2) - uint32_t(src_.value_bits(1) % 16);
          else if (r < 7) v = uint32_t(src_.value_bits(1));
          else v = interesting_i32(src_);
          break;
        case Hint::Len: v = r < 6 ? uint32_t(src_.value_bits(1) % 64) : r < 7 ? uint32_t(src_.value_bits(2) % 4096) : interesting_i32(src_); break;
        case Hint::Index: v = r < 7 ? uint32_t(src_.value_bits(1) % 12) : interesting_i32(src_); break;
        case Hint::Delta: v = r < 6 ? uint32_t(src_.value_bits(1) % 4) : r < 7 ? 0xffffffff : interesting_i32(src_); break;
        default: v = interesting_i32(src_); break;
      }
      code_.u8(0x41);
      code_.s64(int32_t(v));
      break;
    }
    case ValType::kI64:
      code_.u8(0x42);
      code_.s64(int64_t(interesting_i64(src_)));
      break;
    case ValType::kF32:
      code_.u8(0x43);
      code_.f32(interesting_f32(src_));
      break;
    case ValType::kF64:
      code_.u8(0x44);
      code_.f64(interesting_f64(src_));
      break;
    default:
      if (t == ValType::FuncRef && src_.one_in(2)) {
        code_.u8(0xd2);  // ref.func
        code_.u32(src_.below(uint32_t(m_.func_types.size())));
      } else {
        code_.u8(0xd0);  // ref.null
        code_.type(t);
      }
      break;
  }
  push(t);
}

void BodyGen::bound(Hint hint) {
  uint32_t mask;
  switch (hint) {
    case Hint::Addr: mask = 0x3ffff; break;
    case Hint::Len: mask = 0xfff; break;
    case Hint::Index: mask = 0xf; break;
    case Hint::Delta: mask = 0x3; break;
    default: return;
  }
  code_.u8(0x41);
  code_.s64(int32_t(mask));
  code_.u8(0x71);  // i32.and
}

// --- numbers ---

void BodyGen::numeric() {
  const auto& ops = numeric_ops();
  std::vector<uint16_t> fitting;  // operators that can use the value on top
  if (avail() > 0) {
    for (uint16_t i = 0; i < ops.size(); ++i) {
      if (ops[i].params[0] == top() || ops[i].params.back() == top()) fitting.push_back(i);
    }
  }
  const NumOp& op = !fitting.empty() && !src_.one_in(8) ? ops[fitting[src_.below(uint32_t(fitting.size()))]]
                                                        : ops[src_.below(uint32_t(ops.size()))];
  prepare(op.params);
  emit_code(code_, op.code);
  pop(op.params.size());
  push(op.result);
}

bool BodyGen::convert(ValType from, ValType to) {
  const bool alt = src_.one_in(2);
  uint16_t code = 0;
  using V = ValType;
  if (core::is_ref(from)) {
    code = to == V::I32 ? 0xd1 : 0;  // ref.is_null
  } else if (from == V::I32) {
    code = to == V::I64 ? (alt ? 0xac : 0xad) : to == V::F32 ? (alt ? 0xb2 : 0xb3) : to == V::F64 ? (alt ? 0xb7 : 0xb8) : 0;
  } else if (from == V::I64) {
    code = to == V::I32 ? 0xa7 : to == V::F32 ? (alt ? 0xb4 : 0xb5) : to == V::F64 ? (alt ? 0xb9 : 0xba) : 0;
  } else if (from == V::F32) {
    code = to == V::I32 ? (alt ? 0x100 : 0xbc) : to == V::I64 ? (alt ? 0x104 : 0x105) : to == V::F64 ? 0xbb : 0;
  } else if (from == V::F64) {
    code = to == V::I32 ? (alt ? 0x102 : 0x103) : to == V::I64 ? (alt ? 0x106 : 0xbd) : to == V::F32 ? 0xb6 : 0;
  }
  if (code == 0) return false;
  emit_code(code_, code);
  pop(1);
  push(to);
  return true;
}

// --- variables ---

void BodyGen::local_op() {
  const uint32_t kind = src_.below(3);  // get, set, tee
  std::vector<uint32_t> writable, fitting;
  for (uint32_t i = 0; i < locals_.size(); ++i) {
    if (reserved_[i]) continue;
    writable.push_back(i);
    if (avail() > 0 && locals_[i] == top()) fitting.push_back(i);
  }
  if (kind == 0 || writable.empty()) {
    if (locals_.empty()) return push_leaf(random_valtype(src_));
    const uint32_t i = src_.below(uint32_t(locals_.size()));
    code_.u8(0x20);
    code_.u32(i);
    return push(locals_[i]);
  }
  const auto& pool = !fitting.empty() && !src_.one_in(4) ? fitting : writable;
  const uint32_t i = pool[src_.below(uint32_t(pool.size()))];
  const ValType t = locals_[i];
  prepare(std::span(&t, 1));
  code_.u8(kind == 1 ? 0x21 : 0x22);
  code_.u32(i);
  if (kind == 1) pop(1);
}

void BodyGen::global_op() {
  if (m_.globals.empty()) return push_leaf(random_valtype(src_));
  std::vector<uint32_t> mutables, fitting;
  for (uint32_t g = 0; g < m_.globals.size(); ++g) {
    if (!m_.globals[g].mut) continue;
    mutables.push_back(g);
    if (avail() > 0 && m_.globals[g].type == top()) fitting.push_back(g);
  }
  if (mutables.empty() || src_.one_in(2)) {
    const uint32_t g = src_.below(uint32_t(m_.globals.size()));
    code_.u8(0x23);
    code_.u32(g);
    return push(m_.globals[g].type);
  }
  const auto& pool = !fitting.empty() && !src_.one_in(4) ? fitting : mutables;
  const uint32_t g = pool[src_.below(uint32_t(pool.size()))];
  const ValType t = m_.globals[g].type;
  prepare(std::span(&t, 1));
  code_.u8(0x24);
  code_.u32(g);
  pop(1);
}

// --- memory ---

void BodyGen::memarg(uint32_t natural_log2, uint32_t mem) {
  const uint32_t align = src_.below(natural_log2 + 1);
  const bool explicit_mem = mem != 0 || src_.one_in(8);
  code_.u32(align | (explicit_mem ? 0x40 : 0));
  if (explicit_mem) code_.u32(mem);
  uint32_t offset;
  switch (src_.value_bits(1) % 8) {
    case 5: offset = uint32_t(src_.value_bits(2)); break;
    case 6: offset = 65536 * uint32_t(1 + src_.value_bits(1) % 2) - uint32_t(src_.value_bits(1) % 16); break;
    case 7: offset = interesting_i32(src_); break;
    default: offset = uint32_t(src_.value_bits(1) % 64); break;
  }
  code_.u32(offset);
}

void BodyGen::load() {
  if (m_.memories.empty()) return push_leaf(random_valtype(src_));
  const MemOp& op = kLoads[src_.below(std::size(kLoads))];
  const uint32_t mem = src_.below(uint32_t(m_.memories.size()));
  const ValType addr = ValType::I32;
  const Hint hint = Hint::Addr;
  prepare(std::span(&addr, 1), std::span(&hint, 1));
  code_.u8(op.code);
  memarg(op.natural_log2, mem);
  pop(1);
  push(op.type);
}

void BodyGen::store() {
  if (m_.memories.empty()) return push_leaf(random_valtype(src_));
  std::vector<const MemOp*> fitting;
  for (const MemOp& op : kStores) {
    if (avail() > 0 && op.type == top()) fitting.push_back(&op);
  }
  const MemOp& op = !fitting.empty() && !src_.one_in(4) ? *fitting[src_.below(uint32_t(fitting.size()))]
                                                        : kStores[src_.below(std::size(kStores))];
  const uint32_t mem = src_.below(uint32_t(m_.memories.size()));
  const ValType ops[] = {ValType::I32, op.type};
  const Hint hints[] = {Hint::Addr, Hint::Any};
  prepare(ops, hints);
  code_.u8(op.code);
  memarg(op.natural_log2, mem);
  pop(2);
}

void BodyGen::memory_misc() {
  const uint32_t kind = src_.below(6);
  const uint32_t n_mem = uint32_t(m_.memories.size());
  const uint32_t n_data = uint32_t(m_.datas.size());
  if (kind == 5 && n_data > 0) {  // data.drop needs no memory
    code_.u8(0xfc);
    code_.u32(9);
    code_.u32(src_.below(n_data));
    return;
  }
  if (n_mem == 0 || (kind == 4 && n_data == 0) || kind == 5) return push_leaf(ValType::I32);
  const uint32_t mem = src_.below(n_mem);
  const ValType i32 = ValType::I32;
  const ValType three[] = {i32, i32, i32};
  switch (kind) {
    case 0:  // memory.size
      code_.u8(0x3f);
      code_.u32(mem);
      return push(i32);
    case 1: {  // memory.grow
      const Hint delta = Hint::Delta;
      prepare(std::span(&i32, 1), std::span(&delta, 1));
      code_.u8(0x40);
      code_.u32(mem);
      pop(1);
      return push(i32);
    }
    case 2: {  // memory.fill
      const Hint hints[] = {Hint::Addr, Hint::Any, Hint::Len};
      prepare(three, hints);
      code_.u8(0xfc);
      code_.u32(11);
      code_.u32(mem);
      return pop(3);
    }
    case 3: {  // memory.copy
      const Hint hints[] = {Hint::Addr, Hint::Addr, Hint::Len};
      prepare(three, hints);
      code_.u8(0xfc);
      code_.u32(10);
      code_.u32(mem);
      code_.u32(src_.below(n_mem));
      return pop(3);
    }
    default: {  // memory.init
      const Hint hints[] = {Hint::Addr, Hint::Index, Hint::Len};
      prepare(three, hints);
      code_.u8(0xfc);
      code_.u32(8);
      code_.u32(src_.below(n_data));
      code_.u32(mem);
      return pop(3);
    }
  }
}

// --- tables and references ---

void BodyGen::table_op() {
  if (m_.tables.empty()) return push_leaf(ValType::I32);
  const uint32_t table = src_.below(uint32_t(m_.tables.size()));
  const ValType elem = m_.tables[table].elem;
  const ValType i32 = ValType::I32;
  const uint32_t kind = src_.below(8);
  auto misc = [&](uint32_t sub) {
    code_.u8(0xfc);
    code_.u32(sub);
  };
  if (kind == 0) {  // table.get
    const Hint hint = Hint::Index;
    prepare(std::span(&i32, 1), std::span(&hint, 1));
    code_.u8(0x25);
    code_.u32(table);
    pop(1);
    return push(elem);
  }
  if (kind == 1) {  // table.set
    const ValType ops[] = {i32, elem};
    const Hint hints[] = {Hint::Index, Hint::Any};
    prepare(ops, hints);
    code_.u8(0x26);
    code_.u32(table);
    return pop(2);
  }
  if (kind == 2) {  // table.size
    misc(16);
    code_.u32(table);
    return push(i32);
  }
  if (kind == 3) {  // table.grow
    const ValType ops[] = {elem, i32};
    const Hint hints[] = {Hint::Any, Hint::Delta};
    prepare(ops, hints);
    misc(15);
    code_.u32(table);
    pop(2);
    return push(i32);
  }
  if (kind == 4) {  // table.fill
    const ValType ops[] = {i32, elem, i32};
    const Hint hints[] = {Hint::Index, Hint::Any, Hint::Len};
    prepare(ops, hints);
    misc(17);
    code_.u32(table);
    return pop(3);
  }
  std::vector<uint32_t> sources;  // tables (kind 5) or segments (kind 6, 7) of the same type
  if (kind == 5) {
    for (uint32_t t = 0; t < m_.tables.size(); ++t) {
      if (m_.tables[t].elem == elem) sources.push_back(t);
    }
  } else {
    for (uint32_t s = 0; s < m_.elems.size(); ++s) {
      if (kind == 7 || m_.elems[s].type == elem) sources.push_back(s);
    }
  }
  if (sources.empty()) return push_leaf(i32);
  const uint32_t source = sources[src_.below(uint32_t(sources.size()))];
  if (kind == 7) {  // elem.drop
    misc(13);
    return code_.u32(source);
  }
  const ValType ops[] = {i32, i32, i32};
  const Hint hints[] = {Hint::Index, Hint::Index, Hint::Len};
  prepare(ops, hints);
  if (kind == 5) {  // table.copy
    misc(14);
    code_.u32(table);
    code_.u32(source);
  } else {  // table.init
    misc(12);
    code_.u32(source);
    code_.u32(table);
  }
  pop(3);
}

void BodyGen::ref_op() {
  const uint32_t kind = src_.below(3);
  const ValType ref = src_.one_in(2) ? ValType::FuncRef : ValType::ExternRef;
  if (kind == 0) {  // ref.null
    code_.u8(0xd0);
    code_.type(ref);
    return push(ref);
  }
  if (kind == 1) {  // ref.is_null
    const ValType t = avail() > 0 && core::is_ref(top()) ? top() : ref;
    prepare(std::span(&t, 1));
    code_.u8(0xd1);
    pop(1);
    return push(ValType::I32);
  }
  code_.u8(0xd2);  // ref.func
  code_.u32(src_.below(uint32_t(m_.func_types.size())));
  push(ValType::FuncRef);
}

void BodyGen::select() {
  const size_t n = stack_.size();
  const ValType t = avail() >= 2 && stack_[n - 1] == stack_[n - 2] ? top() : random_valtype(src_);
  const ValType ops[] = {t, t, ValType::I32};
  const Hint hints[] = {Hint::Any, Hint::Any, Hint::Cond};
  prepare(ops, hints);
  if (core::is_num(t) && src_.one_in(2)) {
    code_.u8(0x1b);
  } else {
    code_.u8(0x1c);
    code_.u32(1);
    code_.type(t);
  }
  pop(3);
  push(t);
}

}  // namespace weft::fuzz

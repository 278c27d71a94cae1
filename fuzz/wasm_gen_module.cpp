// Module-level half of the generator: the byte source, constants, imports,
// definitions, segments and exports, and the binary encoding of all sections.
#include <cstring>
#include <string>

#include "wasm_gen_module.h"

namespace weft::fuzz {

// --- ByteSource ---

uint8_t ByteSource::choice_byte() {
  if (empty()) return 0;
  return data_[front_++];
}

uint32_t ByteSource::below(uint32_t n) {
  uint32_t v = choice_byte();
  if (n > 256) v |= uint32_t(choice_byte()) << 8;
  return v % n;
}

uint64_t ByteSource::value_bits(unsigned bytes) {
  uint64_t v = 0;
  for (unsigned i = 0; i < bytes && !empty(); ++i) {
    ++back_;
    v |= uint64_t(data_[data_.size() - back_]) << (8 * i);
  }
  return v;
}

std::span<const uint8_t> ByteSource::rest() const {
  if (empty()) return {};
  return data_.subspan(front_, data_.size() - front_ - back_);
}

// --- Emitter ---

void Emitter::u32(uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    u8(v ? b | 0x80 : b);
  } while (v);
}

void Emitter::s64(int64_t v) {
  for (;;) {
    uint8_t b = v & 0x7f;
    v >>= 7;  // arithmetic shift
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    u8(done ? b : b | 0x80);
    if (done) return;
  }
}

void Emitter::f32(uint32_t bits) {
  for (int i = 0; i < 4; ++i) u8(uint8_t(bits >> (8 * i)));
}

void Emitter::f64(uint64_t bits) {
  for (int i = 0; i < 8; ++i) u8(uint8_t(bits >> (8 * i)));
}

void Emitter::name(std::string_view s) {
  u32(s.size());
  bytes.insert(bytes.end(), s.begin(), s.end());
}

// --- ModuleDesc ---

uint32_t ModuleDesc::type_index(const FuncType& t) {
  for (uint32_t i = 0; i < types.size(); ++i) {
    if (types[i] == t) return i;
  }
  types.push_back(t);
  return uint32_t(types.size() - 1);
}

uint32_t ModuleDesc::imported_globals() const {
  uint32_t n = 0;
  while (n < globals.size() && globals[n].imported) ++n;
  return n;
}

// --- constants ---

uint32_t interesting_i32(ByteSource& src) {
  static constexpr uint32_t kSpecial[] = {0,      1,      2,       0xffffffff, 0x80000000, 0x7fffffff, 0xfffffffe,
                                          31,     32,     63,      64,         0xff,       0x80,       0xffff,
                                          0x8000, 0x10000, 0xfffc, 0x1fffc,    0x7ffffffc, 0x80000001};
  switch (src.value_bits(1) % 4) {
    case 0: return kSpecial[src.value_bits(1) % std::size(kSpecial)];
    case 1: return uint32_t(src.value_bits(1));
    case 2: return uint32_t(-int32_t(src.value_bits(1)));
    default: return uint32_t(src.value_bits(4));
  }
}

uint64_t interesting_i64(ByteSource& src) {
  static constexpr uint64_t kSpecial[] = {0, 1, ~0ull, 1ull << 63, (1ull << 63) - 1, 0xffffffff, 0x80000000, 0x100000000,
                                          63, 64, 0x7fffffff, 0xffffffff80000000ull};
  switch (src.value_bits(1) % 4) {
    case 0: return kSpecial[src.value_bits(1) % std::size(kSpecial)];
    case 1: return src.value_bits(1);
    case 2: return uint64_t(-int64_t(src.value_bits(2)));
    default: return src.value_bits(8);
  }
}

uint32_t interesting_f32(ByteSource& src) {
  // 0, -0, 1, -1, +-inf, quiet/signalling/negative NaN, 2^31, -2^31, 2^32, +-2^63,
  // 2^64, 0.5, the smallest denormal, the largest finite, just below 2^31, -2^31-ish.
  static constexpr uint32_t kSpecial[] = {0,          0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
                                          0x7fc00000, 0x7fa00000, 0xffc00000, 0x4f000000, 0xcf000000, 0x4f800000,
                                          0x5f000000, 0xdf000000, 0x5f800000, 0x3f000000, 0x00000001, 0x7f7fffff,
                                          0x4effffff, 0xcf000001, 0xbf7fffff};
  switch (src.value_bits(1) % 3) {
    case 0: return kSpecial[src.value_bits(1) % std::size(kSpecial)];
    case 1: {
      float f = float(int32_t(int8_t(src.value_bits(1)))) / 4.0f;
      uint32_t b;
      std::memcpy(&b, &f, 4);
      return b;
    }
    default: return uint32_t(src.value_bits(4));
  }
}

uint64_t interesting_f64(ByteSource& src) {
  static constexpr uint64_t kSpecial[] = {
      0,
      0x8000000000000000,
      0x3ff0000000000000,  // 1
      0xbff0000000000000,
      0x7ff0000000000000,  // inf
      0xfff0000000000000,
      0x7ff8000000000000,  // NaN
      0x7ff4000000000000,  // signalling NaN
      0xfff8000000000001,
      0x41e0000000000000,  // 2^31
      0xc1e0000000000000,
      0x41dfffffffc00000,  // 2^31 - 1
      0xc1e0000000200000,  // -2^31 - 1
      0x41efffffffe00000,  // 2^32 - 1
      0x41f0000000000000,  // 2^32
      0x43e0000000000000,  // 2^63
      0xc3e0000000000000,
      0x43f0000000000000,  // 2^64
      0x3fe0000000000000,  // 0.5
      0xbfefffffffffffff,  // just above -1
      0x0000000000000001,
      0x7fefffffffffffff,
  };
  switch (src.value_bits(1) % 3) {
    case 0: return kSpecial[src.value_bits(1) % std::size(kSpecial)];
    case 1: {
      double d = double(int32_t(int8_t(src.value_bits(1)))) / 4.0;
      uint64_t b;
      std::memcpy(&b, &d, 8);
      return b;
    }
    default: return src.value_bits(8);
  }
}

ValType random_valtype(ByteSource& src) {
  static constexpr ValType kTypes[] = {ValType::I32, ValType::I32, ValType::I32, ValType::I64, ValType::I64,
                                       ValType::F32, ValType::F64, ValType::FuncRef, ValType::ExternRef};
  return kTypes[src.below(std::size(kTypes))];
}

namespace {

FuncType random_functype(ByteSource& src) {
  FuncType t;
  for (uint32_t n = src.below(5); n > 0; --n) t.params.push_back(random_valtype(src));
  for (uint32_t n = src.below(4); n > 0; --n) t.results.push_back(random_valtype(src));
  return t;
}

void limits(Emitter& e, uint32_t min, std::optional<uint32_t> max) {
  e.u8(max ? 1 : 0);
  e.u32(min);
  if (max) e.u32(*max);
}

// A constant expression of type `t`: a constant, a reference, an imported
// immutable global, or (extended-const) sums and products of those.
std::vector<uint8_t> const_expr(ByteSource& src, const ModuleDesc& m, ValType t) {
  Emitter e;
  std::vector<uint32_t> globals;
  for (uint32_t g = 0; g < m.imported_globals(); ++g) {
    if (m.globals[g].type == t && !m.globals[g].mut) globals.push_back(g);
  }
  auto leaf = [&] {
    if (!globals.empty() && src.one_in(4)) {
      e.u8(0x23);
      e.u32(globals[src.below(uint32_t(globals.size()))]);
      return;
    }
    switch (t.code) {
      case ValType::kI32: e.u8(0x41); e.s64(int32_t(interesting_i32(src))); break;
      case ValType::kI64: e.u8(0x42); e.s64(int64_t(interesting_i64(src))); break;
      case ValType::kF32: e.u8(0x43); e.f32(interesting_f32(src)); break;
      case ValType::kF64: e.u8(0x44); e.f64(interesting_f64(src)); break;
      default:
        if (t == ValType::FuncRef && src.one_in(2)) {
          e.u8(0xd2);
          e.u32(src.below(uint32_t(m.func_types.size())));
        } else {
          e.u8(0xd0);
          e.type(t);
        }
        break;
    }
  };
  leaf();
  if ((t == ValType::I32 || t == ValType::I64) && src.one_in(4)) {
    for (uint32_t n = 1 + src.below(2); n > 0; --n) {
      leaf();
      uint8_t add = t == ValType::I32 ? 0x6a : 0x7c;
      e.u8(uint8_t(add + src.below(3)));  // add, sub, mul
    }
  }
  e.u8(0x0b);
  return std::move(e.bytes);
}

// An i32 offset expression that mostly fits `len` entries into `size`; rarely it
// does not, so that instantiation traps.
std::vector<uint8_t> offset_expr(ByteSource& src, uint64_t size, uint32_t len) {
  Emitter e;
  uint64_t room = size >= len ? size - len : 0;
  uint32_t off = src.one_in(16) ? interesting_i32(src) : uint32_t(src.value_bits(4) % (room + 1));
  e.u8(0x41);
  e.s64(int32_t(off));
  e.u8(0x0b);
  return std::move(e.bytes);
}

void add_imports(ByteSource& src, ModuleDesc& m, uint32_t n_sigs) {
  if (src.one_in(3)) {
    for (uint32_t n = 1 + src.below(2); n > 0; --n) m.func_types.push_back(src.below(n_sigs));
    m.imported_funcs = uint32_t(m.func_types.size());
  }
  if (src.one_in(3)) {
    for (uint32_t n = 1 + src.below(3); n > 0; --n) {
      m.globals.push_back({random_valtype(src), src.one_in(3), true, {}});
    }
  }
  if (src.one_in(6)) {
    GenTable t{src.one_in(4) ? ValType::ExternRef : ValType::FuncRef, src.below(6), {}, true};
    if (src.one_in(2)) t.max = t.min + src.below(8);
    m.tables.push_back(t);
  }
  if (src.one_in(6)) {
    GenMemory mem{src.below(3), {}, true};
    if (src.one_in(2)) mem.max = mem.min + src.below(4);
    m.memories.push_back(mem);
  }
}

void add_definitions(ByteSource& src, ModuleDesc& m, uint32_t n_sigs, const GenLimits& limits) {
  for (uint32_t n = 1 + src.below(limits.max_funcs); n > 0; --n) m.func_types.push_back(src.below(n_sigs));
  if (src.one_in(6)) {  // a start function: [] -> []
    m.start = uint32_t(m.func_types.size());
    m.func_types.push_back(m.type_index(FuncType{}));
  }
  for (uint32_t n = src.below(3); n > 0 && m.tables.size() < 3; --n) {
    GenTable t{src.one_in(4) ? ValType::ExternRef : ValType::FuncRef, src.below(9), {}, false};
    if (src.one_in(2)) t.max = t.min + src.below(9);
    m.tables.push_back(t);
  }
  for (uint32_t n = src.below(3); n > 0 && m.memories.size() < 2; --n) {
    GenMemory mem{src.below(3), {}, false};
    if (src.one_in(2)) mem.max = mem.min + src.below(4);
    m.memories.push_back(mem);
  }
  for (uint32_t n = src.below(5); n > 0; --n) {
    ValType t = random_valtype(src);
    m.globals.push_back({t, !src.one_in(3), false, const_expr(src, m, t)});
  }
}

void add_elem(ByteSource& src, ModuleDesc& m) {
  GenElem s;
  s.mode = GenElem::Mode(src.below(3));
  if (s.mode == GenElem::Mode::Active && m.tables.empty()) s.mode = GenElem::Mode::Passive;
  if (s.mode == GenElem::Mode::Active) {
    s.table = src.below(uint32_t(m.tables.size()));
    s.type = m.tables[s.table].elem;
  } else {
    s.type = src.one_in(4) ? ValType::ExternRef : ValType::FuncRef;
  }
  s.uses_exprs = s.type != ValType::FuncRef || src.one_in(2);
  s.explicit_form = s.table != 0 || s.type != ValType::FuncRef || src.one_in(3);
  uint32_t len = src.below(6);
  if (s.mode == GenElem::Mode::Active) {
    uint32_t size = m.tables[s.table].min;
    if (len > size && !src.one_in(16)) len = size;
    s.offset = offset_expr(src, size, len);
  }
  for (uint32_t i = 0; i < len; ++i) {
    if (s.uses_exprs) {
      s.exprs.push_back(const_expr(src, m, s.type));
    } else {
      s.funcs.push_back(src.below(uint32_t(m.func_types.size())));
    }
  }
  m.elems.push_back(std::move(s));
}

void add_data(ByteSource& src, ModuleDesc& m) {
  GenData d;
  d.active = !m.memories.empty() && src.one_in(2);
  uint32_t len = src.below(24);
  for (uint32_t i = 0; i < len; ++i) d.init.push_back(uint8_t(src.value_bits(1)));
  if (d.active) {
    d.memory = src.below(uint32_t(m.memories.size()));
    d.explicit_memory = d.memory != 0 || src.one_in(3);
    d.offset = offset_expr(src, uint64_t(m.memories[d.memory].min) * 65536, len);
  }
  m.datas.push_back(std::move(d));
}

// --- encoding ---

void section(Emitter& out, uint8_t id, const Emitter& content) {
  out.u8(id);
  out.u32(content.bytes.size());
  out.append(content.bytes);
}

void encode_imports(Emitter& out, const ModuleDesc& m) {
  Emitter e;
  uint32_t count = m.imported_funcs;
  for (const auto& t : m.tables) count += t.imported;
  for (const auto& mem : m.memories) count += mem.imported;
  for (const auto& g : m.globals) count += g.imported;
  if (count == 0) return;
  e.u32(count);
  for (uint32_t f = 0; f < m.imported_funcs; ++f) {
    e.name("env");
    e.name("f" + std::to_string(f));
    e.u8(0x00);
    e.u32(m.func_types[f]);
  }
  for (uint32_t i = 0; i < m.tables.size() && m.tables[i].imported; ++i) {
    e.name("env");
    e.name("t" + std::to_string(i));
    e.u8(0x01);
    e.type(m.tables[i].elem);
    limits(e, m.tables[i].min, m.tables[i].max);
  }
  for (uint32_t i = 0; i < m.memories.size() && m.memories[i].imported; ++i) {
    e.name("env");
    e.name("m" + std::to_string(i));
    e.u8(0x02);
    limits(e, m.memories[i].min, m.memories[i].max);
  }
  for (uint32_t i = 0; i < m.globals.size() && m.globals[i].imported; ++i) {
    e.name("env");
    e.name("g" + std::to_string(i));
    e.u8(0x03);
    e.type(m.globals[i].type);
    e.u8(m.globals[i].mut);
  }
  section(out, 2, e);
}

void encode_definitions(Emitter& out, const ModuleDesc& m) {
  Emitter funcs;
  funcs.u32(m.func_types.size() - m.imported_funcs);
  for (size_t f = m.imported_funcs; f < m.func_types.size(); ++f) funcs.u32(m.func_types[f]);
  section(out, 3, funcs);

  Emitter tables, memories, globals;
  uint32_t n_tables = 0, n_memories = 0, n_globals = 0;
  for (const auto& t : m.tables) {
    if (t.imported) continue;
    ++n_tables;
    tables.type(t.elem);
    limits(tables, t.min, t.max);
  }
  for (const auto& mem : m.memories) {
    if (mem.imported) continue;
    ++n_memories;
    limits(memories, mem.min, mem.max);
  }
  for (const auto& g : m.globals) {
    if (g.imported) continue;
    ++n_globals;
    globals.type(g.type);
    globals.u8(g.mut);
    globals.append(g.init);
  }
  auto counted = [](uint32_t n, const Emitter& body) {
    Emitter e;
    e.u32(n);
    e.append(body.bytes);
    return e;
  };
  if (n_tables) section(out, 4, counted(n_tables, tables));
  if (n_memories) section(out, 5, counted(n_memories, memories));
  if (n_globals) section(out, 6, counted(n_globals, globals));
}

void encode_exports(Emitter& out, const ModuleDesc& m) {
  Emitter e;
  e.u32(m.func_types.size() + m.tables.size() + m.memories.size() + m.globals.size());
  auto add = [&](char prefix, uint8_t kind, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      e.name(prefix + std::to_string(i));
      e.u8(kind);
      e.u32(i);
    }
  };
  add('f', 0, m.func_types.size());
  add('t', 1, m.tables.size());
  add('m', 2, m.memories.size());
  add('g', 3, m.globals.size());
  section(out, 7, e);
}

void encode_elems(Emitter& out, const ModuleDesc& m) {
  if (m.elems.empty()) return;
  Emitter e;
  e.u32(m.elems.size());
  for (const GenElem& s : m.elems) {
    uint32_t flags = s.uses_exprs ? 4 : 0;
    if (s.mode == GenElem::Mode::Passive) flags |= 1;
    if (s.mode == GenElem::Mode::Declarative) flags |= 3;
    if (s.mode == GenElem::Mode::Active && s.explicit_form) flags |= 2;
    e.u32(flags);
    if (s.mode == GenElem::Mode::Active) {
      if (s.explicit_form) e.u32(s.table);
      e.append(s.offset);
    }
    if (flags != 0 && flags != 4) {
      if (s.uses_exprs) e.type(s.type);
      else e.u8(0x00);  // elemkind funcref
    }
    if (s.uses_exprs) {
      e.u32(s.exprs.size());
      for (const auto& x : s.exprs) e.append(x);
    } else {
      e.u32(s.funcs.size());
      for (uint32_t f : s.funcs) e.u32(f);
    }
  }
  section(out, 9, e);
}

void encode_code_and_data(Emitter& out, const ModuleDesc& m) {
  if (!m.datas.empty()) {
    Emitter count;
    count.u32(m.datas.size());
    section(out, 12, count);
  }
  Emitter code;
  code.u32(m.bodies.size());
  for (const auto& body : m.bodies) {
    code.u32(body.size());
    code.append(body);
  }
  section(out, 10, code);
  if (m.datas.empty()) return;
  Emitter data;
  data.u32(m.datas.size());
  for (const GenData& d : m.datas) {
    if (!d.active) {
      data.u8(1);
    } else if (d.explicit_memory) {
      data.u8(2);
      data.u32(d.memory);
      data.append(d.offset);
    } else {
      data.u8(0);
      data.append(d.offset);
    }
    data.u32(d.init.size());
    data.append(d.init);
  }
  section(out, 11, data);
}

std::vector<uint8_t> encode(const ModuleDesc& m) {
  Emitter out;
  out.append(std::span<const uint8_t>((const uint8_t*)"\0asm\1\0\0\0", 8));
  Emitter types;
  types.u32(m.types.size());
  for (const FuncType& t : m.types) {
    types.u8(0x60);
    types.u32(t.params.size());
    for (ValType v : t.params) types.type(v);
    types.u32(t.results.size());
    for (ValType v : t.results) types.type(v);
  }
  section(out, 1, types);
  encode_imports(out, m);
  encode_definitions(out, m);
  encode_exports(out, m);
  if (m.start) {
    Emitter s;
    s.u32(*m.start);
    section(out, 8, s);
  }
  encode_elems(out, m);
  encode_code_and_data(out, m);
  return std::move(out.bytes);
}

}  // namespace

std::vector<uint8_t> generate_module(ByteSource& src, const GenLimits& limits) {
  ModuleDesc m;
  uint32_t n_sigs = 1 + src.below(4);
  for (uint32_t i = 0; i < n_sigs; ++i) m.types.push_back(random_functype(src));
  add_imports(src, m, n_sigs);
  add_definitions(src, m, n_sigs, limits);
  for (uint32_t n = src.below(4); n > 0; --n) add_elem(src, m);
  for (uint32_t n = src.below(4); n > 0; --n) add_data(src, m);
  uint32_t budget = limits.max_instrs_total;
  for (uint32_t f = m.imported_funcs; f < m.func_types.size(); ++f) {
    m.bodies.push_back(generate_body(src, m, f, limits, budget));
  }
  return encode(m);
}

}  // namespace weft::fuzz

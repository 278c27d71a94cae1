// Module-level binary decoding: preamble, section order and sizes, and each section's entries.
// spec: https://webassembly.github.io/spec/core/binary/modules.html
#include "core/binary/decoder.h"

#include <fmt/format.h>

#include "core/binary/instr.h"
#include "core/binary/reader.h"
#include "core/binary/type_reader.h"

namespace weft::core {
namespace {

enum SectionId : uint8_t {
  kCustom = 0, kType, kImport, kFunction, kTable, kMemory, kGlobal, kExport, kStart, kElement,
  kCode, kData, kDataCount, kTag,
};

// The order sections must appear in; DataCount sits between Element and Code, Tag
// between Memory and Global.
int section_rank(uint8_t id) {
  static constexpr int kRank[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};
  return kRank[id];
}

class ModuleDecoder {
 public:
  ModuleDecoder(Module& m, const Features& f) : m_(m), f_(f) {}

  Result<void> decode();

 private:
  Result<void> section(uint8_t id, Reader& r);
  Result<void> type_section(Reader& r);
  Result<void> import_section(Reader& r);
  Result<void> function_section(Reader& r);
  Result<void> table_section(Reader& r);
  Result<void> memory_section(Reader& r);
  Result<void> global_section(Reader& r);
  Result<void> export_section(Reader& r);
  Result<void> element_section(Reader& r);
  Result<void> code_section(Reader& r);
  Result<void> data_section(Reader& r);
  Result<void> tag_section(Reader& r);
  Result<TagType> tag_type(Reader& r);
  Result<void> custom_section(Reader& r, uint32_t section_start);
  void name_section(std::span<const uint8_t> data);

  Result<ValType> valtype(Reader& r);
  Result<ValType> reftype(Reader& r);
  Result<Limits> limits(Reader& r, bool is_memory, bool& is64, bool* shared = nullptr);
  Result<MemoryType> memory_type(Reader& r);
  Result<TableType> table_type(Reader& r);
  Result<GlobalType> global_type(Reader& r);
  Result<uint32_t> count(Reader& r, size_t min_entry_bytes = 1);

  Module& m_;
  const Features& f_;
  bool saw_function_ = false;
  bool saw_code_ = false;
  bool saw_data_ = false;
  uint32_t function_count_ = 0;
};

Result<uint32_t> ModuleDecoder::count(Reader& r, size_t min_entry_bytes) {
  WEFT_TRY(n, r.u32());
  // Each entry takes at least one byte: a larger count cannot be honest, and
  // rejecting it early keeps hostile counts from driving huge allocations.
  if (uint64_t(n) * min_entry_bytes > r.remaining()) return r.fail("unexpected end of section or function");
  return n;
}

Result<ValType> ModuleDecoder::valtype(Reader& r) { return read_val_type(r, f_); }

Result<ValType> ModuleDecoder::reftype(Reader& r) { return read_ref_type(r, f_); }

// spec: limits, flags bit 0 = has max, bit 1 = shared, bit 2 = address type i64.
Result<Limits> ModuleDecoder::limits(Reader& r, bool is_memory, bool& is64, bool* shared) {
  uint32_t at = r.offset();
  WEFT_TRY(flag, r.u8());
  if (flag > 7 || (!is_memory && (flag & 2)) || ((flag & 2) && !f_.threads)) return r.fail_at(at, "integer too large");
  if (shared) *shared = flag & 2;
  is64 = flag & 4;
  if (is64 && !f_.memory64) {
    return r.fail_at(at, "64-bit memories and tables require the memory64 feature, which is disabled");
  }
  // memory64 (3.0) reads every limit as a u64; validation bounds an i32 type's.
  const bool wide = f_.memory64;
  Limits l;
  if (wide) {
    WEFT_TRY(min, r.u64());
    l.min = min;
  } else {
    WEFT_TRY(min, r.u32());
    l.min = min;
  }
  if (flag & 1) {
    if (wide) {
      WEFT_TRY(max, r.u64());
      l.max = max;
    } else {
      WEFT_TRY(max, r.u32());
      l.max = max;
    }
  }
  return l;
}

Result<MemoryType> ModuleDecoder::memory_type(Reader& r) {
  MemoryType t;
  WEFT_TRY(lim, limits(r, true, t.is64, &t.shared));
  t.limits = lim;
  return t;
}

Result<TableType> ModuleDecoder::table_type(Reader& r) {
  TableType t;
  WEFT_TRY(elem, reftype(r));
  WEFT_TRY(lim, limits(r, false, t.is64));
  t.elem = elem;
  t.limits = lim;
  return t;
}

Result<GlobalType> ModuleDecoder::global_type(Reader& r) {
  GlobalType g;
  WEFT_TRY(t, valtype(r));
  WEFT_TRY(mut, r.u8());
  if (mut > 1) return r.fail_at(r.offset() - 1, "malformed mutability");
  g.type = t;
  g.mut = mut == 1;
  return g;
}

Result<void> ModuleDecoder::type_section(Reader& r) {
  WEFT_TRY(n, count(r, 2));  // (struct) is two bytes
  m_.types.reserve(n);
  for (uint32_t i = 0; i < n; ++i) WEFT_CHECK(read_rec_type(r, f_, m_.types));
  return {};
}

Result<void> ModuleDecoder::import_section(Reader& r) {
  WEFT_TRY(n, count(r, 4));
  for (uint32_t i = 0; i < n; ++i) {
    Import imp;
    imp.offset = r.offset();
    WEFT_TRY(mod, r.name());
    WEFT_TRY(name, r.name());
    imp.module = std::move(mod);
    imp.name = std::move(name);
    WEFT_TRY(kind, r.u8());
    switch (kind) {
      case 0: {
        WEFT_TRY(t, r.u32());
        imp.func_type = t;
        m_.imported_func_types.push_back(t);
        ++m_.imported_funcs;
        break;
      }
      case 1: {
        WEFT_TRY(t, table_type(r));
        imp.table = t;
        m_.imported_table_types.push_back(t);
        ++m_.imported_tables;
        break;
      }
      case 2: {
        WEFT_TRY(mt, memory_type(r));
        imp.memory = mt;
        m_.imported_memory_types.push_back(imp.memory);
        ++m_.imported_memories;
        break;
      }
      case 3: {
        WEFT_TRY(g, global_type(r));
        imp.global = g;
        m_.imported_global_types.push_back(g);
        ++m_.imported_globals;
        break;
      }
      case 4: {
        if (!f_.exceptions) return r.fail_at(r.offset() - 1, "malformed import kind");
        WEFT_TRY(t, tag_type(r));
        imp.tag = t;
        m_.imported_tag_types.push_back(t);
        ++m_.imported_tags;
        break;
      }
      default: return r.fail_at(r.offset() - 1, "malformed import kind");
    }
    imp.kind = static_cast<ExternKind>(kind);
    m_.imports.push_back(std::move(imp));
  }
  return {};
}

Result<void> ModuleDecoder::function_section(Reader& r) {
  WEFT_TRY(n, count(r));
  m_.funcs.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    WEFT_TRY(t, r.u32());
    m_.funcs.push_back(t);
  }
  saw_function_ = true;
  function_count_ = n;
  return {};
}

// spec: table ::= tabletype | 0x40 0x00 tabletype expr (an initialiser, 3.0).
Result<void> ModuleDecoder::table_section(Reader& r) {
  WEFT_TRY(n, count(r, 3));
  for (uint32_t i = 0; i < n; ++i) {
    ConstExpr init{};
    WEFT_TRY(b, r.peek());
    if (b == 0x40 && f_.function_references) {
      r.skip(1);
      WEFT_TRY(zero, r.u8());
      if (zero != 0) return r.fail_at(r.offset() - 1, "malformed table");
      WEFT_TRY(t, table_type(r));
      WEFT_TRY(expr, scan_const_expr(r, f_));
      m_.tables.push_back(t);
      init = expr;
    } else {
      WEFT_TRY(t, table_type(r));
      m_.tables.push_back(t);
    }
    m_.table_inits.push_back(init);
  }
  return {};
}

Result<void> ModuleDecoder::memory_section(Reader& r) {
  WEFT_TRY(n, count(r, 2));
  for (uint32_t i = 0; i < n; ++i) {
    WEFT_TRY(mt, memory_type(r));
    m_.memories.push_back(mt);
  }
  return {};
}

Result<void> ModuleDecoder::global_section(Reader& r) {
  WEFT_TRY(n, count(r, 3));
  for (uint32_t i = 0; i < n; ++i) {
    Global g;
    WEFT_TRY(t, global_type(r));
    WEFT_TRY(init, scan_const_expr(r, f_));
    g.type = t;
    g.init = init;
    m_.globals.push_back(g);
  }
  return {};
}

Result<void> ModuleDecoder::export_section(Reader& r) {
  WEFT_TRY(n, count(r, 3));
  for (uint32_t i = 0; i < n; ++i) {
    Export e;
    e.offset = r.offset();
    WEFT_TRY(name, r.name());
    WEFT_TRY(kind, r.u8());
    if (kind > (f_.exceptions ? 4 : 3)) return r.fail_at(r.offset() - 1, "malformed export kind");
    WEFT_TRY(idx, r.u32());
    e.name = std::move(name);
    e.kind = static_cast<ExternKind>(kind);
    e.index = idx;
    m_.exports.push_back(std::move(e));
  }
  return {};
}

Result<void> ModuleDecoder::element_section(Reader& r) {
  WEFT_TRY(n, count(r));
  for (uint32_t i = 0; i < n; ++i) {
    ElemSegment seg;
    seg.offset_in_binary = r.offset();
    WEFT_TRY(flags, r.u32());
    if (flags > 7) return r.fail_at(seg.offset_in_binary, "malformed elements segment kind");
    bool passive_or_declarative = flags & 1;
    bool explicit_table_or_declarative = flags & 2;
    seg.uses_exprs = flags & 4;
    if (passive_or_declarative) {
      seg.mode = explicit_table_or_declarative ? SegmentMode::Declarative : SegmentMode::Passive;
    } else {
      seg.mode = SegmentMode::Active;
      if (explicit_table_or_declarative) {
        WEFT_TRY(t, r.u32());
        seg.table = t;
      }
      WEFT_TRY(off, scan_const_expr(r, f_));
      seg.offset = off;
    }
    // The function-index forms hold (ref func) (funcref before typed references).
    if (!seg.uses_exprs && f_.function_references) seg.type = ValType::ref(AbsHeap::Func, false);
    // Forms other than 0 and 4 name the element kind or type explicitly.
    if (flags != 0 && flags != 4) {
      if (seg.uses_exprs) {
        WEFT_TRY(t, reftype(r));
        seg.type = t;
      } else {
        WEFT_TRY(kind, r.u8());
        if (kind != 0) return r.fail_at(r.offset() - 1, "malformed element kind");
      }
    }
    WEFT_TRY(len, count(r));
    for (uint32_t k = 0; k < len; ++k) {
      if (seg.uses_exprs) {
        WEFT_TRY(e, scan_const_expr(r, f_));
        seg.exprs.push_back(e);
      } else {
        WEFT_TRY(fi, r.u32());
        seg.func_indices.push_back(fi);
      }
    }
    m_.elems.push_back(std::move(seg));
  }
  return {};
}

Result<void> ModuleDecoder::code_section(Reader& r) {
  WEFT_TRY(n, count(r));
  if (n != function_count_) return r.fail("function and code section have inconsistent lengths");
  saw_code_ = true;
  m_.codes.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    WEFT_TRY(size, r.u32());
    if (size > r.remaining()) return r.fail("unexpected end of section or function");
    uint32_t body_start = r.offset();
    WEFT_TRY(body_bytes, r.take(size));
    Reader body(body_bytes, body_start);
    Code code;
    WEFT_TRY(groups, count(body, 2));
    for (uint32_t g = 0; g < groups; ++g) {
      WEFT_TRY(cnt, body.u32());
      WEFT_TRY(t, valtype(body));
      code.local_count += cnt;
      if (code.local_count > 0xffffffffull) return body.fail("too many locals");
      code.locals.emplace_back(cnt, t);
    }
    code.body = ByteRange{body.offset(), body_start + size};
    if (code.body.size() == 0) return body.fail("unexpected end of section or function");
    m_.codes.push_back(std::move(code));
  }
  return {};
}

Result<void> ModuleDecoder::data_section(Reader& r) {
  WEFT_TRY(n, count(r));
  if (m_.data_count && *m_.data_count != n) {
    return r.fail("data count and data section have inconsistent lengths");
  }
  saw_data_ = true;
  for (uint32_t i = 0; i < n; ++i) {
    DataSegment seg;
    seg.offset_in_binary = r.offset();
    WEFT_TRY(flags, r.u32());
    if (flags > 2) return r.fail_at(seg.offset_in_binary, "malformed data segment kind");
    if (flags == 1) {
      seg.mode = SegmentMode::Passive;
    } else {
      seg.mode = SegmentMode::Active;
      if (flags == 2) {
        WEFT_TRY(mem, r.u32());
        seg.memory = mem;
      }
      WEFT_TRY(off, scan_const_expr(r, f_));
      seg.offset = off;
    }
    WEFT_TRY(len, r.u32());
    if (len > r.remaining()) return r.fail("unexpected end of section or function");
    seg.init = ByteRange{r.offset(), r.offset() + len};
    r.skip(len);
    m_.datas.push_back(std::move(seg));
  }
  return {};
}

// spec: tag types are an attribute byte (0: exception) and a function type index.
Result<TagType> ModuleDecoder::tag_type(Reader& r) {
  WEFT_TRY(attribute, r.u8());
  if (attribute != 0) return r.fail_at(r.offset() - 1, "malformed tag attribute");
  WEFT_TRY(index, r.u32());
  return TagType{index};
}

Result<void> ModuleDecoder::tag_section(Reader& r) {
  if (!f_.exceptions) return r.fail("tag section requires the exceptions feature, which is disabled");
  m_.tag_section_offset = r.offset();
  WEFT_TRY(n, count(r, 2));
  m_.tags.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    WEFT_TRY(t, tag_type(r));
    m_.tags.push_back(t);
  }
  return {};
}

Result<void> ModuleDecoder::custom_section(Reader& r, uint32_t section_start) {
  WEFT_TRY(name, r.name());
  CustomSection cs{std::move(name), ByteRange{r.offset(), r.offset() + uint32_t(r.remaining())}};
  if (cs.name == "name") name_section(m_.range(cs.data));
  m_.customs.push_back(std::move(cs));
  r.skip(r.remaining());
  return {};
}

// The name section is advisory: a malformed one is ignored, never fatal.
void ModuleDecoder::name_section(std::span<const uint8_t> data) {
  Reader r(data);
  while (!r.at_end()) {
    auto id = r.u8();
    auto size = r.u32();
    if (!id || !size || *size > r.remaining()) return;
    Reader sub(*r.take(*size));
    if (*id == 0) {
      if (auto n = sub.name()) m_.module_name = *n;
    } else if (*id == 1) {
      auto n = sub.u32();
      if (!n) return;
      for (uint32_t i = 0; i < *n; ++i) {
        auto idx = sub.u32();
        if (!idx) return;
        auto nm = sub.name();
        if (!nm) return;
        m_.func_names[*idx] = std::move(*nm);
      }
    }
  }
}

Result<void> ModuleDecoder::section(uint8_t id, Reader& r) {
  switch (id) {
    case kType: return type_section(r);
    case kImport: return import_section(r);
    case kFunction: return function_section(r);
    case kTable: return table_section(r);
    case kMemory: return memory_section(r);
    case kGlobal: return global_section(r);
    case kExport: return export_section(r);
    case kStart: {
      WEFT_TRY(s, r.u32());
      m_.start = s;
      return {};
    }
    case kElement: return element_section(r);
    case kCode: return code_section(r);
    case kData: return data_section(r);
    case kDataCount: {
      WEFT_TRY(c, r.u32());
      m_.data_count = c;
      return {};
    }
    case kTag: return tag_section(r);
  }
  return r.fail("malformed section id");
}

Result<void> ModuleDecoder::decode() {
  Reader r(m_.bytes);
  static constexpr uint8_t kMagic[] = {0x00, 0x61, 0x73, 0x6d};
  for (uint8_t b : kMagic) {
    auto got = r.u8();
    if (!got || *got != b) return make_error(Phase::Decode, Span::at(0), "magic header not detected");
  }
  auto version = r.take(4);
  if (!version) return make_error(Phase::Decode, Span::at(4), "unknown binary version");
  if ((*version)[0] != 1 || (*version)[1] != 0 || (*version)[2] != 0 || (*version)[3] != 0) {
    if ((*version)[0] == 0x0d && (*version)[2] == 0x01) {
      return make_error(Phase::Decode, Span::at(4), "this is a component, not a core module");
    }
    return make_error(Phase::Decode, Span::at(4), "unknown binary version");
  }
  int last_rank = 0;
  while (!r.at_end()) {
    uint32_t section_start = r.offset();
    WEFT_TRY(id, r.u8());
    if (id > kTag) return r.fail_at(section_start, "malformed section id");
    WEFT_TRY(size, r.u32());
    if (size > r.remaining()) return r.fail("length out of bounds");
    uint32_t content_start = r.offset();
    WEFT_TRY(content, r.take(size));
    if (id != kCustom) {
      if (section_rank(id) <= last_rank) return r.fail_at(section_start, "unexpected content after last section");
      last_rank = section_rank(id);
    }
    Reader sr(content, content_start);
    WEFT_CHECK(id == kCustom ? custom_section(sr, section_start) : section(id, sr));
    if (!sr.at_end()) return sr.fail("section size mismatch");
  }
  if (saw_function_ != saw_code_ && function_count_ != 0) {
    return r.fail("function and code section have inconsistent lengths");
  }
  if (m_.data_count && !saw_data_ && *m_.data_count != 0) {
    return r.fail("data count and data section have inconsistent lengths");
  }
  return {};
}

}  // namespace

Result<ConstExpr> scan_const_expr(Reader& r, const Features& features) {
  uint32_t begin = r.offset();
  Instr ins;
  std::vector<uint32_t> scratch;
  // Constant expressions have no blocks, so the first `end` closes them. Which
  // instructions are allowed is checked by the validator.
  while (true) {
    if (r.at_end()) return r.fail("unexpected end of section or function");
    WEFT_CHECK(decode_instr(r, features, ins, scratch));
    if (ins.op == Opcode::End) return ConstExpr{begin, r.offset()};
  }
}

Result<Module> decode_module(std::span<const uint8_t> bytes, const Features& features) {
  Module m;
  m.bytes.assign(bytes.begin(), bytes.end());
  ModuleDecoder d(m, features);
  WEFT_CHECK(d.decode());
  return m;
}

std::string Module::func_name(uint32_t func) const {
  if (auto it = func_names.find(func); it != func_names.end()) return it->second;
  for (const Export& e : exports) {
    if (e.kind == ExternKind::Func && e.index == func) return e.name;
  }
  return fmt::format("func[{}]", func);
}

}  // namespace weft::core

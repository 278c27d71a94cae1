// Module-level validation rules: imports, definitions, segments, exports, start, bodies.
#include "core/validate/validator.h"

#include <fmt/format.h>

#include <unordered_set>

#include "core/binary/decoder.h"
#include "core/binary/instr.h"
#include "core/validate/context.h"
#include "core/validate/function_decoder.h"
#include "core/validate/type_registry.h"

namespace weft::core {
namespace {

std::unexpected<Error> invalid_at(uint32_t offset, std::string message) {
  return make_error(Phase::Validate, Span::at(offset), std::move(message));
}

// spec: memory limits are at most 2^16 pages (i32) or 2^48 pages (i64); table
// limits at most 2^32-1 (i32) or 2^64-1 (i64, which any u64 satisfies).
Result<void> check_limits(const Limits& l, uint64_t bound, std::string_view too_large, uint32_t offset) {
  if (l.min > bound || (l.max && *l.max > bound)) return invalid_at(offset, std::string(too_large));
  if (l.max && l.min > *l.max) return invalid_at(offset, "size minimum must not be greater than maximum");
  return {};
}

Result<void> check_memory_type(const MemoryType& t, uint32_t offset) {
  if (t.shared && !t.limits.max) return invalid_at(offset, "shared memory must have maximum");
  if (t.is64) return check_limits(t.limits, kMaxPages64, "memory size must be at most 2^48 pages", offset);
  return check_limits(t.limits, kMaxPages32, "memory size must be at most 65536 pages (4GiB)", offset);
}

Result<void> check_table_type(const TableType& t, uint32_t offset) {
  const uint64_t bound = t.is64 ? ~uint64_t{0} : 0xffffffffull;
  return check_limits(t.limits, bound, "table size must be at most 2^32-1", offset);
}

class ModuleValidator {
 public:
  ModuleValidator(const Module& m, const Features& f) : m_(m), ctx_{m, f, {}, {}} {}

  // On success, the context's C.refs and canonical types go to the validated module.
  Result<void> run() {
    WEFT_CHECK(types());
    WEFT_CHECK(imports());
    WEFT_CHECK(definitions());
    collect_refs();
    WEFT_CHECK(globals());
    WEFT_CHECK(elems());
    WEFT_CHECK(datas());
    WEFT_CHECK(exports());
    WEFT_CHECK(start());
    for (uint32_t i = 0; i < m_.funcs.size(); ++i) WEFT_CHECK(validate_function(ctx_, m_.imported_funcs + i));
    return {};
  }

  ValidationContext& context() { return ctx_; }

 private:
  // spec: value types name only existing types; in the type section, only types of
  // earlier recursion groups or of the own group (`limit`).
  Result<void> check_valtype(ValType t, uint32_t offset, size_t limit) {
    if (t.is_ref() && t.heap.is_index() && t.heap.value() >= limit) {
      return invalid_at(offset, fmt::format("unknown type {}", t.heap.value()));
    }
    return {};
  }
  Result<void> check_valtype(ValType t, uint32_t offset) { return check_valtype(t, offset, m_.types.size()); }

  // spec (GC): the type section. References stay within what is defined so far (the
  // own rec group included); a declared supertype comes earlier, is not final, and
  // the subtype's structure matches it. Canonical entries are made before the
  // supertype checks, which compare types through them.
  Result<void> types() {
    for (uint32_t i = 0; i < m_.types.size(); ++i) {
      const SubType& t = m_.types[i];
      const size_t limit = t.rec_start + t.rec_size;
      for (ValType v : t.func.params) WEFT_CHECK(check_valtype(v, 0, limit));
      for (ValType v : t.func.results) WEFT_CHECK(check_valtype(v, 0, limit));
      for (const FieldType& f : t.fields) WEFT_CHECK(check_valtype(f.type, 0, limit));
      if (t.super == SubType::kTooManySupers) return invalid_at(0, "multiple supertypes");
      if (t.super != SubType::kNoSuper && t.super >= i) return invalid_at(0, fmt::format("unknown type {}", t.super));
    }
    ctx_.types = TypeRegistry::global().intern(m_.types);
    for (uint32_t i = 0; i < m_.types.size(); ++i) {
      const SubType& t = m_.types[i];
      if (t.super == SubType::kNoSuper) continue;
      const SubType& super = m_.types[t.super];
      if (super.final || !comp_subtype(t, super, ctx_.space())) return invalid_at(0, "sub type");
    }
    return {};
  }

  Result<void> imports() {
    for (const Import& imp : m_.imports) {
      switch (imp.kind) {
        case ExternKind::Func:
          if (!m_.is_func_type(imp.func_type)) return invalid_at(imp.offset, "unknown type");
          break;
        case ExternKind::Table:
          WEFT_CHECK(check_valtype(imp.table.elem, imp.offset));
          WEFT_CHECK(check_table_type(imp.table, imp.offset));
          break;
        case ExternKind::Memory: WEFT_CHECK(check_memory_type(imp.memory, imp.offset)); break;
        case ExternKind::Global:
          WEFT_CHECK(check_valtype(imp.global.type, imp.offset));
          if (imp.global.mut && !ctx_.features.mutable_globals) return invalid_at(imp.offset, "mutable global import");
          break;
        case ExternKind::Tag: WEFT_CHECK(check_tag_type(imp.tag, imp.offset)); break;
      }
    }
    return {};
  }

  // spec: a tag's type is a function type with no results.
  Result<void> check_tag_type(const TagType& t, uint32_t offset) {
    if (!m_.is_func_type(t.type_index)) return invalid_at(offset, fmt::format("unknown type {}", t.type_index));
    if (!m_.types[t.type_index].func.results.empty()) return invalid_at(offset, "non-empty tag result type");
    return {};
  }

  Result<void> definitions() {
    for (uint32_t t : m_.funcs) {
      if (!m_.is_func_type(t)) return invalid_at(0, "unknown type");
    }
    for (const TagType& t : m_.tags) WEFT_CHECK(check_tag_type(t, m_.tag_section_offset));
    for (const TableType& t : m_.tables) {
      WEFT_CHECK(check_valtype(t.elem, 0));
      WEFT_CHECK(check_table_type(t, 0));
    }
    for (const MemoryType& mt : m_.memories) WEFT_CHECK(check_memory_type(mt, 0));
    if (m_.memory_count() > 1 && !ctx_.features.multi_memory) return invalid_at(0, "multiple memories");
    return {};
  }

  // C.refs: every funcidx mentioned outside function bodies.
  void collect_refs() {
    ctx_.declared_funcs.assign(m_.func_count(), false);
    auto mark_expr = [&](ConstExpr e) {
      Reader r(m_.range(e), e.begin);
      Instr ins;
      std::vector<uint32_t> scratch;
      while (!r.at_end() && decode_instr(r, ctx_.features, ins, scratch)) {
        if (ins.op == Opcode::RefFunc && ins.a < ctx_.declared_funcs.size()) ctx_.declared_funcs[ins.a] = true;
      }
    };
    for (const Global& g : m_.globals) mark_expr(g.init);
    for (ConstExpr e : m_.table_inits) {
      if (e.size()) mark_expr(e);
    }
    for (const ElemSegment& s : m_.elems) {
      for (uint32_t f : s.func_indices) {
        if (f < ctx_.declared_funcs.size()) ctx_.declared_funcs[f] = true;
      }
      for (ConstExpr e : s.exprs) mark_expr(e);
    }
    for (const Export& e : m_.exports) {
      if (e.kind == ExternKind::Func && e.index < ctx_.declared_funcs.size()) ctx_.declared_funcs[e.index] = true;
    }
  }

  // Initialisers may read imported globals only (WebAssembly 2.0); with GC, also
  // the globals defined before them. Table initialisers (whose section comes
  // before the globals') see the imported ones.
  Result<void> globals() {
    for (uint32_t i = 0; i < m_.globals.size(); ++i) {
      const Global& g = m_.globals[i];
      WEFT_CHECK(check_valtype(g.type.type, g.init.begin));
      const uint32_t visible = ctx_.features.gc ? m_.imported_globals + i : m_.imported_globals;
      WEFT_CHECK(validate_const_expr(ctx_, g.init, g.type.type, visible));
    }
    for (uint32_t i = 0; i < m_.tables.size(); ++i) {
      const TableType& t = m_.tables[i];
      const ConstExpr init = m_.table_inits[i];
      if (init.size()) {
        WEFT_CHECK(validate_const_expr(ctx_, init, t.elem, m_.imported_globals));
      } else if (!is_defaultable(t.elem)) {
        return invalid_at(0, "type mismatch");
      }
    }
    return {};
  }

  Result<void> elems() {
    for (const ElemSegment& s : m_.elems) {
      if (s.mode == SegmentMode::Active) {
        if (s.table >= m_.table_count()) return invalid_at(s.offset_in_binary, fmt::format("unknown table {}", s.table));
        const ValType at = addr_type(m_.table_type(s.table).is64);
        WEFT_CHECK(validate_const_expr(ctx_, s.offset, at, visible_globals()));
        if (!ctx_.subtype(s.type, m_.table_type(s.table).elem)) return invalid_at(s.offset_in_binary, "type mismatch");
      }
      WEFT_CHECK(check_valtype(s.type, s.offset_in_binary));
      for (uint32_t f : s.func_indices) {
        if (f >= m_.func_count()) return invalid_at(s.offset_in_binary, fmt::format("unknown function {}", f));
      }
      for (ConstExpr e : s.exprs) WEFT_CHECK(validate_const_expr(ctx_, e, s.type, visible_globals()));
    }
    return {};
  }

  Result<void> datas() {
    for (const DataSegment& d : m_.datas) {
      if (d.mode != SegmentMode::Active) continue;
      if (d.memory >= m_.memory_count()) return invalid_at(d.offset_in_binary, fmt::format("unknown memory {}", d.memory));
      const ValType at = addr_type(m_.memory_type(d.memory).is64);
      WEFT_CHECK(validate_const_expr(ctx_, d.offset, at, visible_globals()));
    }
    return {};
  }

  Result<void> exports() {
    std::unordered_set<std::string_view> names;
    for (const Export& e : m_.exports) {
      if (!names.insert(e.name).second) return invalid_at(e.offset, "duplicate export name");
      uint32_t limit = 0;
      switch (e.kind) {
        case ExternKind::Func: limit = m_.func_count(); break;
        case ExternKind::Table: limit = m_.table_count(); break;
        case ExternKind::Memory: limit = m_.memory_count(); break;
        case ExternKind::Global: limit = m_.global_count(); break;
        case ExternKind::Tag: limit = m_.tag_count(); break;
      }
      if (e.index >= limit) {
        return invalid_at(e.offset, fmt::format("unknown {} {}", extern_kind_name(e.kind), e.index));
      }
    }
    return {};
  }

  Result<void> start() {
    if (!m_.start) return {};
    if (*m_.start >= m_.func_count()) return invalid_at(0, fmt::format("unknown function {}", *m_.start));
    const FuncType& ft = m_.func_type(*m_.start);
    if (!ft.params.empty() || !ft.results.empty()) return invalid_at(0, "start function");
    return {};
  }

  // Segment offsets and elements may read imported globals (2.0), or every global (GC).
  uint32_t visible_globals() const { return ctx_.features.gc ? m_.global_count() : m_.imported_globals; }

  const Module& m_;
  ValidationContext ctx_;
};

}  // namespace

Result<ValType> validate_const_expr(const ValidationContext& ctx, ConstExpr expr, ValType expected,
                                    uint32_t visible_globals) {
  WEFT_CHECK(validate_const_instrs(ctx, expr, expected, visible_globals));
  return expected;
}

Result<ValidatedModulePtr> validate_module(Module module, const Features& features) {
  ModuleValidator v(module, features);
  WEFT_CHECK(v.run());
  auto vm = std::make_shared<ValidatedModule>();
  vm->module = std::move(module);
  vm->features = features;
  vm->declared_funcs = std::move(v.context().declared_funcs);
  vm->types = std::move(v.context().types);
  return ValidatedModulePtr(std::move(vm));
}

Result<ValidatedModulePtr> load_module(std::span<const uint8_t> bytes, const Features& features) {
  WEFT_TRY(m, decode_module(bytes, features));
  return validate_module(std::move(m), features);
}

}  // namespace weft::core

// Decoding of core types (function and module types) and component types.
// spec: Binary.md "Type Definitions"
#include <algorithm>

#include "component/binary/decoder_impl.h"
#include "core/binary/type_reader.h"

namespace weft::component::detail {
namespace {

Result<std::optional<ValTypeDesc>> optional_valtype(ComponentDecoder& d, Reader& r) {
  WEFT_TRY(b, r.u8());
  if (b == 0x00) return std::optional<ValTypeDesc>{};
  if (b != 0x01) return ComponentDecoder::leading(r, b, "optional component value type");
  WEFT_TRY(t, d.valtype(r));
  return std::optional<ValTypeDesc>(t);
}

}  // namespace

// spec: resultlist (shared by functype and task.return)
Result<std::optional<ValTypeDesc>> result_list(ComponentDecoder& d, Reader& r) {
  WEFT_TRY(b, r.u8());
  if (b == 0x00) {
    WEFT_TRY(t, d.valtype(r));
    return std::optional<ValTypeDesc>(t);
  }
  if (b != 0x01) return ComponentDecoder::leading(r, b, "component function results");
  WEFT_TRY(z, r.u8());
  if (z != 0x00) return ComponentDecoder::leading(r, z, "number of results");
  return std::optional<ValTypeDesc>{};
}

// Core value types inside component types. Reference types to defined (GC)
// types would need the core type space of a module type: not supported yet.
Result<core::ValType> ComponentDecoder::core_valtype(Reader& r) {
  const uint32_t at = r.offset();
  WEFT_TRY(b, r.peek());
  if (b == core::ValType::kV128) {
    r.skip(1);
    return core::ValType::V128;
  }
  const bool known = core::numtype_from_byte(b) || b == 0x63 || b == 0x64 || core::abs_heap_from_byte(b);
  if (!known) {
    r.skip(1);
    return leading(r, b, "value type");
  }
  WEFT_TRY(t, core::read_val_type(r, core::Features{}));
  if (t.is_ref() && !t.heap.is_abstract()) return r.fail_at(at, "not supported yet: gc reference types");
  return t;
}

Result<core::Limits> ComponentDecoder::limits(Reader& r, bool memory, bool& is64, bool* shared) {
  uint32_t at = r.offset();
  WEFT_TRY(flags, r.u8());
  if (flags > 7 || (!memory && (flags & 2))) return leading(r, flags, memory ? "memory type" : "table type");
  if (shared) *shared = flags & 2;
  core::Limits l;
  is64 = flags & 4;
  if (is64) {
    WEFT_TRY(min, r.u64());
    l.min = min;
    if (flags & 1) {
      WEFT_TRY(max, r.u64());
      l.max = max;
    }
    return l;
  }
  WEFT_TRY(min, r.u32());
  l.min = min;
  if (flags & 1) {
    WEFT_TRY(max, r.u32());
    l.max = max;
  }
  return l;
}

// spec: core:externtype (after the names of a core:import or core:exportdecl)
Result<core::Import> ComponentDecoder::core_extern(Reader& r, core::Import imp) {
  WEFT_TRY(kind, r.u8());
  switch (kind) {
    case 0x00: {
      WEFT_TRY(t, r.u32());
      imp.func_type = t;
      break;
    }
    case 0x01: {
      WEFT_TRY(elem, core_valtype(r));
      if (!core::is_ref(elem)) return r.fail_at(r.offset() - 1, "malformed reference type");
      bool is64 = false;
      WEFT_TRY(l, limits(r, false, is64));
      imp.table = {elem, l, is64};
      break;
    }
    case 0x02: {
      WEFT_TRY(l, limits(r, true, imp.memory.is64, &imp.memory.shared));
      imp.memory.limits = l;
      break;
    }
    case 0x03: {
      WEFT_TRY(t, core_valtype(r));
      WEFT_TRY(mut, r.u8());
      if (mut > 1) return r.fail_at(r.offset() - 1, "malformed mutability");
      imp.global = {t, mut == 1};
      break;
    }
    case 0x04: {
      WEFT_TRY(attr, r.u8());
      if (attr != 0) return leading(r, attr, "tag attribute");
      WEFT_TRY(t, r.u32());
      imp.func_type = t;
      break;
    }
    default: return leading(r, kind, "external kind");
  }
  imp.kind = core::ExternKind(kind);
  return imp;
}

// spec: core:moduledecl
Result<ModuleDecl> ComponentDecoder::module_decl(Reader& r, uint32_t depth) {
  ModuleDecl d;
  d.offset = r.offset();
  WEFT_TRY(b, r.u8());
  switch (b) {
    case 0x00: {
      d.kind = ModuleDecl::Kind::Import;
      core::Import imp;
      imp.offset = r.offset();
      WEFT_TRY(mod, name(r));
      WEFT_TRY(nm, name(r));
      imp.module = std::move(mod), imp.name = std::move(nm);
      WEFT_TRY(full, core_extern(r, std::move(imp)));
      d.import = std::move(full);
      return d;
    }
    case 0x01: {
      d.kind = ModuleDecl::Kind::Type;
      WEFT_TRY(t, core_type(r, depth + 1));
      d.type = std::make_shared<const CoreTypeDef>(std::move(t));
      return d;
    }
    case 0x02: {
      d.kind = ModuleDecl::Kind::Alias;
      WEFT_TRY(s, r.u8());
      if (s != 0x10) return leading(r, s, "outer alias kind");
      WEFT_TRY(t, r.u8());
      if (t != 0x01) return leading(r, t, "outer alias target");
      WEFT_TRY(ct, r.u32());
      WEFT_TRY(idx, r.u32());
      d.count = ct, d.index = idx;
      return d;
    }
    case 0x03: {
      d.kind = ModuleDecl::Kind::Export;
      core::Import imp;
      imp.offset = r.offset();
      WEFT_TRY(nm, name(r));
      imp.name = std::move(nm);
      WEFT_TRY(full, core_extern(r, std::move(imp)));
      d.import = std::move(full);
      return d;
    }
    default: return leading(r, b, "type definition");
  }
}

// spec: core:type
Result<CoreTypeDef> ComponentDecoder::core_type(Reader& r, uint32_t depth) {
  if (depth > kMaxNesting) return r.fail("nesting too deep");
  CoreTypeDef t;
  t.offset = r.offset();
  WEFT_TRY(b, r.u8());
  if (b == 0x60) {
    WEFT_TRY(np, count(r));
    for (uint32_t i = 0; i < np; ++i) {
      WEFT_TRY(v, core_valtype(r));
      t.func.params.push_back(v);
    }
    WEFT_TRY(nr, count(r));
    for (uint32_t i = 0; i < nr; ++i) {
      WEFT_TRY(v, core_valtype(r));
      t.func.results.push_back(v);
    }
    return t;
  }
  if (b == 0x50) {
    t.is_module = true;
    WEFT_TRY(n, count(r, 2));
    for (uint32_t i = 0; i < n; ++i) {
      WEFT_TRY(d, module_decl(r, depth));
      t.decls.push_back(std::move(d));
    }
    return t;
  }
  // GC core types: a non-final `sub` carries a 0x00 prefix here (0x50 alone is a
  // module type); the rest is core:rectype, read by the core decoder.
  if (b == 0x00 || b == 0x4e || b == 0x4f || b == 0x5e || b == 0x5f) {
    if (b == 0x00) {
      WEFT_TRY(sub, r.peek());
      if (sub != 0x50) return leading(r, sub, "type definition");
    } else {
      r.back(1);
    }
    WEFT_CHECK(core::read_rec_type(r, core::Features{}, t.group));
    for (const core::SubType& st : t.group) {
      auto concrete = [](core::ValType v) { return v.is_ref() && !v.heap.is_abstract(); };
      bool any = std::any_of(st.func.params.begin(), st.func.params.end(), concrete) ||
                 std::any_of(st.func.results.begin(), st.func.results.end(), concrete) ||
                 std::any_of(st.fields.begin(), st.fields.end(), [&](const core::FieldType& f) { return concrete(f.type); });
      if (any) return r.fail_at(t.offset, "not supported yet: gc reference types in component core types");
    }
    return t;
  }
  return leading(r, b, "type definition");
}

// spec: defvaltype (other than primitives, which the caller handled)
Result<void> ComponentDecoder::defined_type(Reader& r, uint8_t b, TypeDef& t) {
  using K = TypeDef::Kind;
  switch (b) {
    case 0x72: {
      t.kind = K::Record;
      WEFT_TRY(n, count(r, 2));
      for (uint32_t i = 0; i < n; ++i) {
        WEFT_TRY(nm, name(r));
        WEFT_TRY(v, valtype(r));
        t.fields.push_back({std::move(nm), v});
      }
      return {};
    }
    case 0x71: {
      t.kind = K::Variant;
      WEFT_TRY(n, count(r, 3));
      for (uint32_t i = 0; i < n; ++i) {
        WEFT_TRY(nm, name(r));
        WEFT_TRY(v, optional_valtype(*this, r));
        WEFT_TRY(z, r.u8());
        if (z != 0) return leading(r, z, "zero byte required");
        t.cases.push_back({std::move(nm), v});
      }
      return {};
    }
    case 0x70: case 0x6b: {
      t.kind = b == 0x70 ? K::List : K::Option;
      WEFT_TRY(v, valtype(r));
      t.a = v;
      return {};
    }
    case 0x67: {
      t.kind = K::FixedList;
      WEFT_TRY(v, valtype(r));
      WEFT_TRY(len, r.u32());
      t.a = v, t.index = len;
      return {};
    }
    case 0x6f: {
      t.kind = K::Tuple;
      WEFT_TRY(n, count(r));
      for (uint32_t i = 0; i < n; ++i) {
        WEFT_TRY(v, valtype(r));
        t.types.push_back(v);
      }
      return {};
    }
    case 0x6e: case 0x6d: {
      t.kind = b == 0x6e ? K::Flags : K::Enum;
      WEFT_TRY(n, count(r));
      for (uint32_t i = 0; i < n; ++i) {
        WEFT_TRY(nm, name(r));
        t.labels.push_back(std::move(nm));
      }
      return {};
    }
    case 0x6a: {
      t.kind = K::Result;
      WEFT_TRY(ok, optional_valtype(*this, r));
      WEFT_TRY(err, optional_valtype(*this, r));
      t.a = ok, t.b = err;
      return {};
    }
    case 0x69: case 0x68: {
      t.kind = b == 0x69 ? K::Own : K::Borrow;
      WEFT_TRY(i, r.u32());
      t.index = i;
      return {};
    }
    case 0x66: case 0x65: {
      t.kind = b == 0x66 ? K::Stream : K::Future;
      WEFT_TRY(v, optional_valtype(*this, r));
      t.a = v;
      return {};
    }
    case 0x63: {
      t.kind = K::Map;
      WEFT_TRY(k, valtype(r));
      WEFT_TRY(v, valtype(r));
      t.a = k, t.b = v;
      return {};
    }
    default: return leading(r, b, "component defined type");
  }
}

Result<std::optional<ValTypeDesc>> result_list(ComponentDecoder& d, Reader& r);

// spec: deftype
Result<TypeDef> ComponentDecoder::type_def(Reader& r, uint32_t depth) {
  if (depth > kMaxNesting) return r.fail("nesting too deep");
  TypeDef t;
  t.offset = r.offset();
  WEFT_TRY(b, r.u8());
  if (auto p = prim_from_byte(b)) {
    t.kind = TypeDef::Kind::Prim;
    t.prim = *p;
    return t;
  }
  switch (b) {
    case 0x3f: {
      t.kind = TypeDef::Kind::Resource;
      WEFT_TRY(rep, core_valtype(r));
      t.rep = rep;
      WEFT_TRY(has_dtor, r.u8());
      if (has_dtor > 1) return leading(r, has_dtor, "resource destructor");
      if (has_dtor) {
        WEFT_TRY(f, r.u32());
        t.dtor = f;
      }
      return t;
    }
    case 0x40: case 0x43: {
      t.kind = TypeDef::Kind::Func;
      t.async = b == 0x43;
      WEFT_TRY(n, count(r, 2));
      for (uint32_t i = 0; i < n; ++i) {
        WEFT_TRY(nm, name(r));
        WEFT_TRY(v, valtype(r));
        t.fields.push_back({std::move(nm), v});
      }
      WEFT_TRY(res, result_list(*this, r));
      t.a = res;
      return t;
    }
    case 0x41: case 0x42: {
      bool component = b == 0x41;
      t.kind = component ? TypeDef::Kind::Component : TypeDef::Kind::Instance;
      WEFT_TRY(n, count(r));
      for (uint32_t i = 0; i < n; ++i) {
        WEFT_TRY(d, decl(r, component, depth + 1));
        t.decls.push_back(std::move(d));
      }
      return t;
    }
    default: WEFT_CHECK(defined_type(r, b, t)); return t;
  }
}

// spec: componentdecl / instancedecl
Result<Decl> ComponentDecoder::decl(Reader& r, bool component, uint32_t depth) {
  Decl d;
  d.offset = r.offset();
  WEFT_TRY(b, r.u8());
  switch (b) {
    case 0x00: {
      d.kind = Decl::Kind::CoreType;
      WEFT_TRY(t, core_type(r, depth));
      d.core_type = std::make_shared<const CoreTypeDef>(std::move(t));
      return d;
    }
    case 0x01: {
      d.kind = Decl::Kind::Type;
      WEFT_TRY(t, type_def(r, depth));
      d.type = std::make_shared<const TypeDef>(std::move(t));
      return d;
    }
    case 0x02: {
      d.kind = Decl::Kind::Alias;
      WEFT_TRY(a, alias(r));
      d.alias = std::move(a);
      return d;
    }
    case 0x03: case 0x04: {
      if (b == 0x03 && !component) break;
      d.kind = b == 0x03 ? Decl::Kind::Import : Decl::Kind::Export;
      WEFT_TRY(n, extern_name(r));
      WEFT_TRY(desc, extern_desc(r));
      d.name = std::move(n), d.desc = desc;
      return d;
    }
    default: break;
  }
  return leading(r, b, "component or instance type declaration");
}

}  // namespace weft::component::detail

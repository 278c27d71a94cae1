// Binary encoding of types, names, sorts and aliases.
// spec: Binary.md#type-definitions, #alias-definitions, #import-and-export-definitions
#include "component/text/encode.h"

namespace weft::component::text {

using core::text::write_name;
using core::text::write_s64;
using core::text::write_u32;
using core::text::write_u64;

void write_core_sort(Bytes& out, Sort sort) {
  static constexpr uint8_t kCodes[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x10, 0x11, 0x12};
  out.push_back(kCodes[size_t(sort)]);
}

void write_sort(Bytes& out, Sort sort) {
  if (is_core(sort)) {
    out.push_back(0x00);
    write_core_sort(out, sort);
    return;
  }
  switch (sort) {
    case Sort::Func: out.push_back(0x01); break;
    case Sort::Value: out.push_back(0x02); break;
    case Sort::Type: out.push_back(0x03); break;
    case Sort::Component: out.push_back(0x04); break;
    default: out.push_back(0x05); break;
  }
}

// nameattributes: 0x00 name, or 0x02 name vec(attribute) when there are attributes.
void write_extern_name(Bytes& out, const ExternName& name) {
  uint32_t count = uint32_t(name.implements.has_value()) + uint32_t(name.version_suffix.has_value()) +
                   uint32_t(name.external_id.has_value());
  out.push_back(count ? 0x02 : 0x00);
  write_name(out, name.name);
  if (!count) return;
  write_u32(out, count);
  if (name.implements) {
    out.push_back(0x00);
    write_name(out, *name.implements);
  }
  if (name.version_suffix) {
    out.push_back(0x01);
    write_name(out, *name.version_suffix);
  }
  if (name.external_id) {
    out.push_back(0x02);
    write_name(out, *name.external_id);
  }
}

namespace {

uint8_t prim_code(Prim p) {
  static constexpr uint8_t kCodes[] = {0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x7a, 0x79,
                                       0x78, 0x77, 0x76, 0x75, 0x74, 0x73, 0x64};
  return kCodes[size_t(p)];
}

void write_optional_valtype(Bytes& out, const std::optional<ValType>& t) {
  if (!t) {
    out.push_back(0x00);
    return;
  }
  out.push_back(0x01);
  write_valtype(out, *t);
}

void write_defined(Bytes& out, const DefinedType& def) {
  using K = DefinedType::Kind;
  const auto& m = def.members;
  switch (def.kind) {
    case K::Prim: out.push_back(prim_code(def.prim)); break;
    case K::Record:
      out.push_back(0x72);
      write_u32(out, uint32_t(m.size()));
      for (const TypeMember& f : m) {
        write_name(out, f.name);
        write_valtype(out, *f.type);
      }
      break;
    case K::Variant:
      out.push_back(0x71);
      write_u32(out, uint32_t(m.size()));
      for (const TypeMember& c : m) {
        write_name(out, c.name);
        write_optional_valtype(out, c.type);
        out.push_back(0x00);  // no `refines`
      }
      break;
    case K::List:
      out.push_back(0x70);
      write_valtype(out, *m[0].type);
      break;
    case K::FixedList:
      out.push_back(0x67);
      write_valtype(out, *m[0].type);
      write_u32(out, def.length);
      break;
    case K::Tuple:
      out.push_back(0x6f);
      write_u32(out, uint32_t(m.size()));
      for (const TypeMember& e : m) write_valtype(out, *e.type);
      break;
    case K::Flags:
    case K::Enum:
      out.push_back(def.kind == K::Flags ? 0x6e : 0x6d);
      write_u32(out, uint32_t(m.size()));
      for (const TypeMember& l : m) write_name(out, l.name);
      break;
    case K::Option:
      out.push_back(0x6b);
      write_valtype(out, *m[0].type);
      break;
    case K::Result:
      out.push_back(0x6a);
      write_optional_valtype(out, m[0].type);
      write_optional_valtype(out, m[1].type);
      break;
    case K::Own:
    case K::Borrow:
      out.push_back(def.kind == K::Own ? 0x69 : 0x68);
      write_u32(out, def.handle.num);
      break;
    case K::Stream:
    case K::Future:
      out.push_back(def.kind == K::Stream ? 0x66 : 0x65);
      write_optional_valtype(out, m[0].type);
      break;
    case K::Map:
      out.push_back(0x63);
      write_valtype(out, *m[0].type);
      write_valtype(out, *m[1].type);
      break;
  }
}

void write_limits(Bytes& out, const Limits& lim, bool memory) {
  uint8_t flags = uint8_t(lim.max ? 0x01 : 0) | uint8_t(lim.shared ? 0x02 : 0) | uint8_t(lim.is64 ? 0x04 : 0) |
                  uint8_t(memory && lim.page_size_log2 ? 0x08 : 0);
  out.push_back(flags);
  write_u64(out, lim.min);
  if (lim.max) write_u64(out, *lim.max);
  if (memory && lim.page_size_log2) write_u32(out, *lim.page_size_log2);
}

void write_core_func_type(Bytes& out, const CoreFuncType& type) {
  out.push_back(0x60);
  write_u32(out, uint32_t(type.params.size()));
  for (const CoreValType& t : type.params) write_core_valtype(out, t);
  write_u32(out, uint32_t(type.results.size()));
  for (const CoreValType& t : type.results) write_core_valtype(out, t);
}

void write_core_extern(Bytes& out, const CoreExternType& ext) {
  out.push_back(ext.kind);
  switch (ext.kind) {
    case 0: write_u32(out, ext.func.index->num); break;
    case 1:
      write_core_valtype(out, ext.value);
      write_limits(out, ext.limits, false);
      break;
    case 2: write_limits(out, ext.limits, true); break;
    case 3:
      write_core_valtype(out, ext.value);
      out.push_back(ext.mut ? 0x01 : 0x00);
      break;
    default:
      out.push_back(0x00);  // exception tag
      write_u32(out, ext.func.index->num);
      break;
  }
}

void write_decls(Bytes& out, const std::vector<Decl>& decls) {
  write_u32(out, uint32_t(decls.size()));
  for (const Decl& d : decls) {
    switch (d.kind) {
      case Decl::Kind::CoreType:
        out.push_back(0x00);
        write_core_type(out, d.core_type->def);
        break;
      case Decl::Kind::Type:
        out.push_back(0x01);
        write_type(out, d.type->def);
        break;
      case Decl::Kind::Alias:
        out.push_back(0x02);
        write_alias(out, *d.alias);
        break;
      case Decl::Kind::Import:
      case Decl::Kind::Export:
        out.push_back(d.kind == Decl::Kind::Import ? 0x03 : 0x04);
        write_extern_name(out, d.import->name);
        write_extern_type(out, d.import->item);
        break;
    }
  }
}

}  // namespace

void write_valtype(Bytes& out, const ValType& t) {
  if (t.kind == ValType::Kind::Prim) {
    out.push_back(prim_code(t.prim));
  } else {
    write_s64(out, int64_t(t.ref.num));  // type indices are s33 here, beside the negative type codes
  }
}

void write_core_valtype(Bytes& out, const CoreValType& t) {
  if (!t.ref) {
    out.push_back(t.code);
    return;
  }
  out.push_back(t.nullable ? 0x63 : 0x64);
  if (t.concrete) {
    write_s64(out, int64_t(t.type.num));
  } else {
    out.push_back(t.heap);
  }
}

void write_core_type(Bytes& out, const CoreTypeDef& def) {
  if (def.kind == CoreTypeDef::Kind::Func) {
    write_core_func_type(out, def.func);
    return;
  }
  out.push_back(0x50);
  write_u32(out, uint32_t(def.module.size()));
  for (const ModuleDecl& d : def.module) {
    switch (d.kind) {
      case ModuleDecl::Kind::Import:
        out.push_back(0x00);
        write_name(out, d.module);
        write_name(out, d.name);
        write_core_extern(out, d.extern_type);
        break;
      case ModuleDecl::Kind::Type:
        out.push_back(0x01);
        write_core_func_type(out, d.type);
        break;
      case ModuleDecl::Kind::Alias:
        out.push_back(0x02);
        out.push_back(0x10);
        out.push_back(0x01);
        write_u32(out, d.alias->outer.num);
        write_u32(out, d.alias->index.num);
        break;
      case ModuleDecl::Kind::Export:
        out.push_back(0x03);
        write_name(out, d.name);
        write_core_extern(out, d.extern_type);
        break;
    }
  }
}

void write_type(Bytes& out, const TypeDef& def) {
  switch (def.kind) {
    case TypeDef::Kind::Defined: write_defined(out, def.defined); break;
    case TypeDef::Kind::Func:
      out.push_back(def.func.async ? 0x43 : 0x40);
      write_u32(out, uint32_t(def.func.params.size()));
      for (const TypeMember& p : def.func.params) {
        write_name(out, p.name);
        write_valtype(out, *p.type);
      }
      if (def.func.result) {
        out.push_back(0x00);
        write_valtype(out, *def.func.result);
      } else {
        out.push_back(0x01);
        out.push_back(0x00);
      }
      break;
    case TypeDef::Kind::Component:
      out.push_back(0x41);
      write_decls(out, def.decls);
      break;
    case TypeDef::Kind::Instance:
      out.push_back(0x42);
      write_decls(out, def.decls);
      break;
    case TypeDef::Kind::Resource:
      out.push_back(0x3f);
      write_core_valtype(out, def.resource.rep);
      if (def.resource.dtor) {
        out.push_back(0x01);
        write_u32(out, def.resource.dtor->idx.num);
      } else {
        out.push_back(0x00);
      }
      break;
  }
}

void write_extern_type(Bytes& out, const ItemSig& sig) {
  switch (sig.sort) {
    case Sort::CoreModule:
      out.push_back(0x00);
      out.push_back(0x11);
      write_u32(out, sig.use.ref->idx.num);
      break;
    case Sort::Func:
    case Sort::Component:
    case Sort::Instance:
      out.push_back(sig.sort == Sort::Func ? 0x01 : sig.sort == Sort::Component ? 0x04 : 0x05);
      write_u32(out, sig.use.ref->idx.num);
      break;
    case Sort::Value:
      out.push_back(0x02);
      if (sig.eq) {
        out.push_back(0x00);
        write_u32(out, sig.eq->num);
      } else {
        out.push_back(0x01);
        write_valtype(out, *sig.value);
      }
      break;
    default:  // type
      out.push_back(0x03);
      if (sig.eq) {
        out.push_back(0x00);
        write_u32(out, sig.eq->num);
      } else {
        out.push_back(0x01);
      }
      break;
  }
}

void write_alias(Bytes& out, const AliasField& alias) {
  write_sort(out, alias.sort);
  switch (alias.target) {
    case AliasField::Target::Export:
      out.push_back(0x00);
      write_u32(out, alias.instance.num);
      write_name(out, alias.name);
      break;
    case AliasField::Target::CoreExport:
      out.push_back(0x01);
      write_u32(out, alias.instance.num);
      write_name(out, alias.name);
      break;
    case AliasField::Target::Outer:
      out.push_back(0x02);
      write_u32(out, alias.outer.num);
      write_u32(out, alias.index.num);
      break;
  }
}

}  // namespace weft::component::text

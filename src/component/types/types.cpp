// The type arena: adding types, their cached TypeInfo, names for messages.
#include "component/types/types.h"

#include <algorithm>

namespace weft::component {
namespace {

constexpr uint64_t kSizeSaturate = 1ull << 62;

uint64_t align_to(uint64_t v, uint64_t a) { return std::min(kSizeSaturate, (v + a - 1) / a * a); }
uint32_t sat_add(uint32_t a, uint32_t b) { return std::min<uint64_t>(uint64_t(a) + b, kFlatSaturate); }

// spec: CanonicalABI.md discriminant_type, as a byte size.
uint32_t discriminant_size(size_t cases) {
  if (cases <= 0x100) return 1;
  if (cases <= 0x10000) return 2;
  return 4;
}

uint32_t flags_size(size_t n) { return n <= 8 ? 1 : n <= 16 ? 2 : 4; }

// Accumulates a sequence of fields laid out like a record (spec: elem_size_record).
struct RecordLayout {
  TypeInfo out;
  uint64_t s32 = 0, s64 = 0;
  bool first = true;
  void add(const TypeInfo& f) {
    s32 = align_to(s32, f.align32) + f.size32;
    s64 = align_to(s64, f.align64) + f.size64;
    out.align32 = std::max(out.align32, f.align32);
    out.align64 = std::max(out.align64, f.align64);
    out.flat_count = first ? f.flat_count : sat_add(out.flat_count, f.flat_count);
    first = false;
    merge_flags(f);
  }
  void merge_flags(const TypeInfo& f) {
    out.depth = std::max(out.depth, f.depth + 1);
    out.contains_borrow |= f.contains_borrow;
    out.contains_handle |= f.contains_handle;
    out.contains_async |= f.contains_async;
    out.needs_memory |= f.needs_memory;
  }
  TypeInfo finish() {
    out.size32 = align_to(s32, out.align32);
    out.size64 = align_to(s64, out.align64);
    if (first) out.flat_count = 0;
    return out;
  }
};

}  // namespace

std::optional<PrimValType> prim_from_byte(uint8_t b) {
  if ((b >= 0x73 && b <= 0x7f) || b == 0x64) return PrimValType(b);
  return std::nullopt;
}

std::string_view prim_name(PrimValType t) {
  switch (t) {
    case PrimValType::Bool: return "bool";
    case PrimValType::S8: return "s8";
    case PrimValType::U8: return "u8";
    case PrimValType::S16: return "s16";
    case PrimValType::U16: return "u16";
    case PrimValType::S32: return "s32";
    case PrimValType::U32: return "u32";
    case PrimValType::S64: return "s64";
    case PrimValType::U64: return "u64";
    case PrimValType::F32: return "f32";
    case PrimValType::F64: return "f64";
    case PrimValType::Char: return "char";
    case PrimValType::String: return "string";
    case PrimValType::ErrorContext: return "error-context";
  }
  return "?";
}

std::string_view defined_kind_name(DefinedKind k) {
  switch (k) {
    case DefinedKind::Record: return "record";
    case DefinedKind::Variant: return "variant";
    case DefinedKind::List: return "list";
    case DefinedKind::FixedList: return "list";
    case DefinedKind::Tuple: return "tuple";
    case DefinedKind::Flags: return "flags";
    case DefinedKind::Enum: return "enum";
    case DefinedKind::Option: return "option";
    case DefinedKind::Result: return "result";
    case DefinedKind::Own: return "own";
    case DefinedKind::Borrow: return "borrow";
    case DefinedKind::Stream: return "stream";
    case DefinedKind::Future: return "future";
    case DefinedKind::Map: return "map";
  }
  return "?";
}

std::string_view extern_kind_name(ExternKind k) {
  switch (k) {
    case ExternKind::Module: return "module";
    case ExternKind::Func: return "func";
    case ExternKind::Value: return "value";
    case ExternKind::Type: return "type";
    case ExternKind::Component: return "component";
    case ExternKind::Instance: return "instance";
  }
  return "?";
}

const NamedExtern* ComponentType::find_import(std::string_view name) const {
  for (const NamedExtern& e : imports)
    if (e.name == name) return &e;
  return nullptr;
}

const NamedExtern* ComponentType::find_export(std::string_view name) const {
  for (const NamedExtern& e : exports)
    if (e.name == name) return &e;
  return nullptr;
}

const NamedExtern* InstanceType::find_export(std::string_view name) const {
  for (const NamedExtern& e : exports)
    if (e.name == name) return &e;
  return nullptr;
}

const CoreExport* CoreInstanceType::find_export(std::string_view name) const {
  for (const CoreExport& e : exports)
    if (e.name == name) return &e;
  return nullptr;
}

// spec: CanonicalABI.md alignment / elem_size / flatten_type for the primitive types.
TypeInfo TypeArena::info(ValType t) const {
  if (t.kind == TypeKind::Defined) return defined_[t.index].info;
  TypeInfo i;
  auto set = [&](uint32_t size) {
    i.size32 = i.size64 = size;
    i.align32 = i.align64 = size;
  };
  switch (t.as_prim()) {
    case PrimValType::Bool: case PrimValType::S8: case PrimValType::U8: set(1); break;
    case PrimValType::S16: case PrimValType::U16: set(2); break;
    case PrimValType::S32: case PrimValType::U32: case PrimValType::F32: case PrimValType::Char:
    case PrimValType::ErrorContext: set(4); break;
    case PrimValType::S64: case PrimValType::U64: case PrimValType::F64: set(8); break;
    case PrimValType::String:
      i.size32 = 8, i.align32 = 4, i.size64 = 16, i.align64 = 8;
      i.flat_count = 2;
      i.needs_memory = true;
      break;
  }
  return i;
}

TypeInfo TypeArena::compute_info(const DefinedType& t) const {
  switch (t.kind) {
    case DefinedKind::Record: {
      RecordLayout l;
      for (const Field& f : t.fields) l.add(info(f.type));
      return l.finish();
    }
    case DefinedKind::Tuple: {
      RecordLayout l;
      for (ValType v : t.types) l.add(info(v));
      return l.finish();
    }
    case DefinedKind::FixedList: {
      TypeInfo e = info(*t.elem);
      RecordLayout l;
      l.merge_flags(e);
      TypeInfo out = l.out;
      out.align32 = e.align32, out.align64 = e.align64;
      out.size32 = std::min(kSizeSaturate, e.size32 * t.length);
      out.size64 = std::min(kSizeSaturate, e.size64 * t.length);
      out.flat_count = uint32_t(std::min<uint64_t>(uint64_t(e.flat_count) * t.length, kFlatSaturate));
      return out;
    }
    case DefinedKind::List: case DefinedKind::Map: {
      RecordLayout l;
      l.merge_flags(info(*t.elem));
      if (t.elem2) l.merge_flags(info(*t.elem2));
      TypeInfo out = l.out;
      out.size32 = 8, out.align32 = 4, out.size64 = 16, out.align64 = 8;
      out.flat_count = 2;
      out.needs_memory = true;
      return out;
    }
    case DefinedKind::Flags: {
      TypeInfo out;
      out.size32 = out.size64 = out.align32 = out.align64 = flags_size(t.labels.size());
      return out;
    }
    case DefinedKind::Own: case DefinedKind::Borrow: case DefinedKind::Stream: case DefinedKind::Future: {
      RecordLayout l;
      if (t.elem) l.merge_flags(info(*t.elem));
      TypeInfo out = l.out;
      out.size32 = out.size64 = out.align32 = out.align64 = 4;
      out.flat_count = 1;
      out.contains_handle |= t.kind == DefinedKind::Own || t.kind == DefinedKind::Borrow;
      out.contains_borrow |= t.kind == DefinedKind::Borrow;
      out.contains_async |= t.kind == DefinedKind::Stream || t.kind == DefinedKind::Future;
      out.needs_memory = false;  // the payload moves through the stream/future built-ins
      return out;
    }
    case DefinedKind::Variant: case DefinedKind::Enum: case DefinedKind::Option: case DefinedKind::Result: {
      // spec: elem_size_variant / alignment_variant / flatten_variant (counts only).
      std::vector<std::optional<ValType>> payloads;
      if (t.kind == DefinedKind::Variant) for (const Case& c : t.cases) payloads.push_back(c.type);
      if (t.kind == DefinedKind::Enum) payloads.resize(t.labels.size());
      if (t.kind == DefinedKind::Option) payloads = {std::nullopt, t.elem};
      if (t.kind == DefinedKind::Result) payloads = {t.elem, t.elem2};
      RecordLayout l;
      uint32_t max_align32 = 1, max_align64 = 1, flat = 0;
      uint64_t max32 = 0, max64 = 0;
      for (const auto& p : payloads) {
        if (!p) continue;
        TypeInfo c = info(*p);
        l.merge_flags(c);
        max_align32 = std::max(max_align32, c.align32), max_align64 = std::max(max_align64, c.align64);
        max32 = std::max(max32, c.size32), max64 = std::max(max64, c.size64);
        flat = std::max(flat, c.flat_count);
      }
      TypeInfo out = l.out;
      uint32_t d = discriminant_size(payloads.size());
      out.align32 = std::max(d, max_align32), out.align64 = std::max(d, max_align64);
      out.size32 = align_to(align_to(d, max_align32) + max32, out.align32);
      out.size64 = align_to(align_to(d, max_align64) + max64, out.align64);
      out.flat_count = sat_add(1, flat);
      return out;
    }
  }
  return {};
}

ValType TypeArena::add_defined(DefinedType t) {
  t.info = compute_info(t);
  defined_.push_back(std::move(t));
  return {TypeKind::Defined, uint32_t(defined_.size() - 1)};
}

TypeRef TypeArena::add_func(FuncType t) {
  funcs_.push_back(std::move(t));
  return {TypeKind::Func, uint32_t(funcs_.size() - 1)};
}

TypeRef TypeArena::add_component(ComponentType t) {
  components_.push_back(std::move(t));
  return {TypeKind::Component, uint32_t(components_.size() - 1)};
}

TypeRef TypeArena::add_instance(InstanceType t) {
  instances_.push_back(std::move(t));
  return {TypeKind::Instance, uint32_t(instances_.size() - 1)};
}

TypeRef TypeArena::add_module(ModuleType t) {
  modules_.push_back(std::move(t));
  return {TypeKind::Module, uint32_t(modules_.size() - 1)};
}

uint32_t TypeArena::add_core_instance(CoreInstanceType t) {
  core_instances_.push_back(std::move(t));
  return uint32_t(core_instances_.size() - 1);
}

uint32_t TypeArena::add_core_func(core::FuncType t) {
  core_funcs_.push_back(std::move(t));
  return uint32_t(core_funcs_.size() - 1);
}

TypeRef TypeArena::add_resource(std::optional<core::ValType> rep, std::optional<uint32_t> dtor) {
  uint32_t id = uint32_t(resources_.size());
  resources_.push_back(ResourceType{id, rep, dtor});
  return {TypeKind::Resource, id};
}

TypeRef TypeArena::alias_resource(uint32_t of) {
  ResourceType r = resources_[of];
  resources_.push_back(r);
  return {TypeKind::Resource, uint32_t(resources_.size() - 1)};
}

TypeRef TypeArena::resource_with_root(uint32_t root) { return alias_resource(root); }

size_t TypeArena::size() const {
  return defined_.size() + funcs_.size() + components_.size() + instances_.size() + modules_.size() +
         core_instances_.size() + core_funcs_.size() + resources_.size();
}

std::string TypeArena::describe(TypeRef t) const {
  switch (t.kind) {
    case TypeKind::Prim: return std::string(prim_name(t.as_prim()));
    case TypeKind::Defined: return std::string(defined_kind_name(defined_[t.index].kind));
    case TypeKind::Resource: return "resource";
    case TypeKind::Func: return "func";
    case TypeKind::Component: return "component";
    case TypeKind::Instance: return "instance";
    case TypeKind::Module: return "module";
  }
  return "?";
}

}  // namespace weft::component

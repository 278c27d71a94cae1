// Canonical ABI flattening and layout, function for function after CanonicalABI.md.
#include "component/types/abi.h"

namespace weft::component {

using CoreVal = core::ValType;

// spec: alignment(t, ptr_type) — cached per defined type in TypeInfo.
uint32_t alignment(const TypeArena& arena, component::ValType t, core::ValType ptr) {
  TypeInfo i = arena.info(t);
  return ptr == core::ValType::I64 ? i.align64 : i.align32;
}

// spec: elem_size(t, ptr_type) — cached per defined type in TypeInfo.
uint64_t elem_size(const TypeArena& arena, component::ValType t, core::ValType ptr) {
  TypeInfo i = arena.info(t);
  return ptr == core::ValType::I64 ? i.size64 : i.size32;
}

// spec: join(a, b)
core::ValType join(core::ValType a, core::ValType b) {
  using CoreVal = core::ValType;
  if (a == b) return a;
  if ((a == CoreVal::I32 && b == CoreVal::F32) || (a == CoreVal::F32 && b == CoreVal::I32)) return CoreVal::I32;
  return CoreVal::I64;
}

namespace {

// spec: flatten_variant, over the optional payloads of the cases.
bool flatten_variant(const TypeArena& arena, const std::vector<std::optional<component::ValType>>& cases,
                     CoreVal ptr, std::vector<CoreVal>& out, size_t limit) {
  out.push_back(CoreVal::I32);  // flatten_type(discriminant_type(cases)) is always one i32
  std::vector<CoreVal> flat;
  for (const auto& c : cases) {
    if (!c) continue;
    std::vector<CoreVal> one;
    if (!flatten_type(arena, *c, ptr, one, limit)) return false;
    for (size_t i = 0; i < one.size(); ++i) {
      if (i < flat.size()) flat[i] = join(flat[i], one[i]);
      else flat.push_back(one[i]);
    }
  }
  out.insert(out.end(), flat.begin(), flat.end());
  return out.size() <= limit;
}

}  // namespace

// spec: flatten_type(t, opts)
bool flatten_type(const TypeArena& arena, component::ValType t, CoreVal ptr, std::vector<CoreVal>& out, size_t limit) {
  if (out.size() > limit) return false;
  if (t.kind == TypeKind::Prim) {
    switch (t.as_prim()) {
      case PrimValType::S64: case PrimValType::U64: out.push_back(CoreVal::I64); break;
      case PrimValType::F32: out.push_back(CoreVal::F32); break;
      case PrimValType::F64: out.push_back(CoreVal::F64); break;
      case PrimValType::String: out.push_back(ptr), out.push_back(ptr); break;
      default: out.push_back(CoreVal::I32); break;  // bool, small ints, char, error-context
    }
    return out.size() <= limit;
  }
  const DefinedType& d = arena.defined(t.index);
  // Cheap early exit: the cached count says whether the limit will be exceeded.
  if (out.size() + d.info.flat_count > limit) return false;
  switch (d.kind) {
    case DefinedKind::List: case DefinedKind::Map: out.push_back(ptr), out.push_back(ptr); break;  // spec: flatten_list
    case DefinedKind::FixedList:
      for (uint32_t i = 0; i < d.length; ++i)
        if (!flatten_type(arena, *d.elem, ptr, out, limit)) return false;
      break;
    case DefinedKind::Record:  // spec: flatten_record
      for (const Field& f : d.fields)
        if (!flatten_type(arena, f.type, ptr, out, limit)) return false;
      break;
    case DefinedKind::Tuple:
      for (component::ValType v : d.types)
        if (!flatten_type(arena, v, ptr, out, limit)) return false;
      break;
    case DefinedKind::Variant: {
      std::vector<std::optional<component::ValType>> cases;
      for (const Case& c : d.cases) cases.push_back(c.type);
      return flatten_variant(arena, cases, ptr, out, limit);
    }
    case DefinedKind::Enum: out.push_back(CoreVal::I32); break;
    case DefinedKind::Option: return flatten_variant(arena, {std::nullopt, d.elem}, ptr, out, limit);
    case DefinedKind::Result: return flatten_variant(arena, {d.elem, d.elem2}, ptr, out, limit);
    case DefinedKind::Flags: case DefinedKind::Own: case DefinedKind::Borrow: case DefinedKind::Stream:
    case DefinedKind::Future:
      out.push_back(CoreVal::I32);
      break;
  }
  return out.size() <= limit;
}

// spec: flatten_types(ts, opts)
std::vector<CoreVal> flatten_types(const TypeArena& arena, const std::vector<component::ValType>& ts, CoreVal ptr,
                                   size_t limit) {
  std::vector<CoreVal> out;
  for (component::ValType t : ts) {
    if (!flatten_type(arena, t, ptr, out, limit)) {
      // flatten_type may stop before appending anything: make "too many" visible.
      out.resize(limit + 1, CoreVal::I32);
      break;
    }
  }
  return out;
}

// Wasmtime's GC ABI for scalars (wasm-tools: PrimitiveValType::lower_gc on arguments).
std::optional<CoreVal> gc_scalar_type(component::ValType t) {
  if (t.kind != TypeKind::Prim) return std::nullopt;
  switch (t.as_prim()) {
    case PrimValType::Bool:
    case PrimValType::S8:
    case PrimValType::U8:
    case PrimValType::S16:
    case PrimValType::U16:
    case PrimValType::S32:
    case PrimValType::U32:
    case PrimValType::Char: return CoreVal::I32;
    case PrimValType::S64:
    case PrimValType::U64: return CoreVal::I64;
    case PrimValType::F32: return CoreVal::F32;
    case PrimValType::F64: return CoreVal::F64;
    case PrimValType::String:
    case PrimValType::ErrorContext: return std::nullopt;
  }
  return std::nullopt;
}

std::vector<component::ValType> param_types(const FuncType& ft) {
  std::vector<component::ValType> out;
  for (const Field& p : ft.params) out.push_back(p.type);
  return out;
}

std::vector<component::ValType> result_types(const FuncType& ft) {
  if (ft.result) return {*ft.result};
  return {};
}

// spec: flatten_functype(opts, ft, context). Lists longer than the flat limits only
// matter as "too many", so flattening stops one past the limit.
core::FuncType flatten_functype(const TypeArena& arena, const FuncType& ft, const FlattenOptions& opts,
                                FlattenContext context) {
  std::vector<CoreVal> params = flatten_types(arena, param_types(ft), opts.ptr, kMaxFlatParams + 1);
  std::vector<CoreVal> results = flatten_types(arena, result_types(ft), opts.ptr, kMaxFlatParams + 1);
  if (!opts.async) {
    if (params.size() > kMaxFlatParams) params = {opts.ptr};
    if (results.size() > kMaxFlatResults) {
      if (context == FlattenContext::Lift) {
        results = {opts.ptr};
      } else {
        params.push_back(opts.ptr);
        results.clear();
      }
    }
    return {params, results};
  }
  if (context == FlattenContext::Lift) {
    if (params.size() > kMaxFlatParams) params = {opts.ptr};
    if (opts.callback) results = {CoreVal::I32};
    else results.clear();
  } else {
    if (params.size() > kMaxFlatAsyncParams) params = {opts.ptr};
    if (!results.empty()) params.push_back(opts.ptr);
    results = {CoreVal::I32};
  }
  return {params, results};
}

}  // namespace weft::component

// Subtyping of heap, value, function and composite types (see subtyping.h).
#include "core/validate/subtyping.h"

namespace weft::core {
namespace {

AbsHeap kind_top(CompKind k) { return k == CompKind::Func ? AbsHeap::Func : AbsHeap::Any; }

// spec: the abstract heap types and their order:
//   none <: i31, struct, array <: eq <: any;  nofunc <: func;  noextern <: extern;  noexn <: exn
bool abs_subtype(AbsHeap a, AbsHeap b) {
  if (a == b) return true;
  switch (a) {
    case AbsHeap::None:
      return b == AbsHeap::I31 || b == AbsHeap::Struct || b == AbsHeap::Array || b == AbsHeap::Eq || b == AbsHeap::Any;
    case AbsHeap::I31: case AbsHeap::Struct: case AbsHeap::Array: return b == AbsHeap::Eq || b == AbsHeap::Any;
    case AbsHeap::Eq: return b == AbsHeap::Any;
    case AbsHeap::NoFunc: return b == AbsHeap::Func;
    case AbsHeap::NoExtern: return b == AbsHeap::Extern;
    case AbsHeap::NoExn: return b == AbsHeap::Exn;
    default: return false;
  }
}

// A concrete type below an abstract one: func types below func, structs below
// struct, eq and any, arrays below array, eq and any.
bool def_below(const CanonType& d, AbsHeap b) {
  switch (d.type.kind) {
    case CompKind::Func: return b == AbsHeap::Func;
    case CompKind::Struct: return b == AbsHeap::Struct || b == AbsHeap::Eq || b == AbsHeap::Any;
    case CompKind::Array: return b == AbsHeap::Array || b == AbsHeap::Eq || b == AbsHeap::Any;
  }
  return false;
}

bool storage_subtype(const FieldType& a, const FieldType& b, const TypeSpace& s) {
  if (a.packed != b.packed) return false;
  return a.packed != Packed::None || val_subtype(a.type, b.type, s);
}

// spec: a mutable field is invariant, an immutable one covariant.
bool field_subtype(const FieldType& a, const FieldType& b, const TypeSpace& s) {
  if (a.mut != b.mut) return false;
  if (!storage_subtype(a, b, s)) return false;
  return !a.mut || storage_subtype(b, a, s);
}

}  // namespace

const CanonType* TypeSpace::def(HeapType h) const {
  if (h.is_index()) return h.value() < module.size() ? module[h.value()] : nullptr;
  if (h.is_canonical()) return TypeRegistry::global().get(h.value());
  return nullptr;
}

AbsHeap top_heap(HeapType h, const TypeSpace& s) {
  if (const CanonType* d = s.def(h)) return kind_top(d->type.kind);
  switch (h.abstract()) {
    case AbsHeap::Func: case AbsHeap::NoFunc: return AbsHeap::Func;
    case AbsHeap::Extern: case AbsHeap::NoExtern: return AbsHeap::Extern;
    case AbsHeap::Exn: case AbsHeap::NoExn: return AbsHeap::Exn;
    default: return AbsHeap::Any;
  }
}

AbsHeap bottom_heap(HeapType h, const TypeSpace& s) {
  switch (top_heap(h, s)) {
    case AbsHeap::Func: return AbsHeap::NoFunc;
    case AbsHeap::Extern: return AbsHeap::NoExtern;
    case AbsHeap::Exn: return AbsHeap::NoExn;
    default: return AbsHeap::None;
  }
}

bool heap_subtype(HeapType a, HeapType b, const TypeSpace& s) {
  if (a == b) return true;
  const CanonType* da = s.def(a);
  const CanonType* db = s.def(b);
  if (da && db) return canon_subtype(da, db);
  if (da) return !b.is_abstract() ? false : def_below(*da, b.abstract());
  if (db) {
    if (!a.is_abstract()) return false;
    const AbsHeap bottom = db->type.kind == CompKind::Func ? AbsHeap::NoFunc : AbsHeap::None;
    return a.abstract() == bottom;
  }
  if (!a.is_abstract() || !b.is_abstract()) return false;  // an index out of range
  return abs_subtype(a.abstract(), b.abstract());
}

bool val_subtype(ValType a, ValType b, const TypeSpace& s) {
  if (a == b || a.code == ValType::kBot) return true;
  if (!a.is_ref() || !b.is_ref()) return false;
  if (a.nullable && !b.nullable) return false;
  return heap_subtype(a.heap, b.heap, s);
}

bool val_equal(ValType a, ValType b, const TypeSpace& s) {
  return val_subtype(a, b, s) && val_subtype(b, a, s);
}

bool func_subtype(const FuncType& a, const FuncType& b, const TypeSpace& s) {
  if (a.params.size() != b.params.size() || a.results.size() != b.results.size()) return false;
  for (size_t i = 0; i < a.params.size(); ++i) {
    if (!val_subtype(b.params[i], a.params[i], s)) return false;
  }
  for (size_t i = 0; i < a.results.size(); ++i) {
    if (!val_subtype(a.results[i], b.results[i], s)) return false;
  }
  return true;
}

bool comp_subtype(const SubType& a, const SubType& b, const TypeSpace& s) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case CompKind::Func: return func_subtype(a.func, b.func, s);
    case CompKind::Struct:
      if (a.fields.size() < b.fields.size()) return false;
      for (size_t i = 0; i < b.fields.size(); ++i) {
        if (!field_subtype(a.fields[i], b.fields[i], s)) return false;
      }
      return true;
    case CompKind::Array: return field_subtype(a.fields[0], b.fields[0], s);
  }
  return false;
}

}  // namespace weft::core

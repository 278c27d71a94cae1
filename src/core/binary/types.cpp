// Names and decoding helpers for core types.
#include "core/binary/types.h"

#include <fmt/format.h>

namespace weft::core {

std::string_view abs_heap_name(AbsHeap h) {
  switch (h) {
    case AbsHeap::Exn: return "exn";
    case AbsHeap::Array: return "array";
    case AbsHeap::Struct: return "struct";
    case AbsHeap::I31: return "i31";
    case AbsHeap::Eq: return "eq";
    case AbsHeap::Any: return "any";
    case AbsHeap::Extern: return "extern";
    case AbsHeap::Func: return "func";
    case AbsHeap::None: return "none";
    case AbsHeap::NoExtern: return "noextern";
    case AbsHeap::NoFunc: return "nofunc";
    case AbsHeap::NoExn: return "noexn";
  }
  return "?";
}

std::optional<AbsHeap> abs_heap_from_name(std::string_view name) {
  for (uint8_t b = 0x69; b <= 0x74; ++b) {
    if (abs_heap_name(AbsHeap(b)) == name) return AbsHeap(b);
  }
  return std::nullopt;
}

namespace {

// The short forms of nullable abstract references: funcref, anyref, nullref, ...
std::string_view short_ref_name(AbsHeap h) {
  switch (h) {
    case AbsHeap::None: return "nullref";
    case AbsHeap::NoExtern: return "nullexternref";
    case AbsHeap::NoFunc: return "nullfuncref";
    case AbsHeap::NoExn: return "nullexnref";
    default: return {};
  }
}

}  // namespace

std::optional<AbsHeap> abs_heap_from_byte(uint8_t b) {
  if (b >= 0x69 && b <= 0x74) return AbsHeap(b);
  return std::nullopt;
}

std::string heap_type_name(HeapType h) {
  if (h.is_abstract()) return std::string(abs_heap_name(h.abstract()));
  return std::to_string(h.value());
}

std::string valtype_name(ValType t) {
  switch (t.code) {
    case ValType::kI32: return "i32";
    case ValType::kI64: return "i64";
    case ValType::kF32: return "f32";
    case ValType::kF64: return "f64";
    case ValType::kV128: return "v128";
    case ValType::kBot: return "bot";
    default: break;
  }
  if (t.nullable && t.heap.is_abstract()) {
    if (auto s = short_ref_name(t.heap.abstract()); !s.empty()) return std::string(s);
    return fmt::format("{}ref", abs_heap_name(t.heap.abstract()));
  }
  return fmt::format("(ref {}{})", t.nullable ? "null " : "", heap_type_name(t.heap));
}

std::optional<ValType> numtype_from_byte(uint8_t b) {
  switch (b) {
    case ValType::kI32: case ValType::kI64: case ValType::kF32: case ValType::kF64: case ValType::kV128:
      return ValType::num(b);
    default: return std::nullopt;
  }
}

uint32_t field_size(const FieldType& f) {
  if (f.packed == Packed::I8) return 1;
  if (f.packed == Packed::I16) return 2;
  switch (f.type.code) {
    case ValType::kI32: case ValType::kF32: return 4;
    case ValType::kV128: return 16;
    default: return 8;
  }
}

std::string_view extern_kind_name(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
    case ExternKind::Tag: return "tag";
  }
  return "?";
}

}  // namespace weft::core

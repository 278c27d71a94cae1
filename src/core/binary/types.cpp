// Names and decoding helpers for core types.
#include "core/binary/types.h"

namespace weft::core {

std::string_view valtype_name(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
    case ValType::ExnRef: return "exnref";
  }
  return "?";
}

std::optional<ValType> valtype_from_byte(uint8_t b) {
  switch (b) {
    case 0x7f: case 0x7e: case 0x7d: case 0x7c: case 0x7b: case 0x70: case 0x6f: case 0x69:
      return static_cast<ValType>(b);
    default: return std::nullopt;
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

// Core WebAssembly types (spec: "Types" chapter), shared by every core library.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace weft::core {

// Value types, with their binary encodings as values.
// spec: https://webassembly.github.io/spec/core/binary/types.html#value-types
enum class ValType : uint8_t {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
  ExnRef = 0x69,  // exception handling: (ref null exn)
};

constexpr bool is_ref(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef || t == ValType::ExnRef; }
constexpr bool is_num(ValType t) { return !is_ref(t) && t != ValType::V128; }
std::string_view valtype_name(ValType t);
std::optional<ValType> valtype_from_byte(uint8_t b);

// spec: https://webassembly.github.io/spec/core/syntax/types.html#function-types
struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};

// spec: limits; 64-bit values leave room for memory64 and table64.
struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool operator==(const Limits&) const = default;
};

// spec (3.0): address types; i64 comes with memory64. The address type is where
// 32- and 64-bit memories and tables differ: indices, offsets, sizes and lengths.
constexpr ValType addr_type(bool is64) { return is64 ? ValType::I64 : ValType::I32; }

struct TableType {
  ValType elem = ValType::FuncRef;
  Limits limits;
  bool is64 = false;  // address type i64 (table64)
};

struct MemoryType {
  Limits limits;  // in 64 KiB pages
  bool is64 = false;  // address type i64 (memory64)
  bool shared = false;  // threads: decoded and type-checked; instantiation is not supported yet
};

// spec: tag types (exception handling): a function type with no results.
struct TagType {
  uint32_t type_index = 0;
};

struct GlobalType {
  ValType type = ValType::I32;
  bool mut = false;
};

// spec: external kinds, with their binary encodings.
enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 };
std::string_view extern_kind_name(ExternKind k);

constexpr uint32_t kPageSize = 65536;
constexpr uint64_t kMaxPages32 = 65536;  // 4 GiB
constexpr uint64_t kMaxPages64 = uint64_t{1} << 48;  // 2^64 bytes

}  // namespace weft::core

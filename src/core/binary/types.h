// Core WebAssembly types (spec: "Types" chapter), shared by every core library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace weft::core {

// spec: abstract heap types, with their binary encodings (the one byte of a negative s33).
enum class AbsHeap : uint8_t {
  Exn = 0x69,
  Array = 0x6a,
  Struct = 0x6b,
  I31 = 0x6c,
  Eq = 0x6d,
  Any = 0x6e,
  Extern = 0x6f,
  Func = 0x70,
  None = 0x71,
  NoExtern = 0x72,
  NoFunc = 0x73,
  NoExn = 0x74,
};
std::optional<AbsHeap> abs_heap_from_byte(uint8_t b);
// The text format's names: "func", "any", "i31", "nofunc", ...
std::string_view abs_heap_name(AbsHeap h);
std::optional<AbsHeap> abs_heap_from_name(std::string_view name);

// spec: heap types. A type index means different things in different places: inside
// a Module it indexes the module's types; in the type registry (type_registry.h) it
// is a canonical type id, or, while a rec group is being interned, an index
// relative to the group. The two high bits say which.
struct HeapType {
  static constexpr uint32_t kIndex = 0u << 30, kCanonical = 1u << 30, kRecRel = 2u << 30, kAbstract = 3u << 30;
  static constexpr uint32_t kKindMask = 3u << 30;
  uint32_t bits = kAbstract | uint32_t(AbsHeap::Func);

  static constexpr HeapType abs(AbsHeap h) { return {kAbstract | uint32_t(h)}; }
  static constexpr HeapType index(uint32_t i) { return {kIndex | i}; }
  static constexpr HeapType canonical(uint32_t id) { return {kCanonical | id}; }
  static constexpr HeapType rec_rel(uint32_t i) { return {kRecRel | i}; }
  constexpr uint32_t kind() const { return bits & kKindMask; }
  constexpr bool is_abstract() const { return kind() == kAbstract; }
  constexpr bool is_index() const { return kind() == kIndex; }
  constexpr bool is_canonical() const { return kind() == kCanonical; }
  constexpr AbsHeap abstract() const { return AbsHeap(bits & 0xff); }
  constexpr uint32_t value() const { return bits & ~kKindMask; }  // the index or id
  constexpr bool operator==(const HeapType&) const = default;
};

// spec: value types. Numbers and vectors are one byte; a reference type is
// (ref null? ht). `code` is the number type's binary encoding or kRef; code 0 is
// the validator's bottom type (an operand of unknown type in unreachable code).
// All members are public so that a ValType can be a template argument.
struct ValType {
  static constexpr uint8_t kBot = 0, kI32 = 0x7f, kI64 = 0x7e, kF32 = 0x7d, kF64 = 0x7c, kV128 = 0x7b, kRef = 0x64;
  uint8_t code = kI32;
  bool nullable = false;  // references only
  HeapType heap{0};       // references only

  static constexpr ValType num(uint8_t code) { return {code, false, HeapType{0}}; }
  static constexpr ValType ref(HeapType ht, bool nullable) { return {kRef, nullable, ht}; }
  static constexpr ValType ref(AbsHeap ht, bool nullable) { return {kRef, nullable, HeapType::abs(ht)}; }

  static const ValType I32, I64, F32, F64, V128, FuncRef, ExternRef, ExnRef, AnyRef, EqRef, I31Ref, StructRef,
      ArrayRef, NullRef, NullFuncRef, NullExternRef, NullExnRef, Bot;

  constexpr bool is_ref() const { return code == kRef; }
  constexpr bool operator==(const ValType&) const = default;
};

inline constexpr ValType ValType::I32 = ValType::num(ValType::kI32);
inline constexpr ValType ValType::I64 = ValType::num(ValType::kI64);
inline constexpr ValType ValType::F32 = ValType::num(ValType::kF32);
inline constexpr ValType ValType::F64 = ValType::num(ValType::kF64);
inline constexpr ValType ValType::V128 = ValType::num(ValType::kV128);
inline constexpr ValType ValType::FuncRef = ValType::ref(AbsHeap::Func, true);
inline constexpr ValType ValType::ExternRef = ValType::ref(AbsHeap::Extern, true);
inline constexpr ValType ValType::ExnRef = ValType::ref(AbsHeap::Exn, true);
inline constexpr ValType ValType::AnyRef = ValType::ref(AbsHeap::Any, true);
inline constexpr ValType ValType::EqRef = ValType::ref(AbsHeap::Eq, true);
inline constexpr ValType ValType::I31Ref = ValType::ref(AbsHeap::I31, true);
inline constexpr ValType ValType::StructRef = ValType::ref(AbsHeap::Struct, true);
inline constexpr ValType ValType::ArrayRef = ValType::ref(AbsHeap::Array, true);
inline constexpr ValType ValType::NullRef = ValType::ref(AbsHeap::None, true);
inline constexpr ValType ValType::NullFuncRef = ValType::ref(AbsHeap::NoFunc, true);
inline constexpr ValType ValType::NullExternRef = ValType::ref(AbsHeap::NoExtern, true);
inline constexpr ValType ValType::NullExnRef = ValType::ref(AbsHeap::NoExn, true);
inline constexpr ValType ValType::Bot = ValType::num(ValType::kBot);

constexpr bool is_ref(ValType t) { return t.is_ref(); }
constexpr bool is_num(ValType t) { return t.code == ValType::kI32 || t.code == ValType::kI64 || t.code == ValType::kF32 || t.code == ValType::kF64; }
// spec: defaultable types (numbers, vectors, nullable references) may be locals
// without an initialiser and fields of struct.new_default.
constexpr bool is_defaultable(ValType t) { return !t.is_ref() || t.nullable; }
// "i32", "funcref", "(ref null 3)", "(ref func)". Type indices print as numbers.
std::string valtype_name(ValType t);
std::string heap_type_name(HeapType h);
// A number type from its one-byte encoding (i32, i64, f32, f64, v128).
std::optional<ValType> numtype_from_byte(uint8_t b);

// spec: https://webassembly.github.io/spec/core/syntax/types.html#function-types
struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};

// spec (GC): storage types: a value type or a packed i8/i16; fields are mutable or not.
enum class Packed : uint8_t { None = 0, I8 = 0x78, I16 = 0x77 };
struct FieldType {
  ValType type = ValType::I32;  // the unpacked type (i32 when packed)
  Packed packed = Packed::None;
  bool mut = false;
  bool operator==(const FieldType&) const = default;
};
// Size in bytes of a field's storage (packed fields are 1 or 2 bytes).
uint32_t field_size(const FieldType& f);

// spec (GC): composite types and defined (sub) types. Every type of the type
// section is a SubType; a plain `(type (func ...))` is final with no supertype, alone
// in its recursion group.
enum class CompKind : uint8_t { Func = 0x60, Struct = 0x5f, Array = 0x5e };
struct SubType {
  static constexpr uint32_t kNoSuper = ~0u;
  static constexpr uint32_t kTooManySupers = ~0u - 1;  // decoded, refused by validation
  CompKind kind = CompKind::Func;
  FuncType func;                  // kind == Func
  std::vector<FieldType> fields;  // Struct: the fields; Array: exactly one
  bool final = true;
  uint32_t super = kNoSuper;  // the declared supertype's index
  uint32_t rec_start = 0;     // first type of its recursion group
  uint32_t rec_size = 1;
  bool operator==(const SubType&) const = default;
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

// Component-level values (the canonical ABI's Python values): what host functions,
// typed calls, WAVE and the script runner pass around. A Val carries no type; the
// ValType it belongs to travels beside it (lift/lower, WAVE and printing take both).
// spec: CanonicalABI.md "Canonical ABI" (the values load/lift produce)
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace weft::component {

enum class ValKind : uint8_t {
  Bool, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, Char, String,
  List,     // list<T> and list<T, N>
  Record, Tuple, Variant, Enum, Option, Result, Flags,
  Own, Borrow,
};

struct Val {
  Val() = default;
  Val(ValKind k, uint64_t b = 0) : kind(k), bits(b) {}  // NOLINT: Val{kind, bits} reads well

  ValKind kind = ValKind::Bool;
  // Bool: 0 or 1. Integers: the value; signed ones sign-extended to 64 bits.
  // F32/F64: the IEEE bits (f32 in the low 32). Char: the code point.
  // Variant/Enum: the case index. Option: 1 when some. Result: 1 when error.
  // Flags: bit i set when flag i (in type order) is set (at most 32 flags).
  // Own/Borrow: the representation (rep) of the resource.
  // String: the canonical ABI's hint of where it came from (CanonicalABI.md
  // load_string: the source encoding and tagged code units), which store_string
  // uses to size allocations exactly as the spec does; 0 when made by the host.
  uint64_t bits = 0;
  uint32_t resource = 0;  // Own/Borrow: the run-time resource type (see link/); String: the hint's encoding
  std::string str;        // String, UTF-8
  // String, instead of `str`: the bytes (validated, in the hint's encoding) in the
  // memory of the component that lifted it, borrowed while a component-to-component
  // call stores them into the callee's memory (LiftLowerContext::borrow_strings).
  const uint8_t* view = nullptr;
  // List elements; Record fields in type order; Tuple elements; the payload of
  // Variant, Option and Result (empty when the case has none).
  std::vector<Val> items;

  static Val boolean(bool b) { return {ValKind::Bool, uint64_t(b)}; }
  static Val s8(int8_t v) { return {ValKind::S8, uint64_t(int64_t(v))}; }
  static Val u8(uint8_t v) { return {ValKind::U8, v}; }
  static Val s16(int16_t v) { return {ValKind::S16, uint64_t(int64_t(v))}; }
  static Val u16(uint16_t v) { return {ValKind::U16, v}; }
  static Val s32(int32_t v) { return {ValKind::S32, uint64_t(int64_t(v))}; }
  static Val u32(uint32_t v) { return {ValKind::U32, v}; }
  static Val s64(int64_t v) { return {ValKind::S64, uint64_t(v)}; }
  static Val u64(uint64_t v) { return {ValKind::U64, v}; }
  static Val f32(float f) { uint32_t b; std::memcpy(&b, &f, 4); return {ValKind::F32, b}; }
  static Val f64(double d) { uint64_t b; std::memcpy(&b, &d, 8); return {ValKind::F64, b}; }
  static Val character(char32_t c) { return {ValKind::Char, uint64_t(c)}; }
  static Val string(std::string s) { Val v{ValKind::String}; v.str = std::move(s); return v; }
  static Val list(std::vector<Val> items) { Val v{ValKind::List}; v.items = std::move(items); return v; }
  static Val record(std::vector<Val> fields) { Val v{ValKind::Record}; v.items = std::move(fields); return v; }
  static Val tuple(std::vector<Val> items) { Val v{ValKind::Tuple}; v.items = std::move(items); return v; }
  static Val variant(uint32_t c, std::vector<Val> payload = {}) {
    Val v{ValKind::Variant, c}; v.items = std::move(payload); return v;
  }
  static Val enumeration(uint32_t c) { return {ValKind::Enum, c}; }
  static Val none() { return {ValKind::Option, 0}; }
  static Val some(Val x) { Val v{ValKind::Option, 1}; v.items.push_back(std::move(x)); return v; }
  static Val ok(std::vector<Val> payload = {}) { Val v{ValKind::Result, 0}; v.items = std::move(payload); return v; }
  static Val err(std::vector<Val> payload = {}) { Val v{ValKind::Result, 1}; v.items = std::move(payload); return v; }
  static Val flags(uint32_t set) { return {ValKind::Flags, set}; }
  static Val own(uint32_t resource, uint32_t rep) { Val v{ValKind::Own, rep}; v.resource = resource; return v; }
  static Val borrow(uint32_t resource, uint32_t rep) { Val v{ValKind::Borrow, rep}; v.resource = resource; return v; }

  int64_t as_s64() const { return int64_t(bits); }
  uint64_t as_u64() const { return bits; }
  uint32_t as_u32() const { return uint32_t(bits); }
  float as_f32() const { float f; uint32_t b = uint32_t(bits); std::memcpy(&f, &b, 4); return f; }
  double as_f64() const { double d; std::memcpy(&d, &bits, 8); return d; }
  // Structural equality; a string's hint is not part of its value.
  bool operator==(const Val& o) const {
    if (kind != o.kind) return false;
    if (kind == ValKind::String) return str == o.str;
    return bits == o.bits && resource == o.resource && str == o.str && items == o.items;
  }
};

}  // namespace weft::component

// Runtime values: numbers as raw bits, references as tagged handles into the store.
#pragma once

#include <cstdint>
#include <cstring>

#include "core/binary/types.h"

namespace weft::core {

// A reference. Null is `bits == 0`. funcref: (function address + 1) in the store;
// exnref: (exception index + 1). The any and extern hierarchies share one
// encoding, so that any.convert_extern and extern.convert_any change nothing:
//   odd              an i31: (value << 1) | 1
//   2 (mod 4)        a host reference (ref.extern N): (N << 2) | 2
//   0 (mod 4), not 0 a GC object (struct or array): its address in the store's heap
struct Ref {
  uint64_t bits = 0;
  bool is_null() const { return bits == 0; }
  bool is_i31() const { return bits & 1; }
  bool is_host() const { return (bits & 3) == 2; }
  bool is_object() const { return bits != 0 && (bits & 3) == 0; }
  bool operator==(const Ref&) const = default;

  static Ref i31(uint32_t v) { return Ref{(uint64_t(v & 0x7fffffffu) << 1) | 1}; }
  static Ref host(uint64_t n) { return Ref{(n << 2) | 2}; }
  uint32_t i31_u() const { return uint32_t(bits >> 1) & 0x7fffffffu; }
  int32_t i31_s() const { return int32_t(uint32_t(bits >> 1) << 1) >> 1; }
  uint64_t host_value() const { return bits >> 2; }
};

struct Value {
  ValType type = ValType::I32;
  uint64_t bits = 0;  // i32/f32 in the low 32 bits; references as Ref::bits

  static Value i32(uint32_t v) { return {ValType::I32, v}; }
  static Value i64(uint64_t v) { return {ValType::I64, v}; }
  static Value f32_bits(uint32_t v) { return {ValType::F32, v}; }
  static Value f64_bits(uint64_t v) { return {ValType::F64, v}; }
  static Value f32(float f) { uint32_t b; std::memcpy(&b, &f, 4); return f32_bits(b); }
  static Value f64(double d) { uint64_t b; std::memcpy(&b, &d, 8); return f64_bits(b); }
  static Value ref(ValType t, Ref r) { return {t, r.bits}; }
  static Value null(ValType t) { return {t, 0}; }

  uint32_t as_u32() const { return uint32_t(bits); }
  uint64_t as_u64() const { return bits; }
  float as_f32() const { float f; uint32_t b = uint32_t(bits); std::memcpy(&f, &b, 4); return f; }
  double as_f64() const { double d; std::memcpy(&d, &bits, 8); return d; }
  Ref as_ref() const { return Ref{bits}; }
};

}  // namespace weft::core

// The numeric operators as small functors, named by opcode.def's Fn column.
// Operands arrive as their wasm type (u32/u64 for integers, float/double);
// signedness is each operator's business. Float bits are never canonicalised
// except where the spec's operators produce a NaN themselves.
// spec: https://webassembly.github.io/spec/core/exec/numerics.html
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "core/interp/trap.h"

namespace weft::core::ops {

struct _ {};  // no functor: the interpreter has a hand-written handler

template <class T>
using S = std::make_signed_t<T>;
template <class T>
constexpr T kShiftMask = T(sizeof(T) * 8 - 1);

// Float bits as an unsigned integer of the same width.
template <class F>
using Bits = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
template <class F>
constexpr Bits<F> kSignBit = Bits<F>(1) << (sizeof(F) * 8 - 1);

// --- integer arithmetic ---
struct Add { template <class R, class T> static R op(T a, T b) { return R(a + b); } };
struct Sub { template <class R, class T> static R op(T a, T b) { return R(a - b); } };
struct Mul { template <class R, class T> static R op(T a, T b) { return R(a * b); } };
struct And { template <class R, class T> static R op(T a, T b) { return R(a & b); } };
struct Or { template <class R, class T> static R op(T a, T b) { return R(a | b); } };
struct Xor { template <class R, class T> static R op(T a, T b) { return R(a ^ b); } };
struct Shl { template <class R, class T> static R op(T a, T b) { return R(a << (b & kShiftMask<T>)); } };
struct ShrU { template <class R, class T> static R op(T a, T b) { return R(a >> (b & kShiftMask<T>)); } };
struct ShrS { template <class R, class T> static R op(T a, T b) { return R(S<T>(a) >> (b & kShiftMask<T>)); } };
struct Rotl { template <class R, class T> static R op(T a, T b) { return std::rotl(a, int(b & kShiftMask<T>)); } };
struct Rotr { template <class R, class T> static R op(T a, T b) { return std::rotr(a, int(b & kShiftMask<T>)); } };
struct Clz { template <class R, class T> static R op(T a) { return R(std::countl_zero(a)); } };
struct Ctz { template <class R, class T> static R op(T a) { return R(std::countr_zero(a)); } };
struct Popcnt { template <class R, class T> static R op(T a) { return R(std::popcount(a)); } };

struct DivS {
  static constexpr bool kTraps = true;
  template <class R, class T>
  static R op(T a, T b, Trap& trap) {
    if (b == 0) return trap = Trap::DivideByZero, R(0);
    if (S<T>(a) == std::numeric_limits<S<T>>::min() && S<T>(b) == -1) return trap = Trap::IntegerOverflow, R(0);
    return R(S<T>(a) / S<T>(b));
  }
};
struct DivU {
  static constexpr bool kTraps = true;
  template <class R, class T>
  static R op(T a, T b, Trap& trap) {
    if (b == 0) return trap = Trap::DivideByZero, R(0);
    return R(a / b);
  }
};
struct RemS {
  static constexpr bool kTraps = true;
  template <class R, class T>
  static R op(T a, T b, Trap& trap) {
    if (b == 0) return trap = Trap::DivideByZero, R(0);
    if (S<T>(b) == -1) return R(0);  // also avoids the INT_MIN % -1 overflow
    return R(S<T>(a) % S<T>(b));
  }
};
struct RemU {
  static constexpr bool kTraps = true;
  template <class R, class T>
  static R op(T a, T b, Trap& trap) {
    if (b == 0) return trap = Trap::DivideByZero, R(0);
    return R(a % b);
  }
};

// --- comparisons (integers compare unsigned unless the name says S) ---
struct Eqz { template <class R, class T> static R op(T a) { return R(a == 0); } };
struct Eq { template <class R, class T> static R op(T a, T b) { return R(a == b); } };
struct Ne { template <class R, class T> static R op(T a, T b) { return R(a != b); } };
struct LtS { template <class R, class T> static R op(T a, T b) { return R(S<T>(a) < S<T>(b)); } };
struct LtU { template <class R, class T> static R op(T a, T b) { return R(a < b); } };
struct GtS { template <class R, class T> static R op(T a, T b) { return R(S<T>(a) > S<T>(b)); } };
struct GtU { template <class R, class T> static R op(T a, T b) { return R(a > b); } };
struct LeS { template <class R, class T> static R op(T a, T b) { return R(S<T>(a) <= S<T>(b)); } };
struct LeU { template <class R, class T> static R op(T a, T b) { return R(a <= b); } };
struct GeS { template <class R, class T> static R op(T a, T b) { return R(S<T>(a) >= S<T>(b)); } };
struct GeU { template <class R, class T> static R op(T a, T b) { return R(a >= b); } };
struct Lt { template <class R, class T> static R op(T a, T b) { return R(a < b); } };
struct Gt { template <class R, class T> static R op(T a, T b) { return R(a > b); } };
struct Le { template <class R, class T> static R op(T a, T b) { return R(a <= b); } };
struct Ge { template <class R, class T> static R op(T a, T b) { return R(a >= b); } };

// --- float arithmetic ---
struct Div { template <class R, class T> static R op(T a, T b) { return a / b; } };
// abs, neg and copysign only touch the sign bit, NaN payloads included.
struct Abs { template <class R, class T> static R op(T a) { return std::bit_cast<T>(Bits<T>(std::bit_cast<Bits<T>>(a) & ~kSignBit<T>)); } };
struct Neg { template <class R, class T> static R op(T a) { return std::bit_cast<T>(Bits<T>(std::bit_cast<Bits<T>>(a) ^ kSignBit<T>)); } };
struct Copysign {
  template <class R, class T>
  static R op(T a, T b) {
    Bits<T> mag = std::bit_cast<Bits<T>>(a) & ~kSignBit<T>;
    return std::bit_cast<T>(Bits<T>(mag | (std::bit_cast<Bits<T>>(b) & kSignBit<T>)));
  }
};
// Rounding: a NaN operand comes back quieted (an arithmetic NaN).
struct Ceil { template <class R, class T> static R op(T a) { return a != a ? a + a : std::ceil(a); } };
struct Floor { template <class R, class T> static R op(T a) { return a != a ? a + a : std::floor(a); } };
struct Trunc { template <class R, class T> static R op(T a) { return a != a ? a + a : std::trunc(a); } };
// Round half to even: nearbyint in the default rounding mode.
struct Nearest { template <class R, class T> static R op(T a) { return a != a ? a + a : std::nearbyint(a); } };
struct Sqrt { template <class R, class T> static R op(T a) { return std::sqrt(a); } };
// min/max: a NaN operand wins; -0 is less than +0.
struct Min {
  template <class R, class T>
  static R op(T a, T b) {
    if (a != a || b != b) return a + b;
    if (a == b) return std::bit_cast<T>(Bits<T>(std::bit_cast<Bits<T>>(a) | std::bit_cast<Bits<T>>(b)));
    return a < b ? a : b;
  }
};
struct Max {
  template <class R, class T>
  static R op(T a, T b) {
    if (a != a || b != b) return a + b;
    if (a == b) return std::bit_cast<T>(Bits<T>(std::bit_cast<Bits<T>>(a) & std::bit_cast<Bits<T>>(b)));
    return a > b ? a : b;
  }
};

// --- conversions ---
struct Wrap { template <class R, class T> static R op(T a) { return R(a); } };
struct ExtendS { template <class R, class T> static R op(T a) { return R(S<R>(S<T>(a))); } };
struct ExtendU { template <class R, class T> static R op(T a) { return R(a); } };
struct Extend8S { template <class R, class T> static R op(T a) { return R(S<R>(int8_t(a))); } };
struct Extend16S { template <class R, class T> static R op(T a) { return R(S<R>(int16_t(a))); } };
struct Extend32S { template <class R, class T> static R op(T a) { return R(S<R>(int32_t(a))); } };
struct ConvertS { template <class R, class T> static R op(T a) { return R(S<T>(a)); } };
struct ConvertU { template <class R, class T> static R op(T a) { return R(a); } };
struct Demote { template <class R, class T> static R op(T a) { return R(a); } };
struct Promote { template <class R, class T> static R op(T a) { return R(a); } };
struct Reinterpret { template <class R, class T> static R op(T a) { return std::bit_cast<R>(a); } };

// Does the truncation of `a` fit R? Checked in double, where the bounds are exact:
// signed: (-2^(N-1) - 1, 2^(N-1)), unsigned: (-1, 2^N). For i64, -2^63 - 1 is not a
// double, but then no double lies strictly between it and -2^63 either.
template <class R, bool kSigned, class T>
bool trunc_in_range(T a) {
  const double d = double(a);
  if constexpr (sizeof(R) == 4) {
    return kSigned ? (d > -2147483649.0 && d < 2147483648.0) : (d > -1.0 && d < 4294967296.0);
  } else {
    return kSigned ? (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
                   : (d > -1.0 && d < 18446744073709551616.0);
  }
}

template <bool kSigned>
struct TruncTo {
  static constexpr bool kTraps = true;
  template <class R, class T>
  static R op(T a, Trap& trap) {
    if (a != a) return trap = Trap::InvalidConversion, R(0);
    if (!trunc_in_range<R, kSigned>(a)) return trap = Trap::IntegerOverflow, R(0);
    if constexpr (kSigned) return R(S<R>(a));
    return R(a);
  }
};
using TruncS = TruncTo<true>;
using TruncU = TruncTo<false>;

template <bool kSigned>
struct TruncSatTo {
  template <class R, class T>
  static R op(T a) {
    using L = std::conditional_t<kSigned, S<R>, R>;
    if (a != a) return R(0);
    if (trunc_in_range<R, kSigned>(a)) return R(L(a));
    return a < 0 ? R(std::numeric_limits<L>::min()) : R(std::numeric_limits<L>::max());
  }
};
using TruncSatS = TruncSatTo<true>;
using TruncSatU = TruncSatTo<false>;

// --- memory: T is the type in memory, R/V the wasm operand type ---
template <class T>
struct Load {
  using Type = T;
  template <class R>
  static R load(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) return R(S<R>(v));
    return R(v);
  }
};
template <class T>
struct Store {
  using Type = T;
  template <class V>
  static void store(uint8_t* p, V v) {
    T t = T(v);
    std::memcpy(p, &t, sizeof(T));
  }
};

template <class F>
concept Traps = requires { F::kTraps; };

}  // namespace weft::core::ops

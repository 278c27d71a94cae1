// Handlers of the simple operators, generated from opcode.def's signature and Fn
// columns: one template per shape (unary, binary, binary with an immediate,
// load, store), instantiated once per row by the interpreter loop.
#pragma once

#include <bit>
#include <cstring>
#include <type_traits>

#include "core/binary/opcode.h"
#include "core/interp/code.h"
#include "core/interp/operators.h"

namespace weft::core::handlers {

#define WEFT_INLINE [[gnu::always_inline]] inline

template <ValType T>
using CType = std::conditional_t<T == ValType::I32, uint32_t,
              std::conditional_t<T == ValType::I64, uint64_t, std::conditional_t<T == ValType::F32, float, double>>>;

// Slots hold 64 bits; 32-bit values live in the low half.
template <class T>
WEFT_INLINE T get(uint64_t s) {
  if constexpr (std::is_same_v<T, uint32_t>) return uint32_t(s);
  else if constexpr (std::is_same_v<T, uint64_t>) return s;
  else if constexpr (std::is_same_v<T, float>) return std::bit_cast<float>(uint32_t(s));
  else return std::bit_cast<double>(s);
}
template <class T>
WEFT_INLINE uint64_t put(T v) {
  if constexpr (std::is_same_v<T, float>) return std::bit_cast<uint32_t>(v);
  else if constexpr (std::is_same_v<T, double>) return std::bit_cast<uint64_t>(v);
  else return uint64_t(v);
}
WEFT_INLINE uint64_t imm64(const uint32_t* p) { return uint64_t(p[0]) | (uint64_t(p[1]) << 32); }

template <class F> constexpr bool kIsLoad = false;
template <class T> constexpr bool kIsLoad<ops::Load<T>> = true;
template <class F> constexpr bool kIsStore = false;
template <class T> constexpr bool kIsStore<ops::Store<T>> = true;

enum class Shape : uint8_t { None, Unary, Binary, Load, Store };

template <Opcode kOp, class F>
constexpr Shape shape() {
  constexpr OpSig s = op_info(kOp).sig;
  if constexpr (!s.simple || std::is_same_v<F, ops::_>) return Shape::None;
  else if constexpr (kIsLoad<F>) return Shape::Load;
  else if constexpr (kIsStore<F>) return Shape::Store;
  else if constexpr (s.param_count == 1 && s.result_count == 1) return Shape::Unary;
  else if constexpr (s.param_count == 2 && s.result_count == 1) return Shape::Binary;
  else return Shape::None;
}

template <Opcode kOp, int I>
using Param = CType<op_info(kOp).sig.params[I]>;
template <Opcode kOp>
using Res = CType<op_info(kOp).sig.result>;

template <Opcode kOp, class F, class... A>
WEFT_INLINE Trap apply(uint64_t& dst, A... a) {
  using R = Res<kOp>;
  if constexpr (ops::Traps<F>) {
    Trap t = Trap::None;
    R r = F::template op<R>(a..., t);
    if (t != Trap::None) [[unlikely]] return t;
    dst = put(r);
  } else {
    dst = put(F::template op<R>(a...));
  }
  return Trap::None;
}

// Layouts: unary {dst, a}; binary {dst, a, b}; binary-immediate {dst, a, imm64};
// load {dst, addr, offset, mem}; store {addr, value, offset, mem}.
template <Opcode kOp, class F>
WEFT_INLINE Trap simple(uint64_t* fp, const uint32_t* pc, uint8_t* mem, uint64_t mem_size) {
  constexpr Shape s = shape<kOp, F>();
  if constexpr (s == Shape::Unary) {
    return apply<kOp, F>(fp[pc[2]], get<Param<kOp, 0>>(fp[pc[3]]));
  } else if constexpr (s == Shape::Binary) {
    return apply<kOp, F>(fp[pc[2]], get<Param<kOp, 0>>(fp[pc[3]]), get<Param<kOp, 1>>(fp[pc[4]]));
  } else if constexpr (s == Shape::Load) {
    const uint64_t ea = uint64_t(uint32_t(fp[pc[3]])) + pc[4];
    if (ea + sizeof(typename F::Type) > mem_size) [[unlikely]] return Trap::MemoryOutOfBounds;
    fp[pc[2]] = put(F::template load<Res<kOp>>(mem + ea));
    return Trap::None;
  } else if constexpr (s == Shape::Store) {
    const uint64_t ea = uint64_t(uint32_t(fp[pc[2]])) + pc[4];
    if (ea + sizeof(typename F::Type) > mem_size) [[unlikely]] return Trap::MemoryOutOfBounds;
    F::store(mem + ea, get<Param<kOp, 1>>(fp[pc[3]]));
    return Trap::None;
  } else {
    return Trap::Unreachable;  // never emitted
  }
}

template <Opcode kOp, class F>
WEFT_INLINE Trap simple_imm(uint64_t* fp, const uint32_t* pc) {
  if constexpr (shape<kOp, F>() == Shape::Binary) {
    return apply<kOp, F>(fp[pc[2]], get<Param<kOp, 0>>(fp[pc[3]]), get<Param<kOp, 1>>(imm64(pc + 4)));
  } else {
    return Trap::Unreachable;  // never emitted
  }
}

// Loads and stores whose address is an i32.add (wrapping, as in wasm) of two
// slots or a slot and an immediate. Layout: {x, a, b, offset}, x being the load's
// destination or the store's value.
template <Opcode kOp, class F, bool kImm>
WEFT_INLINE Trap addr_add(uint64_t* fp, const uint32_t* pc, uint8_t* mem, uint64_t mem_size) {
  constexpr Shape s = shape<kOp, F>();
  if constexpr (s == Shape::Load || s == Shape::Store) {
    const uint32_t base = uint32_t(fp[pc[3]]) + (kImm ? pc[4] : uint32_t(fp[pc[4]]));
    const uint64_t ea = uint64_t(base) + pc[5];
    if (ea + sizeof(typename F::Type) > mem_size) [[unlikely]] return Trap::MemoryOutOfBounds;
    if constexpr (s == Shape::Load) fp[pc[2]] = put(F::template load<Res<kOp>>(mem + ea));
    else F::store(mem + ea, get<Param<kOp, 1>>(fp[pc[2]]));
    return Trap::None;
  } else {
    return Trap::Unreachable;  // never emitted
  }
}

// Loads and stores of an i64 memory (any index). Layout: {x, addr, offset64, mem},
// x being the load's destination or the store's value. Address, offset and access
// size are each below 2^64 but their sum may not be: check without wrapping.
template <Opcode kOp, class F>
WEFT_INLINE Trap mem64(uint64_t* fp, const uint32_t* pc, uint8_t* mem, uint64_t mem_size) {
  constexpr Shape s = shape<kOp, F>();
  if constexpr (s == Shape::Load || s == Shape::Store) {
    const uint64_t addr = fp[pc[3]], offset = imm64(pc + 4);
    constexpr uint64_t n = sizeof(typename F::Type);
    if (addr > mem_size || offset > mem_size - addr || n > mem_size - addr - offset) [[unlikely]] {
      return Trap::MemoryOutOfBounds;
    }
    uint8_t* p = mem + (addr + offset);
    if constexpr (s == Shape::Load) fp[pc[2]] = put(F::template load<Res<kOp>>(p));
    else F::store(p, get<Param<kOp, 1>>(fp[pc[2]]));
    return Trap::None;
  } else {
    return Trap::Unreachable;  // never emitted
  }
}

// Fused compare-and-jump. Layouts: unary {a, rel}; binary {a, b, rel};
// immediate {a, rel, imm64}. Returns how far to move pc.
template <Opcode kOp, class F, bool kWhen, bool kImm>
WEFT_INLINE int32_t compare_jump(const uint64_t* fp, const uint32_t* pc) {
  constexpr Shape s = is_comparison(kOp) ? shape<kOp, F>() : Shape::None;
  if constexpr (s == Shape::Unary && !kImm) {
    const bool c = F::template op<uint32_t>(get<Param<kOp, 0>>(fp[pc[2]]));
    return c == kWhen ? int32_t(pc[3]) : 4;
  } else if constexpr (s == Shape::Binary && !kImm) {
    const bool c = F::template op<uint32_t>(get<Param<kOp, 0>>(fp[pc[2]]), get<Param<kOp, 1>>(fp[pc[3]]));
    return c == kWhen ? int32_t(pc[4]) : 6;
  } else if constexpr (s == Shape::Binary) {
    const bool c = F::template op<uint32_t>(get<Param<kOp, 0>>(fp[pc[2]]), get<Param<kOp, 1>>(imm64(pc + 4)));
    return c == kWhen ? int32_t(pc[3]) : 6;
  } else {
    return 0;  // never emitted
  }
}

// Words per instruction of each shape, the handler's two included.
template <Opcode kOp, class F>
constexpr uint32_t simple_size() {
  return shape<kOp, F>() == Shape::Unary ? 4 : 6;
}

}  // namespace weft::core::handlers

// Trap codes: cheap values inside the interpreter, the spec's texts at the API boundary.
#pragma once

#include <cstdint>
#include <string_view>

namespace weft::core {

enum class Trap : uint8_t {
  None,
  Unreachable,
  DivideByZero,
  IntegerOverflow,
  InvalidConversion,
  MemoryOutOfBounds,
  TableOutOfBounds,
  UndefinedElement,
  UninitializedElement,
  IndirectCallTypeMismatch,
  CallStackExhausted,
  NullFunctionReference,
  Interrupted,  // Store::interrupt
  OutOfFuel,    // StoreLimits::fuel ran out
  Host,  // a host function returned an error; the engine keeps it
  Exception,  // a wasm exception is being thrown (uncaught when it leaves the engine)
  NullExceptionReference,
  NullReference,  // ref.as_non_null
  NullStructReference,
  NullArrayReference,
  NullI31Reference,
  ArrayOutOfBounds,
  CastFailure,
  GcHeapExhausted,  // StoreLimits::max_gc_heap_bytes
};

// The message of an exception that no handler caught (an Execute error).
inline constexpr std::string_view kUncaughtException = "uncaught exception";

// The message the spec test suite expects for each trap.
constexpr std::string_view trap_message(Trap t) {
  switch (t) {
    case Trap::None: return "no trap";
    case Trap::Unreachable: return "unreachable";
    case Trap::DivideByZero: return "integer divide by zero";
    case Trap::IntegerOverflow: return "integer overflow";
    case Trap::InvalidConversion: return "invalid conversion to integer";
    case Trap::MemoryOutOfBounds: return "out of bounds memory access";
    case Trap::TableOutOfBounds: return "out of bounds table access";
    case Trap::UndefinedElement: return "undefined element";
    case Trap::UninitializedElement: return "uninitialized element";
    case Trap::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case Trap::CallStackExhausted: return "call stack exhausted";
    case Trap::NullFunctionReference: return "null function reference";
    case Trap::Interrupted: return "interrupted";
    case Trap::OutOfFuel: return "all fuel consumed";
    case Trap::Host: return "host error";
    case Trap::Exception: return kUncaughtException;
    case Trap::NullExceptionReference: return "null exception reference";
    case Trap::NullReference: return "null reference";
    case Trap::NullStructReference: return "null structure reference";
    case Trap::NullArrayReference: return "null array reference";
    case Trap::NullI31Reference: return "null i31 reference";
    case Trap::ArrayOutOfBounds: return "out of bounds array access";
    case Trap::CastFailure: return "cast failure";
    case Trap::GcHeapExhausted: return "out of GC heap memory";
  }
  return "trap";
}

}  // namespace weft::core

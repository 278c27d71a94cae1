// The store: owns every runtime entity (functions, tables, memories, globals,
// instances); everything else refers to them by typed address.
// spec: https://webassembly.github.io/spec/core/exec/runtime.html#store
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/value.h"
#include "core/validate/validator.h"
#include "support/error.h"

namespace weft::core {

using FuncAddr = uint32_t;
using TableAddr = uint32_t;
using MemAddr = uint32_t;
using GlobalAddr = uint32_t;
using TagAddr = uint32_t;
using InstanceAddr = uint32_t;

// An external value: what an import receives and an export provides.
struct Extern {
  ExternKind kind = ExternKind::Func;
  uint32_t addr = 0;
};

class Store;
class Engine;

// What a host function sees: the calling store and (when called from wasm) the
// caller's instance, so that WASI can reach the caller's exported memory.
struct HostContext {
  Store& store;
  InstanceAddr caller;  // kNoInstance when called from the host API
};

// A host function writes its results into `results` (sized to the type's results).
// Returning an error traps the calling wasm code with that error.
using HostFunc = std::function<Result<void>(HostContext&, std::span<const Value> args, std::span<Value> results)>;

// Limits a store enforces on what untrusted code may allocate.
struct StoreLimits {
  uint32_t max_call_depth = 10000;         // wasm frames; deeper recursion traps "call stack exhausted"
  // Pages per memory. An i32 memory has at most 65536 (4 GiB) anyway; this default
  // lets an i64 memory grow to 8 GiB, still inside one pooled reservation.
  uint64_t max_memory_pages = 131072;
  uint32_t max_table_elements = 10000000;  // per table
  uint32_t max_instances = 10000;          // module instances over the store's life
  // Units of execution allowed over the store's life: one per loop iteration and
  // per call. Running out traps "all fuel consumed". nullopt: unlimited.
  std::optional<uint64_t> fuel;
  // Bytes of GC objects (structs and arrays) the store may hold; allocating past
  // it traps. Nothing is collected before the store is destroyed (gc_heap.h).
  uint64_t max_gc_heap_bytes = uint64_t(1) << 30;
};

constexpr InstanceAddr kNoInstance = ~0u;

class Store {
 public:
  // A store that runs code on the interpreter (the constructor lives in core/interp).
  explicit Store(StoreLimits limits = {});
  // A store that runs code on the given engine.
  Store(StoreLimits limits, std::unique_ptr<Engine> engine);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // --- Host-created entities (for imports, the spectest module, WASI) ---
  // Types given here may name abstract heap types only (funcref, externref, ...),
  // or canonical ids (HeapType::canonical).
  FuncAddr add_host_func(FuncType type, HostFunc fn, std::string debug_name = {});
  Result<TableAddr> add_table(TableType type, Ref init = {});
  Result<MemAddr> add_memory(MemoryType type);
  GlobalAddr add_global(GlobalType type, Value init);

  // --- Instantiation ---
  // `imports` are in the module's import order and must already match by name;
  // types are checked here ("incompatible import type" is a Link error). Traps
  // while initialising segments or in the start function are Instantiate errors
  // with the trap message (e.g. "out of bounds table access").
  Result<InstanceAddr> instantiate(const ValidatedModulePtr& module, std::span<const Extern> imports);

  // Export of an instance by name; nullopt when there is none.
  std::optional<Extern> find_export(InstanceAddr inst, std::string_view name) const;
  // All exports of an instance, in the module's order.
  std::vector<std::pair<std::string, Extern>> exports(InstanceAddr inst) const;
  const Module& module_of(InstanceAddr inst) const;

  // --- Invocation ---
  // Calls a function (wasm or host). Arguments must match its type (checked:
  // Usage error otherwise). A trap is an Error with Phase::Execute whose message is
  // the spec's trap text ("integer divide by zero", "unreachable", ...) and which
  // carries a wasm stack trace in `trace()` of the last trap.
  Result<std::vector<Value>> invoke(FuncAddr func, std::span<const Value> args);
  const FuncType& func_type(FuncAddr func) const;
  // The wasm backtrace of the most recent trap, innermost first: "name (func N) at offset 0x..".
  const std::vector<std::string>& last_trace() const;

  // --- Direct access (host functions, WASI, tests) ---
  Value global_get(GlobalAddr g) const;
  Result<void> global_set(GlobalAddr g, Value v);
  GlobalType global_type(GlobalAddr g) const;
  // Memory bytes; the span is valid until the memory grows.
  std::span<uint8_t> memory_data(MemAddr m);
  uint64_t memory_pages(MemAddr m) const;
  MemoryType memory_type(MemAddr m) const;  // current limits (min = current size)
  TableType table_type(TableAddr t) const;  // current limits (min = current size)
  Result<Ref> table_get(TableAddr t, uint32_t index) const;

  const StoreLimits& limits() const { return limits_; }

  // Thread-safe (may be called while another thread runs code in this store):
  // the running wasm code traps "interrupted" at its next loop iteration or call.
  // If no code is running, the next code that runs traps.
  void interrupt();

  // Implementation state is private to core/runtime and core/interp.
  struct Impl;
  Impl& impl() { return *impl_; }
  const Impl& impl() const { return *impl_; }

 private:
  StoreLimits limits_;
  std::unique_ptr<Impl> impl_;
};

// Import matching: does an external value of the store match the declared import
// type (with the spec's limits subtyping)? Exposed for the script runner's
// assert_unlinkable messages.
Result<void> match_import(const Store& store, const Import& import, const ValidatedModule& module, Extern value);

}  // namespace weft::core

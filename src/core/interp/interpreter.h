// The interpreter: runs compiled code on one value stack per store. Wasm-to-wasm
// calls push a frame record and continue in the same loop, so wasm recursion
// never recurses on the host stack; only host functions that call back in do.
#pragma once

#include <atomic>
#include <optional>

#include <span>
#include <string>
#include <vector>

#include "core/interp/code.h"
#include "core/interp/trap.h"
#include "core/runtime/instance.h"

namespace weft::core {

class Interpreter {
 public:
  explicit Interpreter(const StoreLimits& limits);
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  // Calls a function instance (wasm or host) from the host.
  Result<void> call(Store& store, FuncInst& func, std::span<const Value> args, std::span<Value> results);

  // Thread-safe: running code traps "interrupted" at its next loop iteration or
  // call (within one budget chunk); if none runs, the next code that does.
  void interrupt();

  // The handler table, filled by running the loop in its setup mode.
  static const void* const* handlers();

 private:
  // A suspended caller: where to continue, its frame, function and instance.
  // A null `ret` marks the entry from the host.
  struct Frame {
    const uint32_t* ret;
    uint64_t* fp;
    const CompiledFunc* func;
    ModuleInstance* inst;
  };

  // The loop. With a null `self` it only publishes the handler table.
  static Trap run(Interpreter* self, const CompiledFunc* func, ModuleInstance* inst, uint64_t* fp);
  Trap call_host(FuncInst& f, uint64_t* args, ModuleInstance* caller, uint64_t* stack_top);
  void record_trace(const CompiledFunc* func, const uint32_t* pc, uint32_t entry_depth);
  Error trap_error(Trap t);
  // The budget ran out: account fuel, check for interruption, hand out a new chunk.
  Trap refuel();
  // Exceptions (the throw path only): make one from a tag and its payload; find
  // the clause of `func`'s try_tables around `at` that catches the pending one
  // and put the label's values in place.
  void make_exception(ModuleInstance* inst, uint32_t tag, const uint64_t* payload);
  const CatchPad* catch_here(const CompiledFunc* func, const ModuleInstance* inst, const uint32_t* at);
  void deliver(const CatchPad& pad, uint64_t* fp);

  Store* store_ = nullptr;
  uint64_t* stack_ = nullptr;  // the value stack (mmap'd, committed on touch)
  uint64_t* stack_end_ = nullptr;
  uint64_t* stack_top_ = nullptr;  // first free slot when entered from the host
  size_t stack_bytes_ = 0;
  Frame* frames_ = nullptr;  // max_depth_ records (mmap'd, committed on touch)
  size_t frames_bytes_ = 0;
  uint32_t depth_ = 0;
  uint32_t entries_ = 0;  // nested entries from the host (each one uses host stack)
  uintptr_t host_stack_base_ = 0;  // the host stack pointer at the outermost entry
  uint32_t max_depth_ = 0;
  Error host_error_;
  // Loop iterations and calls left in the current chunk. Another thread may zero
  // it (interrupt), so it is atomic, but only ever read and written relaxed.
  std::atomic<int64_t> budget_{0};
  std::atomic<bool> interrupted_{false};
  std::optional<uint64_t> fuel_;  // units not yet handed out in chunks; nullopt: unlimited
  // Where the last trap happened (innermost frame).
  const CompiledFunc* trap_func_ = nullptr;
  const uint32_t* trap_pc_ = nullptr;
  std::optional<uint32_t> trap_element_;  // the table index an "uninitialized element" trap names
  uint64_t exn_ = 0;  // the exception being thrown (exnref bits) while a Trap::Exception unwinds
};

}  // namespace weft::core

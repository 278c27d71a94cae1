// The seam between the store and whatever runs code: the interpreter today, a
// compiler tier later. The store owns an Engine and asks it to prepare modules and call functions.
#pragma once

#include <memory>
#include <span>

#include "core/runtime/value.h"
#include "core/validate/validator.h"
#include "support/error.h"

namespace weft::core {

class Store;
struct StoreLimits;
using FuncAddr = uint32_t;

// How a function instance is entered.
enum class EntryKind : uint8_t { Host, Interp, Native };

// An engine's compiled form of one module, shared by every instance of it.
class ModuleCode {
 public:
  virtual ~ModuleCode() = default;
  // The entry of defined function `index` (imports excluded), and how to enter it.
  virtual const void* entry(uint32_t defined_index) const = 0;
  virtual EntryKind entry_kind() const = 0;
};

class Engine {
 public:
  virtual ~Engine() = default;
  // Compiles (or fetches from a cache) the code of a validated module.
  virtual Result<std::shared_ptr<const ModuleCode>> prepare(const ValidatedModulePtr& module) = 0;
  // Calls a function instance; `args` and `results` are sized by its type (already checked).
  virtual Result<void> call(Store& store, FuncAddr func, std::span<const Value> args, std::span<Value> results) = 0;
  // Asks running code to trap "interrupted" soon; callable from any thread.
  virtual void interrupt() = 0;
};

// The interpreter engine (defined in core/interp).
std::unique_ptr<Engine> make_interpreter_engine(const StoreLimits& limits);

}  // namespace weft::core

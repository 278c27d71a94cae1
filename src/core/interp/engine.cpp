// The interpreter as the store's engine: entry from the host, host calls, traps
// and traces, and a process-wide cache so each module is compiled once.
#include <fmt/format.h>

#include <memory>
#include <map>
#include <mutex>

#include "core/interp/interpreter.h"

namespace weft::core {
namespace {

// Compiled code is immutable and shared by every instance (and store) of a
// module. An entry keeps its module alive, so a live key is never reused.
class CodeCache {
 public:
  Result<std::shared_ptr<const CompiledModule>> get(const ValidatedModulePtr& module) {
    {
      std::lock_guard lock(mutex_);
      if (auto it = cache_.find(module.get()); it != cache_.end()) {
        if (auto code = it->second.lock()) return code;
      }
    }
    WEFT_TRY(code, compile_module(module));
    std::lock_guard lock(mutex_);
    std::erase_if(cache_, [](const auto& e) { return e.second.expired(); });
    cache_[module.get()] = code;
    return code;
  }

 private:
  std::mutex mutex_;
  std::map<const ValidatedModule*, std::weak_ptr<const CompiledModule>> cache_;
};

// Wasm calls never use the host stack, but a host function that calls back into
// wasm nests a whole interpreter activation; these bound that nesting, by count
// and by the host stack it has used (debug builds have far larger frames).
constexpr uint32_t kMaxEntries = 1000;
constexpr uintptr_t kHostStackBudget = uintptr_t{2} << 20;

CodeCache& code_cache() {
  static CodeCache cache;
  return cache;
}

class InterpreterEngine final : public Engine {
 public:
  explicit InterpreterEngine(const StoreLimits& limits) : interp_(limits) {}

  Result<std::shared_ptr<const ModuleCode>> prepare(const ValidatedModulePtr& module) override {
    WEFT_TRY(code, code_cache().get(module));
    return std::shared_ptr<const ModuleCode>(std::move(code));
  }

  Result<void> call(Store& store, FuncAddr func, std::span<const Value> args, std::span<Value> results) override {
    return interp_.call(store, store.impl().funcs[func], args, results);
  }

  void interrupt() override { interp_.interrupt(); }

 private:
  Interpreter interp_;
};

}  // namespace

std::unique_ptr<Engine> make_interpreter_engine(const StoreLimits& limits) {
  return std::make_unique<InterpreterEngine>(limits);
}

Store::Store(StoreLimits limits) : Store(limits, make_interpreter_engine(limits)) {}

Result<void> Interpreter::call(Store& store, FuncInst& func, std::span<const Value> args, std::span<Value> results) {
  store_ = &store;
  if (func.kind == EntryKind::Host) {
    HostContext ctx{store, kNoInstance};
    return func.host(ctx, args, results);
  }
  const auto* code = static_cast<const CompiledFunc*>(func.entry);
  uint64_t* const fp = stack_top_;
  const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (entries_ == 0) {
    host_stack_base_ = here;
    exn_ = 0;  // an exception that left an earlier outermost call is over
  }
  const bool host_stack_full = host_stack_base_ > here && host_stack_base_ - here > kHostStackBudget;
  if (!stack_ || depth_ >= max_depth_ || entries_ >= kMaxEntries || host_stack_full || fp + code->frame_size > stack_end_) {
    store.impl().last_trace.clear();
    return make_error(Phase::Execute, {}, std::string(trap_message(Trap::CallStackExhausted)));
  }
  for (size_t i = 0; i < args.size(); ++i) fp[i] = args[i].bits;
  std::fill(fp + code->param_count, fp + code->local_count, 0);
  const uint32_t entry_depth = depth_;
  frames_[depth_++] = Frame{nullptr, nullptr, nullptr, nullptr};
  ++entries_;
  const Trap trap = run(this, code, func.instance, fp);
  --entries_;
  if (trap != Trap::None) {
    record_trace(trap_func_, trap_pc_, entry_depth);
    depth_ = entry_depth;
    return std::unexpected(trap_error(trap));
  }
  for (size_t i = 0; i < results.size(); ++i) results[i].bits = fp[i];
  return {};
}

Trap Interpreter::call_host(FuncInst& f, uint64_t* args, ModuleInstance* caller, uint64_t* stack_top) {
  const FuncType& type = f.type;
  // Arguments and results live on the host stack unless there are many (host
  // calls are on the path of every WASI and component import call); the stack
  // slots are left raw and only the values used are made.
  constexpr size_t kInline = 8;
  union Slots {
    Slots() {}
    Value v[kInline];
  } in_small, out_small;
  std::vector<Value> in_large, out_large;
  const size_t np = type.params.size(), nr = type.results.size();
  if (np > kInline) in_large.resize(np);
  if (nr > kInline) out_large.resize(nr);
  Value* const in = np > kInline ? in_large.data() : in_small.v;
  Value* const out = nr > kInline ? out_large.data() : out_small.v;
  for (size_t i = 0; i < np; ++i) {
    const ValType t = type.params[i];
    const bool narrow = t == ValType::I32 || t == ValType::F32;
    std::construct_at(in + i, Value{t, narrow ? args[i] & 0xffffffffu : args[i]});
  }
  for (size_t i = 0; i < nr; ++i) std::construct_at(out + i, Value{type.results[i], 0});
  // A host function may call back into wasm: that activation starts above this frame.
  uint64_t* const saved_top = stack_top_;
  stack_top_ = stack_top;
  HostContext ctx{*store_, caller ? caller->addr : kNoInstance};
  Result<void> r = f.host(ctx, std::span<const Value>(in, np), std::span<Value>(out, nr));
  stack_top_ = saved_top;
  if (!r) {
    // An exception that wasm code the host function called did not catch keeps
    // unwinding through it (the component model's boundaries turn it into a trap
    // with another message before it gets here).
    if (exn_ != 0 && r.error().phase == Phase::Execute && r.error().message == kUncaughtException) {
      return Trap::Exception;
    }
    host_error_ = std::move(r.error());
    return Trap::Host;
  }
  for (size_t i = 0; i < nr; ++i) args[i] = out[i].bits;
  return Trap::None;
}

void Interpreter::record_trace(const CompiledFunc* func, const uint32_t* pc, uint32_t entry_depth) {
  std::vector<std::string>& trace = store_->impl().last_trace;
  trace.clear();
  auto line = [&](const CompiledFunc* f, const uint32_t* at) {
    trace.push_back(fmt::format("{} (func {}) at offset {:#x}", f->module->func_name(f->func_index), f->func_index,
                                f->wasm_offset(at)));
  };
  line(func, pc);
  for (uint32_t d = depth_; d-- > entry_depth + 1;) line(frames_[d].func, frames_[d].ret - 1);
}

Error Interpreter::trap_error(Trap t) {
  if (t == Trap::Host) return host_error_;
  uint64_t offset = Span::kNone;
  if (trap_func_) offset = trap_func_->wasm_offset(trap_pc_);
  std::string message(trap_message(t));
  // The spec's message names the element: "uninitialized element 2".
  if (t == Trap::UninitializedElement && trap_element_) message += fmt::format(" {}", *trap_element_);
  trap_element_.reset();
  return Error{Phase::Execute, Span::at(offset), std::move(message), {}, 0, store_->impl().last_trace};
}

}  // namespace weft::core

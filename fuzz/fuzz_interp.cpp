// Fuzz target: the interpreter. The first byte picks a mode: mostly a valid module
// generated from the rest (fuzz/wasm_gen.h), sometimes the rest as raw module
// bytes. A module that validates is instantiated under tight StoreLimits and every
// exported function is called. Traps are fine; crashes, sanitizer reports, hangs
// and broken invariants (below) are findings.
//
//   WEFT_FUZZ_DUMP=FILE   write the module being run to FILE (for wasm2wat)
//   WEFT_FUZZ_VERBOSE=1   print each call's outcome
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/runtime/store.h"
#include "core/validate/validator.h"
#include "wasm_gen.h"
#include "wasm_gen_module.h"

namespace {

using namespace weft;
using namespace weft::core;

constexpr StoreLimits kLimits{.max_call_depth = 200, .max_memory_pages = 16, .max_table_elements = 1000, .fuel = 100000,
                               .max_gc_heap_bytes = 64 << 20};
constexpr uint32_t kMaxHostReentry = 2;
constexpr std::string_view kHostFailure = "host function failed";

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz_interp: %s\n", what.c_str());
  std::fflush(stderr);
  __builtin_trap();
}

void dump(std::span<const uint8_t> wasm) {
  const char* path = std::getenv("WEFT_FUZZ_DUMP");
  if (!path) return;
  if (FILE* f = std::fopen(path, "wb")) {
    std::fwrite(wasm.data(), 1, wasm.size(), f);
    std::fclose(f);
  }
}

// The spec's trap messages (written out here rather than taken from core/interp).
bool is_trap_message(std::string_view m) {
  static constexpr std::string_view kTraps[] = {
      "unreachable",         "integer divide by zero",      "integer overflow",     "invalid conversion to integer",
      "out of bounds memory access", "out of bounds table access", "undefined element", "indirect call type mismatch",
      "call stack exhausted", "all fuel consumed",
      // typed references and GC (raw-bytes inputs can hold them)
      "null function reference", "null reference", "null structure reference", "null array reference",
      "null i31 reference", "out of bounds array access", "cast failure", "out of GC heap memory",
      "uncaught exception", "null exception reference",
  };
  for (std::string_view t : kTraps) {
    if (m == t) return true;
  }
  return m.starts_with("uninitialized element");
}

Value random_value(ValType t, fuzz::ByteSource& src, std::span<const FuncAddr> funcs) {
  switch (t.code) {
    case ValType::kI32: return Value::i32(fuzz::interesting_i32(src));
    case ValType::kI64: return Value::i64(fuzz::interesting_i64(src));
    case ValType::kF32: return Value::f32_bits(fuzz::interesting_f32(src));
    case ValType::kF64: return Value::f64_bits(fuzz::interesting_f64(src));
    default: break;
  }
  if (t == ValType::FuncRef) {
    if (funcs.empty() || src.value_bits(1) % 3 == 0) return Value::null(t);
    return Value::ref(t, Ref{uint64_t(funcs[src.value_bits(1) % funcs.size()]) + 1});
  }
  // Host references only: other bits would be GC objects the store never made.
  if (t != ValType::ExternRef || src.value_bits(1) % 3 == 0) return Value::null(t);
  return Value::ref(t, Ref::host(src.value_bits(1) >> 8));
}

std::string describe(const Value& v) { return valtype_name(v.type) + ":" + std::to_string(v.bits); }

// One store, one instance, every export called; `log` records what happened, for
// the determinism check.
class Run {
 public:
  Run(const ValidatedModulePtr& vm, uint64_t seed, bool generated)
      : vm_(vm), seed_bytes_(make_seed_bytes(seed)), args_(seed_bytes_), generated_(generated) {}

  std::vector<std::string> go() {
    auto imports = make_imports();
    if (!imports) return log_;
    auto inst = store_.instantiate(vm_, *imports);
    if (!inst) {
      check_instantiate_error(inst.error());
      log_.push_back("instantiate: " + inst.error().message);
      return log_;
    }
    for (auto& [name, ext] : store_.exports(*inst)) {
      if (ext.kind == ExternKind::Func) funcs_.push_back(ext.addr);
    }
    bool trapped = false;
    for (FuncAddr f : funcs_) trapped |= !call(f);
    // A trap must leave the store usable: call something again.
    if (trapped && !funcs_.empty()) call(funcs_[0]);
    check_exports(*inst);
    return log_;
  }

 private:
  static std::vector<uint8_t> make_seed_bytes(uint64_t seed) {
    std::vector<uint8_t> bytes(512);
    for (auto& b : bytes) {  // splitmix64
      seed += 0x9e3779b97f4a7c15;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
      z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
      b = uint8_t(z ^ (z >> 31));
    }
    return bytes;
  }

  std::vector<Value> args_for(const FuncType& type) {
    std::vector<Value> args;
    for (ValType t : type.params) args.push_back(random_value(t, args_, funcs_));
    return args;
  }

  // Calls `f`; false when it trapped.
  bool call(FuncAddr f) {
    const FuncType type = store_.func_type(f);
    std::vector<Value> args = args_for(type);
    auto r = store_.invoke(f, args);
    if (!r) {
      check_trap(r.error(), "invoke");
      log_.push_back("trap: " + r.error().message);
      return false;
    }
    if (r->size() != type.results.size()) finding("wrong number of results");
    std::string line = "ok";
    for (size_t i = 0; i < r->size(); ++i) {
      if ((*r)[i].type != type.results[i]) finding("result of the wrong type");
      line += " " + describe((*r)[i]);
    }
    log_.push_back(line);
    return true;
  }

  void check_trap(const Error& e, std::string_view where) {
    if (e.message.empty()) finding(std::string(where) + ": error without a message");
    if (e.phase == Phase::Host && e.message == kHostFailure) return;
    if (e.phase != Phase::Execute || !is_trap_message(e.message)) {
      finding(std::string(where) + ": unexpected error: " + e.to_string());
    }
  }

  void check_instantiate_error(const Error& e) {
    if (e.message.empty()) finding("instantiate: error without a message");
    // Generated modules stay within the store's limits and use only supported
    // instructions, so only traps (segments out of bounds, the start function)
    // may stop them.
    if (!generated_) return;
    if (e.phase == Phase::Host && e.message == kHostFailure) return;
    if (e.phase != Phase::Instantiate || !is_trap_message(e.message)) {
      finding("instantiate: unexpected error: " + e.to_string());
    }
  }

  HostFunc host_func(const FuncType& type) {
    const uint8_t behaviour = uint8_t(args_.value_bits(1));
    return [this, type, behaviour](HostContext& ctx, std::span<const Value> args, std::span<Value> results)
               -> Result<void> {
      if (behaviour % 16 == 15) return make_error(Phase::Host, {}, std::string(kHostFailure));
      if ((behaviour & 0x10) && depth_ < kMaxHostReentry && !funcs_.empty()) {
        ++depth_;
        FuncAddr f = funcs_[behaviour % funcs_.size()];
        auto r = ctx.store.invoke(f, args_for(store_.func_type(f)));
        --depth_;
        if (!r) return std::unexpected(r.error());
      }
      for (size_t i = 0; i < results.size(); ++i) {
        results[i] = Value::null(type.results[i]);
        for (size_t j = 0; j < args.size(); ++j) {
          const Value& a = args[(i + j + behaviour) % args.size()];
          if (a.type == type.results[i]) {
            results[i] = a;
            break;
          }
        }
      }
      return {};
    };
  }

  // Host entities matching every import: functions that echo their arguments
  // (and sometimes call back into the instance, or fail), small globals, fresh
  // tables and memories of exactly the declared size.
  std::optional<std::vector<Extern>> make_imports() {
    const Module& m = vm_->module;
    std::vector<Extern> externs;
    for (const Import& imp : m.imports) {
      switch (imp.kind) {
        case ExternKind::Func: {
          const FuncType& type = m.types[imp.func_type].func;
          externs.push_back({imp.kind, store_.add_host_func(type, host_func(type), imp.name)});
          break;
        }
        case ExternKind::Table: {
          auto t = store_.add_table(imp.table);
          if (!t) return std::nullopt;
          externs.push_back({imp.kind, *t});
          break;
        }
        case ExternKind::Memory: {
          auto mem = store_.add_memory(imp.memory);
          if (!mem) return std::nullopt;
          externs.push_back({imp.kind, *mem});
          break;
        }
        case ExternKind::Global: {
          // Small integers, since segment offsets may read them.
          Value v = imp.global.type == ValType::I32 ? Value::i32(uint32_t(args_.value_bits(1) % 4))
                                                    : random_value(imp.global.type, args_, {});
          externs.push_back({imp.kind, store_.add_global(imp.global, v)});
          break;
        }
        case ExternKind::Tag: return std::nullopt;
      }
    }
    return externs;
  }

  // The store's limits hold, and what the embedding API reports is consistent.
  void check_exports(InstanceAddr inst) {
    for (auto& [name, ext] : store_.exports(inst)) {
      if (ext.kind == ExternKind::Memory) {
        uint64_t pages = store_.memory_pages(ext.addr);
        if (pages > kLimits.max_memory_pages) finding("memory grew past the store limit");
        auto type = store_.memory_type(ext.addr);
        if (type.limits.max && pages > *type.limits.max) finding("memory grew past its maximum");
        auto data = store_.memory_data(ext.addr);
        if (data.size() != pages * kPageSize) finding("memory size and page count disagree");
        uint64_t h = 1469598103934665603ull;
        for (uint8_t b : data) h = (h ^ b) * 1099511628211ull;
        log_.push_back(name + " pages " + std::to_string(pages) + " hash " + std::to_string(h));
      } else if (ext.kind == ExternKind::Table) {
        auto type = store_.table_type(ext.addr);
        if (type.limits.min > kLimits.max_table_elements) finding("table grew past the store limit");
        if (type.limits.max && type.limits.min > *type.limits.max) finding("table grew past its maximum");
        for (uint32_t i = 0; i < type.limits.min; ++i) {
          if (!store_.table_get(ext.addr, i)) finding("table element in bounds not readable");
        }
        if (store_.table_get(ext.addr, uint32_t(type.limits.min))) finding("table element out of bounds readable");
        log_.push_back(name + " size " + std::to_string(type.limits.min));
      } else if (ext.kind == ExternKind::Global) {
        Value v = store_.global_get(ext.addr);
        if (v.type != store_.global_type(ext.addr).type) finding("global of the wrong type");
        log_.push_back(name + " = " + describe(v));
      }
    }
  }

  ValidatedModulePtr vm_;
  std::vector<uint8_t> seed_bytes_;
  fuzz::ByteSource args_;
  bool generated_;
  Store store_{kLimits};
  std::vector<FuncAddr> funcs_;
  std::vector<std::string> log_;
  uint32_t depth_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0] % 8;  // 0-5 generated, 6 generated and run twice, 7 raw
  fuzz::ByteSource src(std::span(data + 1, size - 1));
  const bool generated = mode != 7;
  std::vector<uint8_t> wasm;
  if (generated) {
    wasm = fuzz::generate_module(src);
  } else {
    auto rest = src.rest();
    wasm.assign(rest.begin(), rest.end());
  }
  dump(wasm);
  auto vm = load_module(wasm);
  if (!vm) {
    if (vm.error().message.empty()) finding("load: error without a message");
    if (generated) finding("generated module does not validate: " + vm.error().to_string());
    return 0;
  }
  uint64_t seed = 0xcbf29ce484222325ull;  // FNV-1a of the whole input
  for (size_t i = 0; i < size; ++i) seed = (seed ^ data[i]) * 0x100000001b3ull;
  std::vector<std::string> log = Run(*vm, seed, generated).go();
  if (std::getenv("WEFT_FUZZ_VERBOSE")) {
    for (const auto& line : log) std::fprintf(stderr, "  %s\n", line.c_str());
  }
  if (mode == 6 && Run(*vm, seed, generated).go() != log) finding("two runs of the same module differ");
  return 0;
}

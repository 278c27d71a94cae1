// Engine microbenchmarks: decode+validate, instantiation of a small module, and call overhead.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "core/runtime/memory_pool.h"
#include "core/runtime/store.h"
#include "core/text/script.h"
#include "core/validate/validator.h"

namespace {

using namespace weft::core;

// A small but typical module: a memory with data, a table, globals, a few functions.
constexpr const char* kSmallModule = R"((module
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, world")
  (global $counter (mut i32) (i32.const 0))
  (table 4 funcref)
  (elem (i32.const 0) $add $nop)
  (func $nop (export "nop"))
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))))";

std::vector<uint8_t> small_module_bytes() {
  auto bytes = text::parse_wat_module(kSmallModule);
  if (!bytes) {
    std::fprintf(stderr, "%s\n", bytes.error().to_string().c_str());
    std::abort();
  }
  return *bytes;
}

ValidatedModulePtr small_module() {
  auto vm = load_module(small_module_bytes());
  if (!vm) std::abort();
  return *vm;
}

void BM_DecodeValidate(benchmark::State& state) {
  auto bytes = small_module_bytes();
  for (auto _ : state) benchmark::DoNotOptimize(load_module(bytes));
}
BENCHMARK(BM_DecodeValidate);

// Stores never free instances, and every memory reserves 8 GiB of address space
// (two kernel mappings): a store cannot hold the ~10^5 instances a run of a few µs
// each creates. The instantiation benchmarks hand their store over to a new one
// (outside the timing) after this many instances, fewer than the memory pool keeps
// idle, so the next store's memories are the previous store's, reused.
constexpr int kInstancesPerStore = 64;

// Instantiates `vm` once per iteration into a long-lived store.
void instantiate_loop(benchmark::State& state, const ValidatedModulePtr& vm) {
  auto store = std::make_unique<Store>();
  int in_store = 0;
  for (auto _ : state) {
    if (in_store++ == kInstancesPerStore) {
      state.PauseTiming();
      store = std::make_unique<Store>();
      in_store = 1;
      state.ResumeTiming();
    }
    auto inst = store->instantiate(vm, {});
    if (!inst) {
      state.SkipWithError(inst.error().to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(inst);
  }
}

// Instantiation into a long-lived store (the serverless case creates many instances).
void BM_Instantiate(benchmark::State& state) {
  auto vm = small_module();
  // Warm the per-module compiled code (kept while an instance uses it) so the loop
  // measures instantiation only.
  Store warm;
  if (!warm.instantiate(vm, {})) std::abort();
  instantiate_loop(state, vm);
}
BENCHMARK(BM_Instantiate);

// The same without the memory pool: every memory maps a fresh reservation.
void BM_InstantiateUnpooled(benchmark::State& state) {
  auto vm = small_module();
  Store warm;
  if (!warm.instantiate(vm, {})) std::abort();
  MemoryPool& pool = MemoryPool::global();
  const MemoryPoolLimits saved = pool.limits();
  pool.set_limits(MemoryPoolLimits{.max_idle = 0});
  instantiate_loop(state, vm);
  pool.set_limits(saved);
}
BENCHMARK(BM_InstantiateUnpooled);

// A fresh store per instance: what a per-request isolate pays.
void BM_StoreAndInstantiate(benchmark::State& state) {
  auto vm = small_module();
  for (auto _ : state) {
    Store store;
    auto inst = store.instantiate(vm, {});
    if (!inst) {
      state.SkipWithError(inst.error().to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(inst);
  }
}
BENCHMARK(BM_StoreAndInstantiate);

// The same while another store keeps an instance, and so the compiled code, alive.
void BM_StoreAndInstantiateWarmCode(benchmark::State& state) {
  auto vm = small_module();
  Store warm;
  if (!warm.instantiate(vm, {})) std::abort();
  for (auto _ : state) {
    Store store;
    auto inst = store.instantiate(vm, {});
    if (!inst) {
      state.SkipWithError(inst.error().to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(inst);
  }
}
BENCHMARK(BM_StoreAndInstantiateWarmCode);

void call_export(benchmark::State& state, const char* name, std::vector<Value> args) {
  auto vm = small_module();
  Store store;
  auto inst = store.instantiate(vm, {});
  if (!inst) std::abort();
  FuncAddr f = store.find_export(*inst, name)->addr;
  for (auto _ : state) benchmark::DoNotOptimize(store.invoke(f, args));
}

void BM_CallNop(benchmark::State& state) { call_export(state, "nop", {}); }
BENCHMARK(BM_CallNop);

void BM_CallAdd(benchmark::State& state) { call_export(state, "add", {Value::i32(1), Value::i32(2)}); }
BENCHMARK(BM_CallAdd);

}  // namespace

BENCHMARK_MAIN();

// Consumer -> provider calls across two components (bench/compose/*.wat), in ns/call:
// add(u32, u32) -> u32 and a 1 KiB string echo, with the pair composed into one
// component (`weft compose`) and linked at run time (two components loaded apart),
// beside a plain C++ function call (the limit). The consumer's loop makes `n` calls per
// host call, so the host's own entry is spread over them. jco on Node is measured by
// bench/compose/jco_bench.mjs; bench/compose/run.py prints both with ratios.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "component/link/linker.h"
#include "component/text/component_wat.h"
#include "compose/compose.h"
#include "support/file.h"

namespace weft::component {
namespace {

constexpr uint32_t kCalls = 1000;

[[noreturn]] void die(const std::string& what, const Error& e) {
  std::fprintf(stderr, "compose bench setup: %s: %s\n", what.c_str(), e.to_string().c_str());
  std::abort();
}

std::vector<uint8_t> load_wat(const std::string& name) {
  const std::string path = std::string(WEFT_SOURCE_DIR) + "/bench/compose/" + name;
  auto text = read_file(path);
  if (!text) die(path, text.error());
  auto bytes = text::parse_component_wat(*text);
  if (!bytes) die(path, bytes.error());
  return *bytes;
}

ValidatedComponentPtr validated(const std::vector<uint8_t>& bytes, const std::string& what) {
  auto vc = load_component(bytes);
  if (!vc) die(what, vc.error());
  return *vc;
}

struct Pair {
  core::Store store;
  Runtime rt{store};
  RtInstancePtr provider, consumer;

  // composed: one component holding both; else the provider's exports serve the consumer.
  explicit Pair(bool composed) {
    auto provider_bytes = load_wat("provider.wat"), consumer_bytes = load_wat("consumer.wat");
    Linker linker;
    if (composed) {
      auto c = compose::compose(compose::plug_graph({"consumer", consumer_bytes}, {{"provider", provider_bytes}}));
      if (!c) die("compose", c.error());
      auto i = linker.instantiate(rt, validated(c->bytes, "composed"));
      if (!i) die("instantiate", i.error());
      consumer = *i;
      return;
    }
    auto p = linker.instantiate(rt, validated(provider_bytes, "provider"));
    if (!p) die("provider", p.error());
    provider = *p;
    for (const auto& [name, item] : provider->exports) linker.define(name, item);
    auto c = linker.instantiate(rt, validated(consumer_bytes, "consumer"));
    if (!c) die("consumer", c.error());
    consumer = *c;
  }

  uint32_t call(const char* name, std::span<const Val> args) {
    auto r = call_func(rt, *consumer->find(name)->func, nullptr, args);
    if (!r) die(name, r.error());
    return uint32_t((*r)[0].bits);
  }
};

void per_call(benchmark::State& state) {
  state.counters["ns/call"] = benchmark::Counter(double(state.iterations()) * kCalls,
                                                 benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_Add(benchmark::State& state, bool composed) {
  Pair pair(composed);
  Val args[1] = {Val::u32(kCalls)};
  for (auto _ : state)
    if (pair.call("add-loop", args) != kCalls) std::abort();
  per_call(state);
}
BENCHMARK_CAPTURE(BM_Add, composed, true);
BENCHMARK_CAPTURE(BM_Add, linked, false);

void BM_Echo1KiB(benchmark::State& state, bool composed) {
  Pair pair(composed);
  Val args[2] = {Val::u32(kCalls), Val::u32(1024)};
  for (auto _ : state)
    if (pair.call("echo-loop", args) != 1024) std::abort();
  per_call(state);
}
BENCHMARK_CAPTURE(BM_Echo1KiB, composed, true);
BENCHMARK_CAPTURE(BM_Echo1KiB, linked, false);

// The limit: the same loops as plain C++ calls the compiler may not inline.
[[gnu::noinline]] uint32_t native_add(uint32_t a, uint32_t b) { return a + b; }
[[gnu::noinline]] std::string native_echo(std::string_view s) { return std::string(s); }

void BM_Add_native(benchmark::State& state) {
  for (auto _ : state) {
    uint32_t acc = 0;
    for (uint32_t i = 0; i < kCalls; ++i) acc = native_add(acc, 1);
    benchmark::DoNotOptimize(acc);
  }
  per_call(state);
}
BENCHMARK(BM_Add_native);

void BM_Echo1KiB_native(benchmark::State& state) {
  const std::string s(1024, 'a');
  for (auto _ : state) {
    size_t len = 0;
    for (uint32_t i = 0; i < kCalls; ++i) {
      std::string r = native_echo(s);
      benchmark::DoNotOptimize(r.data());
      len = r.size();
    }
    if (len != 1024) std::abort();
  }
  per_call(state);
}
BENCHMARK(BM_Echo1KiB_native);

}  // namespace
}  // namespace weft::component
BENCHMARK_MAIN();

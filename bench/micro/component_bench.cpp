// Component calls through the canonical ABI, in ns/call: host->guest nop and
// add(u32, u32) -> u32, guest->host nop (a lowered host import called in a loop
// by the guest, per call), and a 1 KiB string echo (lowered into the guest's
// memory through realloc, lifted back). Anchor (Wasmtime's published typed-call
// numbers): 76.5 ns host->guest, 33.9 ns guest->host.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "component/link/linker.h"
#include "component/text/component_wat.h"

namespace weft::component {
namespace {

constexpr const char* kGuest = R"((component
  (import "host-nop" (func $host-nop))
  (core func $host-nop' (canon lower (func $host-nop)))
  (core module $m
    (import "host" "nop" (func $host-nop))
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "nop"))
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "call-host") (param $n i32)
      (loop $l
        (if (local.get $n) (then
          call $host-nop
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          br $l))))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 1024)
    (func (export "echo") (param i32 i32) (result i32)
      (i32.store (i32.const 8) (local.get 0))
      (i32.store (i32.const 12) (local.get 1))
      i32.const 8))
  (core instance $i (instantiate $m (with "host" (instance (export "nop" (func $host-nop'))))))
  (func (export "nop") (canon lift (core func $i "nop")))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func (export "call-host") (param "n" u32) (canon lift (core func $i "call-host")))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $i "echo") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
))";

struct Fixture {
  core::Store store;
  Runtime rt{store};
  RtInstancePtr inst;

  Fixture() {
    auto bytes = text::parse_component_wat(kGuest);
    auto vc = bytes ? load_component(*bytes) : std::unexpected(bytes.error());
    Linker linker;
    linker.define_func("host-nop", [](Runtime&, InstanceState*, std::span<const Val>, std::vector<Val>&) -> Result<void> {
      return {};
    });
    auto i = vc ? linker.instantiate(rt, *vc) : std::unexpected(vc.error());
    if (!i) {
      std::fprintf(stderr, "component bench setup: %s\n", i.error().to_string().c_str());
      std::abort();
    }
    inst = *i;
  }
  const FuncInst& func(const char* name) { return *inst->find(name)->func; }
};

void BM_HostToGuestNop(benchmark::State& state) {
  Fixture fx;
  const FuncInst& f = fx.func("nop");
  for (auto _ : state) benchmark::DoNotOptimize(call_func(fx.rt, f, nullptr, {}));
}
BENCHMARK(BM_HostToGuestNop);

void BM_HostToGuestAdd(benchmark::State& state) {
  Fixture fx;
  const FuncInst& f = fx.func("add");
  Val args[2] = {Val::u32(2), Val::u32(40)};
  for (auto _ : state) benchmark::DoNotOptimize(call_func(fx.rt, f, nullptr, args));
}
BENCHMARK(BM_HostToGuestAdd);

// One guest call makes `n` host calls; the time reported is per host call.
void BM_GuestToHostNop(benchmark::State& state) {
  Fixture fx;
  const FuncInst& f = fx.func("call-host");
  constexpr uint32_t n = 10000;
  Val args[1] = {Val::u32(n)};
  for (auto _ : state) benchmark::DoNotOptimize(call_func(fx.rt, f, nullptr, args));
  state.SetItemsProcessed(int64_t(state.iterations()) * n);
  state.counters["ns/call"] = benchmark::Counter(double(state.iterations()) * n,
                                                 benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_GuestToHostNop);

void BM_StringEcho1KiB(benchmark::State& state) {
  Fixture fx;
  const FuncInst& f = fx.func("echo");
  Val args[1] = {Val::string(std::string(1024, 'x'))};
  for (auto _ : state) benchmark::DoNotOptimize(call_func(fx.rt, f, nullptr, args));
  state.SetBytesProcessed(int64_t(state.iterations()) * 1024);
}
BENCHMARK(BM_StringEcho1KiB);

}  // namespace
}  // namespace weft::component
BENCHMARK_MAIN();

// Run-time linking of separately loaded components through the embedding API, and
// hot-swapping the provider behind an interface (weft::ProviderSlot).
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "weft/weft.h"

namespace weft {
namespace {

// A bump allocator that starts over at the end of its page: no string outlives a call.
constexpr const char* kLibc = R"(
  (core module $libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $r i32)
      (if (i32.gt_u (i32.add (global.get $next) (local.get 3)) (i32.const 65536))
        (then (global.set $next (i32.const 4096))))
      (local.set $r (global.get $next))
      (global.set $next (i32.add (global.get $next) (local.get 3)))
      (local.get $r)))
  (core instance $libc (instantiate $libc)))";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// Provider VARIANT (1 or 2) of interface test:calc/math:
//   add(a, b) = a + b + 1000 * generation + VARIANT
//   greet(name) = "vVARIANT:" ++ name
//   div(a, b) = a / b (traps when b = 0), after calling the host's `hook`
// `generation` comes from the host when the core start function runs, and greet's
// prefix is copied into place by the same start function: an instance whose
// instantiation has not finished answers add with a + b and greet with NULs.
std::string provider(int variant) {
  std::string wat = R"((component
  (import "generation" (func $gen (result u32)))
  (import "hook" (func $hook))
  LIBC
  (core func $gen' (canon lower (func $gen)))
  (core func $hook' (canon lower (func $hook)))
  (core module $m
    (import "host" "generation" (func $gen (result i32)))
    (import "host" "hook" (func $hook))
    (import "libc" "mem" (memory 1))
    (global $g (mut i32) (i32.const 0))
    (data (i32.const 0) "vVARIANT:")
    (func $init
      (global.set $g (call $gen))
      (memory.copy (i32.const 16) (i32.const 0) (i32.const 3)))
    (start $init)
    (func (export "add") (param i32 i32) (result i32)
      (i32.add (i32.add (local.get 0) (local.get 1))
               (i32.add (i32.mul (global.get $g) (i32.const 1000)) (i32.const VARIANT))))
    (func (export "greet") (param i32 i32) (result i32)
      (memory.copy (i32.const 1024) (i32.const 16) (i32.const 3))
      (memory.copy (i32.const 1027) (local.get 0) (local.get 1))
      (i32.store (i32.const 8) (i32.const 1024))
      (i32.store (i32.const 12) (i32.add (local.get 1) (i32.const 3)))
      (i32.const 8))
    (func (export "div") (param i32 i32) (result i32)
      (call $hook)
      (i32.div_u (local.get 0) (local.get 1))))
  (core instance $i (instantiate $m
    (with "host" (instance (export "generation" (func $gen')) (export "hook" (func $hook'))))
    (with "libc" (instance $libc))))
  (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func $greet (param "name" string) (result string)
    (canon lift (core func $i "greet") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (func $div (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "div")))
  (instance $math (export "add" (func $add)) (export "greet" (func $greet)) (export "div" (func $div)))
  (export "test:calc/math" (instance $math))))";
  return replace_all(replace_all(wat, "LIBC", kLibc), "VARIANT", std::to_string(variant));
}

// Calls each function of the imported interface from an export of its own.
std::string consumer() {
  return replace_all(R"((component
  (import "test:calc/math" (instance $math
    (export "add" (func (param "a" u32) (param "b" u32) (result u32)))
    (export "greet" (func (param "name" string) (result string)))
    (export "div" (func (param "a" u32) (param "b" u32) (result u32)))))
  (alias export $math "add" (func $add))
  (alias export $math "greet" (func $greet))
  (alias export $math "div" (func $div))
  LIBC
  (core func $add' (canon lower (func $add)))
  (core func $greet' (canon lower (func $greet) (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (core func $div' (canon lower (func $div)))
  (core module $m
    (import "math" "add" (func $add (param i32 i32) (result i32)))
    (import "math" "greet" (func $greet (param i32 i32 i32)))
    (import "math" "div" (func $div (param i32 i32) (result i32)))
    (func (export "sum") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1)))
    (func (export "hello") (param i32 i32) (result i32) (call $greet (local.get 0) (local.get 1) (i32.const 16)) (i32.const 16))
    (func (export "quotient") (param i32 i32) (result i32) (call $div (local.get 0) (local.get 1))))
  (core instance $i (instantiate $m
    (with "math" (instance (export "add" (func $add')) (export "greet" (func $greet')) (export "div" (func $div'))))))
  (func (export "sum") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "sum")))
  (func (export "hello") (param "name" string) (result string)
    (canon lift (core func $i "hello") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (func (export "quotient") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "quotient")))))",
                     "LIBC", kLibc);
}

// A provider of test:calc/math whose `add` takes an s32 as its second parameter,
// or that lacks `greet`.
std::string bad_provider(bool missing_greet) {
  std::string wat = provider(1);
  if (missing_greet) return replace_all(wat, R"( (export "greet" (func $greet)))", "");
  return replace_all(wat, R"((func $add (param "a" u32) (param "b" u32))",
                     R"((func $add (param "a" u32) (param "b" s32))");
}

Component load(const Engine& engine, const std::string& wat) {
  auto c = Component::from_text(engine, wat);
  EXPECT_TRUE(c) << c.error().to_string();
  return c ? *c : Component{};
}

// What a provider imports: its generation number and a hook `div` calls.
Linker provider_imports(uint32_t generation, std::function<void()> hook = nullptr) {
  Linker l;
  l.func("generation", [generation] { return generation; });
  l.func("hook", [hook = std::move(hook)] {
    if (hook) hook();
  });
  return l;
}

TEST(RunTimeLinking, ProviderExportsServeConsumerImports) {
  Engine engine;
  Store store(engine);
  auto provider_inst = provider_imports(7).instantiate(store, load(engine, provider(1)));
  ASSERT_TRUE(provider_inst) << provider_inst.error().to_string();
  Component consumer_c = load(engine, consumer());
  for (bool by_name : {false, true}) {
    Linker linker;
    if (by_name) {
      ASSERT_TRUE(linker.instance("test:calc/math", *provider_inst, "test:calc/math"));
    } else {
      linker.link(*provider_inst);
    }
    auto c = linker.instantiate(store, consumer_c);
    ASSERT_TRUE(c) << c.error().to_string();
    auto sum = c->call<uint32_t>(store, "sum", 40u, 2u);
    ASSERT_TRUE(sum) << sum.error().to_string();
    EXPECT_EQ(*sum, 42u + 7001u);
    auto hi = c->call<std::string>(store, "hello", std::string("wörld"));
    ASSERT_TRUE(hi) << hi.error().to_string();
    EXPECT_EQ(*hi, "v1:wörld");
  }
  Linker linker;
  auto missing = linker.instance("test:calc/math", *provider_inst, "nope");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("\"nope\""), std::string::npos) << missing.error().message;
}

TEST(RunTimeLinking, ProviderTypesAndStoreAreChecked) {
  Engine engine;
  Store store(engine);
  Component consumer_c = load(engine, consumer());
  auto check = [&](const std::string& wat, const std::string& want) {
    auto p = provider_imports(1).instantiate(store, load(engine, wat));
    ASSERT_TRUE(p) << p.error().to_string();
    Linker linker;
    linker.link(*p);
    auto c = linker.instantiate(store, consumer_c);
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find(want), std::string::npos) << c.error().message;
  };
  check(bad_provider(false),
        "import `test:calc/math.add`: function type mismatch: type mismatch in function parameter `b`: "
        "expected u32, found s32");
  check(bad_provider(true), "import `test:calc/math`: missing export `greet`");
  // A provider's functions run on its store's memories: another store may not import them.
  auto p = provider_imports(1).instantiate(store, load(engine, provider(1)));
  ASSERT_TRUE(p);
  Linker linker;
  linker.link(*p);
  Store other(engine);
  auto c = linker.instantiate(other, consumer_c);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("its provider lives in another store"), std::string::npos)
      << c.error().message;
  auto wrong_store = p->call<uint32_t>(other, "test:calc/math#add", 1u, 2u);
  ASSERT_FALSE(wrong_store);
  EXPECT_EQ(wrong_store.error().message, "the instance lives in another store");
}

// A consumer instance in a store of its own, linked to `slot`.
struct Consumer {
  Consumer(const Engine& engine, const Component& c, const std::shared_ptr<ProviderSlot>& slot)
      : store(engine) {
    Linker linker;
    linker.slot("test:calc/math", slot);
    auto i = linker.instantiate(store, c);
    EXPECT_TRUE(i) << i.error().to_string();
    if (i) instance = *i;
  }
  Store store;
  Instance instance;
};

TEST(HotSwap, SwapsProviderAndRefusesIncompatibleOnes) {
  Engine engine;
  auto slot = ProviderSlot::create(engine, load(engine, provider(1)), "test:calc/math", provider_imports(1));
  ASSERT_TRUE(slot) << slot.error().to_string();
  Consumer c(engine, load(engine, consumer()), *slot);
  EXPECT_EQ(c.instance.call<uint32_t>(c.store, "sum", 1u, 2u), 1003u + 1u);
  ASSERT_TRUE((*slot)->swap(load(engine, provider(2)), provider_imports(2)));
  EXPECT_EQ((*slot)->generation(), 2u);
  EXPECT_EQ(c.instance.call<uint32_t>(c.store, "sum", 1u, 2u), 2003u + 2u);
  EXPECT_EQ(c.instance.call<std::string>(c.store, "hello", std::string("x")), "v2:x");

  auto bad_type = (*slot)->swap(load(engine, bad_provider(false)), provider_imports(3));
  ASSERT_FALSE(bad_type);
  EXPECT_EQ(
      bad_type.error().message,
      "the provider does not fit the slot `test:calc/math`: function `test:calc/math#add`: type mismatch in "
      "parameter `b`: expected primitive `u32` found primitive `s32`");
  auto missing = (*slot)->swap(load(engine, bad_provider(true)), provider_imports(3));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "the provider does not fit the slot `test:calc/math`: missing function `greet`");
  auto wrong_name =
      (*slot)->swap(load(engine, replace_all(provider(1), "test:calc/math", "test:calc/other")));
  ASSERT_FALSE(wrong_name);
  EXPECT_NE(wrong_name.error().message.find("exports nothing named `test:calc/math`"), std::string::npos);
  // Still the second provider.
  EXPECT_EQ((*slot)->generation(), 2u);
  EXPECT_EQ(c.instance.call<uint32_t>(c.store, "sum", 1u, 2u), 2003u + 2u);

  // A consumer whose import does not fit the slot's interface is refused when linked.
  auto odd =
      ProviderSlot::create(engine, load(engine, bad_provider(false)), "test:calc/math", provider_imports(1));
  ASSERT_TRUE(odd) << odd.error().to_string();
  Linker linker;
  linker.slot("test:calc/math", *odd);
  Store store(engine);
  auto refused = linker.instantiate(store, load(engine, consumer()));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("function type mismatch: type mismatch in function parameter `b`"),
            std::string::npos)
      << refused.error().message;
}

TEST(HotSwap, ProviderTrapIsAnErrorAndTheSlotKeepsServing) {
  Engine engine;
  auto slot = ProviderSlot::create(engine, load(engine, provider(1)), "test:calc/math", provider_imports(1));
  ASSERT_TRUE(slot) << slot.error().to_string();
  Component consumer_c = load(engine, consumer());
  Consumer c(engine, consumer_c, *slot);
  auto trap = c.instance.call<uint32_t>(c.store, "quotient", 1u, 0u);
  ASSERT_FALSE(trap);
  EXPECT_NE(trap.error().message.find("divide by zero"), std::string::npos) << trap.error().message;
  // The trap unwound through the consumer, which may not be entered again (spec);
  // the trapped provider instance was dropped, so other consumers and the host go on.
  EXPECT_FALSE(c.instance.call<uint32_t>(c.store, "quotient", 9u, 3u));
  Consumer fresh(engine, consumer_c, *slot);
  EXPECT_EQ(fresh.instance.call<uint32_t>(fresh.store, "quotient", 9u, 3u), 3u);
  auto direct = (*slot)->call<uint32_t>("div", 1u, 0u);
  ASSERT_FALSE(direct);
  EXPECT_NE(direct.error().message.find("divide by zero"), std::string::npos) << direct.error().message;
  EXPECT_EQ((*slot)->call<uint32_t>("div", 8u, 4u), 2u);
  EXPECT_EQ((*slot)->call<std::string>("greet", std::string("host")), "v1:host");
  auto nope = (*slot)->call("nope");
  ASSERT_FALSE(nope);
  EXPECT_EQ(nope.error().message, "the slot `test:calc/math` serves no function \"nope\"");
}

// A slot may serve a single function export; the consumer imports it as a function.
TEST(HotSwap, SlotServingOneFunction) {
  Engine engine;
  auto adder = [&](int extra) {
    return load(engine, R"((component
      (core module $m (func (export "add") (param i32 i32) (result i32)
        (i32.add (i32.add (local.get 0) (local.get 1)) (i32.const )" +
                            std::to_string(extra) + R"())))
      (core instance $i (instantiate $m))
      (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))))");
  };
  auto slot = ProviderSlot::create(engine, adder(0), "add");
  ASSERT_TRUE(slot) << slot.error().to_string();
  Linker linker;
  linker.slot("add", *slot);
  Store store(engine);
  auto c = linker.instantiate(store, load(engine, R"((component
    (import "add" (func $add (param "a" u32) (param "b" u32) (result u32)))
    (core func $add' (canon lower (func $add)))
    (core module $m
      (import "host" "add" (func $add (param i32 i32) (result i32)))
      (func (export "sum") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1))))
    (core instance $i (instantiate $m (with "host" (instance (export "add" (func $add'))))))
    (func (export "sum") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "sum")))))"));
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->call<uint32_t>(store, "sum", 1u, 2u), 3u);
  ASSERT_TRUE((*slot)->swap(adder(10)));
  EXPECT_EQ(c->call<uint32_t>(store, "sum", 1u, 2u), 13u);
  EXPECT_EQ((*slot)->call<uint32_t>("", 1u, 2u), 13u);
  auto interface = (*slot)->swap(load(engine, replace_all(provider(1), "test:calc/math", "add")));
  ASSERT_FALSE(interface);
  EXPECT_EQ(interface.error().message,
            "the provider does not fit the slot `add`: expected func, found instance");
}

TEST(HotSwap, ResourcesAreRefusedWhenTheSlotIsMade) {
  Engine engine;
  // An interface with a resource type, or only a function taking a handle.
  for (std::string export_r : {R"((export "r" (type $r)))", ""}) {
    Component with_resource = load(engine, replace_all(R"((component
      (import "r" (type $r (sub resource)))
      (core module $m (func (export "f") (param i32)))
      (core instance $i (instantiate $m))
      (func $f (param "x" (own $r)) (canon lift (core func $i "f")))
      (instance $x EXPORT_R (export "f" (func $f)))
      (export "test:res/api" (instance $x))))",
                                                       "EXPORT_R", export_r));
    auto slot = ProviderSlot::create(engine, with_resource, "test:res/api");
    ASSERT_FALSE(slot);
    EXPECT_EQ(slot.error().message, export_r.empty() ? "not supported yet: resources through a hot-swap slot "
                                                       "(`test:res/api#f` passes a handle)"
                                                     : "not supported yet: resources through a hot-swap slot "
                                                       "(`test:res/api` exports resource `r`)");
  }
  auto empty = ProviderSlot::create(engine, Component{}, "x");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "the component is empty (not loaded)");
}

TEST(HotSwap, OldGenerationIsFreedWhenItsLastCallReturns) {
  Engine engine;
  std::mutex m;
  std::condition_variable cv;
  bool entered = false, release = false;
  auto blocking_hook = [&] {
    std::unique_lock lock(m);
    entered = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
  };
  auto slot = ProviderSlot::create(engine, load(engine, provider(1)), "test:calc/math",
                                   provider_imports(1, blocking_hook));
  ASSERT_TRUE(slot) << slot.error().to_string();
  Component consumer_c = load(engine, consumer());
  Result<uint32_t> in_flight = 0u;
  std::thread caller([&] {
    Consumer c(engine, consumer_c, *slot);
    in_flight = c.instance.call<uint32_t>(c.store, "quotient", 8u, 2u);
  });
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return entered; });
  }
  ASSERT_TRUE((*slot)->swap(load(engine, provider(2)), provider_imports(2)));
  EXPECT_EQ((*slot)->live_generations(), 2u);  // generation 1 still has a call in flight
  Consumer c(engine, consumer_c, *slot);
  EXPECT_EQ(c.instance.call<uint32_t>(c.store, "sum", 0u, 0u), 2002u);  // new calls: generation 2
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  caller.join();
  ASSERT_TRUE(in_flight) << in_flight.error().to_string();
  EXPECT_EQ(*in_flight, 4u);  // finished on generation 1
  EXPECT_EQ((*slot)->live_generations(), 1u);
}

// Four threads, each with a consumer in a store of its own, call through one slot
// while a fifth swaps the provider back and forth (odd generations run variant 1,
// even ones variant 2, and each learns its number from its imports). Every call must
// succeed, and every answer must be one a completely built, published generation
// gives. The checks fail when
//  - a provider instance serves before its instantiation finished (a generation or
//    an instance handed out while being built): its start function has not stored
//    the generation (add answers a + b + 0) nor copied greet's prefix (NULs);
//  - a generation pairs one provider's code with another's imports (half-replaced):
//    the variant does not match the generation's parity;
//  - generations are published out of order or before swap() counts them: a thread
//    sees a generation older than one it saw before, or newer than generation().
// Data races in the publication itself are ThreadSanitizer's to find (see the
// commit that added this test for how it was run).
TEST(HotSwap, ConcurrentCallsDuringSwaps) {
  constexpr int kThreads = 4, kCalls = 2000, kSwaps = 200;
  Engine engine;
  Component v1 = load(engine, provider(1)), v2 = load(engine, provider(2)),
            consumer_c = load(engine, consumer());
  auto made = ProviderSlot::create(engine, v1, "test:calc/math", provider_imports(1));
  ASSERT_TRUE(made) << made.error().to_string();
  std::shared_ptr<ProviderSlot> slot = *made;
  // Callers make at least kCalls calls each and go on until every swap is done, so
  // all kSwaps swaps land while calls are in flight.
  std::atomic<bool> swapping = true;
  std::atomic<int> swap_errors = 0;
  std::thread swapper([&] {
    for (uint32_t g = 2; g <= kSwaps + 1; ++g) {
      if (!slot->swap(g % 2 ? v1 : v2, provider_imports(g))) ++swap_errors;
      std::this_thread::yield();
    }
    swapping = false;
  });
  std::atomic<int> calls = 0, ok = 0, errors = 0, invalid = 0;
  std::vector<std::set<uint32_t>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Consumer c(engine, consumer_c, slot);
      uint32_t last = 0;
      for (int i = 0; i < kCalls || swapping; ++i) {
        ++calls;
        uint32_t a = uint32_t(i % 500), b = uint32_t(t);
        if (i % 2 == 0) {
          auto r = c.instance.call<uint32_t>(c.store, "sum", a, b);
          if (!r) {
            ++errors;
            continue;
          }
          uint32_t published = uint32_t(slot->generation());
          uint32_t extra = *r - a - b, g = extra / 1000, variant = extra % 1000;
          bool valid = g >= 1 && g >= last && g <= published && variant == (g % 2 ? 1u : 2u);
          if (!valid) ++invalid;
          last = g;
          seen[t].insert(g);
        } else {
          std::string name = "n" + std::to_string(i);
          auto r = c.instance.call<std::string>(c.store, "hello", name);
          if (!r) {
            ++errors;
            continue;
          }
          if (*r != "v1:" + name && *r != "v2:" + name) ++invalid;
        }
        ++ok;
      }
    });
  }
  swapper.join();
  for (std::thread& t : threads) t.join();
  EXPECT_GE(calls, kThreads * kCalls);
  EXPECT_EQ(ok, calls);
  EXPECT_EQ(errors, 0);
  EXPECT_EQ(invalid, 0);
  EXPECT_EQ(swap_errors, 0);
  size_t generations_seen = 0;
  for (const auto& s : seen) generations_seen += s.size();
  // Not a correctness condition, but the test only means something if swaps landed
  // between calls: every thread should have seen several generations.
  EXPECT_GT(generations_seen, size_t(2 * kThreads));
  EXPECT_EQ(slot->generation(), uint64_t(kSwaps + 1));
  EXPECT_EQ(slot->live_generations(), 1u);
}

}  // namespace
}  // namespace weft

// Isolation between separately loaded components linked at run time: a provider
// instantiated first serves a consumer's imports (`weft run CONSUMER --link PROVIDER`,
// and the same linking in process with component::Linker). Each component has its
// own core memory and handle table; values cross only through the canonical ABI.
// The guests are component text in tests/e2e/isolation/.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <optional>

#include "component/binary/validator.h"
#include "component/canon/call.h"
#include "component/link/item.h"
#include "component/link/linker.h"
#include "component/text/component_wat.h"
#include "core/runtime/store.h"
#include "process.h"

namespace weft::e2e {
namespace {

using component::Val;

const std::string kDir = std::string(WEFT_SOURCE_DIR) + "/tests/e2e/isolation/";
constexpr uint32_t kCanary = 0xc0ffee11;  // at address 256 of memory-consumer.wat's memory
constexpr uint32_t kCanaryAddr = 256;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string wat(const std::string& name) { return kDir + name + ".wat"; }

// `weft run --invoke CALL CONSUMER --link P...` (component text is read as such).
ProcessResult run_linked(const std::string& call, const std::string& consumer,
                         const std::vector<std::string>& providers) {
  std::vector<std::string> args{"run", "--invoke", call, wat(consumer)};
  for (const std::string& p : providers) {
    args.push_back("--link");
    args.push_back(wat(p));
  }
  return run_weft(args);
}

// The same pair composed into one component first (`weft compose CONSUMER --plug P...`):
// nested in one binary, each keeps its own memory and handle table all the same.
// `exports`: a composition file exporting only these functions of the consumer instead
// (memory-consumer's `bad-enum` returns the provider's enum type, which a composition
// cannot export yet: see docs/compose.md).
ProcessResult run_composed(const std::string& call, const std::string& consumer,
                           const std::vector<std::string>& providers,
                           const std::vector<std::string>& exports = {}) {
  std::string out = temp_dir() + "/isolation-" + consumer;
  for (const std::string& p : providers) out += "+" + p;
  out += ".wasm";
  std::vector<std::string> args{"compose", "-o", out};
  if (exports.empty()) {
    args.push_back(wat(consumer));
    for (const std::string& p : providers) {
      args.push_back("--plug");
      args.push_back(wat(p));
    }
  } else {
    std::string toml;
    for (const std::string& p : providers)
      toml += fmt::format("[instances.{}]\ncomponent = \"{}\"\n", p, wat(p));
    toml += fmt::format("[instances.consumer]\ncomponent = \"{}\"\nplug = true\n[exports]\n", wat(consumer));
    for (const std::string& e : exports) toml += fmt::format("\"{}\" = \"consumer\"\n", e);
    args.push_back("--file");
    args.push_back(write_file(consumer + ".toml", toml));
  }
  auto composed = run_weft(args);
  EXPECT_EQ(composed.exit_code, 0) << composed.err;
  return run_weft({"run", "--invoke", call, out});
}

// The lines weft prints for an error: "[offset 0x..: ]trap: MESSAGE", then the wasm
// backtrace of a core trap, indented.
std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  for (size_t begin = 0; begin < s.size();) {
    size_t end = s.find('\n', begin);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(begin, end - begin));
    begin = end + 1;
  }
  return out;
}

// The message of the trap weft reported, or what it printed instead.
std::string trap_message(const ProcessResult& r) {
  std::vector<std::string> l = lines(r.err);
  if (r.exit_code != 1 || l.empty()) return fmt::format("exit {}: {}", r.exit_code, r.err);
  std::string first = l[0];
  if (first.starts_with("offset 0x")) first = first.substr(first.find(": ") + 2);
  return first.starts_with("trap: ") ? first.substr(6) : r.err;
}

component::ValidatedComponentPtr load(const std::string& name) {
  auto bytes = component::text::parse_component_wat(read_text(wat(name)));
  EXPECT_TRUE(bytes) << name << ": " << bytes.error().to_string();
  if (!bytes) return nullptr;
  auto vc = component::load_component(*bytes);
  EXPECT_TRUE(vc) << name << ": " << vc.error().to_string();
  return vc ? *vc : nullptr;
}

// Providers and a consumer linked in one store, as `weft run --link` links them.
struct Linked {
  core::Store store;
  component::Runtime rt{store};
  std::vector<component::RtInstancePtr> providers;
  component::RtInstancePtr consumer;

  Linked(const std::string& consumer_name, const std::vector<std::string>& provider_names) {
    instantiate(consumer_name, provider_names);
  }

  // A new set of instances of the same components in the same store.
  void instantiate(const std::string& consumer_name, const std::vector<std::string>& provider_names) {
    component::Linker linker;
    providers.clear();
    for (const std::string& p : provider_names) {
      auto vc = load(p);
      ASSERT_TRUE(vc);
      auto inst = linker.instantiate(rt, vc);
      ASSERT_TRUE(inst) << p << ": " << inst.error().to_string();
      for (const auto& [name, item] : (*inst)->exports) linker.define(name, item);
      providers.push_back(*inst);
    }
    auto vc = load(consumer_name);
    ASSERT_TRUE(vc);
    auto inst = linker.instantiate(rt, vc);
    ASSERT_TRUE(inst) << consumer_name << ": " << inst.error().to_string();
    consumer = *inst;
  }

  Result<std::vector<Val>> call(const component::RtInstance& inst, std::string_view name,
                                std::vector<Val> args = {}) {
    const component::RtItem* f = component::find_func_export(inst, name);
    if (!f) return make_error(Phase::Usage, {}, fmt::format("no export {}", name));
    return component::call_func(rt, *f->func, nullptr, args);
  }
  Result<std::vector<Val>> call(std::string_view name, std::vector<Val> args = {}) {
    if (!consumer) return make_error(Phase::Usage, {}, "the consumer was not instantiated");
    return call(*consumer, name, std::move(args));
  }
  // The one u32 result of a call that must succeed.
  uint32_t call_u32(const component::RtInstance& inst, std::string_view name, std::vector<Val> args = {}) {
    auto r = call(inst, name, std::move(args));
    EXPECT_TRUE(r) << name << ": " << r.error().to_string();
    if (!r || r->size() != 1) return 0xdeadbeef;
    return uint32_t((*r)[0].bits);
  }
  uint32_t call_u32(std::string_view name, std::vector<Val> args = {}) {
    return call_u32(*consumer, name, std::move(args));
  }
  // The message of a call that must trap.
  std::string trap(const component::RtInstance& inst, std::string_view name, std::vector<Val> args = {}) {
    auto r = call(inst, name, std::move(args));
    EXPECT_FALSE(r) << name << " returned instead of trapping";
    if (r) return "(no trap)";
    EXPECT_EQ(r.error().phase, Phase::Execute) << r.error().to_string();
    return r.error().message;
  }
  std::string trap(std::string_view name, std::vector<Val> args = {}) {
    return trap(*consumer, name, std::move(args));
  }

  // The core memory an instance's export lifts from (each component has its own).
  std::span<uint8_t> memory_of(const component::RtInstance& inst, std::string_view export_name) {
    const component::RtItem* f = component::find_func_export(inst, export_name);
    EXPECT_TRUE(f && f->func->opts.memory) << export_name;
    if (!f || !f->func->opts.memory) return {};
    return store.memory_data(*f->func->opts.memory);
  }
  std::vector<uint8_t> consumer_memory() {
    auto m = memory_of(*consumer, "string-ok");
    return {m.begin(), m.end()};
  }
  std::vector<uint8_t> provider_memory() {
    auto m = memory_of(*providers.at(0), "string-ok");
    return {m.begin(), m.end()};
  }
};

uint32_t word_at(const std::vector<uint8_t>& mem, uint32_t addr) {
  return uint32_t(mem.at(addr)) | uint32_t(mem.at(addr + 1)) << 8 | uint32_t(mem.at(addr + 2)) << 16 |
         uint32_t(mem.at(addr + 3)) << 24;
}

// --- 1. Memory: a provider's loads and stores reach only its own memory ---

TEST(IsolationMemory, InBoundsPeekAndPokeTouchOnlyTheProvidersMemory) {
  const std::vector<std::string> p{"hostile-provider"};
  auto canary = run_linked("canary()", "memory-consumer", p);
  EXPECT_EQ(canary.exit_code, 0) << canary.err;
  EXPECT_EQ(canary.out, fmt::format("{}\n", kCanary));
  // The provider reads the consumer's canary address in its own (zeroed) memory.
  auto peek = run_linked(fmt::format("peek({})", kCanaryAddr), "memory-consumer", p);
  EXPECT_EQ(peek.exit_code, 0) << peek.err;
  EXPECT_EQ(peek.out, "0\n");
  auto write = run_linked(fmt::format("poke-then-peek({}, 7)", kCanaryAddr), "memory-consumer", p);
  EXPECT_EQ(write.exit_code, 0) << write.err;
  EXPECT_EQ(write.out, "7\n");
  auto kept = run_linked(fmt::format("poke-then-canary({}, 7)", kCanaryAddr), "memory-consumer", p);
  EXPECT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_EQ(kept.out, fmt::format("{}\n", kCanary));
  auto last = run_linked("poke-then-peek(65532, 305419896)", "memory-consumer", p);
  EXPECT_EQ(last.exit_code, 0) << last.err;
  EXPECT_EQ(last.out, "305419896\n");
}

TEST(IsolationMemory, InBoundsPokesChangeTheProvidersMemoryAndNotTheConsumers) {
  Linked l("memory-consumer", {"hostile-provider"});
  const std::vector<uint8_t> consumer_before = l.consumer_memory();
  ASSERT_EQ(word_at(consumer_before, kCanaryAddr), kCanary);
  for (uint32_t addr : {0u, 4u, kCanaryAddr, 1024u, 65532u}) {
    SCOPED_TRACE(addr);
    EXPECT_EQ(l.call_u32("poke-then-canary", {Val::u32(addr), Val::u32(0xbad00000 + addr)}), kCanary);
    EXPECT_EQ(word_at(l.provider_memory(), addr), 0xbad00000 + addr);
    EXPECT_EQ(l.call_u32("peek", {Val::u32(addr)}), 0xbad00000 + addr);
  }
  EXPECT_TRUE(l.consumer_memory() == consumer_before)
      << "the provider's stores reached the consumer's memory";
}

// Addresses past the provider's one page: right after it, straddling its end (a partial
// store would show), one whose end wraps around 2^32 (a bounds check in 32-bit
// arithmetic would let it through) and one far beyond.
const uint32_t kOutOfBounds[] = {65536, 65533, 0xfffffffe, 0x10000000};

TEST(IsolationMemory, OutOfBoundsAccessTrapsAndWeftRunReportsIt) {
  const std::vector<std::string> p{"hostile-provider"};
  for (uint32_t addr : kOutOfBounds) {
    SCOPED_TRACE(addr);
    for (const std::string& call :
         {fmt::format("poke-then-canary({}, 7)", addr), fmt::format("peek({})", addr)}) {
      auto r = run_linked(call, "memory-consumer", p);
      EXPECT_EQ(r.out, "") << call;
      EXPECT_EQ(trap_message(r), "out of bounds memory access") << call;
      // The backtrace names the provider's function that trapped.
      std::vector<std::string> l = lines(r.err);
      ASSERT_EQ(l.size(), 2u) << r.err;
      EXPECT_TRUE(l[1].starts_with(call.starts_with("peek") ? "  peek (func 0) at offset 0x"
                                                            : "  poke (func 1) at offset 0x"))
          << r.err;
    }
  }
}

// Composed into one binary: the same traps, and the canary still never leaks.
TEST(IsolationMemory, ComposedPairTrapsTheSame) {
  const std::vector<std::string> p{"hostile-provider"}, e{"peek", "poke-then-canary"};
  for (uint32_t addr : kOutOfBounds) {
    SCOPED_TRACE(addr);
    auto r = run_composed(fmt::format("poke-then-canary({}, 7)", addr), "memory-consumer", p, e);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(trap_message(r), "out of bounds memory access");
  }
  auto peek = run_composed(fmt::format("peek({})", kCanaryAddr), "memory-consumer", p, e);
  EXPECT_EQ(peek.exit_code, 0) << peek.err;
  EXPECT_EQ(peek.out, "0\n");
}

TEST(IsolationMemory, OutOfBoundsAccessLeavesBothMemoriesUntouched) {
  for (uint32_t addr : kOutOfBounds) {
    SCOPED_TRACE(addr);
    Linked l("memory-consumer", {"hostile-provider"});
    const std::vector<uint8_t> consumer_before = l.consumer_memory(), provider_before = l.provider_memory();
    EXPECT_EQ(l.trap("poke-then-canary", {Val::u32(addr), Val::u32(0xffffffff)}),
              "out of bounds memory access");
    EXPECT_TRUE(l.consumer_memory() == consumer_before);
    EXPECT_TRUE(l.provider_memory() == provider_before) << "a trapping store wrote part of its value";
  }
}

// --- 1b. Lifting what a hostile provider returns ---

struct HostileResult {
  const char* func;
  const char* trap;  // the canonical ABI's trap
};
const HostileResult kHostile[] = {
    {"string-beyond-memory", "string content out-of-bounds"},
    {"string-bad-utf8", "invalid utf-8"},
    {"list-beyond-memory", "list content out-of-bounds"},
    {"list-wrapping-length", "list content out-of-bounds"},
    {"list-unaligned", "unaligned pointer"},
    {"pair-beyond-memory", "pointer out of bounds of memory"},
    {"bad-enum", "invalid variant discriminant"},
    {"bad-char", "invalid `char` bit pattern"},
};

TEST(IsolationLift, WellFormedResultsCrossIntoTheConsumer) {
  const std::vector<std::string> p{"hostile-provider"};
  auto s = run_linked("string-ok()", "memory-consumer", p);
  EXPECT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out, "\"ok\"\n");
  auto l = run_linked("list-ok()", "memory-consumer", p);
  EXPECT_EQ(l.exit_code, 0) << l.err;
  EXPECT_EQ(l.out, "[1, 2]\n");
}

TEST(IsolationLift, APointerMeansTheProvidersMemory) {
  // The provider returns the string at the consumer's canary address: it gets bytes of
  // its own memory (zeros), not the canary.
  auto s = run_linked("string-at-canary()", "memory-consumer", {"hostile-provider"});
  EXPECT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out, "\"\\u{0}\\u{0}\\u{0}\\u{0}\"\n");
  Linked l("memory-consumer", {"hostile-provider"});
  auto r = l.call("string-at-canary");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0].str, std::string(4, '\0'));
}

// The provider's realloc answers with space beyond its memory for a string the
// consumer sends: the lowering into the provider traps, and the consumer is untouched.
TEST(IsolationLift, ABadReallocInTheProviderTraps) {
  auto cli = run_linked("send-string()", "memory-consumer", {"hostile-provider"});
  EXPECT_EQ(cli.out, "");
  EXPECT_EQ(trap_message(cli), "realloc return: beyond end of memory");
  Linked l("memory-consumer", {"hostile-provider"});
  const std::vector<uint8_t> consumer_before = l.consumer_memory(), provider_before = l.provider_memory();
  EXPECT_EQ(l.trap("send-string"), "realloc return: beyond end of memory");
  EXPECT_TRUE(l.consumer_memory() == consumer_before);
  EXPECT_TRUE(l.provider_memory() == provider_before) << "part of the string was stored";
}

TEST(IsolationLift, BadResultsTrapInWeftRun) {
  for (const HostileResult& h : kHostile) {
    auto r = run_linked(fmt::format("{}()", h.func), "memory-consumer", {"hostile-provider"});
    EXPECT_EQ(r.out, "") << h.func;
    EXPECT_EQ(trap_message(r), h.trap) << h.func;
  }
}

TEST(IsolationLift, BadResultsTrapWhenComposed) {
  for (const HostileResult& h : kHostile) {
    if (std::string_view(h.func) == "bad-enum") continue;  // not exportable from a composition yet
    auto r = run_composed(fmt::format("{}()", h.func), "memory-consumer", {"hostile-provider"}, {h.func});
    EXPECT_EQ(r.out, "") << h.func;
    EXPECT_EQ(trap_message(r), h.trap) << h.func;
  }
}

TEST(IsolationLift, BadResultsWriteNothingIntoTheConsumer) {
  {
    // The control: a good string is copied in, through the consumer's realloc, whose
    // bump pointer (at 0) moves; so a snapshot sees a lowering.
    Linked l("memory-consumer", {"hostile-provider"});
    const std::vector<uint8_t> before = l.consumer_memory();
    auto r = l.call("string-ok");
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ((*r)[0].str, "ok");
    EXPECT_EQ(word_at(before, 0), 1024u);
    EXPECT_EQ(word_at(l.consumer_memory(), 0), 1026u);
  }
  for (const HostileResult& h : kHostile) {
    SCOPED_TRACE(h.func);
    Linked l("memory-consumer", {"hostile-provider"});
    const std::vector<uint8_t> before = l.consumer_memory();
    EXPECT_EQ(l.trap(h.func), h.trap);
    EXPECT_TRUE(l.consumer_memory() == before) << "the consumer's memory changed";
  }
}

// --- 2. Handles ---

const std::vector<std::string> kResourceProviders{"resource-provider", "keeper"};

TEST(IsolationHandles, LegalUsesWorkAcrossComponents) {
  // (our handle index, the value seen through a borrow, drops after our drop)
  auto r = run_linked("round-trip()", "resource-consumer", kResourceProviders);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "(1, 42, 1)\n");
  // The keeper sees thing 42 through its own handle index 1, and drops its borrow:
  // the consumer still owns the thing, which is not destroyed.
  auto k = run_linked("lend-to-keeper()", "resource-consumer", kResourceProviders);
  EXPECT_EQ(k.exit_code, 0) << k.err;
  EXPECT_EQ(k.out, "(4201, 42, 0)\n");
  // Index 1 is thing 42 in the consumer's table and thing 7 in the provider's.
  auto i = run_linked("indices-are-per-instance()", "resource-consumer", kResourceProviders);
  EXPECT_EQ(i.exit_code, 0) << i.err;
  EXPECT_EQ(i.out, "(1, 1, 7)\n");
}

struct HandleMisuse {
  const char* func;
  const char* trap;
};
const HandleMisuse kMisuse[] = {
    {"use-after-drop", "unknown handle index 1"},
    {"use-after-move", "unknown handle index 1"},
    {"double-drop", "unknown handle index 1"},
    {"forged-index", "unknown handle index 2"},
    {"forged-own", "unknown handle index 5"},
    // Wasmtime's words, which the spec scripts check: guest-defined resources have no names.
    {"wrong-type",
     "handle index 2 used with the wrong type, expected guest-defined resource but found a different "
     "guest-defined resource"},
    {"lend-and-take", "cannot remove owned resource while borrowed"},
    {"borrow-outlives-call", "borrow handles still remain at the end of the call"},
    {"borrow-given-away", "handle index 1 is a borrow, not an owned handle"},
};

TEST(IsolationHandles, MisusesTrapInWeftRun) {
  for (const HandleMisuse& m : kMisuse) {
    auto r = run_linked(fmt::format("{}()", m.func), "resource-consumer", kResourceProviders);
    EXPECT_EQ(r.out, "") << m.func;
    EXPECT_EQ(trap_message(r), m.trap) << m.func;
  }
}

TEST(IsolationHandles, MisusesTrapWhenComposed) {
  for (const HandleMisuse& m : kMisuse) {
    auto r = run_composed(fmt::format("{}()", m.func), "resource-consumer", kResourceProviders);
    EXPECT_EQ(r.out, "") << m.func;
    EXPECT_EQ(trap_message(r), m.trap) << m.func;
  }
}

TEST(IsolationHandles, MisusesTrapInProcess) {
  for (const HandleMisuse& m : kMisuse) {
    SCOPED_TRACE(m.func);
    Linked l("resource-consumer", kResourceProviders);
    EXPECT_EQ(l.trap(m.func), m.trap);
  }
}

TEST(IsolationHandles, ADoubleDropRunsTheDestructorOnce) {
  Linked l("resource-consumer", kResourceProviders);
  EXPECT_EQ(l.trap("double-drop"), "unknown handle index 1");
  // The provider was not running when the consumer trapped: it may be entered.
  EXPECT_EQ(l.call_u32(*l.providers.at(0), "drops"), 1u);
}

TEST(IsolationHandles, BorrowsFromTheHostAreScopedToTheCall) {
  Linked l("resource-consumer", kResourceProviders);
  const component::RtItem* thing = l.providers.at(0)->find("thing");
  ASSERT_TRUE(thing && thing->resource);
  const component::RtInstance& keeper = *l.providers.at(1);
  // The keeper gets the host's borrow as index 1 of its table, and drops it in time.
  EXPECT_EQ(l.call_u32(keeper, "inspect", {Val::borrow(*thing->resource, 42)}), 4201u);
  EXPECT_EQ(l.call_u32(keeper, "inspect", {Val::borrow(*thing->resource, 43)}), 4301u);
  EXPECT_EQ(l.trap(keeper, "keep", {Val::borrow(*thing->resource, 42)}),
            "borrow handles still remain at the end of the call");
}

// Components validated apart are type-checked when linked: an import declared with
// another type than the export that serves it is a link error, not a way to forge a
// handle (a u32 lowered into the provider as an own<thing>).
TEST(IsolationHandles, AnImportTypedDifferentlyFromTheExportIsALinkError) {
  auto r = run_linked("forge()", "lying-consumer", {"resource-provider"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "link error: import `consume`: function type mismatch: type mismatch in function parameter `t`: "
            "expected u32, found own\n");

  Linked l("resource-consumer", kResourceProviders);
  component::Linker linker;
  for (const auto& [name, item] : l.providers.at(0)->exports) linker.define(name, item);
  auto lying_vc = load("lying-consumer"), provider_vc = load("resource-provider"),
       consumer_vc = load("resource-consumer");
  ASSERT_TRUE(lying_vc && provider_vc && consumer_vc);
  auto lying = linker.instantiate(l.rt, lying_vc);
  ASSERT_FALSE(lying);
  EXPECT_EQ(lying.error().phase, Phase::Link);
  EXPECT_EQ(
      lying.error().message,
      "import `consume`: function type mismatch: type mismatch in function parameter `t`: expected u32, "
      "found own");
  // Resource types are per instance: `thing` of one provider instance with `value` of
  // another does not link either.
  auto other = component::Linker().instantiate(l.rt, provider_vc);
  ASSERT_TRUE(other) << other.error().to_string();
  const component::RtItem* other_value = (*other)->find("value");
  ASSERT_TRUE(other_value);
  linker.define("value", *other_value);
  for (const auto& [name, item] : l.providers.at(1)->exports) linker.define(name, item);
  auto mixed = linker.instantiate(l.rt, consumer_vc);
  ASSERT_FALSE(mixed);
  EXPECT_EQ(
      mixed.error().message,
      "import `value`: function type mismatch: type mismatch in function parameter `t`: resource types are "
      "not the same");
}

// --- 3. A trap in the provider: an error for the host, and lockdown ---

TEST(IsolationTrap, TheTrappingInstancesCannotBeEnteredAgainAndFreshOnesWork) {
  Linked l("memory-consumer", {"hostile-provider"});
  EXPECT_EQ(l.call_u32("poke-then-peek", {Val::u32(8), Val::u32(5)}), 5u);
  EXPECT_EQ(l.call_u32("poke-then-peek", {Val::u32(8), Val::u32(6)}), 6u);
  auto r = l.call("poke-then-peek", {Val::u32(65536), Val::u32(1)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::Execute);
  EXPECT_EQ(r.error().message, "out of bounds memory access");
  // Both were on the stack: neither may be entered again, not even by the host.
  EXPECT_EQ(l.trap("canary"), "cannot enter component instance");
  EXPECT_EQ(l.trap("poke-then-peek", {Val::u32(8), Val::u32(7)}), "cannot enter component instance");
  EXPECT_EQ(l.trap(*l.providers.at(0), "peek", {Val::u32(8)}), "cannot enter component instance");
  // New instances of the same components in the same store are not affected.
  l.instantiate("memory-consumer", {"hostile-provider"});
  EXPECT_EQ(l.call_u32("canary"), kCanary);
  EXPECT_EQ(l.call_u32("peek", {Val::u32(8)}), 0u);
  EXPECT_EQ(l.call_u32("poke-then-peek", {Val::u32(8), Val::u32(9)}), 9u);
  // A fresh store too.
  Linked fresh("memory-consumer", {"hostile-provider"});
  EXPECT_EQ(fresh.call_u32("poke-then-peek", {Val::u32(8), Val::u32(9)}), 9u);
}

TEST(IsolationTrap, ALiftTrapLocksDownTheProviderAndTheConsumer) {
  Linked l("memory-consumer", {"hostile-provider"});
  EXPECT_EQ(l.trap("bad-char"), "invalid `char` bit pattern");
  EXPECT_EQ(l.trap("canary"), "cannot enter component instance");
  EXPECT_EQ(l.trap(*l.providers.at(0), "peek", {Val::u32(0)}), "cannot enter component instance");
}

TEST(IsolationTrap, ATrapInTheConsumerLeavesTheProviderUsable) {
  Linked l("resource-consumer", kResourceProviders);
  EXPECT_EQ(l.trap("use-after-drop"), "unknown handle index 1");
  EXPECT_EQ(l.trap("round-trip"), "cannot enter component instance");
  // The provider returned before the consumer trapped; it keeps working (and its
  // destructor ran for the dropped thing).
  EXPECT_EQ(l.call_u32(*l.providers.at(0), "drops"), 1u);
  EXPECT_EQ(l.call_u32(*l.providers.at(0), "stash", {Val::u32(5)}), 1u);
  EXPECT_EQ(l.call_u32(*l.providers.at(0), "rep-at", {Val::u32(1)}), 5u);
}

}  // namespace
}  // namespace weft::e2e

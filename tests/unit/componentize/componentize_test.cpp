// componentize: core modules with embedded worlds become components that weft's
// validator accepts and that run (imports lowered, exports lifted, strings through
// realloc and post-return, records and variants, resources, _initialize).
#include "componentize/componentize.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "component/binary/validator.h"
#include "component/wit/decode.h"
#include "component/wit/wit.h"
#include "core/text/script.h"
#include "fixtures.h"
#include "weft/weft.h"

namespace weft::componentize {
namespace {

namespace wit = component::wit;
using component::Val;
using component::ValKind;

// The core module `wat` with world `world` of fixtures::kWit embedded.
std::vector<uint8_t> embedded(std::string_view wat, std::string_view world) {
  auto module = core::text::parse_wat_module(wat);
  EXPECT_TRUE(module) << module.error().to_string();
  auto loaded = wit::load_text(fixtures::kWit);
  EXPECT_TRUE(loaded) << loaded.error().to_string();
  auto w = loaded->resolve[*loaded->main].find_world(world);
  EXPECT_TRUE(w);
  auto out = wit::embed_world(*module, loaded->resolve, *w);
  EXPECT_TRUE(out) << out.error().to_string();
  return *out;
}

// Componentizes and checks that weft's validator accepts the result.
std::vector<uint8_t> componentized(std::string_view wat, std::string_view world) {
  auto c = componentize(embedded(wat, world));
  EXPECT_TRUE(c) << c.error().to_string();
  if (!c) return {};
  auto v = component::load_component(*c);
  EXPECT_TRUE(v) << v.error().to_string();
  return *c;
}

struct Running {
  Engine engine;
  Store store{engine};
  std::optional<Instance> instance;
};

void instantiate(Running& run, const std::vector<uint8_t>& bytes, const Linker& linker = {}) {
  auto component = Component::from_binary(run.engine, bytes);
  ASSERT_TRUE(component) << component.error().to_string();
  auto inst = linker.instantiate(run.store, *component);
  ASSERT_TRUE(inst) << inst.error().to_string();
  run.instance = std::move(*inst);
}

TEST(Componentize, ExportedInterface) {
  Running run;
  instantiate(run, componentized(fixtures::kProvider, "calculator-provider"));
  auto sum = run.instance->call<uint32_t>(run.store, "cyber:math/operations#add", 40u, 2u);
  ASSERT_TRUE(sum) << sum.error().to_string();
  EXPECT_EQ(*sum, 42u);
}

TEST(Componentize, ImportedInterfaceAndStringResult) {
  Running run;
  Linker linker;
  int calls = 0;
  linker.func("cyber:math/operations", "add", [&](uint32_t a, uint32_t b) {
    ++calls;
    return a + b;
  });
  instantiate(run, componentized(fixtures::kConsumer, "calculator-consumer"), linker);
  auto s = run.instance->call<std::string>(run.store, "run");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(*s, "hello");
  EXPECT_EQ(calls, 1);
}

TEST(Componentize, StringsAndListsThroughRealloc) {
  Running run;
  instantiate(run, componentized(fixtures::kText, "text-provider"));
  auto s = run.instance->call<std::string>(run.store, "cyber:math/text#echo", std::string("wörld"));
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(*s, "wörld");
  Val list(ValKind::List);
  for (uint32_t i = 1; i <= 4; ++i) list.items.push_back(Val::u32(i));
  auto sum = run.instance->call_vals(run.store, "cyber:math/text#sum", std::vector<Val>{list});
  ASSERT_TRUE(sum) << sum.error().to_string();
  ASSERT_EQ(sum->size(), 1u);
  EXPECT_EQ((*sum)[0].bits, 10u);
}

TEST(Componentize, Cm32p2Names) {
  Running run;
  Linker linker;
  linker.func("cyber:math/operations", "add", [](uint32_t a, uint32_t b) { return a + b; });
  instantiate(run, componentized(fixtures::kConsumerCm32p2, "calculator-consumer"), linker);
  auto s = run.instance->call<std::string>(run.store, "run");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(*s, "hello");  // cm32p2_initialize ran first
}

TEST(Componentize, RecordsAndVariantsAreNamed) {
  Running run;
  instantiate(run, componentized(fixtures::kShapes, "shapes-provider"));
  Val point(ValKind::Record);
  point.items = {Val::s32(6), Val::s32(7)};
  Val rect(ValKind::Variant, 1);
  rect.items = {point};
  auto area = run.instance->call_vals(run.store, "cyber:math/shapes#area", std::vector<Val>{rect});
  ASSERT_TRUE(area) << area.error().to_string();
  EXPECT_EQ((*area)[0].bits, 42u);
  auto origin = run.instance->call_vals(run.store, "cyber:math/shapes#origin", {});
  ASSERT_TRUE(origin) << origin.error().to_string();
  ASSERT_EQ((*origin)[0].items.size(), 2u);
  EXPECT_EQ(int32_t((*origin)[0].items[0].bits), -1);
  EXPECT_EQ(int32_t((*origin)[0].items[1].bits), 7);
}

TEST(Componentize, ExportedResource) {
  Running run;
  instantiate(run, componentized(fixtures::kCounters, "counter-provider"));
  auto made = run.instance->call_vals(run.store, "cyber:math/counters#[constructor]counter",
                                      std::vector<Val>{Val::u32(5)});
  ASSERT_TRUE(made) << made.error().to_string();
  ASSERT_EQ(made->size(), 1u);
  EXPECT_EQ((*made)[0].kind, ValKind::Own);
}

TEST(Componentize, ImportedResourceValidates) { componentized(fixtures::kBlobUser, "blob-user"); }

TEST(Componentize, ExportedInterfaceUsingAnotherInterfacesTypes) {
  auto bytes = componentized(fixtures::kGeometry, "geometry-provider");
  ASSERT_FALSE(bytes.empty());
  Running run;
  Linker linker;  // blob is never made here: norm only needs the record
  auto component = Component::from_binary(run.engine, bytes);
  ASSERT_TRUE(component) << component.error().to_string();
}

TEST(Componentize, WorldLevelResourceValidates) { componentized(fixtures::kThingUser, "thing-user"); }

TEST(Componentize, InitializeRunsBeforeExports) {
  Running run;
  instantiate(run, componentized(fixtures::kReactor, "reactor"));
  auto sum = run.instance->call<uint32_t>(run.store, "cyber:math/operations#add", 1u, 1u);
  ASSERT_TRUE(sum) << sum.error().to_string();
  EXPECT_EQ(*sum, 42u);
}

std::string error_of(std::string_view wat, std::string_view world) {
  auto c = componentize(embedded(wat, world));
  EXPECT_FALSE(c);
  return c ? "" : c.error().message;
}

TEST(Componentize, ErrorsNameTheCoreItem) {
  EXPECT_EQ(error_of(R"((module (import "cyber:math/operations" "mul" (func (param i32 i32) (result i32)))))",
                     "calculator-consumer"),
            "core import `cyber:math/operations`.`mul` is not a function of interface cyber:math/operations "
            "in world "
            "calculator-consumer");
  EXPECT_EQ(
      error_of(R"((module (import "cyber:math/operations" "add" (func (param i32) (result i32)))))",
               "calculator-consumer"),
      "type mismatch for core import `cyber:math/operations`.`add`: expected `[i32, i32] -> [i32]` but found "
      "`[i32] -> [i32]`");
  EXPECT_EQ(
      error_of("(module)", "calculator-provider"),
      "the module does not export `cyber:math/operations#add` (function `add` of world calculator-provider)");
  EXPECT_EQ(
      error_of(R"((module (import "env" "f" (func))))", "calculator-provider"),
      "core import module `env` (of `env`.`f`) is not an interface imported by world calculator-provider");
}

TEST(Componentize, RejectsWhatIsNotAModuleWithAWorld) {
  EXPECT_FALSE(componentize(std::vector<uint8_t>{1, 2, 3}));
  auto bare = core::text::parse_wat_module("(module)");
  ASSERT_TRUE(bare);
  auto c = componentize(*bare);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("component-type"), std::string::npos) << c.error().message;
}

// The fuzz target's seeds (fuzz/seeds/fuzz_componentize, including inputs it once
// failed on): each componentizes to a valid component or is refused with a message.
TEST(Componentize, FuzzSeedsGiveValidComponentsOrErrors) {
  size_t seen = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(WEFT_SOURCE_DIR) + "/fuzz/seeds/fuzz_componentize")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto c = componentize(bytes);
    ++seen;
    if (!c) {
      EXPECT_FALSE(c.error().message.empty()) << entry.path();
      continue;
    }
    auto v = component::load_component(*c);
    EXPECT_TRUE(v) << entry.path() << ": " << v.error().to_string();
  }
  EXPECT_GE(seen, 7u);
}

}  // namespace
}  // namespace weft::componentize

// The embedding API: typed host functions, typed calls, errors.
#include <gtest/gtest.h>

#include "weft/weft.h"

namespace weft {
namespace {

std::string example(const char* name) { return std::string(WEFT_SOURCE_DIR) + "/examples/wat/" + name; }

TEST(WeftApi, TypedHostFunctionsAndCalls) {
  Engine engine;
  auto component = Component::from_file(engine, example("greeter.component.wat"));
  ASSERT_TRUE(component) << component.error().to_string();
  EXPECT_EQ(component->exports(), (std::vector<std::string>{"add", "greet"}));
  Linker linker;
  int calls = 0;
  linker.func("shout", [&calls](std::string s) {
    ++calls;
    return s + "!";
  });
  Store store(engine);
  auto instance = linker.instantiate(store, *component);
  ASSERT_TRUE(instance) << instance.error().to_string();
  auto sum = instance->call<uint32_t>(store, "add", 40u, 2u);
  ASSERT_TRUE(sum) << sum.error().to_string();
  EXPECT_EQ(*sum, 42u);
  auto greeting = instance->call<std::string>(store, "greet", std::string("ünï"));
  ASSERT_TRUE(greeting) << greeting.error().to_string();
  EXPECT_EQ(*greeting, "ünï!");
  EXPECT_EQ(calls, 1);
}

TEST(WeftApi, ErrorsAreValues) {
  Engine engine;
  auto component = Component::from_file(engine, example("greeter.component.wat"));
  ASSERT_TRUE(component);
  Store store(engine);
  Linker empty;
  auto missing = empty.instantiate(store, *component);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("missing import `shout`"), std::string::npos);
  Linker linker;
  linker.func("shout", [](std::string s) -> Result<std::string> { return make_error(Phase::Host, {}, "no shouting: " + s); });
  auto instance = linker.instantiate(store, *component);
  ASSERT_TRUE(instance);
  auto wrong_type = instance->call<uint32_t>(store, "add", std::string("x"), 2u);
  ASSERT_FALSE(wrong_type);
  EXPECT_NE(wrong_type.error().message.find("does not fit type u32"), std::string::npos) << wrong_type.error().message;
  auto host_error = instance->call<std::string>(store, "greet", std::string("a"));
  ASSERT_FALSE(host_error);
  EXPECT_EQ(host_error.error().message, "no shouting: a");
  auto nope = instance->call(store, "nope");
  ASSERT_FALSE(nope);
  EXPECT_NE(nope.error().message.find("exports no function \"nope\""), std::string::npos);
}

}  // namespace
}  // namespace weft

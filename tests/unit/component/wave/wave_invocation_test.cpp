// WAVE function calls: `name(args)` split, then typed against the parameters.
#include "wave_test_types.h"

namespace weft::component::wave::testing {
namespace {

const ValType kU8 = prim(PrimValType::U8), kU32 = prim(PrimValType::U32), kString = prim(PrimValType::String);

std::string call_error(std::string_view text) {
  auto call = parse_invocation(text);
  if (call) return "parsed: " + call->name;
  return std::to_string(call.error().span.line) + ":" + std::to_string(call.error().span.column) + ": " +
         call.error().message;
}

TEST(WaveInvocation, SplitsNameAndArguments) {
  auto call = parse_invocation("  add(1, [2, 3], {a: \"x, y)\"}, ) ");
  ASSERT_TRUE(call.has_value()) << call.error().to_string();
  EXPECT_EQ(call->name, "add");
  ASSERT_EQ(call->args.size(), 3u);
  EXPECT_EQ(call->args[0].text, "1");
  EXPECT_EQ(call->args[0].offset, 6u);
  EXPECT_EQ(call->args[1].text, "[2, 3]");
  EXPECT_EQ(call->args[2].text, "{a: \"x, y)\"}");
  auto none = parse_invocation("run()");
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->args.empty());
}

TEST(WaveInvocation, NameForms) {
  EXPECT_EQ(call_error("%ok()"), "parsed: ok");
  EXPECT_EQ(call_error("[method]counter.get-value()"), "parsed: [method]counter.get-value");
  EXPECT_EQ(call_error("[static]counter.make()"), "parsed: [static]counter.make");
  EXPECT_EQ(call_error("[constructor]counter(1)"), "parsed: [constructor]counter");
  EXPECT_EQ(call_error("wasi:cli/run#run()"), "parsed: wasi:cli/run#run");
  EXPECT_EQ(call_error("my:pkg/api@1.2.0-rc.1#%err()"), "parsed: my:pkg/api@1.2.0-rc.1#err");
  EXPECT_EQ(call_error("(1)"), "1:1: expected a function name");
  EXPECT_EQ(call_error("Bad-mixedCase()"), "1:1: invalid function name \"Bad-mixedCase\"");
  EXPECT_EQ(call_error("pkg/api#f()"), "1:1: invalid function name \"pkg/api#f\"");
  EXPECT_EQ(call_error("f"), "1:2: expected '(' after the function name");
  EXPECT_EQ(call_error("f(1, 2"), "1:7: expected ')' to end the arguments");
  EXPECT_EQ(call_error("f(1,, 2)"), "1:5: expected an argument, found \",\"");
  EXPECT_EQ(call_error("f([1)]"), "1:5: unexpected \")\"");
  EXPECT_EQ(call_error("f(1) x"), "1:6: unexpected \"x\" after the call");
  EXPECT_EQ(call_error("f(\"open)"), "1:3: unterminated string");
}

TEST(WaveInvocation, TypesArgumentsAndChecksArity) {
  Types t;
  auto call = parse_invocation("add(1, 2)");
  ASSERT_TRUE(call.has_value());
  auto vals = parse_args(*call, t.arena, {kU32, kU32});
  ASSERT_TRUE(vals.has_value()) << vals.error().to_string();
  EXPECT_EQ(*vals, (std::vector<Val>{Val::u32(1), Val::u32(2)}));
  auto few = parse_args(*parse_invocation("add(1)"), t.arena, {kU32, kU32});
  ASSERT_FALSE(few.has_value());
  EXPECT_EQ(few.error().message, "expected 2 arguments, found 1");
  EXPECT_EQ(few.error().span.column, 6u);
  auto many = parse_args(*parse_invocation("one(1, 2)"), t.arena, {kU32});
  ASSERT_FALSE(many.has_value());
  EXPECT_EQ(many.error().message, "expected 1 argument, found 2");
  EXPECT_EQ(many.error().span.column, 8u);
  auto bad = parse_args(*parse_invocation("add(1,\n  \"two\")"), t.arena, {kU32, kU32});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().to_string(), "2:3: syntax error: expected u32, found a string");
}

// spec: "Function arguments": trailing option parameters may be left out.
TEST(WaveInvocation, TrailingOptionsMayBeOmitted) {
  Types t;
  ValType opt = t.option(kU8);
  std::vector<Val> want{Val::some(Val::u8(1)), Val::none(), Val::none()};
  for (std::string_view text : {"f(some(1))", "f(some(1), none)", "f(some(1), none, none)", "f(1,)"}) {
    auto vals = parse_args(*parse_invocation(text), t.arena, {opt, opt, opt});
    ASSERT_TRUE(vals.has_value()) << text;
    EXPECT_EQ(*vals, want) << text;
  }
  auto missing = parse_args(*parse_invocation("f()"), t.arena, {opt, kString});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, "expected 2 arguments, found 0");
}

TEST(WaveInvocation, HandBuiltInvocationsParseArgumentsAlone) {
  Types t;
  Invocation call{"f", {Argument{"[1, 2]", 40}}, "", 0};
  auto vals = parse_args(call, t.arena, {t.list(kU8)});
  ASSERT_TRUE(vals.has_value()) << vals.error().to_string();
  EXPECT_EQ((*vals)[0], Val::list({Val::u8(1), Val::u8(2)}));
}

}  // namespace
}  // namespace weft::component::wave::testing

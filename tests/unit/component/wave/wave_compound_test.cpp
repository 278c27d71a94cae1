// WAVE lists, tuples, records, variants, enums, options, results and flags.
#include "wave_test_types.h"

namespace weft::component::wave::testing {
namespace {

const ValType kU8 = prim(PrimValType::U8), kU32 = prim(PrimValType::U32), kString = prim(PrimValType::String),
              kChar = prim(PrimValType::Char), kBool = prim(PrimValType::Bool);

TEST(WaveCompound, ListsAndFixedLists) {
  Types t;
  ValType chars = t.list(kChar), pair = t.fixed_list(kU8, 2);
  EXPECT_EQ(t.parse("[]", chars), Val::list({}));
  EXPECT_EQ(t.parse("['a', 'b',]", chars), Val::list({Val::character('a'), Val::character('b')}));
  EXPECT_EQ(t.canonical("[ 'a' ,'b' , 'c' ]", chars), "['a', 'b', 'c']");
  EXPECT_EQ(t.canonical("[1, 2]", pair), "[1, 2]");
  EXPECT_EQ(t.error("[1, 2, 3]", pair), "1:1: expected 2 list elements, found 3");
  EXPECT_EQ(t.error("[1 2]", t.list(kU8)), "1:4: expected ',' or ']', found \"2\"");
  EXPECT_EQ(t.error("[,]", t.list(kU8)), "1:2: expected u8, found \",\"");
  EXPECT_EQ(t.error("[1,", t.list(kU8)), "1:4: expected u8, found end of input");
  EXPECT_EQ(t.error("(1)", t.list(kU8)), "1:1: expected list, found \"(\"");
  EXPECT_EQ(t.print(Val::list({Val::u8(1)}), pair), "<invalid>");
}

TEST(WaveCompound, Tuples) {
  Types t;
  ValType tup = t.tuple({kU8, kString});
  EXPECT_EQ(t.parse("(123, \"abc\")", tup), Val::tuple({Val::u8(123), Val::string("abc")}));
  EXPECT_EQ(t.canonical("(123,\"abc\",)", tup), "(123, \"abc\")");
  EXPECT_EQ(t.error("(1)", tup), "1:1: expected 2 tuple elements, found 1");
  EXPECT_EQ(t.error("(1, \"a\", 2)", tup), "1:10: expected 2 tuple elements, found more");
  EXPECT_EQ(t.error("()", tup), "1:1: expected 2 tuple elements, found 0");
}

TEST(WaveCompound, RecordsInAnyOrderWithOptionalFields) {
  Types t;
  ValType opt = t.option(kU8);
  ValType rec = t.record({{"must-have", kU8}, {"optional", opt}});
  Val full = Val::record({Val::u8(123), Val::some(Val::u8(7))});
  EXPECT_EQ(t.parse("{must-have: 123, optional: 7}", rec), full);
  EXPECT_EQ(t.parse("{%optional: some(7), must-have: 123,}", rec), full);
  EXPECT_EQ(t.parse("{must-have: 123}", rec), Val::record({Val::u8(123), Val::none()}));
  EXPECT_EQ(t.canonical("{must-have: 123, optional: none,}", rec), "{must-have: 123}");
  EXPECT_EQ(t.print(full, rec), "{must-have: 123, optional: some(7)}");
  ValType all_optional = t.record({{"optional", opt}});
  EXPECT_EQ(t.parse("{:}", all_optional), Val::record({Val::none()}));
  EXPECT_EQ(t.canonical("{optional: none}", all_optional), "{:}");
  EXPECT_EQ(t.error("{}", all_optional), "1:1: a record with no fields given is written {:}");
  ValType ab = t.record({{"a", kU8}, {"b", kU8}});
  EXPECT_EQ(t.error("{a: 1, z: 2}", ab), "1:8: unknown field \"z\" of record");
  EXPECT_EQ(t.error("{a: 1}", ab), "1:1: missing field \"b\"");
  EXPECT_EQ(t.error("{:}", ab), "1:1: missing field \"a\"");
  EXPECT_EQ(t.error("{a: 1, %a: 2}", ab), "1:8: duplicate field \"a\"");
  EXPECT_EQ(t.error("{a 1}", ab), "1:4: expected ':', found \"1\"");
  EXPECT_EQ(t.error("{a: 1 b: 2}", ab), "1:7: expected ',' or '}', found \"b\"");
}

TEST(WaveCompound, VariantsAndEnums) {
  Types t;
  ValType response = t.variant({{"empty", std::nullopt}, {"body", t.list(kU8)}, {"err", kString}});
  EXPECT_EQ(t.parse("empty", response), Val::variant(0));
  EXPECT_EQ(t.parse("body([79, 75])", response), Val::variant(1, {Val::list({Val::u8(79), Val::u8(75)})}));
  EXPECT_EQ(t.parse("%err(\"oops\")", response), Val::variant(2, {Val::string("oops")}));
  EXPECT_EQ(t.parse("%empty", response), Val::variant(0));
  EXPECT_EQ(t.print(Val::variant(2, {Val::string("oops")}), response), "%err(\"oops\")");
  EXPECT_EQ(t.canonical("body ( [ ] )", response), "body([])");
  EXPECT_EQ(t.error("err(\"oops\")", response), "1:1: case \"err\" must be written %err");
  EXPECT_EQ(t.error("x", response), "1:1: unknown case \"x\"");
  EXPECT_EQ(t.error("body", response), "1:1: missing payload for case \"body\"");
  EXPECT_EQ(t.error("empty(1)", response), "1:6: unexpected payload for case \"empty\"");
  EXPECT_EQ(t.error("body([1]", response), "1:9: expected ')', found end of input");
  EXPECT_EQ(t.error("1", response), "1:1: expected variant, found \"1\"");
  ValType status = t.enumeration({"ok", "not-found", "HTTP3"});
  EXPECT_EQ(t.parse("%ok", status), Val::enumeration(0));
  EXPECT_EQ(t.parse("not-found", status), Val::enumeration(1));
  EXPECT_EQ(t.canonical("HTTP3", status), "HTTP3");
  EXPECT_EQ(t.print(Val::enumeration(0), status), "%ok");
  EXPECT_EQ(t.error("found", status), "1:1: unknown case \"found\"");
  EXPECT_EQ(t.error("ok", status), "1:1: case \"ok\" must be written %ok");
  EXPECT_EQ(t.print(Val::enumeration(3), status), "<invalid>");
}

TEST(WaveCompound, OptionsFlatAndExplicit) {
  Types t;
  ValType opt = t.option(kU8);
  EXPECT_EQ(t.parse("123", opt), Val::some(Val::u8(123)));
  EXPECT_EQ(t.parse("some(123)", opt), Val::some(Val::u8(123)));
  EXPECT_EQ(t.parse("none", opt), Val::none());
  EXPECT_EQ(t.canonical("123", opt), "some(123)");
  ValType nested = t.option(opt);
  EXPECT_EQ(t.parse("some(none)", nested), Val::some(Val::none()));
  EXPECT_EQ(t.parse("some(5)", nested), Val::some(Val::some(Val::u8(5))));
  EXPECT_EQ(t.canonical("some(5)", nested), "some(some(5))");
  EXPECT_EQ(t.error("5", nested), "1:1: expected some(...) or none, found \"5\"");
  EXPECT_EQ(t.error("some", opt), "1:1: missing payload for case \"some\"");
  EXPECT_EQ(t.error("none(1)", opt), "1:5: unexpected \"(\" after the value");
  // A flat string, and an enum case named like a keyword inside an option.
  EXPECT_EQ(t.canonical("\"flat some\"", t.option(kString)), "some(\"flat some\")");
  ValType kw = t.option(t.enumeration({"none", "some"}));
  EXPECT_EQ(t.parse("%none", kw), Val::some(Val::enumeration(0)));
  EXPECT_EQ(t.canonical("%some", kw), "some(%some)");
}

TEST(WaveCompound, ResultsFlatAndExplicit) {
  Types t;
  ValType r = t.result(kU8, std::nullopt);
  EXPECT_EQ(t.parse("123", r), Val::ok({Val::u8(123)}));
  EXPECT_EQ(t.canonical("ok(123)", r), "ok(123)");
  EXPECT_EQ(t.canonical("err", r), "err");
  ValType e = t.result(std::nullopt, kString);
  EXPECT_EQ(t.parse("ok", e), Val::ok());
  EXPECT_EQ(t.parse("err(\"oops\")", e), Val::err({Val::string("oops")}));
  EXPECT_EQ(t.error("\"oops\"", e), "1:1: expected ok or err, found a string");
  EXPECT_EQ(t.error("err", e), "1:1: missing payload for case \"err\"");
  ValType bare = t.result(std::nullopt, std::nullopt);
  EXPECT_EQ(t.canonical("ok", bare), "ok");
  EXPECT_EQ(t.canonical("err", bare), "err");
  EXPECT_EQ(t.error("ok(1)", bare), "1:3: unexpected payload for case \"ok\"");
  ValType of_option = t.result(t.option(kU8), std::nullopt);
  EXPECT_EQ(t.error("1", of_option), "1:1: expected ok or err, found \"1\"");
  EXPECT_EQ(t.canonical("ok(1)", of_option), "ok(some(1))");
}

TEST(WaveCompound, Flags) {
  Types t;
  ValType perms = t.flags({"read", "write", "exec"});
  EXPECT_EQ(t.parse("{write, read,}", perms), Val::flags(3));
  EXPECT_EQ(t.parse("{}", perms), Val::flags(0));
  EXPECT_EQ(t.canonical("{exec, %read}", perms), "{read, exec}");
  EXPECT_EQ(t.print(Val::flags(0), perms), "{}");
  EXPECT_EQ(t.print(Val::flags(8), perms), "<invalid>");
  EXPECT_EQ(t.error("{read, read}", perms), "1:8: duplicate flag \"read\"");
  EXPECT_EQ(t.error("{delete}", perms), "1:2: unknown flag \"delete\"");
  EXPECT_EQ(t.error("{read: true}", perms), "1:6: expected ',' or '}', found \":\"");
}

TEST(WaveCompound, NestedValuesRoundTrip) {
  Types t;
  ValType point = t.record({{"x", kU32}, {"label", t.option(kString)}, {"tags", t.list(kChar)}});
  ValType shape = t.variant({{"dot", point}, {"none-at-all", std::nullopt}, {"many", t.list(point)}});
  ValType top = t.tuple({t.list(t.result(shape, kBool)), t.flags({"a", "b"})});
  std::string text =
      "([ok(dot({x: 1, label: some(\"a\\nb\"), tags: ['\\'']})), err(true), ok(none-at-all), "
      "ok(many([{x: 2, tags: []}]))], {a, b})";
  EXPECT_EQ(t.canonical(text, top), text);
  Val v = t.parse(text, top);
  EXPECT_EQ(t.parse(t.print(v, top), top), v);
}

TEST(WaveCompound, PrintsPlaceholdersForMismatchesAndHandles) {
  Types t;
  ValType rec = t.record({{"a", kU8}});
  EXPECT_EQ(t.print(Val::u8(1), rec), "<invalid>");
  EXPECT_EQ(t.print(Val::record({}), rec), "<invalid>");
  EXPECT_EQ(t.print(Val::tuple({Val::u8(1)}), t.tuple({kU8, kU8})), "<invalid>");
  EXPECT_EQ(t.print(Val::variant(0), t.variant({{"a", kU8}})), "a<invalid>");
  EXPECT_EQ(t.print(Val::list({Val::string("x")}), t.list(kU8)), "[<invalid>]");
  ValType own = t.add(DefinedKind::Own, [](DefinedType&) {});
  EXPECT_EQ(t.print(Val::own(0, 1), own), "<own>");
  EXPECT_EQ(t.error("1", own), "1:1: not supported yet: WAVE for own");
  ValType stream = t.add(DefinedKind::Stream, [](DefinedType&) {});
  EXPECT_EQ(t.error("[]", stream), "1:1: not supported yet: WAVE for stream");
  EXPECT_EQ(t.error("x", prim(PrimValType::ErrorContext)), "1:1: not supported yet: WAVE for error-context");
  EXPECT_EQ(t.print(Val{}, prim(PrimValType::ErrorContext)), "<error-context>");
}

TEST(WaveCompound, DeepNestingIsAnErrorNotACrash) {
  Types t;
  std::string deep(100000, '[');
  EXPECT_EQ(t.error(deep, t.list(kU8)), "1:2: expected u8, found \"[\"");
  ValType nested = kU8;
  for (int i = 0; i < 200; ++i) nested = t.list(nested);
  EXPECT_EQ(t.error(deep, nested), "1:129: nesting too deep (more than 128 levels)");
  std::string fine = std::string(100, '[') + std::string(100, ']');
  ValType hundred = kU8;
  for (int i = 0; i < 100; ++i) hundred = t.list(hundred);
  EXPECT_EQ(t.canonical(fine, hundred), fine);
}

TEST(WaveCompound, ErrorsCarryLineAndColumn) {
  Types t;
  EXPECT_EQ(t.error("[1,\n 2, // two\n x]", t.list(kU8)), "3:2: expected u8, found \"x\"");
  EXPECT_EQ(t.error("[\"☃☃\", \"é\", @]", t.list(kString)), "1:13: unexpected character '@'");
  auto v = parse_value("{a: 1,\n  z: 2}", t.arena, t.record({{"a", kU8}}));
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().phase, Phase::Text);
  EXPECT_EQ(v.error().span.offset, 9u);
  EXPECT_EQ(v.error().to_string(), "2:3: syntax error: unknown field \"z\" of record");
  EXPECT_EQ(render_error(v.error(), "{a: 1,\n  z: 2}"),
            "2:3: syntax error: unknown field \"z\" of record\n    z: 2}\n    ^");
}

}  // namespace
}  // namespace weft::component::wave::testing

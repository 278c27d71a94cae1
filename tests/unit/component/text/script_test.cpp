// The component-aware WAST script parser: component commands in every form,
// component values, and core commands still handled by core's parser.
#include "component/text/script.h"

#include <gtest/gtest.h>

#include "component/text/component_wat.h"

namespace weft::component::text {
namespace {

using Kind = ScriptValue::Kind;

Script parse(std::string_view src) {
  auto r = parse_script(src);
  EXPECT_TRUE(r.has_value()) << (r ? "" : std::to_string(r.error().span.line) + ":" +
                                              std::to_string(r.error().span.column) + " " + r.error().message);
  return r ? std::move(*r) : Script{};
}

template <class T>
const T& command(const Script& s, size_t i) {
  return std::get<T>(s.commands.at(i).command);
}

TEST(ComponentTextScript, ComponentForms) {
  Script s = parse(R"wast(
    (component $c (type u8))
    (component definition $d (type u8))
    (component instance $i $d)
    (component instance $d)
    (component binary "\00asm" "\0d\00\01\00")
    (component quote "(type u8)" "(type u16)")
    (module $m (func))
  )wast");
  ASSERT_EQ(s.commands.size(), 7u);
  const auto& c = command<CmdUnit>(s, 0).unit;
  EXPECT_TRUE(c.component);
  EXPECT_EQ(c.module.name, "c");
  ASSERT_TRUE(c.module.binary.has_value());
  EXPECT_EQ(*c.module.binary, *parse_component_wat("(component (type u8))"));
  EXPECT_TRUE(command<CmdUnit>(s, 1).unit.module.definition);
  const auto& inst = command<CmdInstance>(s, 2);
  EXPECT_TRUE(inst.component);
  EXPECT_EQ(inst.instance, "i");
  EXPECT_EQ(inst.definition, "d");
  EXPECT_FALSE(command<CmdInstance>(s, 3).instance.has_value());
  const auto& bin = command<CmdUnit>(s, 4).unit.module;
  EXPECT_EQ(bin.form, core::text::ScriptModule::Form::Binary);
  EXPECT_EQ(*bin.binary, (std::vector<uint8_t>{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}));
  const auto& quote = command<CmdUnit>(s, 5).unit.module;
  EXPECT_EQ(quote.form, core::text::ScriptModule::Form::Quote);
  EXPECT_EQ(*quote.binary, *parse_component_wat("(component (type u8) (type u16))"));
  const auto& m = command<CmdUnit>(s, 6).unit;
  EXPECT_FALSE(m.component);
  EXPECT_EQ(m.module.name, "m");
  EXPECT_TRUE(m.module.binary.has_value());
}

TEST(ComponentTextScript, ScriptNameIsTheOuterAliasTarget) {
  Script s = parse("(component $C (type $t u8) (component (alias outer $C $t (type))))");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_TRUE(command<CmdUnit>(s, 0).unit.module.binary.has_value());
}

TEST(ComponentTextScript, AssertionsTakeComponents) {
  Script s = parse(R"wast(
    (assert_invalid (component (type (own 0))) "not a resource")
    (assert_malformed (component quote "(type (list))") "unexpected token")
    (assert_malformed (component binary "\00asm") "unexpected end")
    (assert_unlinkable (component (import "x" (func))) "missing import")
    (assert_trap (component (type u8)) "unreachable")
    (assert_invalid (module (func (result i32))) "type mismatch")
  )wast");
  ASSERT_EQ(s.commands.size(), 6u);
  EXPECT_TRUE(command<CmdAssertInvalid>(s, 0).unit.component);
  const auto& malformed = command<CmdAssertMalformed>(s, 1);
  ASSERT_FALSE(malformed.unit.module.binary.has_value());
  EXPECT_EQ(malformed.unit.module.binary.error().span.line, 3u);  // reported at the component
  EXPECT_EQ(malformed.message, "unexpected token");
  EXPECT_EQ(command<CmdAssertUnlinkable>(s, 3).message, "missing import");
  EXPECT_TRUE(command<CmdAssertUninstantiable>(s, 4).unit.component);
  EXPECT_FALSE(command<CmdAssertInvalid>(s, 5).unit.component);
}

TEST(ComponentTextScript, ScalarValues) {
  Script s = parse(R"((invoke $i "f" (bool.const true) (u8.const 255) (s8.const -128) (u16.const 0xffff)
      (s16.const -1) (u32.const 4_000_000_000) (s32.const -5) (u64.const 0xffffffffffffffff) (s64.const -1)
      (f32.const 1.5) (f64.const -0x1p-1) (char.const "⛳") (str.const "a\n") (i32.const 7)))");
  const Action& a = command<CmdAction>(s, 0).action;
  EXPECT_EQ(a.instance, "i");
  EXPECT_EQ(a.field, "f");
  ASSERT_EQ(a.args.size(), 14u);
  EXPECT_EQ(a.args[0].kind, Kind::Bool);
  EXPECT_EQ(a.args[0].bits, 1u);
  EXPECT_EQ(a.args[1].bits, 255u);
  EXPECT_EQ(a.args[2].bits, uint64_t(int64_t{-128}));
  EXPECT_EQ(a.args[3].bits, 0xffffu);
  EXPECT_EQ(a.args[5].bits, 4000000000u);
  EXPECT_EQ(a.args[7].bits, ~uint64_t{0});
  EXPECT_EQ(a.args[9].kind, Kind::F32);
  EXPECT_EQ(a.args[9].bits, 0x3fc00000u);
  EXPECT_EQ(a.args[10].bits, 0xbfe0000000000000u);
  EXPECT_EQ(a.args[11].kind, Kind::Char);
  EXPECT_EQ(a.args[11].bits, 0x26f3u);
  EXPECT_EQ(a.args[12].text, "a\n");
  EXPECT_EQ(a.args[13].kind, Kind::Core);
  EXPECT_EQ(a.args[13].core.bits, 7u);
}

TEST(ComponentTextScript, CompoundValues) {
  Script s = parse(R"((assert_return (invoke "f")
      (list.const (u8.const 1) (u8.const 2))
      (record.const (field "a" u32.const 1) (field "b" (str.const "x")) (field "c" list.const (u8.const 3)))
      (tuple.const (char.const "A") (bool.const false))
      (variant.const "ok" (record.const (field "slot" u8.const 0)))
      (variant.const "none")
      (enum.const "red")
      (option.none) (option.some (u32.const 5))
      (result.ok) (result.err (u32.const 404))
      (flags.const "a" "c") (flags.const)))");
  const auto& r = command<CmdAssertReturn>(s, 0);
  ASSERT_EQ(r.expected_alternatives.size(), 1u);
  const auto& v = r.expected_alternatives[0];
  ASSERT_EQ(v.size(), 12u);
  EXPECT_EQ(v[0].kind, Kind::List);
  EXPECT_EQ(v[0].items.size(), 2u);
  EXPECT_EQ(v[1].kind, Kind::Record);
  EXPECT_EQ(v[1].labels, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(v[1].items[1].text, "x");
  EXPECT_EQ(v[1].items[2].kind, Kind::List);
  EXPECT_EQ(v[2].kind, Kind::Tuple);
  EXPECT_EQ(v[3].kind, Kind::Variant);
  EXPECT_EQ(v[3].text, "ok");
  ASSERT_EQ(v[3].items.size(), 1u);
  EXPECT_EQ(v[3].items[0].labels[0], "slot");
  EXPECT_TRUE(v[4].items.empty());
  EXPECT_EQ(v[5].text, "red");
  EXPECT_EQ(v[6].bits, 0u);
  EXPECT_EQ(v[7].bits, 1u);
  EXPECT_EQ(v[7].items[0].bits, 5u);
  EXPECT_EQ(v[8].kind, Kind::Result);
  EXPECT_EQ(v[8].bits, 0u);
  EXPECT_EQ(v[9].bits, 1u);
  EXPECT_EQ(v[10].labels, (std::vector<std::string>{"a", "c"}));
  EXPECT_TRUE(v[11].labels.empty());
}

TEST(ComponentTextScript, NanPatternsAndEither) {
  Script s = parse(R"((assert_return (invoke "f") (either (f32.const nan:canonical) (f64.const nan:arithmetic))))");
  const auto& alts = command<CmdAssertReturn>(s, 0).expected_alternatives;
  ASSERT_EQ(alts.size(), 2u);
  EXPECT_EQ(alts[0][0].nan, ScriptValue::Nan::Canonical);
  EXPECT_EQ(alts[1][0].nan, ScriptValue::Nan::Arithmetic);
}

TEST(ComponentTextScript, ValueErrors) {
  auto error = [](std::string_view src) {
    auto r = parse_script(src);
    return r ? std::string("ok")
             : std::to_string(r.error().span.line) + ":" + std::to_string(r.error().span.column) + " " +
                   r.error().message;
  };
  EXPECT_EQ(error(R"((invoke "f" (u8.const 256)))"), "1:23 constant out of range");
  EXPECT_EQ(error(R"((invoke "f" (s8.const -129)))"), "1:23 constant out of range");
  EXPECT_EQ(error(R"((invoke "f" (u32.const -1)))"), "1:24 invalid number: unexpected sign");
  EXPECT_EQ(error(R"((invoke "f" (char.const "ab")))"), "1:25 more than one character");
  EXPECT_EQ(error(R"((invoke "f" (char.const "")))"), "1:25 empty string");
  EXPECT_EQ(error(R"((invoke "f" (bool.const 1)))"), "1:25 unexpected token");
  EXPECT_EQ(error(R"((invoke "f" (nope.const 1)))"), "1:14 expected a [type].const expression");
}

TEST(ComponentTextScript, FloatSpecialsAndExhaustion) {
  Script s = parse(R"(
    (assert_return (invoke "f" (f32.const nan) (f32.const -nan:0x200000) (f64.const inf) (f64.const -0))
      (f32.const nan:0x1) (f64.const -inf))
    (assert_exhaustion (invoke $i "loop" (list.const)) "call stack exhausted")
  )");
  ASSERT_EQ(s.commands.size(), 2u);
  const auto& r = command<CmdAssertReturn>(s, 0);
  ASSERT_EQ(r.action.args.size(), 4u);
  EXPECT_EQ(r.action.args[0].bits, 0x7fc00000u);
  EXPECT_EQ(r.action.args[1].bits, 0xffa00000u);
  EXPECT_EQ(r.action.args[2].bits, 0x7ff0000000000000u);
  EXPECT_EQ(r.action.args[3].bits, 0x8000000000000000u);
  EXPECT_EQ(r.expected_alternatives[0][0].bits, 0x7f800001u);
  EXPECT_EQ(r.expected_alternatives[0][0].nan, ScriptValue::Nan::None);
  EXPECT_EQ(r.expected_alternatives[0][1].bits, 0xfff0000000000000u);
  const auto& e = command<CmdAssertExhaustion>(s, 1);
  EXPECT_EQ(e.action.instance, "i");
  EXPECT_EQ(e.action.args[0].kind, Kind::List);
  EXPECT_EQ(e.message, "call stack exhausted");
}

// Script structure errors fail the parse with the place; component text errors
// do not: they stay in the unit for the runner to report (or expect).
TEST(ComponentTextScript, MalformedScriptsGiveLineAndColumn) {
  auto error = [](std::string_view src) {
    auto r = parse_script(src);
    return r ? std::string("ok")
             : std::to_string(r.error().span.line) + ":" + std::to_string(r.error().span.column) + " " +
                   r.error().message;
  };
  EXPECT_EQ(error("(component\n  (type u8)"), "1:1 unclosed parenthesis");
  EXPECT_EQ(error("(assert_return\n  (bogus \"f\"))"), "2:4 unexpected token");
  EXPECT_EQ(error("(assert_invalid (component) 7)"), "1:29 unexpected token");
  EXPECT_EQ(error("(register \"x\" $a $b)"), "1:18 unexpected token");
  EXPECT_EQ(error("(component instance $i)"), "ok");  // `$i` is the definition
  EXPECT_EQ(error("(invoke \"f\" (char.const \"\\ff\"))"), "1:25 malformed UTF-8 encoding");
  EXPECT_EQ(error("(invoke \"f\" (option.some))"), "1:25 unexpected token");
  Script s = parse("(component\n  (type (list $nope)))");
  ASSERT_EQ(s.commands.size(), 1u);
  const auto& bad = command<CmdUnit>(s, 0).unit.module.binary;
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().span.line, 2u);
  EXPECT_EQ(bad.error().span.column, 15u);
}

TEST(ComponentTextScript, CoreScriptsStillParse) {
  Script s = parse(R"(
    (module $m (func (export "f") (param i32) (result i32) (local.get 0)))
    (register "m" $m)
    (assert_return (invoke $m "f" (i32.const 3)) (i32.const 3))
    (assert_trap (invoke "f" (i32.const 0)) "unreachable")
    (module definition $d)
    (module instance $i $d)
    (thread $t)
  )");
  ASSERT_EQ(s.commands.size(), 6u);
  EXPECT_EQ(command<CmdRegister>(s, 1).as, "m");
  EXPECT_EQ(command<CmdAssertReturn>(s, 2).expected_alternatives[0][0].kind, Kind::Core);
  EXPECT_FALSE(command<CmdInstance>(s, 5).component);
  ASSERT_EQ(s.unsupported.size(), 1u);
  EXPECT_EQ(s.unsupported[0].second, "thread");
}

}  // namespace
}  // namespace weft::component::text

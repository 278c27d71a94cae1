// Script parser: every command form, expected values, unsupported commands and
// module errors kept in place.
#include "core/text/script.h"

#include <gtest/gtest.h>

namespace weft::core::text {
namespace {

Script parse(std::string_view src) {
  auto r = parse_script(src);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? std::move(*r) : Script{};
}

TEST(Script, CommandForms) {
  Script s = parse(R"wast(
    (module $m (func (export "f") (param i32) (result i32) (local.get 0)))
    (register "reg" $m)
    (invoke "f" (i32.const 1))
    (get $m "glob")
    (assert_trap (invoke "t") "unreachable")
    (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
    (assert_exhaustion (invoke "r") "call stack exhausted")
    (assert_malformed (module quote "(func (br $x))") "unknown label")
    (assert_invalid (module (func (result i32))) "type mismatch")
    (assert_unlinkable (module (import "x" "y" (func))) "unknown import")
    (module binary "\00asm" "\01\00\00\00")
    (module definition $d (func))
    (module instance $i $d)
  )wast");
  ASSERT_EQ(s.commands.size(), 13u);
  auto& mod = std::get<CmdModule>(s.commands[0].command).module;
  EXPECT_EQ(mod.name, "m");
  EXPECT_TRUE(mod.binary.has_value());
  EXPECT_EQ(s.commands[0].span.line, 2u);
  EXPECT_EQ(s.commands[0].span.column, 5u);
  auto& reg = std::get<CmdRegister>(s.commands[1].command);
  EXPECT_EQ(reg.as, "reg");
  EXPECT_EQ(reg.module, "m");
  auto& inv = std::get<CmdAction>(s.commands[2].command).action;
  EXPECT_EQ(inv.field, "f");
  ASSERT_EQ(inv.args.size(), 1u);
  EXPECT_EQ(inv.args[0].bits, 1u);
  auto& get = std::get<CmdAction>(s.commands[3].command).action;
  EXPECT_EQ(get.kind, Action::Kind::Get);
  EXPECT_EQ(get.module, "m");
  EXPECT_EQ(std::get<CmdAssertTrap>(s.commands[4].command).message, "unreachable");
  EXPECT_TRUE(std::holds_alternative<CmdAssertUninstantiable>(s.commands[5].command));
  EXPECT_TRUE(std::holds_alternative<CmdAssertExhaustion>(s.commands[6].command));
  auto& mal = std::get<CmdAssertMalformed>(s.commands[7].command);
  EXPECT_EQ(mal.module.form, ScriptModule::Form::Quote);
  EXPECT_EQ(mal.module.quote, "(func (br $x))");
  EXPECT_FALSE(mal.module.binary.has_value());
  EXPECT_TRUE(std::get<CmdAssertInvalid>(s.commands[8].command).module.binary.has_value());
  EXPECT_TRUE(std::holds_alternative<CmdAssertUnlinkable>(s.commands[9].command));
  auto& bin = std::get<CmdModule>(s.commands[10].command).module;
  EXPECT_EQ(bin.form, ScriptModule::Form::Binary);
  EXPECT_EQ(bin.binary->size(), 8u);
  auto& def = std::get<CmdModule>(s.commands[11].command).module;
  EXPECT_TRUE(def.definition);
  EXPECT_EQ(def.name, "d");
  auto& inst = std::get<CmdModuleInstance>(s.commands[12].command);
  EXPECT_EQ(inst.instance, "i");
  EXPECT_EQ(inst.definition, "d");
}

TEST(Script, ExpectedValues) {
  Script s = parse(R"wast(
    (assert_return (invoke "g") (f32.const nan:canonical) (f64.const nan:arithmetic) (ref.null extern)
                                (ref.extern 7) (ref.func) (f64.const -0x1p-1074) (i64.const -1))
    (assert_return (invoke "h") (either (i32.const 1) (i32.const 2)))
    (assert_return (invoke "v") (v128.const i16x8 1 2 3 4 5 6 7 -1))
    (assert_return (invoke "e"))
  )wast");
  ASSERT_EQ(s.commands.size(), 4u);
  auto& r = std::get<CmdAssertReturn>(s.commands[0].command);
  ASSERT_EQ(r.expected_alternatives.size(), 1u);
  const auto& v = r.expected_alternatives[0];
  ASSERT_EQ(v.size(), 7u);
  EXPECT_EQ(v[0].kind, ScriptValue::Kind::NanCanonical);
  EXPECT_EQ(v[0].type, ValType::F32);
  EXPECT_EQ(v[1].kind, ScriptValue::Kind::NanArithmetic);
  EXPECT_EQ(v[1].type, ValType::F64);
  EXPECT_EQ(v[2].kind, ScriptValue::Kind::RefNull);
  EXPECT_EQ(v[2].type, ValType::ExternRef);
  EXPECT_EQ(v[3].kind, ScriptValue::Kind::RefExtern);
  EXPECT_EQ(v[3].bits, 7u);
  EXPECT_EQ(v[4].kind, ScriptValue::Kind::RefFunc);
  EXPECT_EQ(v[5].bits, 0x8000000000000001u);
  EXPECT_EQ(v[6].bits, UINT64_MAX);
  auto& either = std::get<CmdAssertReturn>(s.commands[1].command).expected_alternatives;
  ASSERT_EQ(either.size(), 2u);
  EXPECT_EQ(either[1][0].bits, 2u);
  auto& vec = std::get<CmdAssertReturn>(s.commands[2].command).expected_alternatives[0][0];
  EXPECT_EQ(vec.kind, ScriptValue::Kind::V128);
  EXPECT_EQ(vec.v128[2], 2);
  EXPECT_EQ(vec.v128[14], 0xff);
  EXPECT_EQ(vec.v128[15], 0xff);
  auto& empty = std::get<CmdAssertReturn>(s.commands[3].command).expected_alternatives;
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_TRUE(empty[0].empty());
}

TEST(Script, UnknownCommandsAreUnsupported) {
  Script s = parse(R"wast(
    (assert_suspension (invoke "x") "unhandled")
    (thread $t (module))
    (assert_return (invoke "v") (v128.const f32x4 nan:canonical 0 0 0))
    (invoke "ok")
  )wast");
  ASSERT_EQ(s.unsupported.size(), 3u);
  EXPECT_EQ(s.unsupported[0].second, "assert_suspension");
  EXPECT_EQ(s.unsupported[1].first.line, 3u);
  EXPECT_EQ(s.commands.size(), 1u);
}

TEST(Script, AssertExceptionIsACommand) {
  Script s = parse(R"wast((assert_exception (invoke "x" (i32.const 1))))wast");
  EXPECT_TRUE(s.unsupported.empty());
  ASSERT_EQ(s.commands.size(), 1u);
  const auto& c = std::get<CmdAssertException>(s.commands[0].command);
  EXPECT_EQ(c.action.field, "x");
  EXPECT_EQ(c.action.args.size(), 1u);
}

TEST(Script, ModuleTextErrorsStayInTheModule) {
  Script s = parse("(module (func (i32.foo)))\n(invoke \"x\")");
  ASSERT_EQ(s.commands.size(), 2u);
  auto& mod = std::get<CmdModule>(s.commands[0].command).module;
  ASSERT_FALSE(mod.binary.has_value());
  EXPECT_EQ(mod.binary.error().span.line, 1u);
  EXPECT_EQ(mod.binary.error().span.column, 16u);
  EXPECT_EQ(mod.binary.error().phase, Phase::Text);
}

TEST(Script, StructureErrorsFailTheScript) {
  auto r = parse_script("(module)\n  (assert_return \"x\")");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().span.line, 2u);
  EXPECT_EQ(r.error().span.column, 18u);
  EXPECT_FALSE(parse_script("(invoke \"f\" (i32.const 1_))").has_value());
  EXPECT_FALSE(parse_script("(module").has_value());
  EXPECT_FALSE(parse_script("nop").has_value());
}

TEST(Script, BareModuleFieldsAreOneModule) {
  Script s = parse("(func) (memory 0) (func (export \"f\"))");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_TRUE(std::get<CmdModule>(s.commands[0].command).module.binary.has_value());
}

TEST(Script, QuotedModulesNestBoundedly) {
  std::string text = "(func)";
  for (int i = 0; i < 12; ++i) {
    std::string escaped;
    for (char c : text) {
      if (c == '"' || c == '\\') escaped += '\\';
      escaped += c;
    }
    text = "(module quote \"" + escaped + "\")";
  }
  Script s = parse(text);
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_FALSE(std::get<CmdModule>(s.commands[0].command).module.binary.has_value());
}

}  // namespace
}  // namespace weft::core::text

// `weft run --invoke` on components: WAVE arguments in, WAVE results out, clear errors.
#include <gtest/gtest.h>

#include "process.h"

namespace weft::e2e {
namespace {

constexpr const char* kComponent = R"((component
  (core module $m
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $r i32)
      (local.set $r (global.get $next))
      (global.set $next (i32.add (global.get $next) (local.get 3)))
      (local.get $r))
    (func (export "echo") (param i32 i32) (result i32)
      (i32.store (i32.const 8) (local.get 0))
      (i32.store (i32.const 12) (local.get 1))
      i32.const 8)
    (func (export "boom") unreachable))
  (core instance $i (instantiate $m))
  (type $point' (record (field "x" s32) (field "y" s32)))
  (export $point "point" (type $point'))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $i "echo") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
  (func (export "swap") (param "p" $point) (result u32) (canon lift (core func $i "add")))
  (func (export "boom") (canon lift (core func $i "boom")))
))";

TEST(ComponentRun, InvokesWithWaveArgumentsAndPrintsWaveResults) {
  auto path = write_file("calc.component.wat", kComponent);
  auto r = run_weft({"run", "--invoke", "add(40, 2)", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "42\n");
  auto s = run_weft({"run", "--invoke", "echo(\"h\\u{e9}llo \\\"you\\\"\")", path});
  EXPECT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out, "\"héllo \\\"you\\\"\"\n");
  auto rec = run_weft({"run", "--invoke", "swap({x: 3, y: -1})", path});
  EXPECT_EQ(rec.exit_code, 0) << rec.err;
  EXPECT_EQ(rec.out, "2\n");
}

TEST(ComponentRun, ErrorsAreClear) {
  auto path = write_file("calc2.component.wat", kComponent);
  auto arity = run_weft({"run", "--invoke", "add(1)", path});
  EXPECT_NE(arity.exit_code, 0);
  EXPECT_NE(arity.err.find("expected 2 arguments, found 1"), std::string::npos) << arity.err;
  auto type = run_weft({"run", "--invoke", "add(1, \"x\")", path});
  EXPECT_NE(type.exit_code, 0);
  EXPECT_NE(type.err.find("expected u32"), std::string::npos) << type.err;
  auto missing = run_weft({"run", "--invoke", "nope()", path});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("exports no function \"nope\" (it exports: add, echo, swap, boom)"), std::string::npos)
      << missing.err;
  auto trap = run_weft({"run", "--invoke", "boom()", path});
  EXPECT_EQ(trap.exit_code, 1);
  EXPECT_NE(trap.err.find("unreachable"), std::string::npos) << trap.err;
}

}  // namespace
}  // namespace weft::e2e

// End-to-end: `weft wit check` and `weft wit print` on WIT files, good and bad.
#include <gtest/gtest.h>

#include "process.h"

namespace weft::e2e {
namespace {

TEST(WitCli, CheckReportsFileLineColumnAndCaret) {
  auto path = write_file("bad.wit",
                         "package demo:app;\n"
                         "\n"
                         "interface api {\n"
                         "  get: func(key: strin) -> u32;\n"
                         "}\n");
  auto r = run_weft({"wit", "check", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.wit:4:18: validation error: name `strin` does not exist"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\n    get: func(key: strin) -> u32;\n                   ^"), std::string::npos) << r.err;
}

TEST(WitCli, CheckReportsSyntaxErrors) {
  auto path = write_file("syntax.wit", "package demo:app;\nworld w {\n  import x func();\n}\n");
  auto r = run_weft({"wit", "check", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("syntax.wit:3:12: syntax error: expected ';', found keyword `func`"), std::string::npos)
      << r.err;
}

TEST(WitCli, CheckAndPrintAGoodPackage) {
  auto path = write_file("good.wit",
                         "package demo:app@1.0.0;\n"
                         "interface types { record point { x: s32, y: s32 } }\n"
                         "world app { export run: func(p: point); use types.{point}; }\n");
  auto check = run_weft({"wit", "check", path});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("ok (1 package, 1 interface, 1 world)"), std::string::npos) << check.out;
  auto print = run_weft({"wit", "print", path});
  EXPECT_EQ(print.exit_code, 0) << print.err;
  EXPECT_NE(print.out.find("world app {\n  import types;\n\n  use types.{point};"), std::string::npos) << print.out;
  // What `print` writes is itself valid WIT that prints the same.
  auto again = write_file("printed.wit", print.out);
  EXPECT_EQ(run_weft({"wit", "print", again}).out, print.out);
}

TEST(WitCli, ComponentBinariesAreNotSupportedYet) {
  auto path = write_file("c.wasm", std::string("\0asm\x0d\x00\x01\x00", 8));
  auto r = run_weft({"wit", "print", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not supported yet: component binaries"), std::string::npos) << r.err;
}

TEST(WitCli, HelpDescribesTheSubcommands) {
  auto r = run_weft({"wit", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("check"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("print"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace weft::e2e

// End-to-end: the weft CLI on real modules, good and bad.
#include <gtest/gtest.h>

#include "process.h"

namespace weft::e2e {
namespace {

const std::string kSource = WEFT_SOURCE_DIR;

TEST(Cli, VersionAndHelp) {
  auto r = run_weft({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("weft ", 0), 0u) << r.out;
  auto h = run_weft({"--help"});
  EXPECT_EQ(h.exit_code, 0);
  for (const char* cmd : {"run", "validate", "wast"}) EXPECT_NE(h.out.find(cmd), std::string::npos) << cmd;
}

TEST(Cli, GarbageIsRejectedWithOffset) {
  auto path = write_file("garbage.wasm", std::string("\0asm\x01\x00\x00\x00\x01\x05\x01\x60", 12));
  auto r = run_weft({"validate", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("offset 0x"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("decode error"), std::string::npos) << r.err;
}

TEST(Cli, NotWasmAtAll) {
  auto path = write_file("random.wasm", std::string("\x7f" "ELF\x02\x01\x01\x00\x00\x00", 10));
  auto r = run_weft({"validate", path});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("error"), std::string::npos) << r.err;
}

TEST(Cli, MissingFile) {
  auto r = run_weft({"validate", "/nonexistent/x.wasm"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot open"), std::string::npos) << r.err;
}

TEST(Cli, WatSyntaxErrorShowsLineColumnAndCaret) {
  auto path = write_file("bad.wat", "(module\n  (func (result i32)\n    i32.bogus))\n");
  auto r = run_weft({"validate", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.wat:3:5"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("^"), std::string::npos) << r.err;
}

TEST(Cli, ValidationErrorNamesTheProblem) {
  auto path = write_file("invalid.wat", "(module (func (result i32) (i64.const 1)))");
  auto r = run_weft({"validate", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("type mismatch"), std::string::npos) << r.err;
}

TEST(Cli, InvokeAnExport) {
  auto r = run_weft({"run", "--invoke", "fib", kSource + "/examples/wat/fib.wat", "20"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "6765\n");
}

TEST(Cli, InvokeWithWrongArgumentsIsAUsageError) {
  auto r = run_weft({"run", "--invoke", "fib", kSource + "/examples/wat/fib.wat", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot read 'x' as i32"), std::string::npos) << r.err;
}

TEST(Cli, DeepRecursionTrapsCleanly) {
  auto path = write_file("deep.wat", "(module (func $f (export \"f\") (call $f)))");
  auto r = run_weft({"run", "--invoke", "f", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("call stack exhausted"), std::string::npos) << r.err;
}

TEST(Cli, TrapShowsWasmStackTrace) {
  auto path = write_file("trap.wat",
                         "(module (func $inner (unreachable))"
                         " (func $outer (export \"go\") (call $inner)))");
  auto r = run_weft({"run", "--invoke", "go", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unreachable"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("inner"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("outer"), std::string::npos) << r.err;
}

TEST(Cli, RunsACProgramBuiltWithClang) {
  auto wasm = build_guest(kSource + "/examples/c/hello.c", "hello.wasm");
  auto r = run_weft({"run", wasm, "weft"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello from wasm, weft!\nfib(25) = 75025\n");
}

TEST(Cli, TruncatedAndOversizedModulesAreRejected) {
  // A code section that claims more bytes than the file has.
  auto oversized = write_file("oversized.wasm", std::string("\0asm\x01\x00\x00\x00\x0a\xff\xff\xff\x0f\x01", 14));
  auto r = run_weft({"validate", oversized});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("offset 0x"), std::string::npos) << r.err;
  // A header cut short.
  auto truncated = write_file("truncated.wasm", std::string("\0asm\x01\x00", 6));
  auto t = run_weft({"run", truncated});
  EXPECT_EQ(t.exit_code, 1);
  EXPECT_NE(t.err.find("decode error"), std::string::npos) << t.err;
  // A memory far larger than any store allows.
  auto huge = write_file("huge.wat", "(module (memory 65537) (func (export \"_start\")))");
  auto h = run_weft({"run", huge});
  EXPECT_EQ(h.exit_code, 1);
  EXPECT_NE(h.err.find("error"), std::string::npos) << h.err;
}

TEST(Cli, FuelAndTimeoutStopRunawayGuests) {
  auto path = write_file("spin.wat", "(module (func (export \"_start\") (loop $l (br $l))))");
  auto fuel = run_weft({"run", "--fuel", "1000", path});
  EXPECT_EQ(fuel.exit_code, 1);
  EXPECT_NE(fuel.err.find("all fuel consumed"), std::string::npos) << fuel.err;
  auto timeout = run_weft({"run", "--timeout", "0.2", path});
  EXPECT_EQ(timeout.exit_code, 1);
  EXPECT_NE(timeout.err.find("interrupted"), std::string::npos) << timeout.err;
  // Enough fuel: the guest finishes.
  auto fine = write_file("count.wat",
                         "(module (func (export \"_start\") (local i32)"
                         " (loop $l (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1)))"
                         " (i32.const 100))))))");
  EXPECT_EQ(run_weft({"run", "--fuel", "1000", fine}).exit_code, 0);
}

TEST(Cli, ExitStatusOutsideAByteIsAFailure) {
  auto path = write_file("exit256.wat",
                         "(module (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))"
                         " (memory (export \"memory\") 1)"
                         " (func (export \"_start\") (call $exit (i32.const 256))))");
  EXPECT_EQ(run_weft({"run", path}).exit_code, 1);
}

TEST(Cli, WastPrintsTotals) {
  auto path = write_file("mini.wast",
                         "(module (func (export \"add\") (param i32 i32) (result i32)"
                         " (i32.add (local.get 0) (local.get 1))))\n"
                         "(assert_return (invoke \"add\" (i32.const 1) (i32.const 2)) (i32.const 3))\n"
                         "(assert_return (invoke \"add\" (i32.const 1) (i32.const 2)) (i32.const 4))\n"
                         "(assert_invalid (module (func (result i32))) \"type mismatch\")\n");
  auto r = run_weft({"wast", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("mini.wast:3:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n3 passed, 1 failed\n"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace weft::e2e

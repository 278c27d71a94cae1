// End-to-end: `weft wit print|decode|embed` on binaries: WIT packages encoded by
// `weft wit encode`, core modules with an embedded world, and malformed input.
#include <gtest/gtest.h>

#include <fstream>

#include "process.h"

namespace weft::e2e {
namespace {

constexpr const char* kWit =
    "package demo:app@1.0.0;\n"
    "\n"
    "interface types {\n"
    "  type id = u64;\n"
    "  record point { x: s32, y: s32 }\n"
    "  resource canvas {\n"
    "    constructor(name: string);\n"
    "    draw: func(at: point) -> result<id, string>;\n"
    "  }\n"
    "}\n"
    "\n"
    "world app {\n"
    "  import types;\n"
    "  export run: func(args: list<string>) -> u32;\n"
    "}\n";

// An empty core module: its preamble only.
std::string empty_module() {
  std::string path = temp_dir() + "/empty.wasm";
  std::ofstream(path, std::ios::binary).write("\0asm\1\0\0\0", 8);
  return path;
}

TEST(WitDecodeCli, PrintsAnEncodedPackageLikeItsText) {
  auto wit = write_file("app.wit", kWit);
  std::string wasm = temp_dir() + "/app.wasm";
  ASSERT_EQ(run_weft({"wit", "encode", wit, "-o", wasm}).exit_code, 0);
  auto text = run_weft({"wit", "print", wit});
  auto binary = run_weft({"wit", "print", wasm});
  ASSERT_EQ(binary.exit_code, 0) << binary.err;
  EXPECT_EQ(binary.out, text.out);
  // `decode` prints the same, standalone, and it resolves again.
  auto decoded = run_weft({"wit", "decode", wasm});
  ASSERT_EQ(decoded.exit_code, 0) << decoded.err;
  EXPECT_EQ(decoded.out, text.out);
  EXPECT_EQ(run_weft({"wit", "check", write_file("again.wit", decoded.out)}).exit_code, 0);
}

TEST(WitDecodeCli, EmbedsAWorldInACoreModule) {
  auto wit = write_file("app.wit", kWit);
  std::string out = temp_dir() + "/embedded.wasm";
  auto r = run_weft({"wit", "embed", empty_module(), wit, "-w", "app", "-o", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto printed = run_weft({"wit", "print", out});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_NE(printed.out.find("world app {\n  import types;\n\n  export run: func(args: list<string>) -> u32;\n}"),
            std::string::npos)
      << printed.out;
  EXPECT_NE(printed.out.find("resource canvas {"), std::string::npos) << printed.out;
  // The only world is the default; a second component-type section is refused.
  auto again = run_weft({"wit", "embed", out, wit, "-o", temp_dir() + "/twice.wasm"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already has a `component-type:app` custom section"), std::string::npos) << again.err;
  auto missing = run_weft({"wit", "embed", empty_module(), wit, "-w", "nope", "-o", temp_dir() + "/x.wasm"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("has no world `nope`"), std::string::npos) << missing.err;
}

TEST(WitDecodeCli, MalformedBinariesAreErrorsWithOffsets) {
  auto wit = write_file("app.wit", kWit);
  std::string wasm = temp_dir() + "/app.wasm";
  ASSERT_EQ(run_weft({"wit", "encode", wit, "-o", wasm}).exit_code, 0);
  std::ifstream in(wasm, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string cut = temp_dir() + "/cut.wasm";
  std::ofstream(cut, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size() / 2));
  auto r = run_weft({"wit", "print", cut});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cut.wasm: offset 0x"), std::string::npos) << r.err;
  auto none = run_weft({"wit", "print", empty_module()});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no WIT world"), std::string::npos) << none.err;
  auto text = run_weft({"wit", "decode", wit});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.err.find("expected a binary"), std::string::npos) << text.err;
}

TEST(WitDecodeCli, HelpListsDecodeAndEmbed) {
  auto r = run_weft({"wit", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("decode"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("embed"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace weft::e2e

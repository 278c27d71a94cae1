// `weft componentize` end to end: the weft binary makes components from core modules
// with embedded worlds; weft validates and runs them, and, when jco is installed
// (scripts/jco.sh --install), the reference tooling accepts them (`jco print`), reads
// the same WIT from them as from `jco new`'s component of the same module, and runs
// them (`jco transpile` + node) with the same results as `weft run --invoke`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../unit/componentize/fixtures.h"
#include "process.h"

namespace weft::e2e {
namespace {

namespace fs = std::filesystem;
namespace fx = componentize::fixtures;

const std::string kJco = std::string(WEFT_SOURCE_DIR) + "/scripts/jco.sh";

bool have_jco() {
  return fs::exists(std::string(WEFT_SOURCE_DIR) +
                    "/build-tools/node_modules/@bytecodealliance/jco/dist/jco.js");
}

ProcessResult jco(std::vector<std::string> args) {
  args.insert(args.begin(), {"bash", kJco});
  return run_process(args);
}

// MODULE (core WAT) with WORLD embedded and componentized by weft: the component's path.
std::string weft_component(const std::string& name, std::string_view wat, const std::string& world) {
  std::string wit = write_file("componentize.wit", std::string(fx::kWit));
  std::string module = write_file(name + ".wat", std::string(wat));
  std::string out = temp_dir() + "/" + name + ".component.wasm";
  auto r = run_weft({"componentize", module, "--wit", wit, "--world", world, "-o", out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto v = run_weft({"validate", out});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  return out;
}

std::string invoke(const std::string& component, const std::string& call) {
  auto r = run_weft({"run", "--invoke", call, component});
  EXPECT_EQ(r.exit_code, 0) << call << ": " << r.err;
  return r.out;
}

TEST(Componentize, RunsUnderWeft) {
  std::string provider = weft_component("provider", fx::kProvider, "calculator-provider");
  EXPECT_EQ(invoke(provider, "cyber:math/operations#add(40, 2)"), "42\n");
  std::string text = weft_component("text", fx::kText, "text-provider");
  EXPECT_EQ(invoke(text, "cyber:math/text#echo(\"w\\u{f6}rld\")"), "\"wörld\"\n");
  EXPECT_EQ(invoke(text, "cyber:math/text#sum([1, 2, 3, 4])"), "10\n");
  std::string shapes = weft_component("shapes", fx::kShapes, "shapes-provider");
  EXPECT_EQ(invoke(shapes, "cyber:math/shapes#area(rect({x: 6, y: 7}))"), "42\n");
  EXPECT_EQ(invoke(shapes, "cyber:math/shapes#origin()"), "{x: -1, y: 7}\n");
  std::string reactor = weft_component("reactor", fx::kReactor, "reactor");
  EXPECT_EQ(invoke(reactor, "cyber:math/operations#add(1, 1)"), "42\n");
}

TEST(Componentize, ErrorsNameTheCoreImport) {
  std::string wit = write_file("componentize.wit", std::string(fx::kWit));
  std::string module = write_file(
      "bad.wat", R"((module (import "cyber:math/operations" "mul" (func (param i32 i32) (result i32)))))");
  auto r = run_weft({"componentize", module, "--wit", wit, "--world", "calculator-consumer", "-o",
                     temp_dir() + "/bad.wasm"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("core import `cyber:math/operations`.`mul` is not a function of interface "
                       "cyber:math/operations in world calculator-consumer"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("offset"), std::string::npos) << r.err;
}

// The same embedded module through `jco new`: both components' WIT must agree.
void cross_check(const std::string& name, std::string_view wat, const std::string& world) {
  std::string wit = write_file("componentize.wit", std::string(fx::kWit));
  std::string wat_path = write_file(name + ".x.wat", std::string(wat));
  std::string core = temp_dir() + "/" + name + ".core.wasm";
  std::string embedded = temp_dir() + "/" + name + ".embed.wasm";
  std::string ours = temp_dir() + "/" + name + ".weft.wasm";
  std::string theirs = temp_dir() + "/" + name + ".jco.wasm";
  ASSERT_EQ(jco({"parse", wat_path, "-o", core}).exit_code, 0);
  auto e = run_weft({"wit", "embed", core, wit, "-w", world, "-o", embedded});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  auto c = run_weft({"componentize", embedded, "-o", ours});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  auto n = jco({"new", embedded, "-o", theirs});
  ASSERT_EQ(n.exit_code, 0) << n.err;
  auto printed = jco({"print", ours});
  EXPECT_EQ(printed.exit_code, 0) << name << ": jco print rejects weft's component: " << printed.err;
  auto ours_wit = jco({"wit", ours});
  auto theirs_wit = jco({"wit", theirs});
  EXPECT_EQ(ours_wit.exit_code, 0) << ours_wit.err;
  EXPECT_EQ(ours_wit.out, theirs_wit.out) << name;
  ::testing::Test::RecordProperty(name + "_bytes", std::to_string(fs::file_size(ours)) + " (jco new: " +
                                                       std::to_string(fs::file_size(theirs)) + ")");
}

// Runs `js` (an ES module body) after `jco transpile` of COMPONENT into DIR/NAME.js.
std::string node_run(const std::string& component, const std::string& name, const std::string& js,
                     std::vector<std::string> extra = {}) {
  std::string dir = temp_dir() + "/" + name + "-js";
  fs::remove_all(dir);
  std::vector<std::string> args{"transpile", component, "-o", dir, "--name", name};
  args.insert(args.end(), extra.begin(), extra.end());
  auto t = jco(args);
  EXPECT_EQ(t.exit_code, 0) << t.err;
  std::ofstream(dir + "/main.mjs") << js;
  auto r = run_process({"node", dir + "/main.mjs"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

TEST(Componentize, JcoAcceptsAndRunsTheSame) {
  if (!have_jco()) GTEST_SKIP() << "no jco in build-tools/ (scripts/jco.sh --install)";
  cross_check("provider", fx::kProvider, "calculator-provider");
  cross_check("consumer", fx::kConsumer, "calculator-consumer");
  cross_check("text", fx::kText, "text-provider");
  cross_check("shapes", fx::kShapes, "shapes-provider");
  cross_check("counters", fx::kCounters, "counter-provider");
  cross_check("blob", fx::kBlobUser, "blob-user");
  cross_check("reactor", fx::kReactor, "reactor");
  cross_check("geometry", fx::kGeometry, "geometry-provider");
  cross_check("thing", fx::kThingUser, "thing-user");
  cross_check("cm32p2", fx::kConsumerCm32p2, "calculator-consumer");

  std::string provider = temp_dir() + "/provider.weft.wasm";
  EXPECT_EQ(node_run(provider, "provider",
                     "import { operations } from './provider.js';\n"
                     "console.log(operations.add(40, 2));\n"),
            invoke(provider, "cyber:math/operations#add(40, 2)"));
  std::string text = temp_dir() + "/text.weft.wasm";
  EXPECT_EQ(node_run(text, "text",
                     "import { text } from './text.js';\n"
                     "console.log(text.sum(new Uint32Array([1, 2, 3, 4])));\n"),
            invoke(text, "cyber:math/text#sum([1, 2, 3, 4])"));
  std::string shapes = temp_dir() + "/shapes.weft.wasm";
  EXPECT_EQ(node_run(shapes, "shapes",
                     "import { shapes } from './shapes.js';\n"
                     "console.log(shapes.area({ tag: 'rect', val: { x: 6, y: 7 } }));\n"),
            invoke(shapes, "cyber:math/shapes#area(rect({x: 6, y: 7}))"));
  std::string reactor = temp_dir() + "/reactor.weft.wasm";
  EXPECT_EQ(node_run(reactor, "reactor",
                     "import { operations } from './reactor.js';\n"
                     "console.log(operations.add(1, 1));\n"),
            invoke(reactor, "cyber:math/operations#add(1, 1)"));
  // The consumer's import, mapped onto a JavaScript module.
  std::string consumer = temp_dir() + "/consumer.weft.wasm";
  std::string ops = write_file("ops.mjs", "export function add(a, b) { return a + b; }\n");
  EXPECT_EQ(node_run(consumer, "consumer", "import { run } from './consumer.js';\nconsole.log(run());\n",
                     {"--map", "cyber:math/operations=" + ops}),
            "hello\n");
  // Counters: a resource made and read through jco.
  std::string counters = temp_dir() + "/counters.weft.wasm";
  EXPECT_EQ(node_run(counters, "counters",
                     "import { counters } from './counters.js';\n"
                     "const c = new counters.Counter(7);\nconsole.log(c.get());\n"),
            "7\n");
}

// The core modules in a component binary, in order (test code only: it takes the
// reference WASI adapter out of a component `jco new --wasi-command` made).
std::vector<std::string> core_modules(const std::string& bytes) {
  std::vector<std::string> out;
  size_t pos = 8;
  auto leb = [&] {
    uint32_t v = 0;
    for (int shift = 0; pos < bytes.size(); shift += 7) {
      uint8_t b = uint8_t(bytes[pos++]);
      v |= uint32_t(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    return v;
  };
  while (pos < bytes.size()) {
    uint8_t id = uint8_t(bytes[pos++]);
    uint32_t size = leb();
    if (id == 1) out.push_back(bytes.substr(pos, size));
    pos += size;
  }
  return out;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A preview-1 C program made a WASI 0.2 command with the reference (wit-component's)
// preview-1 adapter, until weft's own lands: its world is embedded here from
// ../shared/wit/wasi-0.2.12, as `jco new` strips it from the adapter it fuses.
TEST(Componentize, PreviewOneProgramWithTheReferenceAdapter) {
  if (!have_jco()) GTEST_SKIP() << "no jco in build-tools/ (scripts/jco.sh --install)";
  const std::string wasi = std::string(WEFT_SOURCE_DIR) + "/../shared/wit/wasi-0.2.12";
  if (!fs::exists(wasi)) GTEST_SKIP() << "no " << wasi;
  std::string hello =
      build_guest(std::string(WEFT_SOURCE_DIR) + "/tests/e2e/wasi/hello_args.c", "cz_hello.wasm");
  std::string reference = temp_dir() + "/cz_hello.jco.wasm";
  ASSERT_EQ(jco({"new", hello, "--wasi-command", "-o", reference}).exit_code, 0);
  auto modules = core_modules(read_all(reference));
  ASSERT_GE(modules.size(), 2u);
  std::string adapter = write_file("cz_adapter.wasm", modules[1]);
  std::string wit = temp_dir() + "/cz_adapter_wit";
  fs::remove_all(wit);
  fs::create_directories(wit + "/deps");
  for (const char* pkg : {"cli", "io", "clocks", "filesystem", "random", "sockets"})
    fs::create_directory_symlink(wasi + "/" + pkg, wit + "/deps/" + pkg);
  std::ofstream(wit + "/world.wit")
      << "package weft:adapter;\n\nworld adapter {\n"
         "  import wasi:cli/environment@0.2.12;\n  import wasi:cli/exit@0.2.12;\n"
         "  import wasi:cli/stdin@0.2.12;\n  import wasi:cli/stdout@0.2.12;\n"
         "  import wasi:cli/stderr@0.2.12;\n  import wasi:cli/terminal-stdin@0.2.12;\n"
         "  import wasi:cli/terminal-stdout@0.2.12;\n  import wasi:cli/terminal-stderr@0.2.12;\n"
         "  import wasi:filesystem/types@0.2.12;\n  import wasi:filesystem/preopens@0.2.12;\n"
         "  export wasi:cli/run@0.2.12;\n}\n";
  std::string embedded = temp_dir() + "/cz_adapter.embed.wasm";
  auto e = run_weft({"wit", "embed", adapter, wit, "-w", "adapter", "-o", embedded});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  std::string ours = temp_dir() + "/cz_hello.weft.wasm";
  auto c = run_weft({"componentize", hello, "--adapt", "wasi_snapshot_preview1=" + embedded, "-o", ours});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  auto v = run_weft({"validate", ours});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  auto p1 = run_weft({"run", hello, "a", "b c"});
  auto p2 = run_weft({"run", ours, "a", "b c"});
  EXPECT_EQ(p2.exit_code, p1.exit_code) << p2.err;
  EXPECT_EQ(p2.out, p1.out);
  EXPECT_NE(p2.out.find("argv[2]=b c"), std::string::npos) << p2.out;
  auto printed = jco({"print", ours});
  EXPECT_EQ(printed.exit_code, 0) << printed.err;
  auto ran = jco({"run", ours, "a", "b c"});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, p1.out);
  ::testing::Test::RecordProperty("hello_bytes", std::to_string(fs::file_size(ours)) + " (jco new: " +
                                                     std::to_string(fs::file_size(reference)) + ")");
}

TEST(Componentize, PreviewOneWithoutAnAdapter) {
  std::string module =
      write_file("cz_p1.wat", R"((module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
  (func (export "_start"))))");
  // A weft without share/weft/ beside it: the build's own adapter must not be found.
  const std::string lone = temp_dir() + "/lone";
  fs::create_directories(lone);
  fs::copy_file(WEFT_BIN, lone + "/weft", fs::copy_options::overwrite_existing);
  auto r = run_process({lone + "/weft", "componentize", module, "-o", temp_dir() + "/cz_p1.wasm"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("wasi_snapshot_preview1.command.wasm"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--adapt"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace weft::e2e

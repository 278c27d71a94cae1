// `weft bindgen cpp` end to end: the C++ guest of tests/e2e/bindgen/ (every WIT type)
// is generated, compiled with clang-19 and made a component, then its exports are
// called from a weft host and from jco on Node. Each export passes its arguments
// through the host's matching import, so a value that comes back unchanged has been
// lowered and lifted by the generated glue in both directions.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "component/binary/validator.h"
#include "component/canon/call.h"
#include "component/link/item.h"
#include "component/link/linker.h"
#include "component/wave/wave.h"
#include "process.h"
#include "wasi/p2/wasi_p2.h"
#include "wasi/wasi_ctx.h"
#include "wasi_guests.h"
#include "wasi_p2_guests.h"

namespace weft::e2e {
namespace {

const std::string kDir = std::string(WEFT_SOURCE_DIR) + "/tests/e2e/bindgen";

bool have_clang() { return run_process({"bash", "-c", "command -v clang++-19"}).exit_code == 0; }

// The alltypes guest (tests/e2e/bindgen/weft.toml) as a component, built once by `weft build`.
std::string alltypes_component() {
  static std::string made;
  if (!made.empty()) return made;
  const std::string out = fresh_dir("alltypes_build");
  auto b = run_weft({"build", kDir, "--target-dir", out});
  EXPECT_EQ(b.exit_code, 0) << b.err;
  made = out + "/alltypes.wasm";
  return made;
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The host's imports: each returns its arguments (several as a tuple); echo-many
// returns its 16 numbers and the length of its string.
void define_host(component::Linker& linker) {
  const std::string iface = "test:alltypes/host";
  auto echo = [](component::Runtime&, component::InstanceState*, std::span<const component::Val> args,
                 std::vector<component::Val>& results) -> Result<void> {
    if (args.size() == 1)
      results.push_back(args[0]);
    else
      results.push_back(component::Val::tuple({args.begin(), args.end()}));
    return {};
  };
  for (const char* f : {"echo-bool", "echo-ints", "echo-floats", "echo-char", "echo-string", "echo-strings",
                        "echo-bytes", "echo-points", "echo-shape", "echo-nested", "echo-result",
                        "echo-unit-result", "echo-flags", "echo-everything"})
    linker.define_func(iface, f, echo);
  linker.define_func(iface, "echo-many",
                     [](component::Runtime&, component::InstanceState*, std::span<const component::Val> args,
                        std::vector<component::Val>& results) -> Result<void> {
                       std::vector<component::Val> out(args.begin(), args.begin() + 16);
                       out.push_back(component::Val::u32(uint32_t(args[16].str.size())));
                       results.push_back(component::Val::list(std::move(out)));
                       return {};
                     });
}

// The alltypes guest instantiated in a weft host: WASI 0.2 without grants, and
// test:alltypes/host from define_host.
struct Host {
  core::Store store;
  component::Runtime rt{store};
  wasi::WasiCtx ctx{wasi::WasiConfig{}};
  component::Linker linker;
  Result<component::RtInstancePtr> inst = std::unexpected(Error{});
  std::string error;

  bool start() {
    auto vc = component::load_component(read_bytes(alltypes_component()));
    if (!vc) return error = vc.error().message, false;
    if (auto g = ctx.open_grants(); !g) return error = g.error().message, false;
    wasi::p2::add_to_linker(rt, linker, ctx);
    define_host(linker);
    inst = linker.instantiate(rt, *vc);
    if (!inst) return error = inst.error().message, false;
    return true;
  }
};

// Export calls in WAVE; what each must return (the arguments, or as a tuple).
struct Case {
  std::string call;
  std::string expect;  // empty: the single argument, printed canonically
};

const std::vector<Case> kCases = {
    {"echo-bool(true)", ""},
    {"echo-bool(false)", ""},
    {"echo-ints(255, -128, 65535, -32768, 4294967295, -2147483648, 18446744073709551615, "
     "-9223372036854775808)",
     "(255, -128, 65535, -32768, 4294967295, -2147483648, 18446744073709551615, -9223372036854775808)"},
    {"echo-floats(1.5, -0.125)", "(1.5, -0.125)"},
    {"echo-char('🦀')", ""},
    {R"(echo-string("héllo wörld ✓ 🦀 end"))", ""},
    {R"(echo-string(""))", ""},
    {R"(echo-strings(["a", "", "ünïcödé", "xyz"]))", ""},
    {"echo-bytes([0, 1, 2, 255])", ""},
    {R"(echo-points([{x: 1, y: -2, label: "p1"}, {x: 2147483647, y: -2147483648, label: "ü"}]))", ""},
    {"echo-shape(circle(2.5))", ""},
    {R"(echo-shape(rect({x: 3, y: 4, label: "r"})))", ""},
    {"echo-shape(nothing)", ""},
    {R"(echo-shape(tagged((7, "seven"))))", ""},
    {"echo-nested(none)", ""},
    {R"(echo-nested(some(ok(some("inner")))))", ""},
    {"echo-nested(some(ok(none)))", ""},
    {"echo-nested(some(err([red, blue, green])))", ""},
    {"echo-result(ok(42))", ""},
    {R"(echo-result(err("bad")))", ""},
    {"echo-unit-result(ok)", ""},
    {"echo-unit-result(err)", ""},
    {"echo-flags({read, exec})", ""},
    {R"(echo-everything({flag: true, small: -5, name: "all", shapes: [circle(1.0), tagged((1, "x"))], color: some(green), perms: {write}}))",
     ""},
    {R"(echo-many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, "seventeen"))",
     "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 9]"},
};

TEST(Bindgen, AllTypesRoundTripThroughWeftHost) {
  if (!have_clang() || !have_jco()) GTEST_SKIP() << "needs clang++-19 and jco (make test installs both)";
  Host host;
  ASSERT_TRUE(host.start()) << host.error;
  component::Runtime& rt = host.rt;
  auto& inst = host.inst;
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.call);
    auto call = component::wave::parse_invocation("test:alltypes/api#" + c.call);
    ASSERT_TRUE(call) << call.error().message;
    const component::RtItem* f = component::find_func_export(**inst, call->name);
    ASSERT_NE(f, nullptr);
    const component::TypeArena& types = *f->func->types;
    auto args = component::wave::parse_args(*call, types, f->func->params);
    ASSERT_TRUE(args) << args.error().message;
    auto results = component::call_func(rt, *f->func, nullptr, *args);
    ASSERT_TRUE(results) << results.error().message;
    ASSERT_EQ(results->size(), 1u);
    std::string got = component::wave::print_value((*results)[0], types, f->func->results[0]);
    std::string want =
        c.expect.empty() ? component::wave::print_value((*args)[0], types, f->func->params[0]) : c.expect;
    EXPECT_EQ(got, want);
  }
}

// The guest's exported resource, driven by the host: constructor, methods, a static
// function taking one handle by ownership and one borrowed, and the destructors.
TEST(Bindgen, ExportedResourceWorksFromAWeftHost) {
  if (!have_clang() || !have_jco()) GTEST_SKIP() << "needs clang++-19 and jco (make test installs both)";
  Host host;
  ASSERT_TRUE(host.start()) << host.error;
  component::Runtime& rt = host.rt;
  auto& inst = host.inst;
  using component::Val;
  auto call = [&](const std::string& name, std::vector<Val> args) -> std::vector<Val> {
    const component::RtItem* f = component::find_func_export(**inst, "test:alltypes/api#" + name);
    EXPECT_NE(f, nullptr) << name;
    if (!f) return {};
    auto r = component::call_func(rt, *f->func, nullptr, args);
    EXPECT_TRUE(r) << name << ": " << r.error().message;
    return r ? *r : std::vector<Val>{};
  };
  std::vector<Val> a = call("[constructor]counter", {Val::u32(5)});
  ASSERT_EQ(a.size(), 1u);
  call("[method]counter.add", {a[0], Val::u32(10)});
  std::vector<Val> b = call("[constructor]counter", {Val::u32(7)});
  ASSERT_EQ(b.size(), 1u);
  std::vector<Val> m = call("[static]counter.merge", {a[0], b[0]});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(call("[method]counter.get", {b[0]})[0].as_u32(), 7u);
  EXPECT_EQ(call("[method]counter.get", {m[0]})[0].as_u32(), 22u);
  std::vector<Val> both = call("counter-values", {m[0], b[0]});
  ASSERT_EQ(both.size(), 1u);
  ASSERT_EQ(both[0].items.size(), 2u);
  EXPECT_EQ(both[0].items[0].as_u32(), 22u);
  EXPECT_EQ(both[0].items[1].as_u32(), 7u);
  EXPECT_TRUE(component::drop_own(rt, m[0]));
  EXPECT_TRUE(component::drop_own(rt, b[0]));
}

TEST(Bindgen, AllTypesRoundTripUnderJco) {
  if (!have_clang() || !have_jco()) GTEST_SKIP() << "needs clang++-19 and jco (make test installs both)";
  const std::string js = fresh_dir("bindgen_js");
  auto t = run_process({"bash", std::string(WEFT_SOURCE_DIR) + "/scripts/jco.sh", "transpile",
                        alltypes_component(), "-o", js, "--no-typescript", "--map",
                        "test:alltypes/host=" + kDir + "/host.js"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  std::filesystem::create_directory_symlink(std::string(WEFT_SOURCE_DIR) + "/build-tools/node_modules",
                                            js + "/node_modules");
  auto r = run_process({"node", kDir + "/check_alltypes.mjs", js + "/alltypes.js"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ok counter"), std::string::npos) << r.out;
}

// tests/e2e/bindgen/stdlib: files, env, args and clocks through libc and libc++ only,
// built by `weft build` as a command component (preview 1 adapted to WASI 0.2). It
// must print the same as a component under weft, as a component under jco, and as
// the preview-1 module it was made from under weft.
TEST(Bindgen, StdlibProgramRunsAsAWasi02Component) {
  if (!have_clang() || !have_jco()) GTEST_SKIP() << "needs clang++-19 and jco (make test installs both)";
  const std::string out = fresh_dir("stdlib_build");
  auto b = run_weft({"build", kDir + "/stdlib", "--target-dir", out});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const std::string data = fresh_dir("stdlib_data");
  put_file(data + "/input.txt", "hello input\n");
  auto fresh_data = [&] { std::filesystem::remove_all(data + "/out"); };
  const std::vector<std::string> grants = {"--dir", data + "::/data", "--env", "GREETING=hi"};
  auto run = [&](const std::string& file) {
    fresh_data();
    std::vector<std::string> argv = {"run"};
    argv.insert(argv.end(), grants.begin(), grants.end());
    argv.insert(argv.end(), {file, "x", "y"});
    return run_weft(argv);
  };
  auto component = run(out + "/stdlib-guest.wasm");
  EXPECT_EQ(component.exit_code, 0) << component.err;
  EXPECT_NE(component.out.find("read back 22 bytes: line one\nline two: hi\n"), std::string::npos)
      << component.out;
  EXPECT_NE(component.out.find("outside the grant: refused"), std::string::npos);
  auto module = run(out + "/stdlib-guest.core.wasm");
  EXPECT_EQ(module.exit_code, 0) << module.err;
  EXPECT_EQ(component.out, module.out);

  const std::string js = fresh_dir("stdlib_js");
  auto t = run_process({"bash", std::string(WEFT_SOURCE_DIR) + "/scripts/jco.sh", "transpile",
                        out + "/stdlib-guest.wasm", "-o", js, "--name", "guest", "--no-typescript", "-q"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  std::filesystem::create_directory_symlink(std::string(WEFT_SOURCE_DIR) + "/build-tools/node_modules",
                                            js + "/node_modules");
  std::filesystem::copy_file(std::string(WEFT_SOURCE_DIR) + "/tests/e2e/js/run_command.mjs", js + "/run.mjs");
  fresh_data();
  auto node = run_process({"node", js + "/run.mjs", "./guest.js", "--dir", data + "::/data", "--env",
                           "GREETING=hi", "--", "x", "y"});
  EXPECT_EQ(node.exit_code, 0) << node.err;
  EXPECT_EQ(node.out, component.out);
}

}  // namespace
}  // namespace weft::e2e

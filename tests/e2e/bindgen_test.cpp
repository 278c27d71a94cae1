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

// The alltypes guest as a component, built once.
std::string alltypes_component() {
  static std::string made;
  if (!made.empty()) return made;
  const std::string gen = fresh_dir("bindgen_gen");
  auto g = run_weft({"bindgen", "cpp", kDir + "/alltypes.wit", "-w", "guest", "-o", gen});
  EXPECT_EQ(g.exit_code, 0) << g.err;
  const std::string core = temp_dir() + "/alltypes.core.wasm";
  auto b =
      run_process({std::string(WEFT_SOURCE_DIR) + "/scripts/build-guest.sh", kDir + "/guest.cpp", core,
                   "-mexec-model=reactor", "-Wall", "-Wextra", "-Werror", "-I" + gen, gen + "/guest.cpp"});
  EXPECT_EQ(b.exit_code, 0) << b.err;
  const std::string out = temp_dir() + "/alltypes.wasm";
  auto n = run_process(
      {"bash", std::string(WEFT_SOURCE_DIR) + "/scripts/jco.sh", "new", core, "--wasi-reactor", "-o", out});
  EXPECT_EQ(n.exit_code, 0) << n.err;
  made = out;
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
  auto vc = component::load_component(read_bytes(alltypes_component()));
  ASSERT_TRUE(vc) << vc.error().message;
  core::Store store;
  component::Runtime rt(store);
  wasi::WasiCtx ctx(wasi::WasiConfig{});
  ASSERT_TRUE(ctx.open_grants());
  component::Linker linker;
  wasi::p2::add_to_linker(rt, linker, ctx);
  define_host(linker);
  auto inst = linker.instantiate(rt, *vc);
  ASSERT_TRUE(inst) << inst.error().message;
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

}  // namespace
}  // namespace weft::e2e

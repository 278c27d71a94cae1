// End-to-end: `weft wit check|print|encode` on WIT files, good and bad; the encoding
// is cross-checked with wit-component (inside jco) when its npm packages are present.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

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

// An empty component targets the empty world, named as wit-component names it
// (more on binaries in wit_decode_test.cpp).
TEST(WitCli, AnEmptyComponentPrintsTheEmptyRootWorld) {
  auto path = write_file("c.wasm", std::string("\0asm\x0d\x00\x01\x00", 8));
  auto r = run_weft({"wit", "print", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "package root:component;\n\nworld root {}\n");
}

constexpr const char* kApp =
    "package local:demo@1.0.0;\n"
    "interface types {\n"
    "  resource file {\n"
    "    constructor(x: u32);\n"
    "    read: func(off: u32, n: u32) -> list<u8>;\n"
    "    make: static func() -> file;\n"
    "  }\n"
    "  record point { x: s32, y: option<string> }\n"
    "  type alias = u32;\n"
    "  enum color { red, green }\n"
    "  flags perms { read, write }\n"
    "  variant v { a, b(u64) }\n"
    "  f: func(p: point) -> result<tuple<u8, char>, color>;\n"
    "}\n"
    "interface namespace {\n"
    "  use types.{file, point};\n"
    "  open: func(name: string) -> file;\n"
    "  get: func(f: borrow<file>) -> point;\n"
    "}\n"
    "world the-world {\n"
    "  import namespace;\n"
    "  use types.{point};\n"
    "  record local-rec { p: point }\n"
    "  import get: func() -> local-rec;\n"
    "  export run: func(a: list<point>);\n"
    "  export namespace;\n"
    "}\n";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(WitCli, EncodeWritesAComponent) {
  auto path = write_file("app.wit", kApp);
  std::string out = temp_dir() + "/app.wasm";
  auto r = run_weft({"wit", "encode", path, "-o", out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string bytes = slurp(out);
  ASSERT_GE(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\0asm\x0d\x00\x01\x00", 8));
  EXPECT_NE(bytes.find("local:demo/namespace@1.0.0"), std::string::npos);
}

TEST(WitCli, EncodeNeedsOnePackageAndAnOutput) {
  std::string wasi = std::string(WEFT_SOURCE_DIR) + "/../shared/wit/wasi-0.2.12";
  auto r = run_weft({"wit", "encode", wasi, "-o", temp_dir() + "/x.wasm"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no main package to encode"), std::string::npos) << r.err;
  auto bad = write_file("bad-encode.wit", "package a:b;\ninterface i { f: func(x: nope); }\n");
  r = run_weft({"wit", "encode", bad, "-o", temp_dir() + "/y.wasm"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad-encode.wit:2:26"), std::string::npos) << r.err;
  EXPECT_NE(run_weft({"wit", "encode", bad}).exit_code, 0);
}

// Each interface's type repeats its dependencies, so a long `use` chain would make the
// encoding quadratic in size: it is refused instead of exhausting memory.
TEST(WitCli, EncodeRefusesQuadraticBlowUp) {
  constexpr int kLength = 4000;
  std::string text = "package a:b;\n";
  for (int k = 0; k < kLength; ++k)
    text += "interface i" + std::to_string(k) + " { use i" + std::to_string(k + 1) + ".{t" + std::to_string(k + 1) +
            " as t" + std::to_string(k) + "}; }\n";
  text += "interface i" + std::to_string(kLength) + " { type t" + std::to_string(kLength) + " = u8; }\n";
  auto path = write_file("chain.wit", text);
  EXPECT_EQ(run_weft({"wit", "check", path}).exit_code, 0);
  auto r = run_weft({"wit", "encode", path, "-o", temp_dir() + "/chain.wasm"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("encodes to more than 64 MiB"), std::string::npos) << r.err;
}

// wit-component decodes weft's encoding of each world (as the component-type section
// of a dummy core module it generates from the same WIT), makes a component and
// prints its WIT; that must equal what it prints for its own encoding.
constexpr const char* kCrossCheck = R"JS(// Cross-check weft's WIT package encoding with wit-component (inside jco):
// for each world, wit-component decodes weft's encoding of it (as the component-type
// section of a dummy core module), builds a component and prints its WIT; that must
// equal what it prints for its own encoding of the same world.
import { readFileSync } from 'node:fs';
const jt = process.argv[2] + '/@bytecodealliance/jco-transpile';
const { _setPreopens } = await import(jt + '/node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js');
_setPreopens({ '/': '/' });
const tools = await import(jt + '/dist/wasm-tools.js');
const [witPath, oursPath, ...worlds] = process.argv.slice(3);
const ours = readFileSync(oursPath);

function leb(buf, pos) { let r = 0, s = 0, b; do { b = buf[pos++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return [r >>> 0, pos]; }
function encLeb(v) { const o = []; do { let b = v & 0x7f; v >>>= 7; o.push(b | (v ? 0x80 : 0)); } while (v); return o; }
function sections(buf) {
  const out = []; let pos = 8;
  while (pos < buf.length) { const id = buf[pos++]; let len; [len, pos] = leb(buf, pos); out.push({ id, body: buf.subarray(pos, pos + len), start: pos }); pos += len; }
  return out;
}
function section(id, body) { return Buffer.concat([Buffer.from([id, ...encLeb(body.length)]), Buffer.from(body)]); }
// Our package: (type, export) section pairs; pick the world named `w` and renumber it to type 0.
function worldComponent(w) {
  const secs = sections(ours);
  for (let i = 0; i + 1 < secs.length; i += 2) {
    const ex = secs[i + 1].body; let [n, p] = leb(ex, 0); p += 1; let len; [len, p] = leb(ex, p);
    const name = Buffer.from(ex.subarray(p, p + len)).toString();
    if (name !== w) continue;
    const exp = Buffer.concat([Buffer.from([1, 0, ...encLeb(len)]), Buffer.from(ex.subarray(p, p + len)), Buffer.from([3, 0, 0])]);
    // wit-component's metadata also names the encoding version (4) and string encoding (utf8).
    const enc = Buffer.concat([Buffer.from([22]), Buffer.from('wit-component-encoding'), Buffer.from([4, 0])]);
    return Buffer.concat([ours.subarray(0, 8), section(0, enc), section(7, secs[i].body), section(11, exp)]);
  }
  throw new Error('world ' + w + ' not in our encoding');
}
// Replaces the component-type custom section of a core module with `payload`.
function replaceComponentType(mod, payload) {
  const parts = [mod.subarray(0, 8)];
  for (const s of sections(mod)) {
    let body = s.body;
    if (s.id === 0) {
      let [len, p] = leb(body, 0); const name = Buffer.from(body.subarray(p, p + len)).toString();
      if (name.startsWith('component-type')) body = Buffer.concat([Buffer.from(body.subarray(0, p + len)), payload]);
    }
    parts.push(section(s.id, body));
  }
  return Buffer.concat(parts);
}
let failures = 0;
for (const w of worlds) {
  const dummy = Buffer.from(await tools.componentEmbed({ dummy: true, witPath, world: w, features: { tag: 'list', val: ['active'] } }));
  const ref = await tools.componentWit(await tools.componentNew(dummy));
  let got;
  try { got = await tools.componentWit(await tools.componentNew(replaceComponentType(dummy, worldComponent(w)))); }
  catch (e) { got = 'ERROR: ' + (e.payload ?? e.message ?? e); }
  if (got === ref) console.log('same  ' + w);
  else { failures++; console.log('DIFF  ' + w + '\n--- wit-component:\n' + ref + '\n--- weft:\n' + got); }
}
process.exit(failures ? 1 : 0);
)JS";

std::string node_modules() {
  if (const char* env = std::getenv("WEFT_NODE_MODULES")) return env;
  for (std::string dir : {"/node_modules", "/build-tools/node_modules"}) {
    std::string p = std::string(WEFT_SOURCE_DIR) + dir;
    if (std::filesystem::exists(p + "/@bytecodealliance/jco-transpile")) return p;
  }
  return "";
}

void cross_check(const std::string& wit_path, const std::vector<std::string>& worlds) {
  std::string modules = node_modules();
  if (modules.empty()) GTEST_SKIP() << "no jco: npm install @bytecodealliance/jco, or set WEFT_NODE_MODULES";
  std::string wasm = temp_dir() + "/xcheck.wasm";
  auto enc = run_weft({"wit", "encode", wit_path, "-o", wasm});
  ASSERT_EQ(enc.exit_code, 0) << enc.err;
  std::string script = write_file("xcheck.mjs", kCrossCheck);
  std::vector<std::string> argv{"node", script, modules, wit_path, wasm};
  argv.insert(argv.end(), worlds.begin(), worlds.end());
  auto r = run_process(argv);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const std::string& w : worlds) EXPECT_NE(r.out.find("same  " + w + "\n"), std::string::npos) << r.out << r.err;
}

TEST(WitCli, EncodedWorldsDecodeLikeWitComponent) { cross_check(write_file("xapp.wit", kApp), {"the-world"}); }

// WASI's biggest worlds: wasi:http/proxy and wasi:cli/command, with their deps/.
TEST(WitCli, EncodedWasiWorldsDecodeLikeWitComponent) {
  namespace fs = std::filesystem;
  fs::path wasi = fs::path(WEFT_SOURCE_DIR) / ".." / "shared" / "wit" / "wasi-0.2.12";
  for (std::string pkg : {"http", "cli"}) {
    fs::path dir = fs::path(temp_dir()) / ("wasi-" + pkg);
    fs::remove_all(dir);
    fs::create_directories(dir / "deps");
    for (const auto& f : fs::directory_iterator(wasi / pkg)) fs::copy(f.path(), dir / f.path().filename());
    for (std::string dep : {"io", "clocks", "random", "filesystem", "sockets", "cli"})
      if (dep != pkg) fs::copy(wasi / dep, dir / "deps" / dep, fs::copy_options::recursive);
    if (pkg == "http") cross_check(dir.string(), {"proxy", "imports"});
    else cross_check(dir.string(), {"command", "imports"});
  }
}

TEST(WitCli, HelpDescribesTheSubcommands) {
  auto r = run_weft({"wit", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("check"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("print"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("encode"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace weft::e2e

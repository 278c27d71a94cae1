// The WIT decoder against wit-component (inside jco, installed by scripts/jco.sh):
// for WASI and wit-parser suite worlds, jco embeds the world in a dummy core module
// and builds a component from it. weft must decode the module to the world weft's
// own embedding decodes to, and print the component exactly as `jco wit` does.
// Skips when node or jco is missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "component/wit/decode.h"
#include "component/wit/printer.h"
#include "component/wit/wit.h"

namespace weft::component::wit {
namespace {

namespace fs = std::filesystem;

const fs::path kShared = WEFT_WIT_SHARED_DIR;
const fs::path kJco = fs::path(WEFT_JCO_HOME) / "node_modules" / "@bytecodealliance" / "jco-transpile";

// Reads `jobs` (lines: wit path, world, output prefix) and writes, per job,
// prefix.core.wasm (componentEmbed), prefix.comp.wasm (componentNew) and
// prefix.comp.wit (componentWit), or prefix.err.
constexpr const char* kScript = R"JS(
import { readFileSync, writeFileSync } from 'node:fs';
const jt = process.argv[2];
const { _setPreopens } = await import(jt + '/node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js');
_setPreopens({ '/': '/' });
const tools = await import(jt + '/dist/wasm-tools.js');
const lines = readFileSync(process.argv[3], 'utf8').split('\n').filter((l) => l);
for (let i = 0; i + 2 < lines.length; i += 3) {
  const [witPath, world, out] = [lines[i], lines[i + 1], lines[i + 2]];
  try {
    const core = Buffer.from(await tools.componentEmbed({ dummy: true, witPath, world, features: { tag: 'list', val: ['active'] } }));
    writeFileSync(out + '.core.wasm', core);
    const comp = await tools.componentNew(core);
    writeFileSync(out + '.comp.wasm', comp);
    writeFileSync(out + '.comp.wit', await tools.componentWit(comp));
  } catch (e) {
    writeFileSync(out + '.err', String(e && (e.payload ?? e.message) ? (e.payload ?? e.message) : e));
  }
}
)JS";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<uint8_t> bytes_of(const fs::path& p) {
  std::string s = slurp(p);
  return {s.begin(), s.end()};
}

struct Job {
  std::string wit;    // a file or a package directory with deps/
  std::string world;  // in the main package
  std::string out;    // output prefix
};

// A WASI package as a directory with its dependencies in deps/, as jco wants it.
std::string wasi_package(const fs::path& tmp, const std::string& pkg) {
  fs::path wasi = kShared / "wit" / "wasi-0.2.12";
  fs::path dir = tmp / ("wasi-" + pkg);
  fs::remove_all(dir);
  fs::create_directories(dir / "deps");
  for (const auto& f : fs::directory_iterator(wasi / pkg)) fs::copy(f.path(), dir / f.path().filename());
  for (std::string dep : {"io", "clocks", "random", "filesystem", "sockets", "cli"})
    if (dep != pkg) fs::copy(wasi / dep, dir / "deps" / dep, fs::copy_options::recursive);
  return dir.string();
}

std::vector<Job> jobs(const fs::path& tmp) {
  std::vector<Job> out;
  for (auto [pkg, world] : {std::pair{"cli", "command"}, {"cli", "imports"}, {"http", "proxy"}, {"http", "imports"}})
    out.push_back({wasi_package(tmp, pkg), world, (tmp / (std::string(pkg) + "-" + world)).string()});
  // Every world of the single-file wit-parser cases.
  fs::path suite = kShared / "testsuite" / "wit-parser";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(suite))
    if (e.path().extension() == ".wit" && fs::exists(e.path().string() + ".json")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    // wit-component takes minutes to build a component for this one.
    if (f.stem() == "stress-export-elaborate") continue;
    ResolveOptions o;
    o.features = {"active"};
    auto loaded = load_path(f.string(), o);
    if (!loaded || !loaded->main) continue;
    for (const auto& [name, id] : loaded->resolve[*loaded->main].worlds)
      out.push_back({f.string(), name, (tmp / (f.stem().string() + "-" + name)).string()});
  }
  return out;
}

// weft's own embedding of `job`'s world, decoded.
std::string weft_world(const Job& job) {
  ResolveOptions o;
  o.features = {"active"};
  auto loaded = load_path(job.wit, o);
  if (!loaded) return "ERROR " + loaded.error().to_string();
  auto world = loaded->resolve[*loaded->main].find_world(job.world);
  if (!world) return "ERROR no world";
  const std::vector<uint8_t> empty{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  auto module = embed_world(empty, loaded->resolve, *world);
  if (!module) return "ERROR " + module.error().to_string();
  Resolve r;
  auto d = decode_wasm(r, *module);
  if (!d) return "ERROR " + d.error().to_string();
  return print_package(r, d->package);
}

// wit-component's printer differs from weft's in blank lines only (none between a
// world's imports and exports, `{\n}` for an empty body): compare without them.
std::string normalize(const std::string& text) {
  std::string out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(' ') == std::string::npos) continue;
    if (line.find_first_not_of(' ') == line.size() - 1 && line.back() == '}' && out.ends_with("{\n")) {
      out.insert(out.size() - 1, "}");
      continue;
    }
    out += line + "\n";
  }
  return out;
}

std::string decode_print(const fs::path& p) {
  Resolve r;
  auto d = decode_wasm(r, bytes_of(p));
  if (!d) return "ERROR " + d.error().to_string();
  return print_package(r, d->package);
}

TEST(WitDecodeJco, DecodesLikeWitComponent) {
  if (!fs::exists(kJco / "dist" / "wasm-tools.js") || std::system("command -v node >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "no node or jco: run scripts/jco.sh --install";
  fs::path tmp = fs::path(WEFT_TEST_BINARY_DIR) / "wit-decode-jco";
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  std::vector<Job> all = jobs(tmp);
  std::string list;
  for (const Job& j : all) list += j.wit + "\n" + j.world + "\n" + j.out + "\n";
  std::ofstream(tmp / "jobs.txt") << list;
  std::ofstream(tmp / "run.mjs") << kScript;
  std::string cmd = "node " + (tmp / "run.mjs").string() + " " + kJco.string() + " " + (tmp / "jobs.txt").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  int embedded = 0, components = 0, identical = 0, jco_failed = 0;
  for (const Job& j : all) {
    std::string what = j.wit + " " + j.world;
    if (fs::exists(j.out + ".err")) {
      ++jco_failed;  // wit-component rejects it too (e.g. an empty record)
      continue;
    }
    // (i) jco's embedding decodes to the world weft's embedding decodes to.
    EXPECT_EQ(decode_print(j.out + ".core.wasm"), weft_world(j)) << what;
    ++embedded;
    // (ii) the component prints exactly as `jco wit` prints it.
    std::string ours = decode_print(j.out + ".comp.wasm"), theirs = slurp(j.out + ".comp.wit");
    EXPECT_EQ(normalize(ours), normalize(theirs)) << what;
    identical += ours == theirs;
    ++components;
  }
  std::cout << "jco cross-check: " << embedded << " embedded worlds, " << components << " components (" << identical
            << " byte-identical, the rest equal up to blank lines), " << jco_failed << " rejected by jco\n";
  EXPECT_GE(embedded, 4);
}

}  // namespace
}  // namespace weft::component::wit

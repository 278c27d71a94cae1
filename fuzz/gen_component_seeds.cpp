// Seed generator for fuzz_component_run: parses every component of the given .wast
// scripts with weft's own text parser and writes each binary to the output folder
// (`<script>-<path hash>-<n>.wasm`). Usage: weft_fuzz_seed_gen OUT_DIR SCRIPT.wast...
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <variant>

#include <fmt/format.h>

#include "component/text/script.h"

namespace {

namespace fs = std::filesystem;
namespace text = weft::component::text;

const text::ScriptUnit* unit_of(const text::Command& c) {
  if (auto* u = std::get_if<text::CmdUnit>(&c)) return &u->unit;
  if (auto* u = std::get_if<text::CmdAssertUninstantiable>(&c)) return &u->unit;
  if (auto* u = std::get_if<text::CmdAssertUnlinkable>(&c)) return &u->unit;
  if (auto* u = std::get_if<text::CmdAssertInvalid>(&c)) return &u->unit;
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s OUT_DIR SCRIPT.wast...\n", argv[0]);
    return 2;
  }
  fs::path out = argv[1];
  fs::create_directories(out);
  size_t written = 0;
  for (int a = 2; a < argc; ++a) {
    fs::path path = argv[a];
    std::ifstream in(path, std::ios::binary);
    std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto script = text::parse_script(source);
    if (!script) continue;
    size_t n = 0;
    for (const text::ScriptCommand& c : script->commands) {
      const text::ScriptUnit* u = unit_of(c.command);
      if (!u || !u->component || !u->module.binary) continue;
      const std::vector<uint8_t>& bytes = *u->module.binary;
      if (bytes.empty()) continue;
      // The path's hash keeps same-named scripts of different suites apart.
      fs::path file = out / fmt::format("{}-{:08x}-{}.wasm", path.stem().string(),
                                        uint32_t(std::hash<std::string>{}(path.string())), n++);
      std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      ++written;
    }
  }
  std::printf("%zu component binaries written to %s\n", written, out.c_str());
  return 0;
}

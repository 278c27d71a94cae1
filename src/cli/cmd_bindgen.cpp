// `weft bindgen cpp`: C++ bindings for a WIT world (see src/bindgen/cpp.h).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "bindgen/cpp.h"
#include "cli/commands.h"
#include "component/wit/wit.h"

namespace weft::cli {
namespace {

struct BindgenOptions {
  std::string wit;
  std::string world;
  std::string out_dir = ".";
  std::string stem;
  bool command = false;
};

int run_bindgen_cpp(const BindgenOptions& opts) {
  auto loaded = component::wit::load_path(opts.wit);
  if (!loaded) {
    print_error(loaded.error(), opts.wit);
    return 1;
  }
  auto world = component::wit::select_world(*loaded, opts.world);
  if (!world) {
    print_error(world.error(), opts.wit);
    return 2;
  }
  auto files = bindgen::generate_cpp(loaded->resolve, *world, {opts.stem, opts.command});
  if (!files) {
    print_error(files.error(), opts.wit);
    return 1;
  }
  std::error_code ec;
  std::filesystem::create_directories(opts.out_dir, ec);
  for (const bindgen::GeneratedFile& f : *files) {
    std::string path = (std::filesystem::path(opts.out_dir) / f.name).string();
    std::ofstream out(path, std::ios::binary);
    out << f.contents;
    out.close();
    if (!out) {
      print_error(Error{Phase::Io, {}, "cannot write the output", path, 0, {}}, path);
      return 1;
    }
    fmt::print("wrote {}\n", path);
  }
  return 0;
}

}  // namespace

void add_bindgen_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("bindgen", "Generate guest bindings for a WIT world");
  cmd->require_subcommand(1);
  auto opts = std::make_shared<BindgenOptions>();
  auto* cpp = cmd->add_subcommand("cpp",
                                  "C++23 bindings: WORLD.h (types, imports to call, exports to define) and "
                                  "WORLD.cpp (canonical ABI glue)");
  cpp->add_option(
         "WIT", opts->wit,
         "A .wit file, a directory of .wit files with dependencies in deps/, or a WIT package binary")
      ->required();
  cpp->add_option("-w,--world", opts->world, "The world: a name in the main package, or ns:pkg/name");
  cpp->add_option("-o,--out-dir", opts->out_dir, "Where to write the two files (created if missing)")
      ->capture_default_str();
  cpp->add_flag(
      "--command", opts->command,
      "A program: also define _start (link with -mexec-model=reactor -nostartfiles -Wl,--no-entry)");
  cpp->add_option("--name", opts->stem, "Base name of the files (default: the world's name in snake case)");
  cpp->footer(
      "Example:\n"
      "  weft bindgen cpp wit/ -w calculator-provider -o gen/\n"
      "  clang++-19 --target=wasm32-wasi -std=c++23 -mexec-model=reactor -fno-exceptions \\\n"
      "      provider.cpp gen/calculator_provider.cpp -o provider.core.wasm\n"
      "  weft componentize provider.core.wasm -o provider.wasm\n"
      "Define every function declared under `namespace exports` in your own sources; see docs/bindgen.md.");
  cpp->callback([opts, &exit_code] { exit_code = run_bindgen_cpp(*opts); });
}

}  // namespace weft::cli

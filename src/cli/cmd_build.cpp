// `weft build` and `weft new`: C++ components from a weft.toml project (src/toolchain).
#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.h"
#include "toolchain/build.h"
#include "toolchain/manifest.h"

namespace weft::cli {
namespace {

struct BuildCmd {
  std::string path = ".";
  std::string target_dir;
  bool verbose = false;
};

struct NewCmd {
  std::string name;
  std::string dir;
  bool command = false;
};

int run_build(const BuildCmd& opts) {
  std::string path = opts.path;
  if (std::filesystem::is_directory(path)) path = (std::filesystem::path(path) / "weft.toml").string();
  auto manifest = toolchain::load_manifest(path);
  if (!manifest) {
    print_error(manifest.error(), manifest.error().file.empty() ? path : manifest.error().file);
    return 1;
  }
  toolchain::BuildOptions options;
  options.verbose = opts.verbose;
  options.target_dir = opts.target_dir;
  options.progress = [](const std::string& step) { fmt::print(stderr, "  {}\n", step); };
  options.componentize = componentize_for_build;
  fmt::print(stderr, "building {} ({})\n", manifest->name, path);
  auto out = toolchain::build(*manifest, options);
  if (!out) {
    Error e = out.error();
    for (const auto& note : e.notes) fmt::print(stderr, "{}", note);  // the tool's own output first
    e.notes.clear();
    print_error(e, e.file);
    return 1;
  }
  std::error_code ec;
  fmt::print(stderr, "wrote {} ({} bytes)\n", out->component, std::filesystem::file_size(out->component, ec));
  return 0;
}

int run_new(const NewCmd& opts) {
  std::string dir = opts.dir.empty() ? opts.name : opts.dir;
  auto made = toolchain::create_project(
      dir, opts.name, opts.command ? toolchain::Manifest::Kind::Command : toolchain::Manifest::Kind::Reactor);
  if (!made) {
    print_error(made.error(), dir);
    return 2;
  }
  fmt::print("created {}/ (weft.toml, wit/world.wit, src/)\nnext: weft build {}\n", dir, dir);
  return 0;
}

}  // namespace

void add_build_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<BuildCmd>();
  auto* cmd = app.add_subcommand(
      "build", "Build the C++ component a weft.toml describes: bindings, clang, componentize");
  cmd->add_option("PATH", opts->path, "The project folder or its weft.toml")->capture_default_str();
  cmd->add_flag("-v,--verbose", opts->verbose, "Show the commands run and their output");
  cmd->add_option(
      "--target-dir", opts->target_dir,
      "Put bindings, the core module and NAME.wasm here instead of the project's target/ (and `output`)");
  cmd->footer(
      "Steps: `weft bindgen cpp` into target/bindings/, clang++-19 --target=wasm32-wasi (libc++,\n"
      "C++23, no exceptions), `weft componentize` (WASI preview 1 adapted to 0.2) into target/NAME.wasm.\n"
      "WEFT_CXX overrides the compiler. The manifest format is in docs/build.md; `weft new` makes one.");
  cmd->callback([opts, &exit_code] { exit_code = run_build(*opts); });

  auto nopts = std::make_shared<NewCmd>();
  auto* n = app.add_subcommand("new", "Create a C++ component project that builds as is");
  n->add_option("NAME", nopts->name, "The project (and world) name: lowercase words joined by `-`")
      ->required();
  n->add_option("-d,--dir", nopts->dir, "Where to create it (default: ./NAME)");
  n->add_flag("--command", nopts->command,
              "A program with main() (wasi:cli/run) instead of a library of exports");
  n->footer(
      "Example:\n  weft new hello && weft build hello && weft run --invoke 'greet(\"you\")' "
      "hello/target/hello.wasm");
  n->callback([nopts, &exit_code] { exit_code = run_new(*nopts); });
}

}  // namespace weft::cli

// `weft wit check|print|encode|decode|embed`: resolve WIT packages (from text or
// binaries), report errors, print them canonically, encode one as a component binary,
// decode binaries back to WIT, or embed a world in a core module.
#include <fmt/format.h>

#include <cstdio>
#include <fstream>

#include "cli/commands.h"
#include "component/wit/decode.h"
#include "component/wit/encode.h"
#include "component/wit/printer.h"
#include "component/wit/wit.h"
#include "support/file.h"

namespace weft::cli {
namespace {

namespace wit = weft::component::wit;

struct WitOptions {
  std::string path;
  std::string output;  // encode, embed
  std::string module;  // embed: the core module
  std::string world;   // embed: the world, when the package has several
  std::vector<std::string> features;
  bool all_features = false;
};

constexpr const char* kPathHelp =
    "A .wit file; a directory of .wit files (one package) with dependencies in deps/; or a directory of "
    "package directories; or a binary: a WIT package as a component (.wasm, or component text .wat), a component, "
    "or a core module with a component-type custom section";

Result<wit::Loaded> load(const WitOptions& opts) {
  wit::ResolveOptions options;
  for (const std::string& list : opts.features) {
    size_t begin = 0;
    while (begin <= list.size()) {
      size_t comma = list.find(',', begin);
      std::string f = list.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
      if (!f.empty()) options.features.push_back(f);
      if (comma == std::string::npos) break;
      begin = comma + 1;
    }
  }
  options.all_features = opts.all_features;
  return wit::load_path(opts.path, options);
}

int run_check(const WitOptions& opts) {
  auto loaded = load(opts);
  if (!loaded) {
    print_error(loaded.error(), opts.path);
    return 1;
  }
  const wit::Resolve& r = loaded->resolve;
  fmt::print("{}: ok ({} package{}, {} interface{}, {} world{})\n", opts.path, r.packages.size(),
             r.packages.size() == 1 ? "" : "s", r.interfaces.size(), r.interfaces.size() == 1 ? "" : "s",
             r.worlds.size(), r.worlds.size() == 1 ? "" : "s");
  return 0;
}

int run_print(const WitOptions& opts) {
  auto loaded = load(opts);
  if (!loaded) {
    print_error(loaded.error(), opts.path);
    return 1;
  }
  // A binary prints like wit-component prints it: its own package alone.
  std::string text = loaded->binary ? wit::print_package(loaded->resolve, *loaded->main)
                                    : wit::print_wit(loaded->resolve, loaded->main);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

// Like `print`, for binaries only, and standalone: dependencies as nested packages.
int run_decode(const WitOptions& opts) {
  auto loaded = load(opts);
  if (!loaded) {
    print_error(loaded.error(), opts.path);
    return 1;
  }
  if (!loaded->binary) {
    print_error(Error{Phase::Usage, {}, "expected a binary (.wasm or component text .wat); use `weft wit print` for WIT",
                      {}, 0, {}},
                opts.path);
    return 1;
  }
  std::string text = wit::print_wit(loaded->resolve, loaded->main);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}


int run_embed(const WitOptions& opts) {
  auto loaded = load(opts);
  if (!loaded) {
    print_error(loaded.error(), opts.path);
    return 1;
  }
  auto world = wit::select_world(*loaded, opts.world);
  auto module = world ? read_file(opts.module) : Result<std::string>(std::unexpected(world.error()));
  if (!module) {
    print_error(module.error(), world ? opts.module : opts.path);
    return 1;
  }
  auto bytes = wit::embed_world(std::span(reinterpret_cast<const uint8_t*>(module->data()), module->size()),
                                loaded->resolve, *world);
  if (!bytes) {
    print_error(bytes.error(), opts.module);
    return 1;
  }
  if (auto ok = write_bytes(opts.output, *bytes); !ok) {
    print_error(ok.error(), opts.output);
    return 1;
  }
  return 0;
}

int run_encode(const WitOptions& opts) {
  auto loaded = load(opts);
  if (!loaded) {
    print_error(loaded.error(), opts.path);
    return 1;
  }
  if (!loaded->main) {
    print_error(Error{Phase::Usage, {}, "a directory of package directories has no main package to encode; name one package", {}, 0, {}},
                opts.path);
    return 1;
  }
  auto bytes = wit::encode_package(loaded->resolve, *loaded->main);
  if (!bytes) {
    print_error(bytes.error(), opts.path);
    return 1;
  }
  if (auto ok = write_bytes(opts.output, *bytes); !ok) {
    print_error(ok.error(), opts.output);
    return 1;
  }
  return 0;
}

void add_wit_options(CLI::App& cmd, WitOptions& opts, bool path = true) {
  if (path) cmd.add_option("PATH", opts.path, kPathHelp)->required();
  cmd.add_option("--features", opts.features, "Include items gated by @unstable(feature = F); comma-separated")
      ->type_name("F,...")
      ->allow_extra_args(false);
  cmd.add_flag("--all-features", opts.all_features, "Include every @unstable item");
}

}  // namespace

Result<void> write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  out.close();
  if (!out) return std::unexpected(Error{Phase::Io, {}, "cannot write the output", path, 0, {}});
  return {};
}


void add_wit_command(CLI::App& app, int& exit_code) {
  CLI::App* wit_cmd = app.add_subcommand("wit", "Check, print, encode, decode and embed WIT interface definitions");
  wit_cmd->require_subcommand(1);
  wit_cmd->footer(
      "Examples:\n"
      "  weft wit check wit/                  resolve a package and its deps/, report the first error\n"
      "  weft wit print wit/ > all.wit         the package and its dependencies as one canonical file\n"
      "  weft wit check --features f api.wit  include items gated by @unstable(feature = f)\n"
      "  weft wit encode wit/ -o pkg.wasm      the package as a component (docs and gates not kept yet)\n"
      "  weft wit print app.wasm               the world of a component (root:component/root), as jco wit prints it\n"
      "  weft wit decode pkg.wasm              a binary's WIT, standalone: dependencies as nested packages\n"
      "  weft wit embed m.wasm wit/ -w w -o out.wasm   add world w as a component-type custom section\n"
      "Errors show file:line:column (byte offsets for binaries), the line and a caret.");

  auto check = std::make_shared<WitOptions>();
  CLI::App* check_cmd = wit_cmd->add_subcommand(
      "check", "Parse and resolve WIT (names, uses, includes, world elaboration); print a summary or the error");
  add_wit_options(*check_cmd, *check);
  check_cmd->callback([check, &exit_code] { exit_code = run_check(*check); });

  auto print = std::make_shared<WitOptions>();
  CLI::App* print_cmd = wit_cmd->add_subcommand(
      "print", "Print resolved WIT canonically: worlds elaborated, dependencies as nested package blocks");
  add_wit_options(*print_cmd, *print);
  print_cmd->callback([print, &exit_code] { exit_code = run_print(*print); });

  auto encode = std::make_shared<WitOptions>();
  CLI::App* encode_cmd = wit_cmd->add_subcommand(
      "encode", "Encode the main package as a component binary (the WIT package format of wit-component)");
  add_wit_options(*encode_cmd, *encode);
  encode_cmd->add_option("-o,--output", encode->output, "Where to write the component")->required();
  encode_cmd->callback([encode, &exit_code] { exit_code = run_encode(*encode); });

  auto decode = std::make_shared<WitOptions>();
  CLI::App* decode_cmd = wit_cmd->add_subcommand(
      "decode", "Decode a binary (WIT package, component, or core module with a component-type section) to WIT");
  add_wit_options(*decode_cmd, *decode);
  decode_cmd->callback([decode, &exit_code] { exit_code = run_decode(*decode); });

  auto embed = std::make_shared<WitOptions>();
  CLI::App* embed_cmd = wit_cmd->add_subcommand(
      "embed", "Add a world to a core module as a component-type:<world> custom section, as wit-component does");
  embed_cmd->add_option("MODULE", embed->module, "The core module (.wasm)")->required();
  embed_cmd->add_option("WIT", embed->path, kPathHelp)->required();
  add_wit_options(*embed_cmd, *embed, false);
  embed_cmd->add_option("-w,--world", embed->world, "The world: a name in the main package, or ns:pkg/name");
  embed_cmd->add_option("-o,--output", embed->output, "Where to write the module")->required();
  embed_cmd->callback([embed, &exit_code] { exit_code = run_embed(*embed); });
}

}  // namespace weft::cli

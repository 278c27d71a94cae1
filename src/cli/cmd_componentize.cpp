// `weft componentize`: a core module with an embedded world (or one embedded on the
// way with --wit/--world) made into a component, as `wasm-tools component new` does.
#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.h"
#include "component/wit/decode.h"
#include "componentize/componentize.h"
#include "core/binary/decoder.h"
#include "support/file.h"

namespace weft::cli {
namespace {

namespace fs = std::filesystem;
namespace wit = weft::component::wit;

struct ComponentizeOptions {
  std::string module;
  std::string output;
  std::vector<std::string> adapt;  // NAME=PATH
  std::string wit;
  std::string world;
  bool reactor = false;
  bool command = false;
};

Error usage(std::string m) { return Error{Phase::Usage, {}, std::move(m), {}, 0, {}}; }

Result<std::vector<uint8_t>> read_binary(const std::string& path) {
  WEFT_TRY(text, read_file(path));
  return std::vector<uint8_t>(text.begin(), text.end());
}

// Embeds --world from --wit when the module has no component-type section yet.
Result<std::vector<uint8_t>> with_world(std::vector<uint8_t> module, const ComponentizeOptions& opts) {
  if (opts.wit.empty()) return module;
  WEFT_TRY(decoded, core::decode_module(module));
  for (const core::CustomSection& s : decoded.customs)
    if (s.name.starts_with("component-type")) return module;
  WEFT_TRY(loaded, wit::load_path(opts.wit));
  WEFT_TRY(world, component::wit::select_world(loaded, opts.world));
  return wit::embed_world(module, loaded.resolve, world);
}

// weft's own WASI preview-1 adapter beside the executable, for modules importing
// `wasi_snapshot_preview1` when no --adapt names one.
Result<componentize::Adapter> default_adapter(const std::vector<uint8_t>& module,
                                              const ComponentizeOptions& opts) {
  WEFT_TRY(decoded, core::decode_module(module));
  bool has_start = false;
  for (const core::Export& e : decoded.exports) has_start |= e.name == "_start";
  bool reactor = opts.reactor || (!opts.command && !has_start);
  std::string file = fmt::format("wasi_snapshot_preview1.{}.wasm", reactor ? "reactor" : "command");
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) {
    candidates.push_back(exe.parent_path() / "share" / "weft" / file);
    candidates.push_back(exe.parent_path() / ".." / "share" / "weft" / file);
  }
  for (const fs::path& p : candidates)
    if (fs::exists(p, ec)) {
      WEFT_TRY(bytes, read_binary(p.string()));
      return componentize::Adapter{"wasi_snapshot_preview1", std::move(bytes)};
    }
  return std::unexpected(usage(fmt::format(
      "the module imports `wasi_snapshot_preview1`, and weft's WASI adapter is not installed at {}; "
      "name one with --adapt wasi_snapshot_preview1=PATH",
      candidates.empty() ? file : candidates.front().lexically_normal().string())));
}

bool imports_preview1(const std::vector<uint8_t>& module) {
  auto decoded = core::decode_module(module);
  if (!decoded) return false;
  for (const core::Import& i : decoded->imports)
    if (i.module == "wasi_snapshot_preview1") return true;
  return false;
}

int run(const ComponentizeOptions& opts) {
  auto fail = [](const Error& e, const std::string& path) {
    print_error(e, path);
    return e.phase == Phase::Usage ? 2 : 1;
  };
  auto bytes = read_module_bytes(opts.module);
  if (!bytes) return fail(bytes.error(), opts.module);
  auto module = with_world(std::move(*bytes), opts);
  if (!module) return fail(module.error(), opts.wit.empty() ? opts.module : opts.wit);
  componentize::Options options;
  for (const std::string& spec : opts.adapt) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0)
      return fail(usage(fmt::format("--adapt expects NAME=PATH, got `{}`", spec)), opts.module);
    auto adapter = read_binary(spec.substr(eq + 1));
    if (!adapter) return fail(adapter.error(), spec.substr(eq + 1));
    options.adapters.push_back({spec.substr(0, eq), std::move(*adapter)});
  }
  bool adapted = false;
  for (const auto& a : options.adapters) adapted |= a.name == "wasi_snapshot_preview1";
  if (!adapted && imports_preview1(*module)) {
    auto adapter = default_adapter(*module, opts);
    if (!adapter) return fail(adapter.error(), opts.module);
    options.adapters.push_back(std::move(*adapter));
  }
  auto component = componentize::componentize(*module, options);
  if (!component) return fail(component.error(), opts.module);
  std::string out = opts.output;
  if (out.empty()) out = fs::path(opts.module).replace_extension(".component.wasm").string();
  if (auto ok = write_bytes(out, *component); !ok) return fail(ok.error(), out);
  return 0;
}

}  // namespace

Result<std::vector<uint8_t>> componentize_for_build(std::span<const uint8_t> core, toolchain::Manifest::Kind kind) {
  std::vector<uint8_t> module(core.begin(), core.end());
  ComponentizeOptions opts;
  opts.command = kind == toolchain::Manifest::Kind::Command;
  opts.reactor = !opts.command;
  componentize::Options options;
  if (imports_preview1(module)) {
    WEFT_TRY(adapter, default_adapter(module, opts));
    options.adapters.push_back(std::move(adapter));
  }
  return componentize::componentize(module, options);
}

void add_componentize_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<ComponentizeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "componentize",
      "Make a component from a core module whose component-type custom section describes its world");
  cmd->add_option("MODULE", opts->module, "The core module (.wasm, or core WAT text)")->required();
  cmd->add_option("-o,--output", opts->output,
                  "Where to write the component (default: MODULE.component.wasm)");
  cmd->add_option("--adapt", opts->adapt,
                  "A core module providing the core import module NAME (e.g. a WASI preview-1 adapter)")
      ->type_name("NAME=PATH");
  cmd->add_option("--wit", opts->wit, "Embed a world from this WIT first, if the module has none");
  cmd->add_option("--world", opts->world, "The world of --wit: a name in the main package, or ns:pkg/name");
  cmd->add_flag("--reactor", opts->reactor,
                "Use weft's reactor WASI adapter (default when there is no _start)");
  cmd->add_flag("--command", opts->command,
                "Use weft's command WASI adapter (default when _start is exported)");
  cmd->footer(
      "Examples:\n"
      "  weft wit embed m.wasm wit/ -w calculator -o m.embed.wasm && weft componentize m.embed.wasm -o "
      "c.wasm\n"
      "  weft componentize m.wasm --wit wit/ --world calculator -o c.wasm   embed and componentize at once\n"
      "  weft componentize hello.wasm --adapt wasi_snapshot_preview1=adapter.wasm -o hello.component.wasm\n"
      "  weft run --invoke 'cyber:math/operations#add(1, 2)' c.wasm\n"
      "Core names follow wit-component: imports `cyber:math/operations`.`add`, exports "
      "`cyber:math/operations#add`,\n"
      "`run`, `cabi_post_run`, `cabi_realloc`, `memory`, `_initialize`. See docs/componentize.md.");
  cmd->callback([opts, &exit_code] { exit_code = run(*opts); });
}

}  // namespace weft::cli

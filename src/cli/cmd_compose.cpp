// `weft compose`: components plugged together into one component binary, from the
// command line (`--plug`, the semantics of `wac plug`) or a composition file.
#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.h"
#include "compose/compose.h"

namespace weft::cli {
namespace {

namespace fs = std::filesystem;

struct ComposeOptions {
  std::string socket;
  std::vector<std::string> plugs;
  std::string file;
  std::string output;
  bool verbose = false;
};

Error usage(std::string m) { return Error{Phase::Usage, {}, std::move(m), {}, 0, {}}; }

Result<compose::Input> read_input(const std::string& path) {
  WEFT_TRY(bytes, read_module_bytes(path));
  return compose::Input{path, std::move(bytes)};
}

Result<compose::Graph> graph_of(const ComposeOptions& opts) {
  if (!opts.file.empty()) {
    if (!opts.socket.empty() || !opts.plugs.empty())
      return std::unexpected(
          usage("give either a composition file (--file) or COMPONENT --plug …, not both"));
    return compose::load_composition(opts.file);
  }
  if (opts.socket.empty())
    return std::unexpected(usage("name the component to plug into, or a composition file"));
  if (opts.plugs.empty()) return std::unexpected(usage("nothing to compose: add --plug PROVIDER.wasm"));
  WEFT_TRY(socket, read_input(opts.socket));
  std::vector<compose::Input> plugs;
  for (const std::string& p : opts.plugs) {
    WEFT_TRY(in, read_input(p));
    plugs.push_back(std::move(in));
  }
  return compose::plug_graph(std::move(socket), std::move(plugs));
}

std::string list(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s.empty() ? "none" : s;
}

int run(const ComposeOptions& opts) {
  auto fail = [](const Error& e, const std::string& path) {
    print_error(e, e.file.empty() ? path : e.file);
    return e.phase == Phase::Usage ? 2 : 1;
  };
  std::string what = opts.file.empty() ? opts.socket : opts.file;
  auto graph = graph_of(opts);
  if (!graph) return fail(graph.error(), what);
  auto composed = compose::compose(*graph);
  if (!composed) return fail(composed.error(), what);
  if (opts.verbose)
    for (const compose::Wire& w : composed->wires)
      fmt::print(stderr, "weft: {} imports {} from {}\n", w.instance, w.import,
                 w.from ? fmt::format("{} (its export {})", w.from->instance, w.from->export_name)
                        : std::string("the composition's import"));
  std::string out = opts.output;
  if (out.empty()) out = "composed.wasm";
  if (auto ok = write_bytes(out, composed->bytes); !ok) return fail(ok.error(), out);
  fmt::print(stderr, "weft: composed {} instance{} into {} ({} bytes)\n  imports: {}\n  exports: {}\n",
             graph->instances.size(), graph->instances.size() == 1 ? "" : "s", out, composed->bytes.size(),
             list(composed->imports), list(composed->exports));
  return 0;
}

}  // namespace

void add_compose_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<ComposeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compose", "Plug components together into one component: imports served by other components' exports");
  cmd->add_option("COMPONENT", opts->socket,
                  "The component whose imports the plugs serve; its exports are the result's");
  cmd->add_option(
         "--plug", opts->plugs,
         "A component whose exports serve imports of the same name (or a semver-compatible version); "
         "repeat for several, which may serve each other too")
      ->type_name("PROVIDER.wasm");
  cmd->add_option("-f,--file", opts->file, "A composition file (TOML) wiring several instances explicitly")
      ->type_name("COMPOSE.toml");
  cmd->add_option("-o,--output", opts->output,
                  "Where to write the composed component (default: composed.wasm)");
  cmd->add_flag("-v,--verbose", opts->verbose, "Show where each import of each instance comes from");
  cmd->footer(
      "Examples:\n"
      "  weft compose consumer.wasm --plug provider.wasm -o app.wasm\n"
      "  weft compose app.wasm --plug db.wasm --plug cache.wasm -o all.wasm   plugs may serve each other\n"
      "  weft compose --file app.compose.toml -o app.wasm\n"
      "  weft run --invoke 'run()' app.wasm\n"
      "Imports nothing serves stay imports of the result (one per name, shared by every component).\n"
      "The inputs are nested unchanged; each keeps its own memory. See docs/compose.md.");
  cmd->callback([opts, &exit_code] { exit_code = run(*opts); });
}

}  // namespace weft::cli

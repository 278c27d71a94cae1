// `weft wast FILE...`: run spec scripts, print per-file counts and a closing total.
#include <fmt/format.h>

#include "cli/commands.h"
#include "wast/runner.h"

namespace weft::cli {
namespace {

struct WastCliOptions {
  std::vector<std::string> files;
  CommonOptions common;
  bool verbose = false;
  bool wasmtime = false;
  size_t max_failures = 10;
};

std::string counts(uint32_t passed, uint32_t failed, uint32_t skipped) {
  std::string s = fmt::format("{} passed, {} failed", passed, failed);
  if (skipped) s += fmt::format(", {} skipped", skipped);
  return s;
}

int run_wast(const WastCliOptions& opts) {
  auto features = opts.common.features();
  if (!features) {
    print_error(features.error(), "");
    return 2;
  }
  wast::WastOptions options{*features, opts.verbose, opts.wasmtime};
  uint32_t passed = 0, failed = 0, skipped = 0;
  for (const std::string& path : opts.files) {
    auto report = wast::run_wast_file(path, options);
    if (!report) {
      print_error(report.error(), path);
      ++failed;
      continue;
    }
    fmt::print("{}: {}\n", path, counts(report->passed, report->failed, report->skipped));
    size_t shown = opts.verbose ? report->failures.size() : std::min(report->failures.size(), opts.max_failures);
    for (size_t i = 0; i < shown; ++i) fmt::print("  {}\n", report->failures[i]);
    if (shown < report->failures.size()) fmt::print("  ... {} more (use -v)\n", report->failures.size() - shown);
    passed += report->passed;
    failed += report->failed;
    skipped += report->skipped;
  }
  fmt::print("{}\n", counts(passed, failed, skipped));
  std::fflush(stdout);
  return failed ? 1 : 0;
}

}  // namespace

void add_wast_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<WastCliOptions>();
  CLI::App* cmd = app.add_subcommand("wast", "Run WebAssembly spec test scripts (.wast), core or component");
  cmd->footer(
      "A script with (component ...) units runs on the component runtime: component\n"
      "values (u32.const, str.const, record.const, ...) in actions and results, and\n"
      "the test harness imports of Wasmtime's component scripts (docs/component-model.md).\n"
      "What weft does not support yet (e.g. async built-ins) is counted as skipped.");
  cmd->add_option("FILE", opts->files, "Script files")->required();
  cmd->add_flag("-v,--verbose", opts->verbose, "Print every failing assertion");
  cmd->add_flag("--wasmtime", opts->wasmtime,
                "Refuse the root components Wasmtime's embedding refuses (component imports or exports "
                "at the root, re-exported imported functions), trap on a call into the instance that "
                "lifted the function and allow strings up to 2^31-1 bytes, as Wasmtime's component "
                "scripts expect");
  add_feature_options(*cmd, opts->common);
  cmd->callback([opts, &exit_code] { exit_code = run_wast(*opts); });
}

}  // namespace weft::cli

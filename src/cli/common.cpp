// Helpers shared by the subcommands: feature flags, reading files, printing errors.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.h"

namespace weft::cli {

Result<core::Features> CommonOptions::features() const {
  core::Features f;
  for (const auto& name : enable) {
    if (!f.set(name, true)) return make_error(Phase::Usage, {}, fmt::format("unknown feature '{}'", name));
  }
  for (const auto& name : disable) {
    if (!f.set(name, false)) return make_error(Phase::Usage, {}, fmt::format("unknown feature '{}'", name));
  }
  return f;
}

void add_feature_options(CLI::App& cmd, CommonOptions& opts) {
  std::string names(core::Features::all_names());
  cmd.add_option("--enable", opts.enable, "Enable a WebAssembly feature: " + names)
      ->type_name("FEATURE")
      ->allow_extra_args(false);
  cmd.add_option("--disable", opts.disable, "Disable a WebAssembly feature (all listed are on by default)")
      ->type_name("FEATURE")
      ->allow_extra_args(false);
}

void print_error(const Error& error, const std::string& path, std::string_view source) {
  Error e = error;
  if (e.file.empty() && !path.empty()) e.file = path;
  // Text errors show the offending line: read it back only on this error path.
  std::string text;
  if (source.empty() && e.span.has_line() && !e.file.empty()) {
    if (auto t = read_file(e.file)) text = std::move(*t);
    source = text;
  }
  std::fprintf(stderr, "%s\n", render_error(e, source).c_str());
}

}  // namespace weft::cli

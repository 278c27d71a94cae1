// `weft validate FILE...`: decode and validate modules and components, report the first
// error of each.
#include <fmt/format.h>

#include "cli/commands.h"
#include "component/binary/decoder.h"
#include "component/binary/validator.h"
#include "core/validate/validator.h"

namespace weft::cli {
namespace {

struct ValidateOptions {
  std::vector<std::string> files;
  CommonOptions common;
};

int run_validate(const ValidateOptions& opts) {
  auto features = opts.common.features();
  if (!features) {
    print_error(features.error(), "");
    return 2;
  }
  int status = 0;
  for (const std::string& path : opts.files) {
    auto bytes = read_module_bytes(path);
    if (!bytes) {
      print_error(bytes.error(), path);
      status = 1;
      continue;
    }
    // The preamble's layer field tells a component from a core module.
    Result<void> ok;
    if (component::is_component(*bytes)) {
      if (auto c = component::load_component(*bytes, *features); !c) ok = std::unexpected(c.error());
    } else if (auto m = core::load_module(*bytes, *features); !m) {
      ok = std::unexpected(m.error());
    }
    if (!ok) {
      print_error(ok.error(), path);
      status = 1;
      continue;
    }
    fmt::print("{}: valid\n", path);
  }
  return status;
}

}  // namespace

void add_validate_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<ValidateOptions>();
  CLI::App* cmd = app.add_subcommand("validate", "Decode and validate WebAssembly modules and components (.wasm or .wat)");
  cmd->add_option("FILE", opts->files, "Module or component files")->required();
  add_feature_options(*cmd, opts->common);
  cmd->callback([opts, &exit_code] { exit_code = run_validate(*opts); });
}

}  // namespace weft::cli

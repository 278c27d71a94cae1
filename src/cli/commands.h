// The weft subcommands: each registers its options on the CLI11 app and runs.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "component/wit/wit.h"
#include "core/binary/features.h"
#include "core/runtime/store.h"
#include "toolchain/manifest.h"
#include "wasi/wasi_ctx.h"
#include "support/error.h"
#include "support/file.h"

namespace weft::cli {

// Options shared by every subcommand that loads wasm.
struct CommonOptions {
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  Result<core::Features> features() const;
};

void add_feature_options(CLI::App& cmd, CommonOptions& opts);

// Reads a module or component from FILE: binary .wasm, or WAT text (core or component)
// when it does not start with "\0asm".
Result<std::vector<uint8_t>> read_module_bytes(const std::string& path);

// Prints an error to stderr with the file name and, for text, the line and a caret.
void print_error(const Error& error, const std::string& path, std::string_view source = {});

// Writes `bytes` to `path` (an Io error naming it otherwise).
Result<void> write_bytes(const std::string& path, const std::vector<uint8_t>& bytes);


void add_validate_command(CLI::App& app, int& exit_code);
void add_wast_command(CLI::App& app, int& exit_code);
void add_run_command(CLI::App& app, int& exit_code);
void add_wit_command(CLI::App& app, int& exit_code);
void add_bindgen_command(CLI::App& app, int& exit_code);
void add_componentize_command(CLI::App& app, int& exit_code);
void add_build_command(CLI::App& app, int& exit_code);
void add_compose_command(CLI::App& app, int& exit_code);

// `weft build`'s last step: the component for a core module built by clang.
Result<std::vector<uint8_t>> componentize_for_build(std::span<const uint8_t> core, toolchain::Manifest::Kind kind);

// `weft run` on a component: runs its wasi:cli/run export with the WASI 0.2 host
// granted what `config` says, or (--invoke) calls one export with WAVE arguments.
struct ComponentRun {
  std::string invoke;
  core::Features features;
  core::StoreLimits limits;
  wasi::WasiConfig config;
  bool verbose = false;
  std::optional<double> timeout;  // seconds
  // Components instantiated first, in order, with the same grants; their exports
  // serve the imports of the ones after them (run-time linking, no composition step).
  std::vector<std::string> links;
};
Result<int> run_component(const std::vector<uint8_t>& bytes, const std::string& path, ComponentRun run);

}  // namespace weft::cli

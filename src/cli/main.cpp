// weft command-line entry point: global options and subcommand dispatch.
#include <CLI/CLI.hpp>
#include <csignal>

#include "cli/commands.h"

#ifndef WEFT_VERSION
#define WEFT_VERSION "dev"
#endif

int main(int argc, char** argv) {
  // A guest writing to a closed pipe gets EPIPE from fd_write, as it would
  // natively with SIGPIPE ignored; weft itself must not die of the signal.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"weft: a runtime and toolchain for composable WebAssembly components"};
  app.set_version_flag("--version", std::string("weft ") + WEFT_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'weft COMMAND --help' for a command's options.");
  int exit_code = 0;
  weft::cli::add_run_command(app, exit_code);
  weft::cli::add_validate_command(app, exit_code);
  weft::cli::add_wast_command(app, exit_code);
  weft::cli::add_wit_command(app, exit_code);
  weft::cli::add_bindgen_command(app, exit_code);
  weft::cli::add_componentize_command(app, exit_code);
  weft::cli::add_compose_command(app, exit_code);
  weft::cli::add_build_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}

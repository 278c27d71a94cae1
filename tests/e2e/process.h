// Runs the weft binary (or a build script) as a child process and captures its output.
#pragma once

#include <string>
#include <vector>

namespace weft::e2e {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is the program) with `input` on stdin.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input = {});
ProcessResult run_weft(const std::vector<std::string>& args, const std::string& input = {});

// A scratch directory for this test binary; created on first use.
std::string temp_dir();
std::string write_file(const std::string& name, const std::string& content);
// Builds examples or test C sources for wasm32-wasi with scripts/build-guest.sh.
std::string build_guest(const std::string& c_path, const std::string& out_name);

}  // namespace weft::e2e

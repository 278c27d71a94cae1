// Child processes for end-to-end tests, via posix_spawn with files for the streams.
#include "process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace weft::e2e {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

// One scratch folder per test process, removed when the process ends.
struct ScratchDir {
  std::string path;
  ScratchDir() : path(std::string(WEFT_TEST_TMP) + "/" + std::to_string(getpid())) {
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

std::string temp_dir() {
  static const ScratchDir dir;
  return dir.path;
}

std::string write_file(const std::string& name, const std::string& content) {
  std::string path = temp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input) {
  static int counter = 0;
  std::string base = temp_dir() + "/proc" + std::to_string(counter++);
  std::string in_path = write_file("proc_in" + std::to_string(counter), input);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, (base + ".out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, (base + ".err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  ProcessResult r;
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    r.err = "cannot start " + argv[0];
    return r;
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(base + ".out");
  r.err = slurp(base + ".err");
  return r;
}

ProcessResult run_weft(const std::vector<std::string>& args, const std::string& input) {
  std::vector<std::string> argv{WEFT_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, input);
}

std::string build_guest(const std::string& c_path, const std::string& out_name) {
  std::string out = temp_dir() + "/" + out_name;
  auto r = run_process({std::string(WEFT_SOURCE_DIR) + "/scripts/build-guest.sh", c_path, out});
  if (r.exit_code != 0) throw std::runtime_error("guest build failed: " + r.err);
  return out;
}

}  // namespace weft::e2e

#include "toolchain/build.h"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "bindgen/cpp.h"
#include "component/wit/wit.h"
#include "support/file.h"

namespace weft::toolchain {

namespace fs = std::filesystem;

namespace {

Error io_error(const std::string& path, std::string message) {
  return Error{Phase::Io, {}, std::move(message), path, 0, {}};
}

Result<void> write_text(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return std::unexpected(io_error(path.string(), "cannot write the file"));
  return {};
}

std::string resolve(const Manifest& m, const std::string& p) {
  return fs::path(p).is_absolute() ? p : (fs::path(m.dir) / p).lexically_normal().string();
}

}  // namespace

Result<std::string> wasi_sysroot() {
  const char* tmp = std::getenv("TMPDIR");
  fs::path root = fs::path(tmp && *tmp ? tmp : "/tmp") / fmt::format("weft-wasi-sysroot-{}", getuid());
  if (!fs::exists("/usr/lib/wasm32-wasi/libc.a"))
    return std::unexpected(
        io_error("/usr/lib/wasm32-wasi", "wasi-libc is not installed (apt-get install wasi-libc)"));
  std::error_code ec;
  fs::create_directories(root / "lib", ec);
  if (!fs::exists(root / "include"))
    fs::create_directory_symlink("/usr/include/wasm32-wasi", root / "include", ec);
  if (!fs::exists(root / "lib" / "wasm32-wasi"))
    fs::create_directory_symlink("/usr/lib/wasm32-wasi", root / "lib" / "wasm32-wasi", ec);
  if (!fs::exists(root / "lib" / "wasm32-wasi" / "libc.a"))
    return std::unexpected(io_error(root.string(), "cannot make the wasi sysroot"));
  return root.string();
}

Result<void> run_tool(const std::vector<std::string>& argv, bool verbose) {
  if (verbose) fmt::print(stderr, "  $ {}\n", fmt::join(argv, " "));
  int pipefd[2];
  if (pipe(pipefd) != 0) return std::unexpected(io_error(argv[0], "cannot create a pipe"));
  pid_t pid = fork();
  if (pid < 0) return std::unexpected(io_error(argv[0], "cannot start the process"));
  if (pid == 0) {
    dup2(pipefd[1], 1);
    dup2(pipefd[1], 2);
    close(pipefd[0]);
    close(pipefd[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::fprintf(stderr, "cannot run %s\n", args[0]);
    _exit(127);
  }
  close(pipefd[1]);
  std::string output;
  char buf[4096];
  for (ssize_t n; (n = read(pipefd[0], buf, sizeof buf)) > 0;) output.append(buf, size_t(n));
  close(pipefd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    if (verbose && !output.empty()) fmt::print(stderr, "{}", output);
    return {};
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  Error e{Phase::Usage,
          {},
          code == 127
              ? "not found (apt-get install clang-19 lld-19 libc++-19-dev-wasm32 libc++abi-19-dev-wasm32)"
              : fmt::format("failed with exit status {}", code),
          argv[0],
          0,
          {}};
  if (!output.empty()) e.notes.push_back(output);
  return std::unexpected(e);
}

Result<BuildOutput> build(const Manifest& m, const BuildOptions& options) {
  auto progress = [&](const std::string& s) {
    if (options.progress) options.progress(s);
  };
  BuildOutput out;
  const fs::path target =
      options.target_dir.empty() ? fs::path(m.dir) / "target" : fs::path(options.target_dir);
  out.bindings = (target / "bindings").string();
  out.core = (target / (m.name + ".core.wasm")).string();
  out.component = options.target_dir.empty() ? resolve(m, m.output) : (target / (m.name + ".wasm")).string();

  progress(fmt::format("bindings  {} (world {})", m.wit, m.world.empty() ? "of the package" : m.world));
  WEFT_TRY(loaded, component::wit::load_path(resolve(m, m.wit)));
  WEFT_TRY(world, component::wit::select_world(loaded, m.world));
  bindgen::CppOptions gen;
  gen.command = m.kind == Manifest::Kind::Command;
  WEFT_TRY(files, bindgen::generate_cpp(loaded.resolve, world, gen));
  std::error_code ec;
  fs::create_directories(out.bindings, ec);
  std::string glue;
  for (const auto& f : files) {
    WEFT_CHECK(write_text(fs::path(out.bindings) / f.name, f.contents));
    if (f.name.ends_with(".cpp")) glue = (fs::path(out.bindings) / f.name).string();
  }

  progress(fmt::format("compile   {} source{}", m.sources.size(), m.sources.size() == 1 ? "" : "s"));
  WEFT_TRY(sysroot, wasi_sysroot());
  std::string cxx = options.cxx;
  if (cxx.empty()) cxx = std::getenv("WEFT_CXX") ? std::getenv("WEFT_CXX") : "clang++-19";
  std::vector<std::string> argv = {cxx,   "--target=wasm32-wasi", "--sysroot=" + sysroot, "-std=c++23",
                                   "-O2", "-fno-exceptions",      "-I" + out.bindings};
  // Always a reactor: a command's _start comes from the bindings (see bindgen::CppOptions).
  argv.push_back("-mexec-model=reactor");
  if (m.kind == Manifest::Kind::Command) argv.insert(argv.end(), {"-nostartfiles", "-Wl,--no-entry"});
  for (const auto& d : m.include_dirs) argv.push_back("-I" + resolve(m, d));
  for (const auto& f : m.cxxflags) argv.push_back(f);
  for (const auto& s : m.sources) argv.push_back(resolve(m, s));
  argv.push_back(glue);
  argv.insert(argv.end(), {"-o", out.core, "-Wl,--strip-debug"});
  WEFT_CHECK(run_tool(argv, options.verbose));

  progress("componentize");
  if (!options.componentize) return make_error(Phase::Usage, {}, "internal: no componentize step");
  WEFT_TRY(core, read_file(out.core));
  WEFT_TRY(component, options.componentize(
                          std::span(reinterpret_cast<const uint8_t*>(core.data()), core.size()), m.kind));
  fs::create_directories(fs::path(out.component).parent_path(), ec);
  WEFT_CHECK(write_text(out.component,
                        std::string_view(reinterpret_cast<const char*>(component.data()), component.size())));
  return out;
}

}  // namespace weft::toolchain

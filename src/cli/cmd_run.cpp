// `weft run FILE [ARGS...]`: run a WASI command's _start, or call one export with --invoke.
#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <thread>

#include "cli/commands.h"
#include "core/runtime/store.h"
#include "core/validate/validator.h"
#include "wasi/link.h"

namespace weft::cli {
namespace {

struct RunOptions {
  CommonOptions common;
  std::string invoke;
  std::vector<std::string> env;
  std::optional<uint64_t> fuel;
  std::optional<double> timeout;  // seconds
};

// Interrupts the store when the deadline passes; stops early when destroyed.
class Watchdog {
 public:
  Watchdog(core::Store& store, std::optional<double> seconds) {
    if (!seconds) return;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(*seconds);
    thread_ = std::thread([this, &store, deadline] {
      std::unique_lock lock(mutex_);
      if (!cv_.wait_until(lock, deadline, [this] { return done_; })) store.interrupt();
    });
  }
  ~Watchdog() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

Result<core::Value> parse_arg(const std::string& text, core::ValType type) {
  auto bad = [&] {
    return make_error(Phase::Usage, {}, fmt::format("cannot read '{}' as {}", text, core::valtype_name(type)));
  };
  const char* s = text.c_str();
  char* end = nullptr;
  errno = 0;
  switch (type) {
    case core::ValType::I32:
    case core::ValType::I64: {
      bool neg = !text.empty() && text[0] == '-';
      uint64_t bits = neg ? uint64_t(std::strtoll(s, &end, 0)) : std::strtoull(s, &end, 0);
      if (errno || end == s || *end) return bad();
      if (type == core::ValType::I32) {
        if (neg ? int64_t(bits) < INT32_MIN : bits > UINT32_MAX) return bad();
        return core::Value::i32(uint32_t(bits));
      }
      return core::Value::i64(bits);
    }
    case core::ValType::F32: {
      float f = std::strtof(s, &end);
      if (end == s || *end) return bad();
      return core::Value::f32(f);
    }
    case core::ValType::F64: {
      double d = std::strtod(s, &end);
      if (end == s || *end) return bad();
      return core::Value::f64(d);
    }
    default: return make_error(Phase::Usage, {}, fmt::format("cannot pass a {} from the command line", core::valtype_name(type)));
  }
}

std::string print_value(const core::Value& v) {
  switch (v.type) {
    case core::ValType::I32: return fmt::format("{}", int32_t(v.as_u32()));
    case core::ValType::I64: return fmt::format("{}", int64_t(v.as_u64()));
    case core::ValType::F32: return fmt::format("{}", v.as_f32());
    case core::ValType::F64: return fmt::format("{}", v.as_f64());
    case core::ValType::FuncRef: return v.bits ? "funcref" : "ref.null func";
    case core::ValType::ExternRef: return v.bits ? "externref" : "ref.null extern";
    case core::ValType::V128: return "v128";
  }
  return "?";
}

Result<int> invoke_export(core::Store& store, core::InstanceAddr inst, const std::string& name,
                          const std::vector<std::string>& args) {
  auto ext = store.find_export(inst, name);
  if (!ext || ext->kind != core::ExternKind::Func) {
    return make_error(Phase::Usage, {}, fmt::format("the module exports no function \"{}\"", name));
  }
  const core::FuncType& type = store.func_type(ext->addr);
  if (args.size() != type.params.size()) {
    return make_error(Phase::Usage, {}, fmt::format("\"{}\" takes {} argument(s), {} given", name, type.params.size(), args.size()));
  }
  std::vector<core::Value> values;
  for (size_t i = 0; i < args.size(); ++i) {
    WEFT_TRY(v, parse_arg(args[i], type.params[i]));
    values.push_back(v);
  }
  WEFT_TRY(results, store.invoke(ext->addr, values));
  for (const core::Value& v : results) fmt::print("{}\n", print_value(v));
  return 0;
}

Result<int> run(const RunOptions& opts, const std::vector<std::string>& positional) {
  if (positional.empty()) return make_error(Phase::Usage, {}, "missing FILE (see weft run --help)");
  const std::string& path = positional[0];
  std::vector<std::string> args(positional.begin() + 1, positional.end());
  WEFT_TRY(features, opts.common.features());
  WEFT_TRY(bytes, read_module_bytes(path));
  auto module = core::load_module(bytes, features);
  if (!module) {
    Error e = module.error();
    e.file = path;
    return std::unexpected(e);
  }
  core::StoreLimits limits;
  limits.fuel = opts.fuel;
  core::Store store(limits);
  Watchdog watchdog(store, opts.timeout);
  wasi::WasiConfig config;
  config.args.push_back(path);
  if (opts.invoke.empty()) config.args.insert(config.args.end(), args.begin(), args.end());
  config.env = opts.env;
  wasi::WasiCtx ctx(std::move(config));
  Result<int> status = 0;
  if (opts.invoke.empty()) {
    status = wasi::run_command(store, ctx, *module);
  } else if (auto inst = wasi::instantiate_wasi(store, ctx, *module)) {
    status = invoke_export(store, *inst, opts.invoke, args);
  } else {
    status = std::unexpected(inst.error());
  }
  return status;
}

// A process status is one byte: a guest status outside it would wrap (256 reads
// as 0, success), so it becomes a plain failure.
int process_status(int guest_status) { return guest_status >= 0 && guest_status <= 255 ? guest_status : 1; }

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Run a WebAssembly program (.wasm or .wat)");
  cmd->footer(
      "Usage: weft run [OPTIONS] FILE [ARGS...]\n\n"
      "Runs the module's _start (a WASI preview-1 command); ARGS reach it as argv[1...].\n"
      "With --invoke NAME, calls the exported function NAME with ARGS as its parameters\n"
      "and prints each result on its own line. The guest's exit code becomes weft's\n"
      "(a code outside 0-255 becomes 1, so a failure never reads as success).\n"
      "A trap, including running out of --fuel or --timeout, exits with 1.");
  cmd->add_option("--invoke", opts->invoke, "Call this exported function instead of _start")->type_name("NAME");
  cmd->add_option("--env", opts->env, "Set an environment variable for the guest")
      ->type_name("K=V")
      ->allow_extra_args(false);
  cmd->add_option("--fuel", opts->fuel, "Stop the guest after N loop iterations and calls (trap: all fuel consumed)")
      ->type_name("N")
      ->allow_extra_args(false);
  cmd->add_option("--timeout", opts->timeout, "Stop the guest after this many seconds (trap: interrupted)")
      ->type_name("SECONDS")
      ->check(CLI::PositiveNumber)
      ->allow_extra_args(false);
  add_feature_options(*cmd, opts->common);
  cmd->prefix_command();  // everything from FILE on belongs to the guest
  cmd->callback([opts, cmd, &exit_code] {
    auto status = run(*opts, cmd->remaining());
    if (!status) {
      if (status.error().phase == Phase::Exit) {
        exit_code = process_status(status.error().code);
        return;
      }
      print_error(status.error(), "");
      exit_code = status.error().phase == Phase::Usage ? 2 : 1;
      return;
    }
    exit_code = process_status(*status);
  });
}

}  // namespace weft::cli

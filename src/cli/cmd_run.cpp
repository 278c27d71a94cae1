// `weft run [OPTIONS] FILE [ARGS...]`: run a WASI command's _start with the capabilities
// granted on the command line, or call one export with --invoke.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "cli/commands.h"
#include "cli/watchdog.h"
#include "core/runtime/store.h"
#include "core/validate/validator.h"
#include "support/file.h"
#include "wasi/link.h"

extern char** environ;

namespace weft::cli {
namespace {

struct RunOptions {
  CommonOptions common;
  std::string invoke;
  std::vector<std::string> links;  // components whose exports serve the main one's imports
  bool verbose = false;
  // Grants, in command-line order.
  std::vector<std::string> env;   // K=V
  bool env_inherit = false;
  std::vector<std::string> args;  // --arg, before the trailing ARGS
  std::vector<wasi::DirGrant> dirs;
  std::vector<std::string> tcp_connect, tcp_listen_allowed, tcp_listen;
  bool udp = false, dns = false;
  // Limits.
  std::optional<uint64_t> fuel;
  std::optional<double> timeout;  // seconds
  std::optional<uint64_t> max_memory_pages;
  std::optional<uint64_t> max_gc_heap;  // bytes
  std::optional<uint32_t> max_table_elements;
  std::optional<uint32_t> max_instances;
};

Result<core::Value> parse_arg(const std::string& text, core::ValType type) {
  auto bad = [&] {
    return make_error(Phase::Usage, {}, fmt::format("cannot read '{}' as {}", text, core::valtype_name(type)));
  };
  const char* s = text.c_str();
  char* end = nullptr;
  errno = 0;
  switch (type.code) {
    case core::ValType::kI32:
    case core::ValType::kI64: {
      bool neg = !text.empty() && text[0] == '-';
      uint64_t bits = neg ? uint64_t(std::strtoll(s, &end, 0)) : std::strtoull(s, &end, 0);
      if (errno || end == s || *end) return bad();
      if (type == core::ValType::I32) {
        if (neg ? int64_t(bits) < INT32_MIN : bits > UINT32_MAX) return bad();
        return core::Value::i32(uint32_t(bits));
      }
      return core::Value::i64(bits);
    }
    case core::ValType::kF32: {
      float f = std::strtof(s, &end);
      if (end == s || *end) return bad();
      return core::Value::f32(f);
    }
    case core::ValType::kF64: {
      double d = std::strtod(s, &end);
      if (end == s || *end) return bad();
      return core::Value::f64(d);
    }
    default: return make_error(Phase::Usage, {}, fmt::format("cannot pass a {} from the command line", core::valtype_name(type)));
  }
}

std::string print_value(const core::Value& v) {
  switch (v.type.code) {
    case core::ValType::kI32: return fmt::format("{}", int32_t(v.as_u32()));
    case core::ValType::kI64: return fmt::format("{}", int64_t(v.as_u64()));
    case core::ValType::kF32: return fmt::format("{}", v.as_f32());
    case core::ValType::kF64: return fmt::format("{}", v.as_f64());
    case core::ValType::kV128: return "v128";
    default: break;
  }
  // A reference: its type, or null of it.
  return v.bits ? core::valtype_name(v.type) : fmt::format("ref.null {}", core::heap_type_name(v.type.heap));
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

// "65536", "64KiB", "16M", "1GiB" (powers of 1024) as bytes.
std::optional<uint64_t> parse_size(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  std::string unit(end, text.data() + text.size());
  for (char& c : unit) c = char(std::tolower(static_cast<unsigned char>(c)));
  static const std::pair<std::string_view, int> kUnits[] = {
      {"", 0}, {"b", 0}, {"k", 10}, {"kb", 10}, {"kib", 10}, {"m", 20}, {"mb", 20}, {"mib", 20},
      {"g", 30}, {"gb", 30}, {"gib", 30}};
  for (auto [name, shift] : kUnits) {
    if (unit != name) continue;
    if (shift > 0 && value > (UINT64_MAX >> shift)) return std::nullopt;
    return value << shift;
  }
  return std::nullopt;
}

// The guest's environment: the host's with --env-inherit, then each --env K=V
// (replacing an inherited K).
Result<std::vector<std::string>> guest_environment(const RunOptions& opts) {
  std::vector<std::string> env;
  if (opts.env_inherit) {
    for (char** e = environ; *e; ++e) {
      if (std::strchr(*e, '=')) env.emplace_back(*e);
    }
  }
  for (const std::string& kv : opts.env) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return make_error(Phase::Usage, {}, fmt::format("--env takes K=V, not '{}'", kv));
    }
    std::string_view key(kv.data(), eq + 1);
    std::erase_if(env, [&](const std::string& e) { return e.starts_with(key); });
    env.push_back(kv);
  }
  return env;
}

Result<std::vector<wasi::AddressPattern>> patterns(const std::vector<std::string>& texts, std::string_view option) {
  std::vector<wasi::AddressPattern> out;
  for (const std::string& t : texts) {
    auto p = wasi::AddressPattern::parse(t);
    if (!p) return make_error(Phase::Usage, {}, fmt::format("{} takes ADDR:PORT (ADDR or PORT may be *), not '{}'", option, t));
    out.push_back(*p);
  }
  return out;
}

Result<wasi::WasiConfig> wasi_config(const RunOptions& opts, const std::string& path,
                                     const std::vector<std::string>& args) {
  wasi::WasiConfig config;
  config.args.push_back(path);
  if (opts.invoke.empty()) {
    config.args.insert(config.args.end(), opts.args.begin(), opts.args.end());
    config.args.insert(config.args.end(), args.begin(), args.end());
  }
  WEFT_TRY(env, guest_environment(opts));
  config.env = std::move(env);
  wasi::Capabilities& caps = config.capabilities;
  caps.dirs = opts.dirs;
  WEFT_TRY(connect, patterns(opts.tcp_connect, "--allow-tcp-connect"));
  WEFT_TRY(listen, patterns(opts.tcp_listen_allowed, "--allow-tcp-listen"));
  caps.tcp_connect = std::move(connect);
  caps.tcp_listen = std::move(listen);
  caps.udp = opts.udp;
  caps.dns = opts.dns;
  for (const std::string& t : opts.tcp_listen) {
    auto address = wasi::SocketAddress::parse(t);
    if (!address) return make_error(Phase::Usage, {}, fmt::format("--tcp-listen takes ADDR:PORT, not '{}'", t));
    config.tcp_listeners.push_back(*address);
  }
  if (opts.verbose) {
    config.on_denied = [](std::string_view what) { fmt::print(stderr, "weft: denied: {}\n", what); };
  }
  return config;
}

// A component binary has the core magic and version 0x0d, layer 1 (spec: Binary.md, "preamble").
bool is_component(const std::vector<uint8_t>& bytes) {
  static constexpr uint8_t kPreamble[] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  return bytes.size() >= sizeof kPreamble && std::equal(std::begin(kPreamble), std::end(kPreamble), bytes.begin());
}

Result<int> run(const RunOptions& opts, const std::vector<std::string>& positional) {
  if (positional.empty()) return make_error(Phase::Usage, {}, "missing FILE (see weft run --help)");
  const std::string& path = positional[0];
  std::vector<std::string> args(positional.begin() + 1, positional.end());
  WEFT_TRY(features, opts.common.features());
  WEFT_TRY(config, wasi_config(opts, path, args));
  auto bytes = read_module_bytes(path);
  core::StoreLimits limits;
  limits.fuel = opts.fuel;
  if (opts.max_memory_pages) limits.max_memory_pages = *opts.max_memory_pages;
  if (opts.max_gc_heap) limits.max_gc_heap_bytes = *opts.max_gc_heap;
  if (opts.max_table_elements) limits.max_table_elements = *opts.max_table_elements;
  if (opts.max_instances) limits.max_instances = *opts.max_instances;
  auto component_run = [&] {
    return ComponentRun{opts.invoke, features, limits, std::move(config), opts.verbose, opts.timeout, opts.links};
  };
  if (bytes && is_component(*bytes)) return run_component(*bytes, path, component_run());
  if (!bytes) return std::unexpected(bytes.error());
  if (!opts.links.empty())
    return make_error(Phase::Usage, {}, fmt::format("--link links components, and {} is a core module", path));
  auto module = core::load_module(*bytes, features);
  if (!module) {
    Error e = module.error();
    e.file = path;
    return std::unexpected(e);
  }
  core::Store store(limits);
  wasi::WasiCtx ctx(std::move(config));
  WEFT_TRY(preopens, ctx.open_grants());
  if (opts.verbose) {
    for (const auto& p : preopens) fmt::print(stderr, "weft: fd {}: {}\n", p.fd, p.description);
    // Preview 1 has no call that connects, sends datagrams or looks names up.
    auto unused = [](bool given, std::string_view option) {
      if (given) fmt::print(stderr, "weft: {} has no effect on a preview-1 module (WASI 0.2 components only)\n", option);
    };
    unused(!opts.tcp_connect.empty(), "--allow-tcp-connect");
    unused(opts.udp, "--allow-udp");
    unused(opts.dns, "--allow-dns");
  }
  Watchdog watchdog(store, ctx, opts.timeout);
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

// Every run option is a function option triggered on each occurrence, so that
// repeated options keep their command-line order and the ones found after FILE
// (see take_trailing_options) go through the very same code.
void add_run_options(CLI::App& cmd, const std::shared_ptr<RunOptions>& opts) {
  auto text = [&](const char* name, const char* help, const char* type, auto apply) {
    return cmd.add_option_function<std::string>(name, apply, help)->type_name(type)->trigger_on_parse()
        ->allow_extra_args(false);
  };
  auto flag = [&](const char* name, const char* help, bool RunOptions::*field) {
    return cmd.add_flag_function(name, [opts, field](int64_t n) { (*opts).*field = n > 0; }, help)
        ->trigger_on_parse();
  };
  text("--invoke", "Call this exported function instead of _start", "NAME",
       [opts](const std::string& v) { opts->invoke = v; });
  text("--link", "Instantiate this component first and serve FILE's imports with its exports (repeatable)",
       "COMPONENT", [opts](const std::string& v) { opts->links.push_back(v); });
  flag("-v,--verbose", "Log preopened resources and every denied operation to stderr", &RunOptions::verbose);
  text("--env", "Grant an environment variable", "K=V", [opts](const std::string& v) { opts->env.push_back(v); });
  flag("--env-inherit", "Grant the host's whole environment (--env entries override it)", &RunOptions::env_inherit);
  text("--arg", "Pass an argument to the guest (before ARGS)", "ARG",
       [opts](const std::string& v) { opts->args.push_back(v); });
  auto dir = [opts](bool read_only) {
    return [opts, read_only](const std::string& v) {
      auto grant = wasi::DirGrant::parse(v, read_only);
      if (!grant) throw CLI::ValidationError(read_only ? "--dir-ro" : "--dir", "expects HOST[::GUEST], got " + v);
      opts->dirs.push_back(*grant);
    };
  };
  text("--dir", "Grant a host directory, read-write, seen by the guest as GUEST (default: HOST)",
       "HOST[::GUEST]", dir(false));
  text("--dir-ro", "Grant a host directory, read-only (every change: EROFS)", "HOST[::GUEST]", dir(true));
  text("--allow-tcp-connect", "WASI 0.2 components only (preview 1 cannot connect): allow TCP connections to ADDR:PORT (* for any address or port)", "ADDR:PORT",
       [opts](const std::string& v) { opts->tcp_connect.push_back(v); });
  text("--allow-tcp-listen", "Allow listening on (WASI 0.2: binding) ADDR:PORT (* for any address or port)", "ADDR:PORT",
       [opts](const std::string& v) { opts->tcp_listen_allowed.push_back(v); });
  text("--tcp-listen", "Preopen a listening socket for the guest's sock_accept (needs --allow-tcp-listen)",
       "ADDR:PORT", [opts](const std::string& v) { opts->tcp_listen.push_back(v); });
  flag("--allow-udp", "WASI 0.2 components only (preview 1 has no UDP): allow UDP sockets", &RunOptions::udp);
  flag("--allow-dns", "WASI 0.2 components only (preview 1 has no name lookup): allow host name lookups",
       &RunOptions::dns);
  cmd.add_option_function<uint64_t>("--fuel", [opts](uint64_t n) { opts->fuel = n; },
                                    "Stop the guest after N loop iterations and calls (trap: all fuel consumed)")
      ->type_name("N")
      ->trigger_on_parse()
      ->allow_extra_args(false);
  cmd.add_option_function<double>("--timeout", [opts](double t) { opts->timeout = t; },
                                  "Stop the guest after this many seconds (trap: interrupted)")
      ->type_name("SECONDS")
      ->check(CLI::PositiveNumber)
      ->trigger_on_parse()
      ->allow_extra_args(false);
  text("--max-memory", "Most bytes one linear memory may hold (e.g. 16MiB; rounded down to 64KiB pages)",
       "SIZE", [opts](const std::string& v) {
         auto bytes = parse_size(v);
         if (!bytes) throw CLI::ValidationError("--max-memory", "expects BYTES or a size like 64KiB, 16MiB, 1GiB");
         opts->max_memory_pages = *bytes / 65536;
       });
  text("--max-gc-heap", "Most bytes of GC structs and arrays the guest may hold (default 1GiB; nothing is "
       "collected before the run ends)",
       "SIZE", [opts](const std::string& v) {
         auto bytes = parse_size(v);
         if (!bytes) throw CLI::ValidationError("--max-gc-heap", "expects BYTES or a size like 64KiB, 16MiB, 1GiB");
         opts->max_gc_heap = *bytes;
       });
  cmd.add_option_function<uint32_t>("--max-table-elements", [opts](uint32_t n) { opts->max_table_elements = n; },
                                    "Most elements one table may hold")
      ->type_name("N")
      ->trigger_on_parse()
      ->allow_extra_args(false);
  cmd.add_option_function<uint32_t>("--max-instances", [opts](uint32_t n) { opts->max_instances = n; },
                                    "Most core module instances the guest may create (a component makes one per "
                                    "core instance it defines; default 10000)")
      ->type_name("N")
      ->trigger_on_parse()
      ->allow_extra_args(false);
  add_feature_options(cmd, opts->common);
}

// CLI11 hands over FILE and everything after it. Options of `weft run` that
// follow FILE are still weft's, up to the first argument that is not one of them
// or a `--` (dropped); the rest belongs to the guest.
std::vector<std::string> take_trailing_options(CLI::App& cmd, std::vector<std::string> rest) {
  size_t i = 1;  // rest[0] is FILE
  while (i < rest.size()) {
    const std::string arg = rest[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg == "-h" || arg == "--help") throw CLI::CallForHelp();
    if (!arg.starts_with("-") || arg == "-") break;
    size_t eq = arg.starts_with("--") ? arg.find('=') : std::string::npos;
    CLI::Option* op = cmd.get_option_no_throw(arg.substr(0, eq));
    if (!op) break;
    std::string value = "true";
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (op->get_expected_min() > 0) {
      if (i + 1 >= rest.size()) throw CLI::ArgumentMismatch(op->get_name(), 1, 0);
      value = rest[++i];
    }
    ++i;
    if (op->get_trigger_on_parse()) op->clear();
    op->add_result(value);
    op->run_callback();
  }
  rest.erase(rest.begin() + 1, rest.begin() + long(i));
  return rest;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Run a WebAssembly program (.wasm or .wat)");
  cmd->footer(
      "Usage: weft run [OPTIONS] FILE [OPTIONS] [--] [ARGS...]\n\n"
      "Runs the module's _start (a WASI preview-1 command), or the run function of a\n"
      "component's wasi:cli/run export (a WASI 0.2 command); ARGS reach it as argv[1...].\n"
      "FILE may be a module or a component, binary or text (.wat). WASI interfaces weft\n"
      "lacks (wasi:http) still link; their functions trap when called (-v lists them).\n"
      "On a component, --invoke takes a call in WAVE, e.g. --invoke 'add(1, 2)' or\n"
      "--invoke 'ns:pkg/iface#greet(\"you\")', and prints the result in WAVE (docs/wave.md).\n"
      "Options may also follow FILE: they are weft's up to the first argument that is\n"
      "not a weft option, or up to `--`; everything after that is the guest's.\n"
      "With --invoke NAME, calls the exported function NAME with ARGS as its parameters\n"
      "and prints each result on its own line. The guest's exit code becomes weft's\n"
      "(a code outside 0-255 becomes 1, so a failure never reads as success).\n"
      "A trap, including running out of --fuel or --timeout, exits with 1.\n\n"
      "Nothing is granted by default: no directories, no environment, no network.\n"
      "Preopens get fds 3, 4, ... in order: the --dir/--dir-ro directories, then the\n"
      "--tcp-listen sockets. A denied operation gets its WASI errno (-v logs it).\n"
      "See docs/wasi.md.");
  add_run_options(*cmd, opts);
  cmd->prefix_command();  // FILE and what follows: sorted out by take_trailing_options
  cmd->callback([opts, cmd, &exit_code] {
    auto status = run(*opts, take_trailing_options(*cmd, cmd->remaining()));
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

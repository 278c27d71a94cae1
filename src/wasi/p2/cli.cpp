// wasi:cli (environment, exit, stdio, terminal-*), wasi:clocks and wasi:random.
// spec: ../shared/wit/wasi-0.2.12/{cli,clocks,random}/*.wit
#include <unistd.h>

#include <limits>

#include "wasi/p2/host.h"
#include "wasi/streams.h"

namespace weft::wasi::p2 {

namespace {

// The most bytes one get-random-bytes call returns: every byte becomes a component
// value on the way to the guest, so the bound keeps a hostile length from taking
// the host's memory.
constexpr uint64_t kMaxRandomBytes = 1 << 20;

std::shared_ptr<FdObject> stdio(Host& h, uint32_t fd) {
  auto entry = h.ctx.fds().get(fd);
  return entry ? (*entry)->object : std::make_shared<NullStream>();
}

// A terminal handle when the stdio stream is the host's own terminal.
Val terminal(Host& h, uint32_t fd, uint32_t rt) {
  std::shared_ptr<FdObject> s = stdio(h, fd);
  const int host_fd = s->pollable_fd();
  if (host_fd < 0 || !isatty(host_fd)) return Val::none();
  return Val::some(Val::own(rt, 1));
}

void define_environment(Host& h, component::Linker& l) {
  Iface env(l, "wasi:cli/environment");
  env.func("get-environment", [&h](auto) -> Result<std::optional<Val>> {
    std::vector<Val> out;
    for (const std::string& kv : h.ctx.env()) {
      const size_t eq = kv.find('=');
      out.push_back(Val::tuple({Val::string(kv.substr(0, eq)),
                                Val::string(eq == std::string::npos ? std::string() : kv.substr(eq + 1))}));
    }
    return Val::list(std::move(out));
  });
  env.func("get-arguments", [&h](auto) -> Result<std::optional<Val>> { return string_list(h.ctx.args()); });
  env.func("initial-cwd", [](auto) -> Result<std::optional<Val>> { return Val::none(); });

  Iface exit(l, "wasi:cli/exit");
  exit.func("exit", [](auto a) -> Result<std::optional<Val>> { return make_exit(a[0].bits == 0 ? 0 : 1); });
  exit.func("exit-with-code",
            [](auto a) -> Result<std::optional<Val>> { return make_exit(int32_t(a[0].bits)); });
}

void define_stdio(Host& h, component::Linker& l) {
  Iface in(l, "wasi:cli/stdin");
  in.resource("input-stream", h.input_rt);
  in.func("get-stdin",
          [&h](auto) { return h.own(h.input_rt, h.inputs.add(InputStream::over(stdio(h, 0)))); });
  const char* outs[] = {"wasi:cli/stdout", "wasi:cli/stderr"};
  for (uint32_t fd : {1u, 2u}) {
    Iface out(l, outs[fd - 1]);
    out.resource("output-stream", h.output_rt);
    out.func(fd == 1 ? "get-stdout" : "get-stderr",
             [&h, fd](auto) { return h.own(h.output_rt, h.outputs.add(OutputStream::over(stdio(h, fd)))); });
  }
  Iface ti(l, "wasi:cli/terminal-input");
  ti.resource("terminal-input", h.terminal_input_rt);
  Iface to(l, "wasi:cli/terminal-output");
  to.resource("terminal-output", h.terminal_output_rt);
  Iface tstdin(l, "wasi:cli/terminal-stdin");
  tstdin.resource("terminal-input", h.terminal_input_rt);
  tstdin.func("get-terminal-stdin",
              [&h](auto) -> Result<std::optional<Val>> { return terminal(h, 0, h.terminal_input_rt); });
  for (uint32_t fd : {1u, 2u}) {
    Iface t(l, fd == 1 ? "wasi:cli/terminal-stdout" : "wasi:cli/terminal-stderr");
    t.resource("terminal-output", h.terminal_output_rt);
    t.func(fd == 1 ? "get-terminal-stdout" : "get-terminal-stderr",
           [&h, fd](auto) -> Result<std::optional<Val>> { return terminal(h, fd, h.terminal_output_rt); });
  }
}

Result<uint64_t> clock_now(Host& h, ClockId id) {
  auto t = h.ctx.clocks().now(id);
  if (!t) return make_error(Phase::Execute, {}, "the host clock failed");
  return *t;
}

Result<uint64_t> clock_resolution(Host& h, ClockId id) {
  auto t = h.ctx.clocks().resolution(id);
  if (!t) return make_error(Phase::Execute, {}, "the host clock failed");
  return *t;
}

void define_clocks(Host& h, component::Linker& l) {
  Iface mono(l, "wasi:clocks/monotonic-clock");
  mono.resource("pollable", h.pollable_rt);
  mono.func("now", [&h](auto) -> Result<std::optional<Val>> {
    WEFT_TRY(t, clock_now(h, ClockId::Monotonic));
    return Val::u64(t);
  });
  mono.func("resolution", [&h](auto) -> Result<std::optional<Val>> {
    WEFT_TRY(t, clock_resolution(h, ClockId::Monotonic));
    return Val::u64(t);
  });
  mono.func("subscribe-instant", [&h](auto a) { return h.new_pollable(Pollable::at(a[0].bits)); });
  mono.func("subscribe-duration", [&h](auto a) -> Result<std::optional<Val>> {
    WEFT_TRY(now, clock_now(h, ClockId::Monotonic));
    const uint64_t d = a[0].bits;
    return h.new_pollable(
        Pollable::at(d > std::numeric_limits<uint64_t>::max() - now ? ~uint64_t(0) : now + d));
  });

  Iface wall(l, "wasi:clocks/wall-clock");
  wall.func("now", [&h](auto) -> Result<std::optional<Val>> {
    WEFT_TRY(t, clock_now(h, ClockId::Realtime));
    return datetime(t);
  });
  wall.func("resolution", [&h](auto) -> Result<std::optional<Val>> {
    WEFT_TRY(t, clock_resolution(h, ClockId::Realtime));
    return datetime(t);
  });
}

Result<std::vector<uint8_t>> random_bytes(Host& h, uint64_t len) {
  if (len > kMaxRandomBytes)
    return make_error(Phase::Execute, {}, "not supported yet: more than 1 MiB of random bytes in one call");
  std::vector<uint8_t> out(len);
  if (!h.ctx.random().fill(out)) return make_error(Phase::Execute, {}, "the host random source failed");
  return out;
}

Result<uint64_t> random_u64(Host& h) {
  WEFT_TRY(b, random_bytes(h, 8));
  uint64_t v = 0;
  for (uint8_t x : b) v = v << 8 | x;
  return v;
}

void define_random(Host& h, component::Linker& l) {
  // The insecure interfaces draw from the same (secure) source: cheap enough here.
  for (auto [iface, bytes_fn, u64_fn] :
       {std::tuple{"wasi:random/random", "get-random-bytes", "get-random-u64"},
        std::tuple{"wasi:random/insecure", "get-insecure-random-bytes", "get-insecure-random-u64"}}) {
    Iface r(l, iface);
    r.func(bytes_fn, [&h](auto a) -> Result<std::optional<Val>> {
      WEFT_TRY(b, random_bytes(h, a[0].bits));
      return bytes_val(b);
    });
    r.func(u64_fn, [&h](auto) -> Result<std::optional<Val>> {
      WEFT_TRY(v, random_u64(h));
      return Val::u64(v);
    });
  }
  Iface seed(l, "wasi:random/insecure-seed");
  seed.func("insecure-seed", [&h](auto) -> Result<std::optional<Val>> {
    WEFT_TRY(a, random_u64(h));
    WEFT_TRY(b, random_u64(h));
    return Val::tuple({Val::u64(a), Val::u64(b)});
  });
}

}  // namespace

void define_cli(Host& h, component::Linker& l) {
  define_environment(h, l);
  define_stdio(h, l);
}

void define_clocks_random(Host& h, component::Linker& l) {
  define_clocks(h, l);
  define_random(h, l);
}

}  // namespace weft::wasi::p2

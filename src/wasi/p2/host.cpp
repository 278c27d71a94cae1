// The WASI 0.2 host's shared state: resource types, pollables, value helpers,
// and running a command component.
#include "wasi/p2/host.h"

#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <stdexcept>

#include "wasi/p2/wasi_p2.h"

namespace weft::wasi::p2 {

namespace {

// A host resource type whose destructor forgets the object of `table`.
// (The tables are members declared after the ids: the constructor's body tells
// each table its id once both exist.)
template <class T>
uint32_t resource_type(component::Runtime& rt, const char* name, Table<T>* table) {
  return rt.new_host_resource_type(name, [table](uint32_t rep) -> Result<void> {
    if (table) table->remove(rep);
    return {};
  });
}

}  // namespace

Host::Host(component::Runtime& rt, WasiCtx& ctx)
    : rt(rt),
      ctx(ctx),
      error_rt(resource_type(rt, "error", &errors)),
      pollable_rt(resource_type(rt, "pollable", &pollables)),
      input_rt(resource_type(rt, "input-stream", &inputs)),
      output_rt(resource_type(rt, "output-stream", &outputs)),
      descriptor_rt(resource_type(rt, "descriptor", &descriptors)),
      dir_stream_rt(resource_type(rt, "directory-entry-stream", &dir_streams)),
      terminal_input_rt(resource_type<IoError>(rt, "terminal-input", nullptr)),
      terminal_output_rt(resource_type<IoError>(rt, "terminal-output", nullptr)),
      network_rt(resource_type<IoError>(rt, "network", nullptr)),
      tcp_rt(resource_type(rt, "tcp-socket", &tcp_sockets)),
      udp_rt(resource_type(rt, "udp-socket", &udp_sockets)),
      incoming_dgram_rt(resource_type(rt, "incoming-datagram-stream", &incoming_dgrams)),
      outgoing_dgram_rt(resource_type(rt, "outgoing-datagram-stream", &outgoing_dgrams)),
      resolve_rt(resource_type(rt, "resolve-address-stream", &resolves)) {
  errors.rt = error_rt;
  pollables.rt = pollable_rt;
  inputs.rt = input_rt;
  outputs.rt = output_rt;
  descriptors.rt = descriptor_rt;
  dir_streams.rt = dir_stream_rt;
  tcp_sockets.rt = tcp_rt;
  udp_sockets.rt = udp_rt;
  incoming_dgrams.rt = incoming_dgram_rt;
  outgoing_dgrams.rt = outgoing_dgram_rt;
  resolves.rt = resolve_rt;
}

Result<Val> Host::new_error(std::string message, std::optional<Errno> code) {
  return own(error_rt, errors.add(IoError{std::move(message), code}));
}

uint64_t Host::monotonic_now() { return ctx.clocks().now(ClockId::Monotonic).value_or(0); }

bool Host::ready(const Pollable& p) {
  if (p.deadline) return monotonic_now() >= *p.deadline;
  if (!p.object) return true;
  auto r = p.object->poll_ready(p.type);
  return !r || r->has_value();  // an error is "ready": the next operation reports it
}

Result<std::vector<uint32_t>> Host::poll(std::span<Pollable* const> items) {
  for (;;) {
    if (ctx.interrupted()) return make_error(Phase::Execute, {}, "interrupted");
    std::vector<uint32_t> ready_now;
    for (uint32_t i = 0; i < items.size(); ++i)
      if (ready(*items[i])) ready_now.push_back(i);
    if (!ready_now.empty()) return ready_now;
    // Wait for a host fd, the nearest deadline, or (objects without an fd) a short while.
    std::vector<pollfd> fds;
    std::optional<uint64_t> timeout;
    auto at_most = [&timeout](uint64_t ns) { timeout = timeout ? std::min(*timeout, ns) : ns; };
    const uint64_t now = monotonic_now();
    for (Pollable* p : items) {
      if (p->deadline) {
        at_most(*p->deadline > now ? *p->deadline - now : 0);
      } else if (int fd = p->object->pollable_fd(); fd >= 0) {
        fds.push_back(pollfd{fd, short(p->type == EventType::FdWrite ? POLLOUT : POLLIN), 0});
      } else {
        at_most(1'000'000);
      }
    }
    if (auto waited = ctx.sandbox()->waiter.wait(fds, timeout); !waited && waited.error() == Errno::Intr)
      return make_error(Phase::Execute, {}, "interrupted");
  }
}

namespace {
Error bad_type(const std::string& what) {
  return Error{Phase::Execute,
               {},
               fmt::format("wasi: {} was imported with a type other than WASI's", what),
               {},
               0,
               {}};
}
}  // namespace

Iface::Iface(component::Linker& linker, const std::string& name)
    : linker_(linker), name_(fmt::format("{}@{}", name, kVersion)) {}

void Iface::func(const std::string& name, Handler h) {
  linker_.define_func(name_, name,
                      [h = std::move(h), what = name_ + "#" + name](
                          component::Runtime&, component::InstanceState*, std::span<const Val> args,
                          std::vector<Val>& results) -> Result<void> {
                        Result<std::optional<Val>> r;
                        try {
                          r = h(Args(args));
                        } catch (const BadArguments&) {
                          r = std::unexpected(bad_type(what));
                        } catch (const std::out_of_range&) {
                          r = std::unexpected(bad_type(what));
                        }
                        if (!r) return std::unexpected(r.error());
                        if (*r) results.push_back(std::move(**r));
                        return {};
                      });
}

Val bytes_val(std::span<const uint8_t> bytes) {
  std::vector<Val> items;
  items.reserve(bytes.size());
  for (uint8_t b : bytes) items.push_back(Val::u8(b));
  return Val::list(std::move(items));
}

std::vector<uint8_t> bytes_of(const Val& list) {
  std::vector<uint8_t> out;
  out.reserve(list.items.size());
  for (const Val& v : list.items) out.push_back(uint8_t(v.bits));
  return out;
}

Val string_list(const std::vector<std::string>& items) {
  std::vector<Val> out;
  out.reserve(items.size());
  for (const std::string& s : items) out.push_back(Val::string(s));
  return Val::list(std::move(out));
}

Val datetime(uint64_t ns) {
  return Val::record({Val::u64(ns / 1'000'000'000), Val::u32(uint32_t(ns % 1'000'000'000))});
}

void add_to_linker(component::Runtime& rt, component::Linker& linker, WasiCtx& ctx) {
  auto host = std::make_shared<Host>(rt, ctx);
  rt.retain(host);
  define_io(*host, linker);
  define_cli(*host, linker);
  define_clocks_random(*host, linker);
  define_filesystem(*host, linker);
  define_sockets(*host, linker);
}

namespace {

// The `run` function of the component's wasi:cli/run export (any 0.2 version).
const component::RtItem* find_run(const component::RtInstance& inst) {
  for (const auto& [name, item] : inst.exports) {
    if (!name.starts_with("wasi:cli/run@0.2.") || item.kind != component::ExternKind::Instance ||
        !item.instance)
      continue;
    for (const auto& [n, f] : item.instance->exports)
      if (n == "run" && f.kind == component::ExternKind::Func) return &f;
  }
  return nullptr;
}

}  // namespace

Result<int> run_command(component::Runtime& rt, component::Linker& linker,
                        const component::ValidatedComponentPtr& component) {
  auto exit_status = [](const Error& e) -> Result<int> {
    if (e.phase == Phase::Exit) return int(e.code);
    return std::unexpected(e);
  };
  auto inst = linker.instantiate(rt, component);
  if (!inst) return exit_status(inst.error());
  const component::RtItem* run = find_run(**inst);
  if (!run) {
    std::vector<std::string> names;
    for (const auto& [name, item] : (*inst)->exports) names.push_back(name);
    return make_error(
        Phase::Link, {},
        fmt::format("the component is not a command: it exports no wasi:cli/run@0.2 (it exports: {})",
                    names.empty() ? "nothing" : fmt::format("{}", fmt::join(names, ", "))));
  }
  auto results = component::call_func(rt, *run->func, nullptr, {});
  if (!results) return exit_status(results.error());
  return !results->empty() && (*results)[0].bits == 1 ? 1 : 0;
}

}  // namespace weft::wasi::p2

// wasi:io/error, wasi:io/poll and wasi:io/streams.
// spec: ../shared/wit/wasi-0.2.12/io/{error,poll,streams}.wit
#include <array>

#include "wasi/p2/host.h"

namespace weft::wasi::p2 {

namespace {

// The most one read returns (the guest asks again for more).
constexpr uint64_t kMaxRead = 64 * 1024;
// What check-write grants at a time.
constexpr uint64_t kWriteBudget = 64 * 1024;

// stream-error: last-operation-failed(error) or closed
Result<Val> stream_error(Host& h, Errno e) {
  if (e == Errno::Pipe || e == Errno::ConnReset) return Val::err({Val::variant(1)});
  WEFT_TRY(error, h.new_error(std::string(errno_text(e)), e));
  return Val::err({Val::variant(0, {std::move(error)})});
}
Val closed() { return Val::err({Val::variant(1)}); }

// One read of at most `len` bytes; nullopt when nothing is there yet (non-blocking)
// or the stream ended (then `in.closed` is set).
WasiResult<std::vector<uint8_t>> read_some(InputStream& in, uint64_t len, bool blocking) {
  std::vector<uint8_t> buf(std::min(len, kMaxRead));
  if (buf.empty()) return buf;
  if (!in.offset && !blocking) {
    auto ready = in.object->poll_ready(EventType::FdRead);
    if (!ready) return std::unexpected(ready.error());
    if (!*ready) return std::vector<uint8_t>{};
  }
  std::array<std::span<uint8_t>, 1> iov{std::span<uint8_t>(buf)};
  auto n = in.offset ? in.object->pread(iov, *in.offset) : in.object->read(iov);
  if (!n) return std::unexpected(n.error());
  if (*n == 0) in.closed = true;
  if (in.offset) *in.offset += *n;
  buf.resize(*n);
  return buf;
}

// read / blocking-read, and (`skip`) skip / blocking-skip, which return the count.
Result<std::optional<Val>> read(Host& h, const Args& a, bool blocking, bool skip = false) {
  WEFT_TRY(in, h.object(h.inputs, a[0], "input-stream"));
  if (in->closed) return closed();
  auto bytes = read_some(*in, a[1].bits, blocking);
  if (!bytes) return stream_error(h, bytes.error());
  if (in->closed) return closed();
  return ok(skip ? Val::u64(bytes->size()) : bytes_val(*bytes));
}

WasiResult<void> write_all(OutputStream& out, std::span<uint8_t> data) {
  while (!data.empty()) {
    std::array<std::span<uint8_t>, 1> iov{data};
    WasiResult<uint64_t> n;
    if (out.append) {
      auto end = out.object->seek(0, Whence::End);
      if (!end) return std::unexpected(end.error());
      n = out.object->write(iov);
    } else {
      n = out.offset ? out.object->pwrite(iov, *out.offset) : out.object->write(iov);
    }
    if (!n) return std::unexpected(n.error());
    if (*n == 0) return std::unexpected(Errno::Io);
    if (out.offset) *out.offset += *n;
    data = data.subspan(*n);
  }
  return {};
}

Result<std::optional<Val>> write(Host& h, const Val& self, std::vector<uint8_t> data) {
  WEFT_TRY(out, h.object(h.outputs, self, "output-stream"));
  if (out->closed) return closed();
  if (auto w = write_all(*out, data); !w) {
    if (w.error() == Errno::Pipe) out->closed = true;
    return stream_error(h, w.error());
  }
  return ok();
}

Result<std::optional<Val>> splice(Host& h, const Args& a, bool blocking) {
  WEFT_TRY(out, h.object(h.outputs, a[0], "output-stream"));
  WEFT_TRY(in, h.object(h.inputs, a[1], "input-stream"));
  if (out->closed || in->closed) return closed();
  auto bytes = read_some(*in, a[2].bits, blocking);
  if (!bytes) return stream_error(h, bytes.error());
  if (in->closed) return closed();
  if (auto w = write_all(*out, *bytes); !w) return stream_error(h, w.error());
  return ok(Val::u64(bytes->size()));
}

void define_streams(Host& h, component::Linker& l) {
  Iface s(l, "wasi:io/streams");
  s.resources({{"input-stream", h.input_rt},
               {"output-stream", h.output_rt},
               {"error", h.error_rt},
               {"pollable", h.pollable_rt}});
  s.func("[method]input-stream.read", [&h](auto a) { return read(h, a, false); });
  s.func("[method]input-stream.blocking-read", [&h](auto a) { return read(h, a, true); });
  s.func("[method]input-stream.skip", [&h](auto a) { return read(h, a, false, true); });
  s.func("[method]input-stream.blocking-skip", [&h](auto a) { return read(h, a, true, true); });
  s.func("[method]input-stream.subscribe", [&h](auto a) -> Result<std::optional<Val>> {
    WEFT_TRY(in, h.object(h.inputs, a[0], "input-stream"));
    if (in->offset) return h.new_pollable({});  // files are always ready
    return h.new_pollable(Pollable::on(in->object, EventType::FdRead));
  });
  s.func("[method]output-stream.check-write", [&h](auto a) -> Result<std::optional<Val>> {
    WEFT_TRY(out, h.object(h.outputs, a[0], "output-stream"));
    if (out->closed) return closed();
    if (!out->offset && !out->append) {
      auto ready = out->object->poll_ready(EventType::FdWrite);
      if (!ready) return stream_error(h, ready.error());
      if (!*ready) return ok(Val::u64(0));
    }
    return ok(Val::u64(kWriteBudget));
  });
  auto write_fn = [&h](auto a) { return write(h, a[0], bytes_of(a[1])); };
  s.func("[method]output-stream.write", write_fn);
  s.func("[method]output-stream.blocking-write-and-flush", write_fn);
  auto zeroes = [&h](auto a) -> Result<std::optional<Val>> {
    if (a[1].bits > kWriteBudget)
      return make_error(Phase::Execute, {}, "write-zeroes: more than check-write permits");
    return write(h, a[0], std::vector<uint8_t>(a[1].bits));
  };
  s.func("[method]output-stream.write-zeroes", zeroes);
  s.func("[method]output-stream.blocking-write-zeroes-and-flush", zeroes);
  auto flush = [&h](auto a) -> Result<std::optional<Val>> {
    WEFT_TRY(out, h.object(h.outputs, a[0], "output-stream"));
    if (out->closed) return closed();
    return ok();  // writes go straight to the host object
  };
  s.func("[method]output-stream.flush", flush);
  s.func("[method]output-stream.blocking-flush", flush);
  s.func("[method]output-stream.subscribe", [&h](auto a) -> Result<std::optional<Val>> {
    WEFT_TRY(out, h.object(h.outputs, a[0], "output-stream"));
    if (out->offset || out->append) return h.new_pollable({});
    return h.new_pollable(Pollable::on(out->object, EventType::FdWrite));
  });
  s.func("[method]output-stream.splice", [&h](auto a) { return splice(h, a, false); });
  s.func("[method]output-stream.blocking-splice", [&h](auto a) { return splice(h, a, true); });
}

}  // namespace

void define_io(Host& h, component::Linker& l) {
  Iface e(l, "wasi:io/error");
  e.resource("error", h.error_rt);
  e.func("[method]error.to-debug-string", [&h](auto a) -> Result<std::optional<Val>> {
    WEFT_TRY(err, h.object(h.errors, a[0], "error"));
    return Val::string(err->message);
  });

  Iface p(l, "wasi:io/poll");
  p.resource("pollable", h.pollable_rt);
  p.func("[method]pollable.ready", [&h](auto a) -> Result<std::optional<Val>> {
    WEFT_TRY(p, h.object(h.pollables, a[0], "pollable"));
    return Val::boolean(h.ready(*p));
  });
  p.func("[method]pollable.block", [&h](auto a) -> Result<std::optional<Val>> {
    WEFT_TRY(p, h.object(h.pollables, a[0], "pollable"));
    std::array<Pollable*, 1> one{p};
    WEFT_CHECK(h.poll(one));
    return std::nullopt;
  });
  p.func("poll", [&h](auto a) -> Result<std::optional<Val>> {
    const Val& list = a[0];
    if (list.items.empty()) return make_error(Phase::Execute, {}, "poll: the list of pollables is empty");
    std::vector<Pollable*> items;
    for (const Val& v : list.items) {
      WEFT_TRY(p, h.object(h.pollables, v, "pollable"));
      items.push_back(p);
    }
    WEFT_TRY(ready, h.poll(items));
    std::vector<Val> out;
    for (uint32_t i : ready) out.push_back(Val::u32(i));
    return Val::list(std::move(out));
  });
  define_streams(h, l);
}

}  // namespace weft::wasi::p2

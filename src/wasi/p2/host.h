// The state behind the WASI 0.2 host functions of one Runtime: the WasiCtx they
// serve, a table of host objects per resource type, and the helpers that turn
// component values into host calls and back. Internal to src/wasi/p2.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "component/link/linker.h"
#include "wasi/dir_handle.h"
#include "wasi/p2/net.h"
#include "wasi/wasi_ctx.h"

namespace weft::wasi::p2 {

using component::Val;
using component::ValKind;

// Host objects of one resource type, by representation (rep >= 1). A guest can
// hold at most kMaxObjects of one kind at once.
template <class T>
class Table {
 public:
  static constexpr uint32_t kMaxObjects = 1u << 20;
  uint32_t rt = ~0u;  // the run-time resource type whose handles name these objects

  Result<uint32_t> add(T value) {
    if (!free_.empty()) {
      uint32_t rep = free_.back();
      free_.pop_back();
      slots_[rep - 1] = std::move(value);
      return rep;
    }
    if (slots_.size() >= kMaxObjects)
      return make_error(Phase::Execute, {}, "resource limit exceeded: too many WASI host objects");
    slots_.push_back(std::move(value));
    return uint32_t(slots_.size());
  }
  T* get(uint32_t rep) {
    if (rep == 0 || rep > slots_.size() || !slots_[rep - 1]) return nullptr;
    return &*slots_[rep - 1];
  }
  void remove(uint32_t rep) {
    if (!get(rep)) return;
    slots_[rep - 1].reset();
    free_.push_back(rep);
  }

 private:
  std::vector<std::optional<T>> slots_;
  std::vector<uint32_t> free_;
};

// wasi:io/error.error
struct IoError {
  std::string message;
  std::optional<Errno> code;  // what filesystem-error-code / network-error-code report
};

// wasi:io/streams input-stream / output-stream over a host object. Files are read
// and written at `offset` (pread/pwrite), which advances; streams without an offset
// use the object's own read/write (stdio, sockets).
struct InputStream {
  std::shared_ptr<FdObject> object;
  std::optional<uint64_t> offset;
  bool closed = false;
  static InputStream over(std::shared_ptr<FdObject> o, std::optional<uint64_t> at = {}) {
    return InputStream{std::move(o), at, false};
  }
};
struct OutputStream {
  std::shared_ptr<FdObject> object;
  std::optional<uint64_t> offset;
  bool append = false;
  bool closed = false;
  static OutputStream over(std::shared_ptr<FdObject> o, std::optional<uint64_t> at = {},
                           bool append = false) {
    return OutputStream{std::move(o), at, append, false};
  }
};

// wasi:io/poll.pollable: ready when the object can be read (written) without
// blocking, or when the monotonic clock reaches `deadline`; always ready when neither.
struct Pollable {
  std::shared_ptr<FdObject> object;
  EventType type = EventType::FdRead;
  std::optional<uint64_t> deadline;
  static Pollable on(std::shared_ptr<FdObject> o, EventType t) {
    return Pollable{std::move(o), t, std::nullopt};
  }
  static Pollable at(uint64_t deadline) { return Pollable{nullptr, EventType::FdRead, deadline}; }
};

// wasi:filesystem/types.descriptor: a DirHandle or a file, and the descriptor-flags
// it was opened with.
struct Descriptor {
  std::shared_ptr<FdObject> object;
  uint32_t flags = 0;
  DirHandle* dir() const { return dynamic_cast<DirHandle*>(object.get()); }
};
struct DirectoryStream {
  std::vector<DirEntry> entries;
  size_t next = 0;
};

// descriptor-flags bits (wasi:filesystem/types)
namespace dflags {
constexpr uint32_t kRead = 1, kWrite = 2, kFileSync = 4, kDataSync = 8, kRequestedWriteSync = 16,
                   kMutateDir = 32;
}

// The arguments of one call, bounds-checked: a component may import a WASI function
// with a type other than WASI's, and must then get a trap rather than a crash. A
// missing argument (or a payload that is not there, through Val::items.at) throws
// BadArguments, which Iface turns into that trap.
struct BadArguments {};
class Args {
 public:
  explicit Args(std::span<const Val> v) : v_(v) {}
  const Val& operator[](size_t i) const {
    if (i >= v_.size()) throw BadArguments{};
    return v_[i];
  }
  size_t size() const { return v_.size(); }

 private:
  std::span<const Val> v_;
};

// A host function with at most one result (every WASI 0.2 function has at most one).
using Handler = std::function<Result<std::optional<Val>>(const Args& args)>;

struct Host {
  Host(component::Runtime& rt, WasiCtx& ctx);

  component::Runtime& rt;
  WasiCtx& ctx;
  // Run-time resource types.
  uint32_t error_rt, pollable_rt, input_rt, output_rt, descriptor_rt, dir_stream_rt;
  uint32_t terminal_input_rt, terminal_output_rt;
  uint32_t network_rt, tcp_rt, udp_rt, incoming_dgram_rt, outgoing_dgram_rt, resolve_rt;
  Table<IoError> errors;
  Table<Pollable> pollables;
  Table<InputStream> inputs;
  Table<OutputStream> outputs;
  Table<Descriptor> descriptors;
  Table<DirectoryStream> dir_streams;
  Table<TcpSocket> tcp_sockets;
  Table<UdpEndpoint> udp_sockets;
  Table<DatagramStream> incoming_dgrams, outgoing_dgrams;
  Table<ResolveStream> resolves;

  // Host object for a borrow/own argument, or a trap naming the resource.
  template <class T>
  Result<T*> object(Table<T>& table, const Val& handle, const char* what) {
    const bool is_handle = handle.kind == ValKind::Own || handle.kind == ValKind::Borrow;
    if (!is_handle || handle.resource != table.rt)
      return make_error(Phase::Execute, {}, std::string("wasi: expected a ") + what + " handle");
    if (T* o = table.get(uint32_t(handle.bits))) return o;
    return make_error(Phase::Execute, {}, std::string("unknown ") + what + " handle");
  }
  Result<Val> own(uint32_t rt_id, Result<uint32_t> rep) {
    if (!rep) return std::unexpected(rep.error());
    return Val::own(rt_id, *rep);
  }
  Result<Val> new_error(std::string message, std::optional<Errno> code = std::nullopt);
  Result<Val> new_pollable(Pollable p) { return own(pollable_rt, pollables.add(std::move(p))); }
  // Blocks until one of `items` is ready; their indices. Traps when interrupted.
  Result<std::vector<uint32_t>> poll(std::span<Pollable* const> items);
  bool ready(const Pollable& p);
  uint64_t monotonic_now();
};

// One interface of the linker being defined ("wasi:io/streams" + @kVersion).
class Iface {
 public:
  Iface(component::Linker& linker, const std::string& name);
  void func(const std::string& name, Handler h);
  void resource(const std::string& name, uint32_t rt) { linker_.define_resource(name_, name, rt); }
  // Several at once: {{"input-stream", h.input_rt}, ...}
  void resources(std::initializer_list<std::pair<const char*, uint32_t>> list) {
    for (const auto& [name, rt] : list) resource(name, rt);
  }

 private:
  component::Linker& linker_;
  std::string name_;
};

void define_io(Host& h, component::Linker& l);
void define_cli(Host& h, component::Linker& l);
void define_clocks_random(Host& h, component::Linker& l);
void define_filesystem(Host& h, component::Linker& l);
void define_sockets(Host& h, component::Linker& l);

// Value helpers.
inline Val ok(Val v) { return Val::ok({std::move(v)}); }
inline Val ok() { return Val::ok(); }
Val bytes_val(std::span<const uint8_t> bytes);
std::vector<uint8_t> bytes_of(const Val& list);
Val string_list(const std::vector<std::string>& items);
// The wall-clock datetime record for nanoseconds since the epoch.
Val datetime(uint64_t ns);

}  // namespace weft::wasi::p2

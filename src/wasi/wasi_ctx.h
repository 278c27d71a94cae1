// The state one WASI guest runs with: arguments, environment, grants, fd table,
// clocks and randomness. Each instance gets its own: nothing is shared or ambient.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/error.h"
#include "wasi/capabilities.h"
#include "wasi/fd_table.h"
#include "wasi/host_services.h"
#include "wasi/net_address.h"
#include "wasi/sandbox.h"

namespace weft::wasi {

// What the embedder grants a guest. Everything unset falls back to the host's own
// stdio, clocks and randomness; nothing else is reachable unless granted.
struct WasiConfig {
  std::vector<std::string> args;  // argv; args[0] is the program name
  std::vector<std::string> env;   // "NAME=value" entries, in order
  // fds 0, 1, 2. Null: the host process's own stdin, stdout, stderr.
  std::shared_ptr<FdObject> stdin_stream;
  std::shared_ptr<FdObject> stdout_stream;
  std::shared_ptr<FdObject> stderr_stream;
  std::shared_ptr<Clocks> clocks;        // null: HostClocks
  std::shared_ptr<RandomSource> random;  // null: HostRandom
  Capabilities capabilities;             // directories and network grants
  // Listening sockets to preopen for preview 1 (which cannot create sockets);
  // each must be allowed by capabilities.tcp_listen.
  std::vector<SocketAddress> tcp_listeners;
  DenialSink on_denied;  // one line per refused operation (weft run -v)
  ResolveMethod resolve = ResolveMethod::Auto;
};

// A preopened resource, as the embedder may want to report it.
struct Preopen {
  uint32_t fd = 0;
  std::string description;  // "dir /data (read-only)" or "tcp listener 127.0.0.1:40123"
};

// One guest's WASI state. The host functions added for it keep a reference, so a
// WasiCtx must outlive every call into the instance that imports them; it is
// therefore neither copyable nor movable.
class WasiCtx {
 public:
  explicit WasiCtx(WasiConfig config = {});
  WasiCtx(const WasiCtx&) = delete;
  WasiCtx& operator=(const WasiCtx&) = delete;

  // Opens the granted directories (fds 3, 4, ...) and then the listeners, in the
  // order configured. A Usage error names a grant that cannot be honoured (a
  // missing directory, a listener no --allow-tcp-listen allows, an address in use).
  Result<std::vector<Preopen>> open_grants();

  const std::vector<std::string>& args() const { return args_; }
  const std::vector<std::string>& env() const { return env_; }
  const Capabilities& capabilities() const { return capabilities_; }
  FdTable& fds() { return fds_; }
  Clocks& clocks() { return *clocks_; }
  RandomSource& random() { return *random_; }
  SandboxPtr sandbox() const { return sandbox_; }
  void deny(std::string_view what) const { sandbox_->denials.report(what); }

  // Thread-safe: a guest blocked in a WASI call (or making one later) traps
  // "interrupted" (see Store::interrupt, which covers wasm code).
  void interrupt() { sandbox_->waiter.interrupt(); }
  bool interrupted() const { return sandbox_->waiter.interrupted(); }

 private:
  Result<Preopen> preopen_dir(const DirGrant& grant);
  Result<Preopen> preopen_tcp_listener(const SocketAddress& address);

  std::vector<std::string> args_;
  std::vector<std::string> env_;
  Capabilities capabilities_;
  std::vector<SocketAddress> tcp_listeners_;
  std::shared_ptr<Sandbox> sandbox_;
  FdTable fds_;
  std::shared_ptr<Clocks> clocks_;
  std::shared_ptr<RandomSource> random_;
};

}  // namespace weft::wasi

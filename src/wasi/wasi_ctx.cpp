// A WASI guest's state: the host's own stdio, clocks and randomness as defaults, and
// the preopened directories and listeners it was granted.
#include "wasi/wasi_ctx.h"

#include <fmt/format.h>

#include "wasi/dir_handle.h"
#include "wasi/sockets.h"
#include "wasi/streams.h"

namespace weft::wasi {
namespace {

FdEntry stdio_entry(std::shared_ptr<FdObject> object, int host_fd, Rights rights,
                    const std::shared_ptr<Sandbox>& sandbox) {
  if (!object) object = std::make_shared<HostStream>(host_fd, std::shared_ptr<const Interrupter>(sandbox, &sandbox->waiter));
  return FdEntry{std::move(object), rights, 0, 0, std::nullopt};
}

}  // namespace

WasiCtx::WasiCtx(WasiConfig config)
    : args_(std::move(config.args)),
      env_(std::move(config.env)),
      capabilities_(std::move(config.capabilities)),
      tcp_listeners_(std::move(config.tcp_listeners)),
      sandbox_(std::make_shared<Sandbox>(std::move(config.on_denied), config.resolve)),
      clocks_(config.clocks ? std::move(config.clocks)
                            : std::make_shared<HostClocks>(std::shared_ptr<const Interrupter>(sandbox_, &sandbox_->waiter))),
      random_(config.random ? std::move(config.random) : std::make_shared<HostRandom>()) {
  // fds 0..2 are below kMaxFds: these insertions cannot fail.
  (void)fds_.insert_at(0, stdio_entry(std::move(config.stdin_stream), 0, kStdinRights, sandbox_));
  (void)fds_.insert_at(1, stdio_entry(std::move(config.stdout_stream), 1, kStdoutRights, sandbox_));
  (void)fds_.insert_at(2, stdio_entry(std::move(config.stderr_stream), 2, kStdoutRights, sandbox_));
}

Result<std::vector<Preopen>> WasiCtx::open_grants() {
  std::vector<Preopen> opened;
  for (const DirGrant& grant : capabilities_.dirs) {
    WEFT_TRY(p, preopen_dir(grant));
    opened.push_back(std::move(p));
  }
  for (const SocketAddress& address : tcp_listeners_) {
    WEFT_TRY(p, preopen_tcp_listener(address));
    opened.push_back(std::move(p));
  }
  return opened;
}

// A preopened directory's rights: everything a directory and the files in it
// can do. A read-only grant keeps them too (as Wasmtime reports them), and its
// host objects answer every change with EROFS.
Result<Preopen> WasiCtx::preopen_dir(const DirGrant& grant) {
  auto dir = DirHandle::open_grant(grant.host_path, grant.guest_path, !grant.read_only, sandbox_);
  if (!dir) {
    return make_error(Phase::Usage, {},
                      fmt::format("cannot grant directory \"{}\": {}", grant.host_path, errno_text(dir.error())));
  }
  FdEntry entry{*dir, rights::kDirectoryRights, rights::kDirectoryRights | rights::kFileRights, 0, grant.guest_path};
  auto fd = fds_.insert(std::move(entry));
  if (!fd) return make_error(Phase::Usage, {}, "too many preopened resources");
  return Preopen{*fd, fmt::format("dir {} as \"{}\"{}", grant.host_path, grant.guest_path,
                                  grant.read_only ? " (read-only)" : "")};
}

Result<Preopen> WasiCtx::preopen_tcp_listener(const SocketAddress& address) {
  if (!capabilities_.allows_tcp_listen(address)) {
    return make_error(Phase::Usage, {},
                      fmt::format("--tcp-listen {} is not allowed by any --allow-tcp-listen", address.to_string()));
  }
  auto listener = TcpListener::bind(address, sandbox_);
  if (!listener) {
    return make_error(Phase::Usage, {},
                      fmt::format("cannot listen on {}: {}", address.to_string(), errno_text(listener.error())));
  }
  std::string local = (*listener)->local_address().to_string();
  FdEntry entry{*listener, rights::kListenerRights, rights::kSocketRights, 0, std::nullopt};
  auto fd = fds_.insert(std::move(entry));
  if (!fd) return make_error(Phase::Usage, {}, "too many preopened resources");
  return Preopen{*fd, "tcp listener " + local};
}

}  // namespace weft::wasi

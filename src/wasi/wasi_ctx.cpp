// A WASI guest's state, with the host's own stdio, clocks and randomness as defaults.
#include "wasi/wasi_ctx.h"

#include "wasi/streams.h"

namespace weft::wasi {
namespace {

FdEntry stdio_entry(std::shared_ptr<FdObject> object, int host_fd, Rights rights) {
  if (!object) object = std::make_shared<HostStream>(host_fd);
  return FdEntry{std::move(object), rights, 0, 0, std::nullopt};
}

}  // namespace

WasiCtx::WasiCtx(WasiConfig config)
    : args_(std::move(config.args)),
      env_(std::move(config.env)),
      clocks_(config.clocks ? std::move(config.clocks) : std::make_shared<HostClocks>()),
      random_(config.random ? std::move(config.random) : std::make_shared<HostRandom>()) {
  // fds 0..2 are below kMaxFds: these insertions cannot fail.
  (void)fds_.insert_at(0, stdio_entry(std::move(config.stdin_stream), 0, kStdinRights));
  (void)fds_.insert_at(1, stdio_entry(std::move(config.stdout_stream), 1, kStdoutRights));
  (void)fds_.insert_at(2, stdio_entry(std::move(config.stderr_stream), 2, kStdoutRights));
}

}  // namespace weft::wasi

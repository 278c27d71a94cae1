// The state one WASI guest runs with: arguments, environment, fd table, clocks and randomness.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "wasi/fd_table.h"
#include "wasi/host_services.h"

namespace weft::wasi {

// What the embedder grants a guest. Everything unset falls back to the host's own.
struct WasiConfig {
  std::vector<std::string> args;  // argv; args[0] is the program name
  std::vector<std::string> env;   // "NAME=value" entries, in order
  // fds 0, 1, 2. Null: the host process's own stdin, stdout, stderr.
  std::shared_ptr<FdObject> stdin_stream;
  std::shared_ptr<FdObject> stdout_stream;
  std::shared_ptr<FdObject> stderr_stream;
  std::shared_ptr<Clocks> clocks;        // null: HostClocks
  std::shared_ptr<RandomSource> random;  // null: HostRandom
};

// One guest's WASI state. The host functions added for it keep a reference, so a
// WasiCtx must outlive every call into the instance that imports them; it is
// therefore neither copyable nor movable.
class WasiCtx {
 public:
  explicit WasiCtx(WasiConfig config = {});
  WasiCtx(const WasiCtx&) = delete;
  WasiCtx& operator=(const WasiCtx&) = delete;

  const std::vector<std::string>& args() const { return args_; }
  const std::vector<std::string>& env() const { return env_; }
  FdTable& fds() { return fds_; }
  Clocks& clocks() { return *clocks_; }
  RandomSource& random() { return *random_; }

 private:
  std::vector<std::string> args_;
  std::vector<std::string> env_;
  FdTable fds_;
  std::shared_ptr<Clocks> clocks_;
  std::shared_ptr<RandomSource> random_;
};

}  // namespace weft::wasi

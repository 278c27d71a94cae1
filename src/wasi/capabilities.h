// What one instance was granted (directories, network) and where refusals are reported.
// Everything not granted is denied: this is the policy the preview-1 layer and the
// future WASI 0.2 host both consult.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasi/net_address.h"

namespace weft::wasi {

// A host directory made visible to the guest under a name (`--dir HOST::GUEST`,
// `--dir-ro HOST::GUEST`). Read-only: every change beneath it is refused (EROFS).
struct DirGrant {
  std::string host_path;
  std::string guest_path;
  bool read_only = false;

  // "HOST" (seen by the guest as HOST too) or "HOST::GUEST"; nullopt when a part is empty.
  static std::optional<DirGrant> parse(std::string_view spec, bool read_only);
};

struct Capabilities {
  std::vector<DirGrant> dirs;
  std::vector<AddressPattern> tcp_connect;  // --allow-tcp-connect
  std::vector<AddressPattern> tcp_listen;   // --allow-tcp-listen
  bool udp = false;                         // --allow-udp
  bool dns = false;                         // --allow-dns

  bool allows_tcp_connect(const SocketAddress& to) const;
  bool allows_tcp_listen(const SocketAddress& on) const;
};

// Receives one line per refused operation, e.g.
// `path_open: "../etc/passwd" leaves the preopened directory "/data"`.
using DenialSink = std::function<void(std::string_view)>;

// The denial reporter shared by a context and the host objects it creates.
class Denials {
 public:
  explicit Denials(DenialSink sink = {}) : sink_(std::move(sink)) {}
  void report(std::string_view what) const {
    if (sink_) sink_(what);
  }

 private:
  DenialSink sink_;
};

}  // namespace weft::wasi

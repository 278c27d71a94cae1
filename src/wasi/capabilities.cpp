// Grants: parsing directory grants and matching addresses against network grants.
#include "wasi/capabilities.h"

#include <algorithm>

namespace weft::wasi {

std::optional<DirGrant> DirGrant::parse(std::string_view spec, bool read_only) {
  size_t sep = spec.find("::");
  std::string_view host = spec.substr(0, sep);
  std::string_view guest = sep == std::string_view::npos ? host : spec.substr(sep + 2);
  if (host.empty() || guest.empty()) return std::nullopt;
  return DirGrant{std::string(host), std::string(guest), read_only};
}

bool Capabilities::allows_tcp_connect(const SocketAddress& to) const {
  return std::any_of(tcp_connect.begin(), tcp_connect.end(), [&](const auto& p) { return p.matches(to); });
}

bool Capabilities::allows_tcp_listen(const SocketAddress& on) const {
  return std::any_of(tcp_listen.begin(), tcp_listen.end(), [&](const auto& p) { return p.matches(on); });
}

}  // namespace weft::wasi

// Host name resolution through getaddrinfo(3), behind the dns grant.
#include "wasi/name_lookup.h"

#include <fmt/format.h>
#include <netdb.h>

#include <algorithm>
#include <string>

namespace weft::wasi {

WasiResult<std::vector<SocketAddress>> resolve_addresses(const Capabilities& caps, const Sandbox& sandbox,
                                                         std::string_view name) {
  if (!caps.dns) {
    sandbox.denials.report(fmt::format("resolve \"{}\": not granted (--allow-dns)", name));
    return std::unexpected(Errno::Acces);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string host(name);
  int r = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (r != 0) return std::unexpected(r == EAI_NONAME || r == EAI_NODATA ? Errno::NoEnt : Errno::Io);
  std::vector<SocketAddress> out;
  for (const addrinfo* a = found; a; a = a->ai_next) {
    auto address = SocketAddress::from_sockaddr(a->ai_addr, a->ai_addrlen);
    if (!address) continue;
    bool seen = std::any_of(out.begin(), out.end(), [&](const auto& o) { return o.same_ip(*address); });
    if (!seen) out.push_back(*address);
  }
  ::freeaddrinfo(found);
  return out;
}

}  // namespace weft::wasi

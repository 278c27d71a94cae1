// Host name resolution (wasi:sockets/ip-name-lookup), denied unless `--allow-dns`.
// Preview 1 has no name lookup; the WASI 0.2 host will use this. Kept in its own
// file so that the statically linked `weft` does not pull in getaddrinfo (and
// glibc's NSS) until something calls it.
#pragma once

#include <string_view>
#include <vector>

#include "wasi/capabilities.h"
#include "wasi/net_address.h"
#include "wasi/sandbox.h"

namespace weft::wasi {

// The addresses `name` resolves to (port 0), IPv4 and IPv6. Errno::Acces (and a
// denial) without the dns grant; Errno::NoEnt when the name has no address.
WasiResult<std::vector<SocketAddress>> resolve_addresses(const Capabilities& caps, const Sandbox& sandbox,
                                                         std::string_view name);

}  // namespace weft::wasi

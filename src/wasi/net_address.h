// IPv4 and IPv6 socket addresses, and the address patterns network grants are written in.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weft::wasi {

// An IP address and port, held as the host's sockaddr.
class SocketAddress {
 public:
  // "127.0.0.1:8080" or "[::1]:8080"; nullopt for anything else (no host names).
  static std::optional<SocketAddress> parse(std::string_view text);
  // nullopt unless `sa` is AF_INET or AF_INET6.
  static std::optional<SocketAddress> from_sockaddr(const sockaddr* sa, socklen_t len);

  int family() const { return storage_.ss_family; }
  uint16_t port() const;
  void set_port(uint16_t port);
  // Same family and address, ports aside.
  bool same_ip(const SocketAddress& other) const;
  const sockaddr* sockaddr_ptr() const { return reinterpret_cast<const sockaddr*>(&storage_); }
  socklen_t sockaddr_len() const { return len_; }
  std::string to_string() const;  // the form parse() reads

 private:
  sockaddr_storage storage_{};
  socklen_t len_ = 0;
};

// What a network grant names: ADDR:PORT, where ADDR may be `*` (any address of
// either family) and PORT may be `*` (any port). `127.0.0.1:0` only matches
// port 0, that is "a port the host picks".
class AddressPattern {
 public:
  static std::optional<AddressPattern> parse(std::string_view text);
  bool matches(const SocketAddress& address) const;
  std::string to_string() const;

 private:
  std::optional<SocketAddress> ip_;  // nullopt: any address
  std::optional<uint16_t> port_;     // nullopt: any port
};

}  // namespace weft::wasi

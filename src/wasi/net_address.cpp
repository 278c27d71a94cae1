// Parsing and printing IP socket addresses and address patterns.
#include "wasi/net_address.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace weft::wasi {
namespace {

std::optional<uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value > 65535) return std::nullopt;
  return uint16_t(value);
}

// Splits "HOST:PORT" or "[HOST]:PORT" at the last colon; the host keeps no brackets.
std::optional<std::pair<std::string, std::string_view>> split_host_port(std::string_view text, bool& bracketed) {
  bracketed = !text.empty() && text[0] == '[';
  if (bracketed) {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
    return std::pair{std::string(text.substr(1, close - 1)), text.substr(close + 2)};
  }
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  if (host.find(':') != std::string_view::npos) return std::nullopt;  // IPv6 needs brackets
  return std::pair{std::string(host), text.substr(colon + 1)};
}

std::optional<SocketAddress> parse_ip(const std::string& host, bool bracketed, uint16_t port) {
  sockaddr_storage ss{};
  if (!bracketed) {
    auto* in = reinterpret_cast<sockaddr_in*>(&ss);
    if (::inet_pton(AF_INET, host.c_str(), &in->sin_addr) != 1) return std::nullopt;
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    return SocketAddress::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), sizeof(sockaddr_in));
  }
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (::inet_pton(AF_INET6, host.c_str(), &in6->sin6_addr) != 1) return std::nullopt;
  in6->sin6_family = AF_INET6;
  in6->sin6_port = htons(port);
  return SocketAddress::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), sizeof(sockaddr_in6));
}

}  // namespace

std::optional<SocketAddress> SocketAddress::parse(std::string_view text) {
  bool bracketed = false;
  auto parts = split_host_port(text, bracketed);
  if (!parts) return std::nullopt;
  auto port = parse_port(parts->second);
  if (!port) return std::nullopt;
  return parse_ip(parts->first, bracketed, *port);
}

std::optional<SocketAddress> SocketAddress::from_sockaddr(const sockaddr* sa, socklen_t len) {
  SocketAddress a;
  if (sa->sa_family == AF_INET && len >= socklen_t(sizeof(sockaddr_in))) {
    a.len_ = sizeof(sockaddr_in);
  } else if (sa->sa_family == AF_INET6 && len >= socklen_t(sizeof(sockaddr_in6))) {
    a.len_ = sizeof(sockaddr_in6);
  } else {
    return std::nullopt;
  }
  std::memcpy(&a.storage_, sa, a.len_);
  return a;
}

uint16_t SocketAddress::port() const {
  if (family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_port);
  return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_port);
}

void SocketAddress::set_port(uint16_t port) {
  if (family() == AF_INET) {
    reinterpret_cast<sockaddr_in*>(&storage_)->sin_port = htons(port);
  } else {
    reinterpret_cast<sockaddr_in6*>(&storage_)->sin6_port = htons(port);
  }
}

bool SocketAddress::same_ip(const SocketAddress& other) const {
  if (family() != other.family()) return false;
  if (family() == AF_INET) {
    return std::memcmp(&reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr,
                       &reinterpret_cast<const sockaddr_in*>(&other.storage_)->sin_addr, sizeof(in_addr)) == 0;
  }
  return std::memcmp(&reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_addr,
                     &reinterpret_cast<const sockaddr_in6*>(&other.storage_)->sin6_addr, sizeof(in6_addr)) == 0;
}

std::string SocketAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (family() == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr, buf, sizeof buf);
    return fmt::format("{}:{}", buf, port());
  }
  ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_addr, buf, sizeof buf);
  return fmt::format("[{}]:{}", buf, port());
}

std::optional<AddressPattern> AddressPattern::parse(std::string_view text) {
  bool bracketed = false;
  auto parts = split_host_port(text, bracketed);
  if (!parts) return std::nullopt;
  AddressPattern p;
  if (parts->second != "*") {
    p.port_ = parse_port(parts->second);
    if (!p.port_) return std::nullopt;
  }
  if (parts->first != "*" || bracketed) {
    p.ip_ = parse_ip(parts->first, bracketed, 0);
    if (!p.ip_) return std::nullopt;
  }
  return p;
}

bool AddressPattern::matches(const SocketAddress& address) const {
  if (ip_ && !ip_->same_ip(address)) return false;
  return !port_ || *port_ == address.port();
}

std::string AddressPattern::to_string() const {
  std::string port = port_ ? std::to_string(*port_) : "*";
  if (!ip_) return "*:" + port;
  std::string ip = ip_->to_string();
  return ip.substr(0, ip.rfind(':') + 1) + port;
}

}  // namespace weft::wasi

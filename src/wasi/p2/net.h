// Host objects behind wasi:sockets resources: a TCP or UDP socket with the state
// machine wasi:sockets/tcp and udp describe, and a finished name lookup.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "wasi/fd_table.h"
#include "wasi/net_address.h"
#include "wasi/sockets.h"
#include "wasi/unique_fd.h"

namespace weft::wasi::p2 {

// A host socket fd as a pollable object (non-blocking; reads and writes go through
// the TcpStream made from it once connected).
class SocketFd final : public FdObject {
 public:
  explicit SocketFd(UniqueFd fd) : fd_(std::move(fd)) {}
  Filetype filetype() const override { return Filetype::SocketStream; }
  WasiResult<std::optional<Readiness>> poll_ready(EventType type) override;
  int pollable_fd() const override { return fd_.get(); }
  int get() const { return fd_.get(); }

 private:
  UniqueFd fd_;
};

// spec: wasi:sockets/tcp — the states of a tcp-socket
enum class TcpState : uint8_t {
  Unbound,
  BindStarted,
  Bound,
  ListenStarted,
  Listening,
  ConnectStarted,
  Connected,
  Closed
};

struct TcpSocket {
  std::shared_ptr<SocketFd> fd;
  int family = AF_INET;
  TcpState state = TcpState::Unbound;
  std::optional<Errno> connect_error;  // a connect that failed at once, reported by finish-connect
  std::shared_ptr<TcpStream> stream;   // Connected: what the input/output streams use
  uint64_t backlog = 128;
};

struct UdpEndpoint {
  std::shared_ptr<SocketFd> fd;
  int family = AF_INET;
  bool bind_started = false, bound = false;
  std::optional<SocketAddress> remote;  // set by stream(some(address))
};

// incoming-datagram-stream / outgoing-datagram-stream of one udp-socket
struct DatagramStream {
  std::shared_ptr<SocketFd> fd;
  std::optional<SocketAddress> remote;
};

struct ResolveStream {
  std::vector<SocketAddress> addresses;
  size_t next = 0;
};

}  // namespace weft::wasi::p2

// Tests for sockets: sock_* on a preopened TCP listener with a host client on
// 127.0.0.1, poll_oneoff waiting on a socket, interruption of a blocked call, and
// the grants that guard guest-created sockets and name lookups.
#include "wasi/sockets.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

#include "wasi/name_lookup.h"
#include "wasi/unique_fd.h"
#include "wasi_fixture.h"

namespace weft::wasi::test {
namespace {

using namespace std::chrono_literals;

// A blocking host client of 127.0.0.1:port with a receive timeout, so no test hangs.
UniqueFd connect_to(uint16_t port) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  timeval tv{5, 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  return fd;
}

std::string receive(const UniqueFd& fd) {
  char buf[256];
  ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
  return n > 0 ? std::string(buf, size_t(n)) : std::string();
}

class Sockets : public WasiTest {
 protected:
  static constexpr uint32_t kBuf = 1000, kIov = 900, kOut = 800;

  Sockets()
      : WasiTest("", {"prog"}, {}, [](WasiConfig& c) {
          c.capabilities.tcp_listen.push_back(*AddressPattern::parse("127.0.0.1:*"));
          c.tcp_listeners.push_back(*SocketAddress::parse("127.0.0.1:0"));
        }) {}

  void SetUp() override {
    auto preopens = ctx_.open_grants();
    ASSERT_TRUE(preopens) << preopens.error().to_string();
    ASSERT_EQ(preopens->size(), 1u);
    ASSERT_EQ((*preopens)[0].fd, 3u);
    const std::string& d = (*preopens)[0].description;
    port_ = uint16_t(std::stoi(d.substr(d.rfind(':') + 1)));
  }

  // Accepts on fd 3; the new fd.
  uint32_t accept() {
    EXPECT_EQ(errno_of("sock_accept", {3, 0, kOut}), Errno::Success);
    return u32_at(kOut);
  }
  Errno recv(uint32_t fd, uint32_t len, uint32_t flags, std::string* got) {
    put_iovec(kIov, kBuf, len);
    Errno e = errno_of("sock_recv", {fd, kIov, 1, flags, kOut, kOut + 4});
    if (e == Errno::Success) *got = string_at(kBuf, u32_at(kOut));
    return e;
  }
  Errno send(uint32_t fd, std::string_view data) {
    put_string(kBuf, data);
    put_iovec(kIov, kBuf, uint32_t(data.size()));
    return errno_of("sock_send", {fd, kIov, 1, 0, kOut});
  }

  uint16_t port_ = 0;
};

TEST_F(Sockets, AcceptRecvSendShutdown) {
  UniqueFd client = connect_to(port_);
  ASSERT_EQ(::send(client.get(), "ping", 4, 0), 4);
  uint32_t fd = accept();
  EXPECT_EQ(fd, 4u);
  std::string got;
  ASSERT_EQ(recv(fd, 64, 0, &got), Errno::Success);
  EXPECT_EQ(got, "ping");
  EXPECT_EQ(u16_at(kOut + 4), 0u);  // roflags
  ASSERT_EQ(send(fd, "pong"), Errno::Success);
  EXPECT_EQ(u32_at(kOut), 4u);
  EXPECT_EQ(receive(client), "pong");
  ASSERT_EQ(errno_of("sock_shutdown", {fd, kShutdownWr}), Errno::Success);
  EXPECT_EQ(receive(client), "");  // end of stream
  ASSERT_EQ(errno_of("fd_fdstat_get", {fd, 64}), Errno::Success);
  EXPECT_EQ(memory_[64], uint8_t(Filetype::SocketStream));
  EXPECT_EQ(u64_at(72), rights::kSocketRights);
  // fd_read and fd_write work on a connection too.
  ASSERT_EQ(::send(client.get(), "via fd_read", 11, 0), 11);
  put_iovec(kIov, kBuf, 64);
  ASSERT_EQ(errno_of("fd_read", {fd, kIov, 1, kOut}), Errno::Success);
  EXPECT_EQ(string_at(kBuf, u32_at(kOut)), "via fd_read");
}

TEST_F(Sockets, PeekAndWaitAll) {
  UniqueFd client = connect_to(port_);
  uint32_t fd = accept();
  ASSERT_EQ(::send(client.get(), "abc", 3, 0), 3);
  std::string got;
  ASSERT_EQ(recv(fd, 2, kRecvPeek, &got), Errno::Success);
  EXPECT_EQ(got, "ab");
  std::thread later([&] {
    std::this_thread::sleep_for(50ms);
    ::send(client.get(), "def", 3, 0);
  });
  ASSERT_EQ(recv(fd, 6, kRecvWaitall, &got), Errno::Success);
  later.join();
  EXPECT_EQ(got, "abcdef");
}

TEST_F(Sockets, NonBlockingListenerAndConnection) {
  ASSERT_EQ(errno_of("fd_fdstat_set_flags", {3, fdflags::kNonblock}), Errno::Success);
  EXPECT_EQ(errno_of("sock_accept", {3, 0, kOut}), Errno::Again);
  UniqueFd client = connect_to(port_);
  for (int i = 0; i < 100 && errno_of("sock_accept", {3, fdflags::kNonblock, kOut}) == Errno::Again; ++i)
    std::this_thread::sleep_for(10ms);
  uint32_t fd = u32_at(kOut);
  std::string got;
  EXPECT_EQ(recv(fd, 8, 0, &got), Errno::Again);
  ASSERT_EQ(errno_of("fd_fdstat_get", {fd, 64}), Errno::Success);
  EXPECT_EQ(u16_at(66), fdflags::kNonblock);
}

TEST_F(Sockets, PollWaitsForData) {
  UniqueFd client = connect_to(port_);
  uint32_t fd = accept();
  std::thread later([&] {
    std::this_thread::sleep_for(100ms);
    ::send(client.get(), "late", 4, 0);
  });
  constexpr uint32_t kSubs = 2000, kEvents = 3000;
  put_u64(kSubs, 1);  // a clock far away
  memory_[kSubs + 8] = uint8_t(EventType::Clock);
  put_u32(kSubs + 16, uint32_t(ClockId::Monotonic));
  put_u64(kSubs + 24, 10'000'000'000ull);
  put_u64(kSubs + 48, 2);  // the connection
  memory_[kSubs + 48 + 8] = uint8_t(EventType::FdRead);
  put_u32(kSubs + 48 + 16, fd);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(errno_of("poll_oneoff", {kSubs, kEvents, 2, kOut}), Errno::Success);
  later.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  ASSERT_EQ(u32_at(kOut), 1u);
  EXPECT_EQ(u64_at(kEvents), 2u);
  EXPECT_EQ(u64_at(kEvents + 16), 4u);  // bytes waiting
  EXPECT_TRUE(clocks_->sleeps.empty());  // a real wait on the socket, not sleeps
}

TEST_F(Sockets, InterruptEndsABlockedCall) {
  std::thread later([&] {
    std::this_thread::sleep_for(100ms);
    ctx_.interrupt();
  });
  auto r = call("sock_accept", {3, 0, kOut});
  later.join();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::Execute);
  EXPECT_EQ(r.error().message, "interrupted");
  EXPECT_FALSE(call("fd_write", {1, 0, 0, kOut}));  // and every call after it
}

TEST_F(Sockets, WrongKindsOfFd) {
  UniqueFd client = connect_to(port_);
  uint32_t fd = accept();
  std::string got;
  EXPECT_EQ(recv(3, 8, 0, &got), Errno::NotConn);             // a listener has no data
  EXPECT_EQ(errno_of("sock_accept", {fd, 0, kOut}), Errno::Inval);  // a connection accepts nothing
  EXPECT_EQ(errno_of("sock_accept", {1, 0, kOut}), Errno::NotSock);
  EXPECT_EQ(errno_of("sock_accept", {3, 1, kOut}), Errno::Inval);   // only NONBLOCK
  EXPECT_EQ(errno_of("sock_send", {fd, kIov, 1, 1, kOut}), Errno::Inval);
  EXPECT_EQ(errno_of("sock_shutdown", {fd, 0}), Errno::Inval);
  EXPECT_EQ(errno_of("sock_shutdown", {fd, 4}), Errno::Inval);
  EXPECT_EQ(errno_of("sock_recv", {fd, kIov, 1, 4, kOut, kOut + 4}), Errno::Inval);
  EXPECT_EQ(errno_of("sock_recv", {fd, kIov, 1, 0, kMemorySize, kOut}), Errno::Fault);
}

// Preview 1 creates no sockets; these are the host objects the WASI 0.2 host will use.
class SocketGrants : public ::testing::Test {
 protected:
  std::vector<std::string> denials_;
  std::shared_ptr<Sandbox> sandbox_ =
      std::make_shared<Sandbox>([this](std::string_view what) { denials_.emplace_back(what); });
  Capabilities caps_;
  SocketAddress loopback_ = *SocketAddress::parse("127.0.0.1:0");
};

TEST_F(SocketGrants, TcpListenAndConnect) {
  EXPECT_EQ(tcp_listen(caps_, loopback_, sandbox_).error(), Errno::Acces);
  EXPECT_EQ(denials_.back(), "tcp listen on 127.0.0.1:0: not granted (--allow-tcp-listen)");
  caps_.tcp_listen.push_back(*AddressPattern::parse("127.0.0.1:0"));
  auto listener = tcp_listen(caps_, loopback_, sandbox_);
  ASSERT_TRUE(listener);
  SocketAddress there = (*listener)->local_address();
  EXPECT_NE(there.port(), 0);
  EXPECT_EQ(tcp_connect(caps_, there, sandbox_).error(), Errno::Acces);
  caps_.tcp_connect.push_back(*AddressPattern::parse("127.0.0.1:*"));
  auto stream = tcp_connect(caps_, there, sandbox_);
  ASSERT_TRUE(stream) << errno_name(stream.error());
  auto accepted = (*listener)->accept(false);
  ASSERT_TRUE(accepted);
  uint8_t hi[2] = {'h', 'i'};
  std::span<uint8_t> out[1] = {hi};
  ASSERT_EQ((*stream)->send(out).value_or(0), 2u);
  uint8_t buf[8] = {};
  std::span<uint8_t> in[1] = {buf};
  ASSERT_EQ((*accepted)->recv(in, false, false).value_or(0), 2u);
  EXPECT_EQ(buf[0], 'h');
  EXPECT_EQ(denials_.size(), 2u);
}

TEST_F(SocketGrants, Udp) {
  EXPECT_EQ(udp_bind(caps_, loopback_, sandbox_).error(), Errno::Acces);
  EXPECT_EQ(denials_.size(), 1u);
  caps_.udp = true;
  auto socket = udp_bind(caps_, loopback_, sandbox_);
  ASSERT_TRUE(socket);
  const uint8_t data[] = {1, 2, 3};
  ASSERT_EQ((*socket)->send_to(data, (*socket)->local_address()).value_or(0), 3u);
  uint8_t buf[8];
  auto got = (*socket)->receive_from(buf);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->first, 3u);
  EXPECT_EQ(got->second.port(), (*socket)->local_address().port());
}

TEST_F(SocketGrants, NameLookup) {
  EXPECT_EQ(resolve_addresses(caps_, *sandbox_, "127.0.0.1").error(), Errno::Acces);
  EXPECT_EQ(denials_.back(), "resolve \"127.0.0.1\": not granted (--allow-dns)");
  caps_.dns = true;
  auto found = resolve_addresses(caps_, *sandbox_, "127.0.0.1");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].to_string(), "127.0.0.1:0");
}

}  // namespace
}  // namespace weft::wasi::test

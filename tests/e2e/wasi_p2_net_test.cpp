// End-to-end: wasi:sockets. tests/e2e/wasi/sockets_p2.c calls wasi:sockets directly
// (preview 1 cannot make sockets) and becomes a component through jco. TCP needs
// --allow-tcp-listen / --allow-tcp-connect, UDP --allow-udp, name lookups
// --allow-dns; each is refused (access-denied, logged by -v) without.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "wasi_child.h"
#include "wasi_p2_guests.h"

namespace weft::e2e {
namespace {

using namespace std::chrono_literals;

TEST(WasiP2Net, TcpEchoServer) {
  REQUIRE_JCO();
  Child weft({"run", "--timeout", "60", "--allow-tcp-listen", "127.0.0.1:*",
              wasi_component_with_world("sockets_p2"), "serve"});
  ASSERT_TRUE(weft.started());
  ASSERT_TRUE(weft.wait_for_stdout("\n", 30s)) << weft.err();
  const std::string line = weft.out();
  ASSERT_EQ(line.rfind("listening on ", 0), 0u) << line;
  const int port = std::stoi(line.substr(13));
  std::string big(300000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = char('a' + i % 26);
  EXPECT_EQ(tcp_round_trip(port, big, 30s), big);
  EXPECT_EQ(weft.wait(30s), 0) << weft.err();
  EXPECT_EQ(weft.out(), line + "echoed 300000 bytes\n");
}

TEST(WasiP2Net, ListenIsDeniedWithoutAGrant) {
  REQUIRE_JCO();
  auto r = run_weft({"run", "-v", wasi_component_with_world("sockets_p2"), "serve"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "bind: error-code access-denied\n");
  EXPECT_NE(r.err.find("denied: tcp bind on 127.0.0.1:0: not granted (--allow-tcp-listen)"),
            std::string::npos)
      << r.err;
  // A grant for another port does not do.
  auto other = run_weft(
      {"run", "--allow-tcp-listen", "127.0.0.1:1", wasi_component_with_world("sockets_p2"), "serve"});
  EXPECT_EQ(other.out, "bind: error-code access-denied\n");
}

// A host listener on a port the kernel picks; answers one connection with its input in upper case.
class UpperServer {
 public:
  UpperServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 1);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      char buf[256];
      ssize_t n = ::read(c, buf, sizeof buf);
      for (ssize_t i = 0; i < n; ++i) buf[i] = char(std::toupper(static_cast<unsigned char>(buf[i])));
      if (n > 0) (void)!::write(c, buf, size_t(n));
      ::close(c);
    });
  }
  ~UpperServer() {
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1, port_ = 0;
  std::thread thread_;
};

TEST(WasiP2Net, ConnectNeedsAGrant) {
  REQUIRE_JCO();
  const std::string component = wasi_component_with_world("sockets_p2");
  UpperServer server;
  const std::string port = std::to_string(server.port());
  auto denied = run_weft({"run", "-v", component, "connect", port});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_EQ(denied.out, "connect: error-code access-denied\n");
  EXPECT_NE(denied.err.find("denied: tcp connect to 127.0.0.1:" + port), std::string::npos) << denied.err;
  auto r = run_weft(
      {"run", "--timeout", "60", "--allow-tcp-connect", "127.0.0.1:" + port, component, "connect", port});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "reply: PING FROM WASM\n");
}

TEST(WasiP2Net, UdpEchoNeedsAGrant) {
  REQUIRE_JCO();
  const std::string component = wasi_component_with_world("sockets_p2");
  auto denied = run_weft({"run", "-v", component, "udp-echo"});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_EQ(denied.out, "udp bind: error-code access-denied\n");
  EXPECT_NE(denied.err.find("denied: udp bind on 127.0.0.1:0: not granted (--allow-udp)"), std::string::npos)
      << denied.err;

  Child weft({"run", "--timeout", "60", "--allow-udp", component, "udp-echo"});
  ASSERT_TRUE(weft.started());
  ASSERT_TRUE(weft.wait_for_stdout("\n", 30s)) << weft.err();
  const std::string line = weft.out();
  ASSERT_EQ(line.rfind("udp on ", 0), 0u) << line;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(uint16_t(std::stoi(line.substr(7))));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const std::string msg = "datagram from the host";
  ASSERT_EQ(::sendto(fd, msg.data(), msg.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to),
            ssize_t(msg.size()));
  char buf[256];
  const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  ::close(fd);
  EXPECT_EQ(std::string(buf, size_t(std::max<ssize_t>(n, 0))), msg);
  EXPECT_EQ(weft.wait(30s), 0) << weft.err();
  EXPECT_EQ(weft.out(), line + "echoed 22 bytes\n");
}

TEST(WasiP2Net, NameLookupNeedsAGrant) {
  REQUIRE_JCO();
  const std::string component = wasi_component_with_world("sockets_p2");
  auto denied = run_weft({"run", "-v", component, "resolve", "localhost"});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_EQ(denied.out, "resolve: error-code access-denied\n");
  EXPECT_NE(denied.err.find("denied: resolve \"localhost\": not granted (--allow-dns)"), std::string::npos)
      << denied.err;
  auto r = run_weft({"run", "--allow-dns", component, "resolve", "localhost"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ipv4 127.0.0.1\n"), std::string::npos) << r.out;
  auto numeric = run_weft({"run", "--allow-dns", component, "resolve", "10.1.2.3"});
  EXPECT_EQ(numeric.out, "ipv4 10.1.2.3\n") << numeric.err;
}

}  // namespace
}  // namespace weft::e2e

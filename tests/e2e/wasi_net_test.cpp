// End-to-end: a TCP echo server on a preopened listener, and poll(2) that really waits.
#include <gtest/gtest.h>

#include <chrono>

#include "wasi_child.h"
#include "wasi_guests.h"

namespace weft::e2e {
namespace {

using namespace std::chrono_literals;

// "weft: fd 3: tcp listener 127.0.0.1:40123" -> 40123
int port_of(const std::string& line) { return std::stoi(line.substr(line.rfind(':') + 1)); }

TEST(WasiNet, TcpEchoOnLoopback) {
  Child weft({"run", "-v", "--timeout", "60", "--allow-tcp-listen", "127.0.0.1:*", "--tcp-listen", "127.0.0.1:0",
              wasi_guest("tcp_echo"), "2"});
  ASSERT_TRUE(weft.started());
  auto line = weft.wait_for_stderr("tcp listener 127.0.0.1:", 30s);
  ASSERT_TRUE(line) << weft.err();
  const int port = port_of(*line);
  EXPECT_EQ(tcp_round_trip(port, "hello over tcp\n", 30s), "hello over tcp\n");
  std::string big(300000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = char('a' + i % 26);
  EXPECT_EQ(tcp_round_trip(port, big, 30s), big);
  EXPECT_EQ(weft.wait(30s), 0) << weft.err();
  EXPECT_EQ(weft.out(),
            "listener found\nconnection 1: echoed 15 bytes\nconnection 2: echoed 300000 bytes\ndone\n");
}

TEST(WasiNet, NoListenerWithoutTcpListen) {
  auto r = run_weft({"run", wasi_guest("tcp_echo")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "no listener\n");
}

// The guest sits in poll(2) (poll_oneoff) waiting for a connection: --timeout
// still stops it, with the same trap as for wasm code.
TEST(WasiNet, TimeoutInterruptsABlockedGuest) {
  Child weft({"run", "--timeout", "0.5", "--allow-tcp-listen", "127.0.0.1:0", "--tcp-listen", "127.0.0.1:0",
              wasi_guest("tcp_echo")});
  ASSERT_TRUE(weft.started());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(weft.wait(30s), 1) << weft.err();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 15s);
  EXPECT_NE(weft.err().find("interrupted"), std::string::npos) << weft.err();
}

TEST(WasiNet, PollOnStdinWaitsForInput) {
  Child weft({"run", "--timeout", "60", wasi_guest("poll_stdin")});
  ASSERT_TRUE(weft.started());
  ASSERT_TRUE(weft.wait_for_stdout("first: ", 30s)) << weft.err();
  weft.write_stdin("hello\n");
  weft.close_stdin();
  EXPECT_EQ(weft.wait(30s), 0) << weft.err();
  EXPECT_EQ(weft.out(), "first: timeout\nsecond: ready\nread: hello\n");
}

}  // namespace
}  // namespace weft::e2e

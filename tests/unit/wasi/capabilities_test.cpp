// Tests for grants: directory grant syntax, socket addresses and the address patterns
// network grants are written in, and the checks that deny what is not granted.
#include "wasi/capabilities.h"

#include <gtest/gtest.h>

namespace weft::wasi::test {
namespace {

SocketAddress addr(std::string_view text) {
  auto a = SocketAddress::parse(text);
  EXPECT_TRUE(a) << text;
  return a.value_or(SocketAddress{});
}

TEST(DirGrants, Syntax) {
  auto same = DirGrant::parse("/srv/data", false);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->host_path, "/srv/data");
  EXPECT_EQ(same->guest_path, "/srv/data");
  EXPECT_FALSE(same->read_only);
  auto renamed = DirGrant::parse("./data::/data", true);
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->host_path, "./data");
  EXPECT_EQ(renamed->guest_path, "/data");
  EXPECT_TRUE(renamed->read_only);
  EXPECT_FALSE(DirGrant::parse("", false));
  EXPECT_FALSE(DirGrant::parse("::/data", false));
  EXPECT_FALSE(DirGrant::parse("data::", false));
}

TEST(SocketAddresses, ParseAndPrint) {
  EXPECT_EQ(addr("127.0.0.1:8080").to_string(), "127.0.0.1:8080");
  EXPECT_EQ(addr("[::1]:443").to_string(), "[::1]:443");
  EXPECT_EQ(addr("0.0.0.0:0").port(), 0);
  for (auto bad : {"localhost:80", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "::1:80", "[::1]80", "1.2.3:4",
                   "127.0.0.1:-1", ""}) {
    EXPECT_FALSE(SocketAddress::parse(bad)) << bad;
  }
}

TEST(AddressPatterns, Match) {
  auto exact = AddressPattern::parse("127.0.0.1:8080");
  ASSERT_TRUE(exact);
  EXPECT_TRUE(exact->matches(addr("127.0.0.1:8080")));
  EXPECT_FALSE(exact->matches(addr("127.0.0.1:8081")));
  EXPECT_FALSE(exact->matches(addr("127.0.0.2:8080")));
  EXPECT_FALSE(exact->matches(addr("[::1]:8080")));
  auto any_port = AddressPattern::parse("127.0.0.1:*");
  ASSERT_TRUE(any_port);
  EXPECT_TRUE(any_port->matches(addr("127.0.0.1:1")));
  EXPECT_FALSE(any_port->matches(addr("10.0.0.1:1")));
  auto any_addr = AddressPattern::parse("*:53");
  ASSERT_TRUE(any_addr);
  EXPECT_TRUE(any_addr->matches(addr("[2001:db8::1]:53")));
  EXPECT_FALSE(any_addr->matches(addr("8.8.8.8:54")));
  auto v6 = AddressPattern::parse("[::1]:*");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->matches(addr("[::1]:9")));
  EXPECT_EQ(v6->to_string(), "[::1]:*");
  EXPECT_EQ(any_addr->to_string(), "*:53");
  EXPECT_EQ(AddressPattern::parse("*:*")->to_string(), "*:*");
  // Port 0 means "a port the host picks", and only that.
  auto ephemeral = AddressPattern::parse("127.0.0.1:0");
  EXPECT_TRUE(ephemeral->matches(addr("127.0.0.1:0")));
  EXPECT_FALSE(ephemeral->matches(addr("127.0.0.1:80")));
  for (auto bad : {"*", "host:*", "127.0.0.1:x", "[::1]", "*:65536"}) EXPECT_FALSE(AddressPattern::parse(bad)) << bad;
}

TEST(Capabilities, NothingIsAllowedByDefault) {
  Capabilities caps;
  EXPECT_FALSE(caps.allows_tcp_connect(addr("127.0.0.1:80")));
  EXPECT_FALSE(caps.allows_tcp_listen(addr("127.0.0.1:0")));
  EXPECT_FALSE(caps.udp);
  EXPECT_FALSE(caps.dns);
  EXPECT_TRUE(caps.dirs.empty());
  caps.tcp_connect.push_back(*AddressPattern::parse("127.0.0.1:80"));
  caps.tcp_listen.push_back(*AddressPattern::parse("*:8080"));
  EXPECT_TRUE(caps.allows_tcp_connect(addr("127.0.0.1:80")));
  EXPECT_FALSE(caps.allows_tcp_connect(addr("127.0.0.1:81")));
  EXPECT_FALSE(caps.allows_tcp_listen(addr("127.0.0.1:80")));  // connect grants do not listen
  EXPECT_TRUE(caps.allows_tcp_listen(addr("[::]:8080")));
}

TEST(Denials, GoToTheSinkWhenThereIsOne) {
  std::vector<std::string> seen;
  Denials denials([&](std::string_view what) { seen.emplace_back(what); });
  denials.report("one");
  denials.report("two");
  EXPECT_EQ(seen, (std::vector<std::string>{"one", "two"}));
  Denials silent;
  silent.report("nobody listens");  // no sink: nothing happens
}

}  // namespace
}  // namespace weft::wasi::test

#include "support/utf8.h"

#include <gtest/gtest.h>

namespace weft {
namespace {

TEST(Utf8, RoundTripsEveryLength) {
  for (uint32_t cp : {0x0u, 0x41u, 0x7fu, 0x80u, 0x7ffu, 0x800u, 0xffffu, 0x10000u, 0x10ffffu}) {
    std::string s;
    append_utf8(cp, s);
    uint32_t back = ~0u;
    EXPECT_EQ(utf8_sequence(s, 0, back), s.size()) << cp;
    EXPECT_EQ(back, cp);
  }
}

TEST(Utf8, RejectsMalformedSequences) {
  uint32_t cp = 0;
  EXPECT_EQ(utf8_sequence("\x80", 0, cp), 0u);              // continuation byte first
  EXPECT_EQ(utf8_sequence("\xc0\x80", 0, cp), 0u);          // overlong NUL
  EXPECT_EQ(utf8_sequence("\xed\xa0\x80", 0, cp), 0u);      // surrogate U+D800
  EXPECT_EQ(utf8_sequence("\xf4\x90\x80\x80", 0, cp), 0u);  // above U+10FFFF
  EXPECT_EQ(utf8_sequence("\xe2\x82", 0, cp), 0u);          // cut off
  EXPECT_EQ(utf8_sequence("a\xe2\x82\xac", 1, cp), 3u);     // € at an offset
  EXPECT_EQ(cp, 0x20acu);
}

}  // namespace
}  // namespace weft

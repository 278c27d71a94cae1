// Tests for bounds-checked guest memory access: every out-of-range pointer is a fault, never a crash.
#include "wasi/guest_memory.h"

#include <gtest/gtest.h>

#include <vector>

namespace weft::wasi {
namespace {

TEST(GuestMemory, LoadsAndStoresLittleEndian) {
  std::vector<uint8_t> bytes(16);
  GuestMemory mem(bytes);
  ASSERT_TRUE(mem.store_u32(0, 0x11223344));
  EXPECT_EQ(bytes[0], 0x44);
  EXPECT_EQ(bytes[3], 0x11);
  ASSERT_TRUE(mem.store_u64(8, 0x0102030405060708ull));
  EXPECT_EQ(*mem.load_u64(8), 0x0102030405060708ull);
  EXPECT_EQ(*mem.load_u16(8), 0x0708);
  EXPECT_EQ(*mem.load_u8(15), 0x01);
}

TEST(GuestMemory, OutOfBoundsIsFault) {
  std::vector<uint8_t> bytes(16);
  GuestMemory mem(bytes);
  EXPECT_EQ(mem.load_u32(13).error(), Errno::Fault);
  EXPECT_TRUE(mem.load_u32(12).has_value());
  EXPECT_EQ(mem.store_u64(9, 1).error(), Errno::Fault);
  EXPECT_EQ(mem.slice(0xffffffffu, 2).error(), Errno::Fault);  // would wrap in 32 bits
  EXPECT_EQ(mem.slice(16, 1).error(), Errno::Fault);
  EXPECT_TRUE(mem.slice(16, 0).has_value());  // empty at the end is fine
  EXPECT_EQ(mem.store_string(10, "1234567").error(), Errno::Fault);
  EXPECT_EQ(bytes[10], 0);  // nothing written on a fault
}

TEST(GuestMemory, EmptyMemoryFaultsEverything) {
  GuestMemory mem({});
  EXPECT_EQ(mem.load_u8(0).error(), Errno::Fault);
  EXPECT_TRUE(mem.slice(0, 0).has_value());
}

TEST(GuestMemory, IovecsAreCheckedWhole) {
  std::vector<uint8_t> bytes(64);
  GuestMemory mem(bytes);
  ASSERT_TRUE(mem.store_u32(0, 32));  // {32, 8}
  ASSERT_TRUE(mem.store_u32(4, 8));
  ASSERT_TRUE(mem.store_u32(8, 60));  // {60, 4}: ends exactly at the end
  ASSERT_TRUE(mem.store_u32(12, 4));
  auto bufs = mem.iovecs(0, 2);
  ASSERT_TRUE(bufs);
  ASSERT_EQ(bufs->size(), 2u);
  EXPECT_EQ((*bufs)[0].data(), bytes.data() + 32);
  EXPECT_EQ((*bufs)[1].size(), 4u);

  ASSERT_TRUE(mem.store_u32(12, 5));  // one byte past the end
  EXPECT_EQ(mem.iovecs(0, 2).error(), Errno::Fault);
  EXPECT_EQ(mem.iovecs(60, 1).error(), Errno::Fault);  // the record itself is cut
  EXPECT_EQ(mem.iovecs(0, kMaxIovecs + 1).error(), Errno::Inval);
  EXPECT_EQ(mem.iovecs(0xfffffff8u, 2).error(), Errno::Fault);  // ptr + 16 wraps in 32 bits
}

}  // namespace
}  // namespace weft::wasi

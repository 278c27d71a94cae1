// Tests for WASI poll_oneoff: clock subscriptions sleep, stdio subscriptions are ready at once.
#include "wasi_fixture.h"

namespace weft::wasi::test {
namespace {

class Poll : public WasiTest {
 protected:
  static constexpr uint32_t kIn = 1024, kOut = 4096, kNevents = 8000;

  void clock_sub(uint32_t i, uint64_t userdata, uint32_t clock, uint64_t timeout, uint16_t flags = 0) {
    uint32_t p = kIn + i * 48;
    put_u64(p, userdata);
    memory_[p + 8] = uint8_t(EventType::Clock);
    put_u32(p + 16, clock);
    put_u64(p + 24, timeout);
    put_u64(p + 32, 0);
    memory_[p + 40] = uint8_t(flags);
    memory_[p + 41] = uint8_t(flags >> 8);
  }
  void fd_sub(uint32_t i, uint64_t userdata, EventType type, uint32_t fd) {
    uint32_t p = kIn + i * 48;
    put_u64(p, userdata);
    memory_[p + 8] = uint8_t(type);
    put_u32(p + 16, fd);
  }
  Errno poll(uint32_t n) { return errno_of("poll_oneoff", {kIn, kOut, n, kNevents}); }
  uint64_t event_userdata(uint32_t i) { return u64_at(kOut + i * 32); }
  uint16_t event_error(uint32_t i) { return u16_at(kOut + i * 32 + 8); }
  uint8_t event_type(uint32_t i) { return memory_[kOut + i * 32 + 10]; }
  uint64_t event_nbytes(uint32_t i) { return u64_at(kOut + i * 32 + 16); }
};

TEST_F(Poll, RelativeClockSleeps) {
  clock_sub(0, 77, uint32_t(ClockId::Monotonic), 2500000);
  ASSERT_EQ(poll(1), Errno::Success);
  EXPECT_EQ(clocks_->sleeps, std::vector<uint64_t>{2500000});
  ASSERT_EQ(u32_at(kNevents), 1u);
  EXPECT_EQ(event_userdata(0), 77u);
  EXPECT_EQ(event_error(0), 0u);
  EXPECT_EQ(event_type(0), uint8_t(EventType::Clock));
}

TEST_F(Poll, AbsoluteClockSleepsUntilTheDeadline) {
  uint64_t deadline = clocks_->realtime + 1000;
  clock_sub(0, 1, uint32_t(ClockId::Realtime), deadline, kSubscriptionClockAbstime);
  ASSERT_EQ(poll(1), Errno::Success);
  EXPECT_EQ(clocks_->sleeps, std::vector<uint64_t>{1000});
  EXPECT_EQ(u32_at(kNevents), 1u);
  // A deadline in the past fires without sleeping.
  clock_sub(0, 1, uint32_t(ClockId::Realtime), 5, kSubscriptionClockAbstime);
  ASSERT_EQ(poll(1), Errno::Success);
  EXPECT_EQ(clocks_->sleeps.size(), 1u);
  EXPECT_EQ(u32_at(kNevents), 1u);
}

TEST_F(Poll, OnlyTheEarliestClockFires) {
  clock_sub(0, 10, uint32_t(ClockId::Monotonic), 9000);
  clock_sub(1, 11, uint32_t(ClockId::Monotonic), 3000);
  clock_sub(2, 12, uint32_t(ClockId::Monotonic), 3000);
  ASSERT_EQ(poll(3), Errno::Success);
  EXPECT_EQ(clocks_->sleeps, std::vector<uint64_t>{3000});
  ASSERT_EQ(u32_at(kNevents), 2u);
  EXPECT_EQ(event_userdata(0), 11u);
  EXPECT_EQ(event_userdata(1), 12u);
}

TEST_F(Poll, ReadyStdinWinsOverAClock) {
  clock_sub(0, 1, uint32_t(ClockId::Monotonic), 1000000000);
  fd_sub(1, 2, EventType::FdRead, 0);
  fd_sub(2, 3, EventType::FdWrite, 1);
  ASSERT_EQ(poll(3), Errno::Success);
  EXPECT_TRUE(clocks_->sleeps.empty());
  ASSERT_EQ(u32_at(kNevents), 2u);
  EXPECT_EQ(event_userdata(0), 2u);
  EXPECT_EQ(event_type(0), uint8_t(EventType::FdRead));
  EXPECT_EQ(event_nbytes(0), 12u);  // "hello\nworld\n" is waiting
  EXPECT_EQ(event_userdata(1), 3u);
  EXPECT_EQ(event_type(1), uint8_t(EventType::FdWrite));
}

TEST_F(Poll, ErrorsAreReportedInEvents) {
  fd_sub(0, 5, EventType::FdRead, 42);
  clock_sub(1, 6, 17, 100);
  ASSERT_EQ(poll(2), Errno::Success);
  ASSERT_EQ(u32_at(kNevents), 2u);
  EXPECT_EQ(event_error(0), uint16_t(Errno::Badf));
  EXPECT_EQ(event_error(1), uint16_t(Errno::Inval));
  EXPECT_TRUE(clocks_->sleeps.empty());
}

TEST_F(Poll, BadCallsFailWhole) {
  EXPECT_EQ(poll(0), Errno::Inval);
  memory_[kIn + 8] = 3;  // no such event type
  EXPECT_EQ(poll(1), Errno::Inval);
  clock_sub(0, 1, 1, 10);
  EXPECT_EQ(errno_of("poll_oneoff", {kMemorySize - 40, kOut, 1, kNevents}), Errno::Fault);
  EXPECT_EQ(errno_of("poll_oneoff", {kIn, kMemorySize - 16, 1, kNevents}), Errno::Fault);
  EXPECT_EQ(errno_of("poll_oneoff", {kIn, kOut, 1, kMemorySize - 2}), Errno::Fault);
  EXPECT_EQ(errno_of("poll_oneoff", {kIn, kOut, 0x10000000u, kNevents}), Errno::Fault);
  EXPECT_TRUE(clocks_->sleeps.empty());
}

}  // namespace
}  // namespace weft::wasi::test

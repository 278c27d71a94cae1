// Tests for the WASI process functions: args, environ, clocks, random, exit, yield.
#include "wasi_fixture.h"

namespace weft::wasi::test {
namespace {

class ProcessFuncs : public WasiTest {};

TEST_F(ProcessFuncs, ArgsSizesAndContents) {
  ASSERT_EQ(errno_of("args_sizes_get", {100, 104}), Errno::Success);
  EXPECT_EQ(u32_at(100), 3u);
  EXPECT_EQ(u32_at(104), 5u + 3u + 4u);  // "prog\0a1\0bb2\0"
  ASSERT_EQ(errno_of("args_get", {200, 300}), Errno::Success);
  EXPECT_EQ(u32_at(200), 300u);
  EXPECT_EQ(u32_at(204), 305u);
  EXPECT_EQ(u32_at(208), 308u);
  EXPECT_EQ(string_at(300, 12), std::string("prog\0a1\0bb2\0", 12));
}

TEST_F(ProcessFuncs, EnvironSizesAndContents) {
  ASSERT_EQ(errno_of("environ_sizes_get", {100, 104}), Errno::Success);
  EXPECT_EQ(u32_at(100), 2u);
  EXPECT_EQ(u32_at(104), 14u + 3u);
  ASSERT_EQ(errno_of("environ_get", {200, 400}), Errno::Success);
  EXPECT_EQ(u32_at(200), 400u);
  EXPECT_EQ(u32_at(204), 414u);
  EXPECT_EQ(string_at(400, 17), std::string("HOME=/home/me\0X=\0", 17));
}

TEST_F(ProcessFuncs, ArgsOutOfBoundsFaultWithoutWriting) {
  EXPECT_EQ(errno_of("args_sizes_get", {kMemorySize - 2, 0}), Errno::Fault);
  EXPECT_EQ(errno_of("args_get", {kMemorySize - 8, 0}), Errno::Fault);   // 3 pointers need 12 bytes
  EXPECT_EQ(errno_of("args_get", {0, kMemorySize - 11}), Errno::Fault);  // strings need 12 bytes
  EXPECT_EQ(u32_at(0), 0u);
  EXPECT_EQ(errno_of("args_get", {0xfffffffcu, 16}), Errno::Fault);
  EXPECT_EQ(errno_of("environ_get", {16, 0xffffffffu}), Errno::Fault);
}

TEST(ProcessFuncsNoArgs, EmptyListsNeedNoMemory) {
  WasiCtx ctx(WasiConfig{});
  std::vector<core::Value> args{core::Value::i32(0), core::Value::i32(0)};
  std::vector<uint8_t> memory(8, 0xff);
  auto r =
      call_wasi_function(ctx, *find_wasi_function("environ_sizes_get"), std::span<uint8_t>(memory), args);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, Errno::Success);
  EXPECT_EQ(memory[0], 0);
  // argv with zero entries writes nothing, even at the very end of memory.
  std::vector<core::Value> at_end{core::Value::i32(8), core::Value::i32(8)};
  EXPECT_EQ(*call_wasi_function(ctx, *find_wasi_function("args_get"), std::span<uint8_t>(memory), at_end),
            Errno::Success);
}

TEST_F(ProcessFuncs, ClockTimeAndResolution) {
  ASSERT_EQ(errno_of("clock_time_get", {0, 1, 64}), Errno::Success);
  EXPECT_EQ(u64_at(64), clocks_->realtime);
  ASSERT_EQ(errno_of("clock_time_get", {1, 0, 64}), Errno::Success);
  EXPECT_EQ(u64_at(64), clocks_->monotonic);
  ASSERT_EQ(errno_of("clock_time_get", {2, 0, 64}), Errno::Success);
  EXPECT_EQ(u64_at(64), 42u);
  ASSERT_EQ(errno_of("clock_res_get", {3, 72}), Errno::Success);
  EXPECT_EQ(u64_at(72), 1000u);
  EXPECT_EQ(errno_of("clock_time_get", {4, 0, 64}), Errno::Inval);
  EXPECT_EQ(errno_of("clock_res_get", {0xffffffffu, 64}), Errno::Inval);
  EXPECT_EQ(errno_of("clock_time_get", {1, 0, kMemorySize - 4}), Errno::Fault);
}

TEST(HostClocks, MonotonicAdvancesAndRealtimeIsRecent) {
  HostClocks clocks;
  uint64_t a = *clocks.now(ClockId::Monotonic);
  clocks.sleep(1000000);
  uint64_t b = *clocks.now(ClockId::Monotonic);
  EXPECT_GE(b - a, 1000000u);
  EXPECT_GT(*clocks.now(ClockId::Realtime), 1600000000ull * 1000000000ull);  // after 2020
  EXPECT_TRUE(clocks.now(ClockId::ProcessCputime));
  EXPECT_TRUE(clocks.now(ClockId::ThreadCputime));
  EXPECT_GT(*clocks.resolution(ClockId::Monotonic), 0u);
  EXPECT_EQ(clocks.now(ClockId(9)).error(), Errno::Inval);
}

TEST_F(ProcessFuncs, RandomGetFillsExactlyTheBuffer) {
  ASSERT_EQ(errno_of("random_get", {10, 4}), Errno::Success);
  EXPECT_EQ(memory_[9], 0);
  EXPECT_EQ(memory_[10], 1);
  EXPECT_EQ(memory_[13], 4);
  EXPECT_EQ(memory_[14], 0);
  EXPECT_EQ(errno_of("random_get", {kMemorySize - 3, 4}), Errno::Fault);
  EXPECT_EQ(errno_of("random_get", {kMemorySize, 0}), Errno::Success);
}

TEST(HostRandom, FillsLargeBuffers) {
  HostRandom random;
  std::vector<uint8_t> buf(1 << 20);
  ASSERT_TRUE(random.fill(buf));
  size_t zeros = std::count(buf.begin(), buf.end(), 0);
  EXPECT_LT(zeros, buf.size() / 100);
}

TEST_F(ProcessFuncs, ProcExitIsAnExitError) {
  auto r = call("proc_exit", {3});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::Exit);
  EXPECT_EQ(r.error().code, 3);
}

TEST_F(ProcessFuncs, YieldAndRaise) {
  EXPECT_EQ(errno_of("sched_yield", {}), Errno::Success);
  EXPECT_EQ(errno_of("proc_raise", {6}), Errno::NoSys);
}

TEST(WasiCall, MissingMemoryTrapsOnlyFunctionsThatNeedIt) {
  WasiCtx ctx(WasiConfig{});
  std::vector<core::Value> none;
  EXPECT_EQ(*call_wasi_function(ctx, *find_wasi_function("sched_yield"), std::nullopt, none), Errno::Success);
  std::vector<core::Value> two{core::Value::i32(0), core::Value::i32(0)};
  auto r = call_wasi_function(ctx, *find_wasi_function("args_sizes_get"), std::nullopt, two);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().phase, Phase::Host);
  EXPECT_NE(r.error().message.find("memory"), std::string::npos);
}

TEST(WasiCall, WrongArgumentsAreUsageErrors) {
  WasiCtx ctx(WasiConfig{});
  std::vector<core::Value> one{core::Value::i32(0)};
  EXPECT_EQ(call_wasi_function(ctx, *find_wasi_function("args_get"), std::nullopt, one).error().phase,
            Phase::Usage);
  std::vector<core::Value> wrong{core::Value::i32(0), core::Value::i32(0), core::Value::i32(0)};
  EXPECT_EQ(call_wasi_function(ctx, *find_wasi_function("clock_time_get"), std::nullopt, wrong).error().phase,
            Phase::Usage);
}

}  // namespace
}  // namespace weft::wasi::test

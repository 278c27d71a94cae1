// Tests for the WASI fd functions on stdio: reads, writes, positions, status and the fd table.
#include "wasi_fixture.h"

namespace weft::wasi::test {
namespace {

class FdFuncs : public WasiTest {};

TEST_F(FdFuncs, WriteGathersIovecsToStdout) {
  put_string(1000, "Hello, ");
  put_string(2000, "world!\n");
  put_iovec(100, 1000, 7);
  put_iovec(108, 3000, 0);  // empty buffers are fine
  put_iovec(116, 2000, 7);
  ASSERT_EQ(errno_of("fd_write", {1, 100, 3, 200}), Errno::Success);
  EXPECT_EQ(stdout_->contents(), "Hello, world!\n");
  EXPECT_EQ(u32_at(200), 14u);
  ASSERT_EQ(errno_of("fd_write", {2, 100, 1, 200}), Errno::Success);
  EXPECT_EQ(stderr_->contents(), "Hello, ");
}

TEST_F(FdFuncs, WriteFaultsBeforeWritingAnything) {
  put_string(1000, "good");
  put_iovec(100, 1000, 4);
  put_iovec(108, kMemorySize - 2, 4);  // runs off the end
  EXPECT_EQ(errno_of("fd_write", {1, 100, 2, 200}), Errno::Fault);
  EXPECT_EQ(errno_of("fd_write", {1, 100, 1, kMemorySize - 2}), Errno::Fault);  // nwritten out of bounds
  EXPECT_EQ(errno_of("fd_write", {1, kMemorySize - 4, 1, 200}), Errno::Fault);  // iovec record cut
  EXPECT_EQ(errno_of("fd_write", {1, 100, 5000, 200}), Errno::Inval);           // more than IOV_MAX
  EXPECT_EQ(stdout_->contents(), "");
}

TEST_F(FdFuncs, WriteWithNoIovecsWritesNothing) {
  ASSERT_EQ(errno_of("fd_write", {1, 0, 0, 200}), Errno::Success);
  EXPECT_EQ(u32_at(200), 0u);
}

TEST_F(FdFuncs, ReadScattersStdinThenEndOfInput) {
  put_iovec(100, 1000, 3);
  put_iovec(108, 2000, 100);
  ASSERT_EQ(errno_of("fd_read", {0, 100, 2, 200}), Errno::Success);
  EXPECT_EQ(u32_at(200), 12u);
  EXPECT_EQ(string_at(1000, 3), "hel");
  EXPECT_EQ(string_at(2000, 9), "lo\nworld\n");
  ASSERT_EQ(errno_of("fd_read", {0, 100, 2, 200}), Errno::Success);
  EXPECT_EQ(u32_at(200), 0u);
}

TEST_F(FdFuncs, ReadDoesNotConsumeInputWhenItWouldFault) {
  put_iovec(100, 1000, 3);
  EXPECT_EQ(errno_of("fd_read", {0, 100, 1, kMemorySize}), Errno::Fault);
  ASSERT_EQ(errno_of("fd_read", {0, 100, 1, 200}), Errno::Success);
  EXPECT_EQ(string_at(1000, 3), "hel");
}

TEST_F(FdFuncs, RightsAndBadDescriptors) {
  put_iovec(100, 1000, 4);
  EXPECT_EQ(errno_of("fd_read", {1, 100, 1, 200}), Errno::NotCapable);   // stdout is write-only
  EXPECT_EQ(errno_of("fd_write", {0, 100, 1, 200}), Errno::NotCapable);  // stdin is read-only
  EXPECT_EQ(errno_of("fd_write", {3, 100, 1, 200}), Errno::Badf);
  EXPECT_EQ(errno_of("fd_read", {0xffffffffu, 100, 1, 200}), Errno::Badf);
}

TEST_F(FdFuncs, StdioCannotSeek) {
  EXPECT_EQ(errno_of("fd_seek", {1, 0, 1, 200}), Errno::Spipe);
  EXPECT_EQ(errno_of("fd_seek", {0, 5, 0, 200}), Errno::Spipe);
  EXPECT_EQ(errno_of("fd_tell", {2, 200}), Errno::Spipe);
  EXPECT_EQ(errno_of("fd_seek", {7, 0, 0, 200}), Errno::Badf);
  put_iovec(100, 1000, 4);
  EXPECT_EQ(errno_of("fd_pwrite", {1, 100, 1, 0, 200}), Errno::Spipe);
  EXPECT_EQ(errno_of("fd_pread", {0, 100, 1, 0, 200}), Errno::Spipe);
}

TEST_F(FdFuncs, FdstatOfStdio) {
  memory_.assign(memory_.size(), 0xee);
  ASSERT_EQ(errno_of("fd_fdstat_get", {1, 64}), Errno::Success);
  EXPECT_EQ(memory_[64], uint8_t(Filetype::CharacterDevice));
  EXPECT_EQ(memory_[65], 0);  // padding cleared
  EXPECT_EQ(u16_at(66), 0u);
  uint64_t base = u64_at(72);
  EXPECT_TRUE(base & rights::kFdWrite);
  EXPECT_FALSE(base & (rights::kFdSeek | rights::kFdTell));  // what wasi-libc's isatty looks for
  EXPECT_EQ(u64_at(80), 0u);
  ASSERT_EQ(errno_of("fd_fdstat_get", {0, 64}), Errno::Success);
  EXPECT_TRUE(u64_at(72) & rights::kFdRead);
  EXPECT_EQ(errno_of("fd_fdstat_get", {3, 64}), Errno::Badf);
  EXPECT_EQ(errno_of("fd_fdstat_get", {1, kMemorySize - 23}), Errno::Fault);
}

TEST_F(FdFuncs, FdstatSetFlags) {
  ASSERT_EQ(errno_of("fd_fdstat_set_flags", {1, fdflags::kAppend}), Errno::Success);
  ASSERT_EQ(errno_of("fd_fdstat_get", {1, 64}), Errno::Success);
  EXPECT_EQ(u16_at(66), fdflags::kAppend);
  EXPECT_EQ(errno_of("fd_fdstat_set_flags", {1, 0x20}), Errno::Inval);
  EXPECT_EQ(errno_of("fd_fdstat_set_flags", {9, 0}), Errno::Badf);
}

TEST_F(FdFuncs, RightsCanOnlyShrink) {
  EXPECT_EQ(errno_of("fd_fdstat_set_rights", {1, rights::kAll, 0}), Errno::NotCapable);
  ASSERT_EQ(errno_of("fd_fdstat_set_rights", {1, rights::kFdFdstatSetFlags, 0}), Errno::Success);
  put_iovec(100, 1000, 4);
  EXPECT_EQ(errno_of("fd_write", {1, 100, 1, 200}), Errno::NotCapable);
  EXPECT_EQ(errno_of("fd_fdstat_set_rights", {1, rights::kFdWrite, 0}), Errno::NotCapable);
}

TEST_F(FdFuncs, FilestatOfStdio) {
  memory_.assign(memory_.size(), 0xee);
  ASSERT_EQ(errno_of("fd_filestat_get", {2, 128}), Errno::Success);
  EXPECT_EQ(memory_[128 + 16], uint8_t(Filetype::CharacterDevice));
  EXPECT_EQ(u64_at(128 + 32), 0u);
  EXPECT_EQ(u64_at(128 + 56), 0u);
  EXPECT_EQ(errno_of("fd_filestat_get", {2, kMemorySize - 63}), Errno::Fault);
  EXPECT_EQ(errno_of("fd_filestat_set_size", {1, 0}), Errno::NotCapable);
  EXPECT_EQ(errno_of("fd_filestat_set_times", {1, 0, 0, 0}), Errno::NotCapable);
}

TEST_F(FdFuncs, NoPreopens) {
  EXPECT_EQ(errno_of("fd_prestat_get", {3, 64}), Errno::Badf);
  EXPECT_EQ(errno_of("fd_prestat_get", {0, 64}), Errno::Badf);  // open, but not a preopen
  EXPECT_EQ(errno_of("fd_prestat_dir_name", {3, 64, 10}), Errno::Badf);
}

TEST_F(FdFuncs, PreopenedNamesAreReported) {
  // Any entry with a name is reported as a preopen (dir_funcs_test.cpp opens real ones).
  FdEntry dir{std::make_shared<NullStream>(), 0, 0, 0, std::string("/sandbox")};
  ASSERT_EQ(*ctx_.fds().insert(std::move(dir)), 3u);
  memory_.assign(memory_.size(), 0xee);
  ASSERT_EQ(errno_of("fd_prestat_get", {3, 64}), Errno::Success);
  EXPECT_EQ(memory_[64], kPreopenTypeDir);
  EXPECT_EQ(memory_[65], 0);
  EXPECT_EQ(u32_at(68), 8u);
  EXPECT_EQ(errno_of("fd_prestat_dir_name", {3, 200, 7}), Errno::NameTooLong);
  ASSERT_EQ(errno_of("fd_prestat_dir_name", {3, 200, 8}), Errno::Success);
  EXPECT_EQ(string_at(200, 8), "/sandbox");
  EXPECT_EQ(memory_[208], 0xee);  // no NUL added
  EXPECT_EQ(errno_of("fd_prestat_dir_name", {3, kMemorySize - 4, 8}), Errno::Fault);
}

TEST_F(FdFuncs, CloseAndRenumber) {
  put_string(1000, "x");
  put_iovec(100, 1000, 1);
  ASSERT_EQ(errno_of("fd_renumber", {2, 1}), Errno::Success);  // stderr now at 1, 2 closed
  ASSERT_EQ(errno_of("fd_write", {1, 100, 1, 200}), Errno::Success);
  EXPECT_EQ(stderr_->contents(), "x");
  EXPECT_EQ(stdout_->contents(), "");
  EXPECT_EQ(errno_of("fd_write", {2, 100, 1, 200}), Errno::Badf);
  EXPECT_EQ(errno_of("fd_renumber", {1, 2}), Errno::Badf);  // the target must be open
  EXPECT_EQ(errno_of("fd_renumber", {1, 1}), Errno::Success);
  ASSERT_EQ(errno_of("fd_close", {1}), Errno::Success);
  EXPECT_EQ(errno_of("fd_close", {1}), Errno::Badf);
  EXPECT_EQ(errno_of("fd_write", {1, 100, 1, 200}), Errno::Badf);
  EXPECT_EQ(ctx_.fds().open_count(), 1u);
}

TEST_F(FdFuncs, SyncAdviseAllocateOnStreams) {
  EXPECT_EQ(errno_of("fd_sync", {1}), Errno::NotCapable);
  EXPECT_EQ(errno_of("fd_datasync", {1}), Errno::NotCapable);
  EXPECT_EQ(errno_of("fd_advise", {1, 0, 0, 0}), Errno::NotCapable);
  EXPECT_EQ(errno_of("fd_advise", {1, 0, 0, 6}), Errno::Inval);
  EXPECT_EQ(errno_of("fd_allocate", {1, 0, 10}), Errno::NotCapable);
  EXPECT_EQ(errno_of("fd_readdir", {1, 100, 64, 0, 200}), Errno::NotDir);  // the kind is checked before rights
  EXPECT_EQ(errno_of("fd_sync", {5}), Errno::Badf);
}

TEST(FdTable, ReusesLowestFreeSlotAndBoundsGrowth) {
  FdTable table;
  auto entry = [] { return FdEntry{std::make_shared<NullStream>(), 0, 0, 0, std::nullopt}; };
  EXPECT_EQ(*table.insert(entry()), 0u);
  EXPECT_EQ(*table.insert(entry()), 1u);
  ASSERT_TRUE(table.remove(0));
  EXPECT_EQ(*table.insert(entry()), 0u);
  EXPECT_EQ(table.insert_at(FdTable::kMaxFds, entry()).error(), Errno::Mfile);
  EXPECT_EQ(table.get(FdTable::kMaxFds).error(), Errno::Badf);
}

TEST(MemoryOutputStream, StopsAtItsLimit) {
  MemoryOutput out(4);
  std::vector<uint8_t> data{'a', 'b', 'c'};
  std::vector<std::span<uint8_t>> bufs{data};
  EXPECT_EQ(*out.write(bufs), 3u);
  EXPECT_EQ(out.write(bufs).error(), Errno::NoSpc);
  EXPECT_EQ(out.contents(), "abc");
}

}  // namespace
}  // namespace weft::wasi::test

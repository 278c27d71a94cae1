// End-to-end: a guest that hands WASI bad pointers, lengths, fds and paths gets an
// errno for each, through the real link layer, and the host never crashes.
#include <gtest/gtest.h>

#include <filesystem>

#include "process.h"
#include "wasi_guests.h"

namespace weft::e2e {
namespace {

const char* const kHostile = R"((module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; an iovec whose buffer runs past the end of memory, then a path that climbs out
  (data (i32.const 0) "\f0\ff\00\00\00\01\00\00")
  (data (i32.const 64) "../outside.txt")
  (func (export "iovec_record_cut") (result i32)
    (call $fd_write (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 128)))
  (func (export "iovec_buffer_outside") (result i32)
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 128)))
  (func (export "iovec_count_huge") (result i32)
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const -1) (i32.const 128)))
  (func (export "result_outside") (result i32)
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 0) (i32.const -4)))
  (func (export "path_outside_memory") (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 65000) (i32.const 100000) (i32.const 0)
      (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 128)))
  (func (export "path_escapes") (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 64) (i32.const 14) (i32.const 0)
      (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 128)))
  (func (export "path_on_stdout") (result i32)
    (call $path_open (i32.const 1) (i32.const 0) (i32.const 64) (i32.const 14) (i32.const 0)
      (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 128)))))";

TEST(WasiHostile, BadArgumentsGetAnErrno) {
  auto dir = fresh_dir("hostile");
  put_file(dir + "/../outside.txt", "outside");
  auto wat = write_file("hostile.wat", kHostile);
  const std::pair<const char*, const char*> kCases[] = {
      {"iovec_record_cut", "21\n"},      // FAULT
      {"iovec_buffer_outside", "21\n"},  // FAULT
      {"iovec_count_huge", "28\n"},      // INVAL
      {"result_outside", "21\n"},        // FAULT
      {"path_outside_memory", "21\n"},   // FAULT
      {"path_escapes", "63\n"},          // PERM
      {"path_on_stdout", "54\n"},        // NOTDIR
  };
  for (auto [name, errno_text] : kCases) {
    auto r = run_weft({"run", "--dir", dir, "--invoke", name, wat});
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    EXPECT_EQ(r.out, errno_text) << name;
  }
}

TEST(WasiHostile, NoMemoryIsAnErrorNotACrash) {
  auto wat = write_file("nomem.wat",
                        "(module (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) "
                        "(result i32))) (func (export \"_start\") (drop (call $w (i32.const 1) (i32.const 0) "
                        "(i32.const 1) (i32.const 0)))))");
  auto r = run_weft({"run", wat});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("exports no \"memory\""), std::string::npos) << r.err;
}

}  // namespace
}  // namespace weft::e2e

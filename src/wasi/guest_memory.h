// Bounds-checked access to a guest's linear memory: every guest pointer and length is untrusted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "wasi/abi.h"

namespace weft::wasi {

// Most buffers one fd_read / fd_write call takes (POSIX IOV_MAX on Linux).
constexpr uint32_t kMaxIovecs = 1024;

// A view of a guest memory (little-endian, wasm32 addresses). Every access checks
// `ptr + len <= size` in 64-bit arithmetic and fails with Errno::Fault otherwise.
// The view is invalidated when the memory grows; WASI calls never run guest code,
// so one view lasts for one host call.
class GuestMemory {
 public:
  explicit GuestMemory(std::span<uint8_t> bytes) : bytes_(bytes) {}

  uint64_t size() const { return bytes_.size(); }
  WasiResult<std::span<uint8_t>> slice(uint32_t ptr, uint64_t len) const;

  WasiResult<uint8_t> load_u8(uint32_t ptr) const;
  WasiResult<uint16_t> load_u16(uint32_t ptr) const;
  WasiResult<uint32_t> load_u32(uint32_t ptr) const;
  WasiResult<uint64_t> load_u64(uint32_t ptr) const;

  WasiResult<void> store_u8(uint32_t ptr, uint8_t v) const;
  WasiResult<void> store_u16(uint32_t ptr, uint16_t v) const;
  WasiResult<void> store_u32(uint32_t ptr, uint32_t v) const;
  WasiResult<void> store_u64(uint32_t ptr, uint64_t v) const;
  WasiResult<void> store_bytes(uint32_t ptr, std::span<const uint8_t> data) const;
  WasiResult<void> store_string(uint32_t ptr, std::string_view s) const;

  // Reads an array of `count` (c)iovec records at `ptr` and returns the buffers they
  // name, every one bounds-checked before any is used. More than kMaxIovecs is Inval;
  // the buffers are cut so that their total length fits the u32 `size` results.
  WasiResult<std::vector<std::span<uint8_t>>> iovecs(uint32_t ptr, uint32_t count) const;

 private:
  WasiResult<uint64_t> load_le(uint32_t ptr, uint32_t width) const;
  WasiResult<void> store_le(uint32_t ptr, uint32_t width, uint64_t v) const;

  std::span<uint8_t> bytes_;
};

}  // namespace weft::wasi

// Bounds-checked little-endian loads and stores into a guest's linear memory.
#include "wasi/guest_memory.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace weft::wasi {

WasiResult<std::span<uint8_t>> GuestMemory::slice(uint32_t ptr, uint64_t len) const {
  if (uint64_t(ptr) + len > bytes_.size()) return std::unexpected(Errno::Fault);
  return bytes_.subspan(ptr, len);
}

// Byte by byte so that the host's own byte order never matters.
WasiResult<uint64_t> GuestMemory::load_le(uint32_t ptr, uint32_t width) const {
  WASI_TRY(bytes, slice(ptr, width));
  uint64_t v = 0;
  for (uint32_t i = width; i-- > 0;) v = (v << 8) | bytes[i];
  return v;
}

WasiResult<void> GuestMemory::store_le(uint32_t ptr, uint32_t width, uint64_t v) const {
  WASI_TRY(bytes, slice(ptr, width));
  for (uint32_t i = 0; i < width; ++i, v >>= 8) bytes[i] = uint8_t(v);
  return {};
}

WasiResult<uint8_t> GuestMemory::load_u8(uint32_t ptr) const {
  WASI_TRY(v, load_le(ptr, 1));
  return uint8_t(v);
}
WasiResult<uint16_t> GuestMemory::load_u16(uint32_t ptr) const {
  WASI_TRY(v, load_le(ptr, 2));
  return uint16_t(v);
}
WasiResult<uint32_t> GuestMemory::load_u32(uint32_t ptr) const {
  WASI_TRY(v, load_le(ptr, 4));
  return uint32_t(v);
}
WasiResult<uint64_t> GuestMemory::load_u64(uint32_t ptr) const { return load_le(ptr, 8); }

WasiResult<void> GuestMemory::store_u8(uint32_t ptr, uint8_t v) const { return store_le(ptr, 1, v); }
WasiResult<void> GuestMemory::store_u16(uint32_t ptr, uint16_t v) const { return store_le(ptr, 2, v); }
WasiResult<void> GuestMemory::store_u32(uint32_t ptr, uint32_t v) const { return store_le(ptr, 4, v); }
WasiResult<void> GuestMemory::store_u64(uint32_t ptr, uint64_t v) const { return store_le(ptr, 8, v); }

WasiResult<void> GuestMemory::store_bytes(uint32_t ptr, std::span<const uint8_t> data) const {
  WASI_TRY(dest, slice(ptr, data.size()));
  // memmove: the source may itself live in guest memory and overlap.
  if (!data.empty()) std::memmove(dest.data(), data.data(), data.size());
  return {};
}

WasiResult<void> GuestMemory::store_string(uint32_t ptr, std::string_view s) const {
  return store_bytes(ptr, std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

WasiResult<std::vector<std::span<uint8_t>>> GuestMemory::iovecs(uint32_t ptr, uint32_t count) const {
  if (count > kMaxIovecs) return std::unexpected(Errno::Inval);
  WASI_CHECK(slice(ptr, uint64_t(count) * layout::kIovecSize));
  std::vector<std::span<uint8_t>> buffers;
  buffers.reserve(count);
  uint64_t room = std::numeric_limits<uint32_t>::max();
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t rec = ptr + i * layout::kIovecSize;
    WASI_TRY(buf, load_u32(rec));
    WASI_TRY(len, load_u32(rec + 4));
    WASI_TRY(bytes, slice(buf, len));
    // Every buffer is checked even past the cut, so a bad pointer is always a fault.
    buffers.push_back(bytes.first(std::min<uint64_t>(bytes.size(), room)));
    room -= buffers.back().size();
  }
  return buffers;
}

}  // namespace weft::wasi

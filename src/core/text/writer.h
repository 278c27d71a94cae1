// Appending binary-format primitives (LEB128, floats, names, vectors) to a byte buffer.
// spec: https://webassembly.github.io/spec/core/binary/values.html
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace weft::core::text {

using Bytes = std::vector<uint8_t>;

inline void write_u64(Bytes& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(uint8_t(b | (v ? 0x80 : 0)));
  } while (v);
}

inline void write_u32(Bytes& out, uint32_t v) { write_u64(out, v); }

inline void write_s64(Bytes& out, int64_t v) {
  while (true) {
    uint8_t b = v & 0x7f;
    v >>= 7;  // arithmetic shift
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    out.push_back(uint8_t(b | (done ? 0 : 0x80)));
    if (done) return;
  }
}

inline void write_s32(Bytes& out, int32_t v) { write_s64(out, v); }

inline void write_fixed(Bytes& out, uint64_t bits, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(uint8_t(bits >> (8 * i)));
}

inline void write_bytes(Bytes& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

inline void write_name(Bytes& out, std::string_view s) {
  write_u32(out, uint32_t(s.size()));
  write_bytes(out, s);
}

// A section: id, byte size, then the `count` entries already encoded in `body`.
inline void write_section(Bytes& out, uint8_t id, uint32_t count, const Bytes& body) {
  Bytes head;
  write_u32(head, count);
  out.push_back(id);
  write_u32(out, uint32_t(head.size() + body.size()));
  out.insert(out.end(), head.begin(), head.end());
  out.insert(out.end(), body.begin(), body.end());
}

}  // namespace weft::core::text

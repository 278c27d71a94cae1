// LEB128 and primitive decoding with the spec testsuite's error messages.
#include "core/binary/reader.h"

namespace weft::core {

template <class T, int Bits, bool Signed>
Result<T> Reader::leb() {
  using U = std::make_unsigned_t<T>;
  constexpr int kMaxBytes = (Bits + 6) / 7;
  U result = 0;
  int shift = 0;
  for (int i = 0;; ++i) {
    if (at_end()) return fail("unexpected end");
    uint8_t byte = bytes_[pos_++];
    if (i == kMaxBytes - 1) {
      // Last permitted byte: no continuation, and unused bits must be zero
      // (unsigned) or a sign extension of the value's top bit (signed).
      if (byte & 0x80) return fail_at(offset() - 1, "integer representation too long");
      int used = Bits - shift;  // payload bits that belong to the value
      uint8_t rest = uint8_t(byte & 0x7f) >> (used - (Signed ? 1 : 0));
      if constexpr (Signed) {
        uint8_t all_ones = uint8_t(0x7f >> (used - 1));
        if (rest != 0 && rest != all_ones) return fail_at(offset() - 1, "integer too large");
      } else {
        if (rest != 0) return fail_at(offset() - 1, "integer too large");
      }
    }
    result |= U(byte & 0x7f) << shift;
    shift += 7;
    if (!(byte & 0x80)) {
      if constexpr (Signed) {
        if (shift < Bits && (byte & 0x40)) result |= ~U(0) << shift;
      }
      return T(result);
    }
  }
}

Result<uint8_t> Reader::u8() {
  if (at_end()) return fail("unexpected end");
  return bytes_[pos_++];
}

Result<uint8_t> Reader::peek() const {
  if (at_end()) return fail("unexpected end");
  return bytes_[pos_];
}

Result<uint32_t> Reader::u32() { return leb<uint32_t, 32, false>(); }
Result<uint64_t> Reader::u64() { return leb<uint64_t, 64, false>(); }
Result<int32_t> Reader::s32() { return leb<int32_t, 32, true>(); }
Result<int64_t> Reader::s64() { return leb<int64_t, 64, true>(); }

Result<int64_t> Reader::s33() {
  // 33-bit signed: read as s64 limited to 5 bytes.
  int64_t result = 0;
  int shift = 0;
  for (int i = 0;; ++i) {
    if (at_end()) return fail("unexpected end");
    uint8_t byte = bytes_[pos_++];
    if (i == 4) {
      if (byte & 0x80) return fail_at(offset() - 1, "integer representation too long");
      uint8_t rest = uint8_t(byte & 0x7f) >> 4;  // 28 bits so far, 5 more used, top is sign
      if (rest != 0 && rest != 0x7) return fail_at(offset() - 1, "integer too large");
    }
    result |= int64_t(byte & 0x7f) << shift;
    shift += 7;
    if (!(byte & 0x80)) {
      if (shift < 64 && (byte & 0x40)) result |= ~int64_t(0) << shift;
      return result;
    }
  }
}

Result<uint32_t> Reader::f32_bits() {
  auto b = take(4);
  if (!b) return std::unexpected(b.error());
  uint32_t v;
  std::memcpy(&v, b->data(), 4);
  return v;
}

Result<uint64_t> Reader::f64_bits() {
  auto b = take(8);
  if (!b) return std::unexpected(b.error());
  uint64_t v;
  std::memcpy(&v, b->data(), 8);
  return v;
}

Result<std::span<const uint8_t>> Reader::take(size_t n) {
  if (n > remaining()) {
    pos_ = bytes_.size();
    return fail("unexpected end");
  }
  auto s = bytes_.subspan(pos_, n);
  pos_ += n;
  return s;
}

Result<std::string> Reader::name() {
  auto len = u32();
  if (!len) return std::unexpected(len.error());
  if (*len > remaining()) return fail("length out of bounds");
  auto bytes = take(*len);
  if (!is_valid_utf8(*bytes)) return fail("malformed UTF-8 encoding");
  return std::string(bytes->begin(), bytes->end());
}

bool is_valid_utf8(std::span<const uint8_t> s) {
  size_t i = 0;
  while (i < s.size()) {
    uint8_t c = s[i];
    if (c < 0x80) { ++i; continue; }
    int n;
    uint32_t cp;
    if ((c & 0xe0) == 0xc0) { n = 1; cp = c & 0x1f; }
    else if ((c & 0xf0) == 0xe0) { n = 2; cp = c & 0x0f; }
    else if ((c & 0xf8) == 0xf0) { n = 3; cp = c & 0x07; }
    else return false;
    for (int k = 1; k <= n; ++k) {
      if (i + k >= s.size() || (s[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3f);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace weft::core

// A bounds-checked cursor over wasm bytes: LEB128, floats, names, with spec error messages.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "support/error.h"

namespace weft::core {

class Reader {
 public:
  // `base` is the absolute offset of bytes[0] in the whole binary, for error spans.
  Reader(std::span<const uint8_t> bytes, uint32_t base = 0) : bytes_(bytes), base_(base) {}

  uint32_t offset() const { return base_ + uint32_t(pos_); }  // absolute offset
  size_t pos() const { return pos_; }
  bool at_end() const { return pos_ >= bytes_.size(); }
  size_t remaining() const { return bytes_.size() - pos_; }
  std::span<const uint8_t> bytes() const { return bytes_; }

  Result<uint8_t> u8();
  Result<uint32_t> u32();  // unsigned LEB128, at most 5 bytes
  Result<uint64_t> u64();  // unsigned LEB128, at most 10 bytes
  Result<int32_t> s32();
  Result<int64_t> s64();
  Result<int64_t> s33();   // block types
  Result<uint32_t> f32_bits();
  Result<uint64_t> f64_bits();
  Result<std::string> name();  // vec(byte) that must be valid UTF-8
  Result<std::span<const uint8_t>> take(size_t n);
  Result<uint8_t> peek() const;
  void skip(size_t n) { pos_ += n; }
  void back(size_t n) { pos_ = n <= pos_ ? pos_ - n : 0; }  // un-reads bytes already read

  std::unexpected<Error> fail(std::string message) const { return make_error(Phase::Decode, Span::at(offset()), std::move(message)); }
  std::unexpected<Error> fail_at(uint32_t abs_offset, std::string message) const {
    return make_error(Phase::Decode, Span::at(abs_offset), std::move(message));
  }

 private:
  template <class T, int Bits, bool Signed>
  Result<T> leb();

  std::span<const uint8_t> bytes_;
  uint32_t base_;
  size_t pos_ = 0;
};

bool is_valid_utf8(std::span<const uint8_t> bytes);

}  // namespace weft::core

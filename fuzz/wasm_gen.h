// A generator of valid WebAssembly modules driven by fuzzer bytes, for fuzz_interp.
// It writes the binary format itself and knows the typing rules independently of
// core/validate, so that a module it produces and the validator rejects is a bug
// in one of the two.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace weft::fuzz {

// Turns fuzzer bytes into choices and values, like libFuzzer's FuzzedDataProvider:
// structural choices come from the front, constants from the back. Once the two
// ends meet every read returns zero, so a generator that makes zero its simplest
// choice always terminates.
class ByteSource {
 public:
  explicit ByteSource(std::span<const uint8_t> data) : data_(data) {}

  bool empty() const { return front_ + back_ >= data_.size(); }
  uint8_t choice_byte();
  // A choice in [0, n); n must be positive.
  uint32_t below(uint32_t n);
  bool one_in(uint32_t n) { return below(n) == 0; }
  // `bytes` bytes (at most 8) from the back, little-endian.
  uint64_t value_bits(unsigned bytes);
  // Everything not consumed yet (for raw-module mode).
  std::span<const uint8_t> rest() const;

 private:
  std::span<const uint8_t> data_;
  size_t front_ = 0;
  size_t back_ = 0;
};

// Limits of what a generated module contains; small so that each run is fast.
struct GenLimits {
  uint32_t max_funcs = 8;           // defined functions
  uint32_t max_instrs_per_func = 160;
  uint32_t max_instrs_total = 800;
  uint32_t max_depth = 6;           // nested blocks in one function
  uint32_t max_operand_depth = 12;  // values above the current block's base
};

// A binary module that validates with every default feature on (multi-value, bulk
// memory, reference types, tail calls, extended constants, multi-memory).
std::vector<uint8_t> generate_module(ByteSource& src, const GenLimits& limits = {});

}  // namespace weft::fuzz

// A tiny helper for tests: assembles module bytes section by section.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace weft::core::test {

inline void leb_u(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(b | (v ? 0x80 : 0));
  } while (v);
}

struct WasmBuilder {
  std::vector<uint8_t> bytes{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  WasmBuilder& section(uint8_t id, std::initializer_list<uint8_t> content) {
    return section(id, std::vector<uint8_t>(content));
  }
  WasmBuilder& section(uint8_t id, const std::vector<uint8_t>& content) {
    bytes.push_back(id);
    leb_u(bytes, content.size());
    bytes.insert(bytes.end(), content.begin(), content.end());
    return *this;
  }
  // One function type [] -> [i32], one function with the given body (locals excluded).
  static std::vector<uint8_t> single_func(std::vector<uint8_t> body, uint8_t result = 0x7f) {
    WasmBuilder b;
    b.section(1, {0x01, 0x60, 0x00, 0x01, result});
    b.section(3, {0x01, 0x00});
    std::vector<uint8_t> code{0x01};
    std::vector<uint8_t> fn{0x00};  // no locals
    fn.insert(fn.end(), body.begin(), body.end());
    leb_u(code, fn.size());
    code.insert(code.end(), fn.begin(), fn.end());
    b.section(10, code);
    return b.bytes;
  }
};

}  // namespace weft::core::test

// A tiny helper for tests: assembles component bytes section by section.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "../../core/binary/wasm_builder.h"

namespace weft::component::test {

using Bytes = std::vector<uint8_t>;

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// A name: length-prefixed UTF-8.
inline Bytes str(std::string_view s) {
  Bytes out;
  core::test::leb_u(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

inline Bytes u32(uint32_t v) {
  Bytes out;
  core::test::leb_u(out, v);
  return out;
}

struct ComponentBuilder {
  Bytes bytes{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  ComponentBuilder& section(uint8_t id, const Bytes& content) {
    bytes.push_back(id);
    core::test::leb_u(bytes, content.size());
    bytes.insert(bytes.end(), content.begin(), content.end());
    return *this;
  }
  // A section holding a vector of `items` entries.
  ComponentBuilder& vec(uint8_t id, std::initializer_list<Bytes> items) {
    Bytes content = u32(uint32_t(items.size()));
    for (const Bytes& i : items) content.insert(content.end(), i.begin(), i.end());
    return section(id, content);
  }
};

// Section ids (Binary.md).
enum : uint8_t { kCoreModule = 1, kCoreInstance = 2, kCoreType = 3, kComponent = 4, kInstance = 5, kAlias = 6,
                 kType = 7, kCanon = 8, kStart = 9, kImport = 10, kExport = 11, kValue = 12 };

// A plain `nameattributes`.
inline Bytes plain(std::string_view s) { return cat({{0x00}, str(s)}); }

}  // namespace weft::component::test

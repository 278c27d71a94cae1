// Decoding component binaries back to the WIT model: the inverse of `encode.h`.
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/WIT.md#package-format
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "component/wit/model.h"
#include "support/error.h"

namespace weft::component::wit {

// What a binary turned out to hold.
struct Decoded {
  enum class Kind : uint8_t {
    Package,    // a WIT package encoded as a component (`weft wit encode`, wit-component)
    Component,  // an ordinary component: described by the world `root:component/root`
    Module,     // a core module with a `component-type:*` custom section (`jco embed`)
  };
  Kind kind = Kind::Package;
  PackageId package;             // the package the binary describes
  std::optional<WorldId> world;  // Component, Module: the world
};

// Decodes a component or core module binary into `resolve`. Packages and interfaces
// already in `resolve` are merged with the decoded ones by name, so a dependency
// seen by several binaries is one entity. The binary is validated first; every
// malformed input gives an error with a byte offset.
Result<Decoded> decode_wasm(Resolve& resolve, std::span<const uint8_t> bytes);

// The world `world` of `resolve` as a `component-type:<name>` custom section payload,
// the way wit-component stores it in a core module: a component holding the world's
// package-format encoding, exported under the world's name.
Result<std::vector<uint8_t>> encode_world_metadata(const Resolve& resolve, WorldId world);

// `module` (a core module binary) with a `component-type:<world>` custom section
// added describing `world`. An existing `component-type*` section is an error.
Result<std::vector<uint8_t>> embed_world(std::span<const uint8_t> module, const Resolve& resolve, WorldId world);

// The item names `ns:pkg/name@version` splits into, or nullopt when `name` is not one.
struct ItemPath {
  PackageName package;
  std::string name;
};
std::optional<ItemPath> parse_item_path(std::string_view name);

}  // namespace weft::component::wit

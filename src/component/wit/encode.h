// A WIT package as a component binary: the package format wit-component writes.
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/WIT.md#package-format
#pragma once

#include <cstdint>
#include <vector>

#include "component/wit/model.h"
#include "support/error.h"

namespace weft::component::wit {

// Encodes package `pkg` of `resolve` as a component that exports one component
// type per interface and per world, in the package's order. Each interface type
// imports every interface it depends on (with all of their types) and exports the
// interface's instance type under its full name; each world type exports the
// world's component type. Docs and feature gates (wit-component's `package-docs`
// custom section) are not written yet.
Result<std::vector<uint8_t>> encode_package(const Resolve& resolve, PackageId pkg);

// The component type of one package item for world `world`: a component type that
// exports the world's component type under the world's full name.
Result<std::vector<uint8_t>> encode_world_type(const Resolve& resolve, WorldId world);

}  // namespace weft::component::wit

// Turning a core module whose `component-type:*` custom section describes its world into
// a component: what `wasm-tools component new` (wit-component) does.
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/Explainer.md
//
// The core module follows wit-component's naming contract: an imported function is the
// core import `IFACE`.`f` (`$root`.`f` for one of the world), an exported one the core
// export `IFACE#f` (`f`), with `cabi_post_…` post-return functions, `cabi_realloc`,
// `memory` and `_initialize`; exported resources come from `[export]IFACE` imports.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "support/error.h"

namespace weft::componentize {

// A core module that provides the main module's core import module `name`
// (`--adapt NAME=PATH`), e.g. a WASI preview-1 adapter; see docs/componentize.md.
struct Adapter {
  std::string name;
  std::vector<uint8_t> bytes;
};

struct Options {
  std::vector<Adapter> adapters;
};

// The component made from `module`. Errors name the core import or export at fault and
// its byte offset in `module`.
Result<std::vector<uint8_t>> componentize(std::span<const uint8_t> module, const Options& options = {});

}  // namespace weft::componentize

// The canonical ABI's flattening of WIT function types into core signatures, and which
// canonical options (`memory`, `realloc`) a lift or lower of them needs.
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/CanonicalABI.md#flattening
#pragma once

#include <vector>

#include "component/wit/model.h"
#include "core/binary/types.h"

namespace weft::componentize {

// How a function crosses the boundary: its core signature and the options it needs.
struct FuncAbi {
  core::FuncType sig;
  bool memory = false;   // strings/lists somewhere, or spilled parameters/results
  bool realloc = false;  // the callee side must allocate in guest memory
  bool strings = false;  // a string somewhere: `string-encoding=utf8`
};

// spec: flatten_functype with `canon lift` (an export of the core module).
FuncAbi lift_abi(const component::wit::Resolve& r, const component::wit::Function& f);
// spec: flatten_functype with `canon lower` (an import of the core module).
FuncAbi lower_abi(const component::wit::Resolve& r, const component::wit::Function& f);

// The flat types of `t` appended to `out`.
void flatten_type(const component::wit::Resolve& r, component::wit::Type t, std::vector<core::ValType>& out);

}  // namespace weft::componentize

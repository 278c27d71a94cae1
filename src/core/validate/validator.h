// Module validation: produces the immutable ValidatedModule every instance shares.
// spec: https://webassembly.github.io/spec/core/valid/modules.html
#pragma once

#include <memory>

#include "core/binary/features.h"
#include "core/binary/module.h"
#include "core/validate/type_registry.h"
#include "support/error.h"

namespace weft::core {

struct ValidatedModule {
  Module module;
  Features features;
  // C.refs, kept for compilers that re-run the function decoder.
  std::vector<bool> declared_funcs;
  // The canonical entry of each type index (process-wide ids, see type_registry.h).
  std::vector<const CanonType*> types;
};

using ValidatedModulePtr = std::shared_ptr<const ValidatedModule>;

// Validates a decoded module. Never mutates it: on success it moves into the result.
Result<ValidatedModulePtr> validate_module(Module module, const Features& features = {});

// Decode and validate in one step.
Result<ValidatedModulePtr> load_module(std::span<const uint8_t> bytes, const Features& features = {});

// Checks a constant expression and returns its type (one value).
struct ValidationContext;
Result<ValType> validate_const_expr(const ValidationContext& ctx, ConstExpr expr, ValType expected,
                                    uint32_t visible_globals);

}  // namespace weft::core

// What the validator knows about the module around a function body (the spec's context C).
#pragma once

#include <vector>

#include "core/binary/features.h"
#include "core/binary/module.h"
#include "core/validate/subtyping.h"
#include "core/validate/type_registry.h"

namespace weft::core {

struct ValidationContext {
  const Module& module;
  const Features& features;
  // C.refs: functions referenced outside function bodies (elements, exports,
  // global initialisers); only these may be named by ref.func in code.
  std::vector<bool> declared_funcs;
  // The canonical entry of each type index (type equivalence and subtyping).
  std::vector<const CanonType*> types;

  TypeSpace space() const { return TypeSpace{types}; }
  bool subtype(ValType a, ValType b) const { return val_subtype(a, b, space()); }
  // The defined type at index `t` when it exists and has kind `k`.
  const SubType* def(uint32_t t, CompKind k) const {
    return t < module.types.size() && module.types[t].kind == k ? &module.types[t] : nullptr;
  }
};

}  // namespace weft::core

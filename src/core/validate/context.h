// What the validator knows about the module around a function body (the spec's context C).
#pragma once

#include <vector>

#include "core/binary/features.h"
#include "core/binary/module.h"

namespace weft::core {

struct ValidationContext {
  const Module& module;
  const Features& features;
  // C.refs: functions referenced outside function bodies (elements, exports,
  // global initialisers); only these may be named by ref.func in code.
  std::vector<bool> declared_funcs;
};

}  // namespace weft::core

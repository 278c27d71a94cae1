// Which ValKind a primitive value type's values have (header-only: WAVE, the
// canonical ABI and the script runner share it without linking each other).
#pragma once

#include <optional>

#include "component/canon/value.h"
#include "component/types/types.h"

namespace weft::component {

// nullopt for error-context, which has no Val kind yet.
inline std::optional<ValKind> prim_val_kind(PrimValType p) {
  switch (p) {
    case PrimValType::Bool: return ValKind::Bool;
    case PrimValType::S8: return ValKind::S8;
    case PrimValType::U8: return ValKind::U8;
    case PrimValType::S16: return ValKind::S16;
    case PrimValType::U16: return ValKind::U16;
    case PrimValType::S32: return ValKind::S32;
    case PrimValType::U32: return ValKind::U32;
    case PrimValType::S64: return ValKind::S64;
    case PrimValType::U64: return ValKind::U64;
    case PrimValType::F32: return ValKind::F32;
    case PrimValType::F64: return ValKind::F64;
    case PrimValType::Char: return ValKind::Char;
    case PrimValType::String: return ValKind::String;
    case PrimValType::ErrorContext: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace weft::component

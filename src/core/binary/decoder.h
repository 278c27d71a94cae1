// Decodes a binary module, section by section, into a Module (no validation yet).
#pragma once

#include <cstdint>
#include <span>

#include "core/binary/features.h"
#include "core/binary/module.h"
#include "support/error.h"

namespace weft::core {

// Decodes `bytes`; the module keeps its own copy of them. Errors carry byte offsets
// and the spec testsuite's "malformed" messages.
Result<Module> decode_module(std::span<const uint8_t> bytes, const Features& features = {});

// Finds the `end` that closes a constant expression starting at the reader's
// position and returns its byte range (the `end` included).
Result<ConstExpr> scan_const_expr(class Reader& r, const Features& features);

}  // namespace weft::core

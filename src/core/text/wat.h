// Encoding a WAT module from already lexed tokens. Public so that text formats
// layered above core (the component model's `(core module ...)`) reuse the one
// module encoder instead of writing a second.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/text/lexer.h"
#include "support/error.h"

namespace weft::core::text {

struct WatOptions {
  bool emit_names = true;  // a `name` section with function names
};

// Encodes the module whose fields are tokens[begin, end): `end` is the module's
// closing parenthesis (or the Eof token for a bare list of fields).
Result<std::vector<uint8_t>> encode_module(const std::vector<Token>& tokens, size_t begin, size_t end,
                                           const WatOptions& options = {});

}  // namespace weft::core::text

// The component text format: `(component ...)` text to the component binary format.
// spec: Explainer.md (text), Binary.md (encoding)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/lexer.h"
#include "support/error.h"

namespace weft::component::text {

// Parses one component, `(component $id? definition*)`, and encodes it in the
// binary format, nested core modules included. Does not validate: that is
// for the component validator. Errors carry the line:column of the text.
Result<std::vector<uint8_t>> parse_component_wat(std::string_view source);

// The same on already lexed text: the definitions tokens[begin, end) of one
// component (`end` is its closing parenthesis) named `id` (without the `$`),
// which outer aliases may use.
Result<std::vector<uint8_t>> encode_component_fields(const std::vector<core::text::Token>& tokens, size_t begin,
                                                     size_t end, const std::optional<std::string>& id = {});

// The same for `(component quote "...")`: the definitions of a component with no
// surrounding `(component ...)`.
Result<std::vector<uint8_t>> parse_component_fields(std::string_view source);

}  // namespace weft::component::text

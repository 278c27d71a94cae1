// Component script values (`u32.const 1`, `str.const "x"`, `record.const ...`) as
// component values of a given type, and matching of results and trap messages.
#pragma once

#include <string>
#include <string_view>

#include "component/canon/value.h"
#include "component/text/script.h"
#include "component/types/types.h"
#include "support/error.h"

namespace weft::wast {

// The script value as a Val of `type` (labels looked up in the type); an error
// when its shape does not fit the type.
Result<component::Val> to_component_val(const component::text::ScriptValue& sv, const component::TypeArena& types,
                                        component::ValType type);

// Does `actual` match the expected script value? (NaN patterns match any NaN.)
bool component_result_matches(const component::Val& actual, const component::text::ScriptValue& expected,
                              const component::TypeArena& types, component::ValType type);

// The script's expected trap text against weft's message: a `wasm trap: ` prefix is
// dropped, and Wasmtime's wording of a trap the spec names the same way is accepted
// (the table is in component_values.cpp).
bool component_messages_agree(std::string_view actual, std::string_view expected);

std::string format_component_val(const component::Val& v);

}  // namespace weft::wast

// Test helper: a resolved WIT model, ours or wit-parser's JSON, as comparable lines.
//
// Both sides are rendered to the same text: packages, interfaces (with their type
// and function maps in order), worlds (imports and exports in order), and every
// named type definition in arena order. Types are written structurally (a named type
// as owner.name, an anonymous one by its shape), so the numbering of anonymous types,
// which differs between implementations, does not matter.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "component/wit/model.h"

namespace weft::component::wit::testing {

std::vector<std::string> describe_model(const Resolve& resolve);
std::vector<std::string> describe_json(const nlohmann::ordered_json& json);

// "" when equal; otherwise the first difference with a little context.
std::string diff_lines(const std::vector<std::string>& expected, const std::vector<std::string>& actual);

}  // namespace weft::component::wit::testing

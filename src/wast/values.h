// Script values: conversion to runtime values, result matching and printing.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/runtime/store.h"
#include "core/runtime/value.h"
#include "core/text/script.h"

namespace weft::wast {

bool uses_v128(std::span<const core::text::ScriptValue> values);
Result<std::vector<core::Value>> to_values(std::span<const core::text::ScriptValue> args);
// Exact bits for numbers, NaN classes for nan:canonical/arithmetic, nullness and
// host identity for references.
// `store` made the values: references are tested against it.
bool result_matches(const core::Store& store, const core::Value& actual, const core::text::ScriptValue& expected);
bool results_match(const core::Store& store, std::span<const core::Value> actual,
                   std::span<const core::text::ScriptValue> expected);
// The reference interpreter's rule: the expected text is a prefix of the actual message.
bool messages_agree(std::string_view actual, std::string_view expected);

std::string format_value(const core::Value& v);
std::string format_values(std::span<const core::Value> values);
std::string format_expected(std::span<const core::text::ScriptValue> values);

}  // namespace weft::wast

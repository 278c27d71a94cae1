// Types the WAVE tests build values of, and helpers that parse and print them.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "component/wave/wave.h"

namespace weft::component::wave::testing {

inline ValType prim(PrimValType p) { return TypeRef::prim(p); }

struct Types {
  TypeArena arena;

  ValType add(DefinedKind kind, auto fill) {
    DefinedType d;
    d.kind = kind;
    fill(d);
    return arena.add_defined(std::move(d));
  }
  ValType list(ValType elem) { return add(DefinedKind::List, [&](DefinedType& d) { d.elem = elem; }); }
  ValType fixed_list(ValType elem, uint32_t n) {
    return add(DefinedKind::FixedList, [&](DefinedType& d) { d.elem = elem; d.length = n; });
  }
  ValType option(ValType elem) { return add(DefinedKind::Option, [&](DefinedType& d) { d.elem = elem; }); }
  ValType result(std::optional<ValType> ok, std::optional<ValType> err) {
    return add(DefinedKind::Result, [&](DefinedType& d) { d.elem = ok; d.elem2 = err; });
  }
  ValType tuple(std::vector<ValType> types) {
    return add(DefinedKind::Tuple, [&](DefinedType& d) { d.types = std::move(types); });
  }
  ValType record(std::vector<Field> fields) {
    return add(DefinedKind::Record, [&](DefinedType& d) { d.fields = std::move(fields); });
  }
  ValType variant(std::vector<Case> cases) {
    return add(DefinedKind::Variant, [&](DefinedType& d) { d.cases = std::move(cases); });
  }
  ValType enumeration(std::vector<std::string> labels) {
    return add(DefinedKind::Enum, [&](DefinedType& d) { d.labels = std::move(labels); });
  }
  ValType flags(std::vector<std::string> labels) {
    return add(DefinedKind::Flags, [&](DefinedType& d) { d.labels = std::move(labels); });
  }

  // Parses `text`, failing the test on an error.
  Val parse(std::string_view text, ValType type) {
    auto v = parse_value(text, arena, type);
    EXPECT_TRUE(v.has_value()) << text << ": " << (v ? "" : v.error().to_string());
    return v ? *v : Val{};
  }
  // The error parsing `text` gives, as "line:column: message".
  std::string error(std::string_view text, ValType type) {
    auto v = parse_value(text, arena, type);
    if (v) return "parsed: " + print_value(*v, arena, type);
    return std::to_string(v.error().span.line) + ":" + std::to_string(v.error().span.column) + ": " +
           v.error().message;
  }
  // Parses and prints again.
  std::string canonical(std::string_view text, ValType type) {
    auto v = parse_value(text, arena, type);
    if (!v) return "error: " + v.error().message;
    return print_value(*v, arena, type);
  }
  std::string print(const Val& v, ValType type) { return print_value(v, arena, type); }
};

}  // namespace weft::component::wave::testing

// The passes over a parsed component: expansion of the abbreviations, then
// name resolution, then binary encoding. Internal to weft_component_text.
#pragma once

#include <cstdint>
#include <vector>

#include "component/text/ast.h"
#include "core/text/lexer.h"

namespace weft::component::text {

// Ids the passes make up are numbered from one counter per component text.
struct Gensym {
  uint32_t next = 0;
  Id make(Span span = {}) { return Id{{}, ++next, span}; }
  void fill(std::optional<Id>& id, Span span) {
    if (!id) id = make(span);
  }
};

// Desugars inline type definitions (into preceding type definitions), inline
// exports (into export definitions at the end of the component) and inline
// instance arguments (into preceding instances).
// spec: Explainer.md's abbreviations; the order follows wasm-tools so that the
// binaries match byte for byte.
void expand(ComponentField& component, Gensym& gensym);

// Turns every id into an index, inserting the aliases that inline export
// references `(func $i "f")` and references to outer definitions stand for.
Result<void> resolve(ComponentField& component, Gensym& gensym);

// The binary encoding of a resolved component; core modules are encoded from
// their tokens by the core WAT encoder.
Result<std::vector<uint8_t>> encode(const ComponentField& component, const std::vector<core::text::Token>& tokens);

}  // namespace weft::component::text

// WAVE, the WebAssembly Value Encoding: component values as text, parsed and printed
// against the value type that travels beside them.
// spec: wasm-wave/README.md (shared/spec/wasm-wave), "Encoding" and "Appendix: Function calls"
//
// What is supported: bool, integers, floats (nan, inf, -inf), char, string (escapes
// and multiline strings), list and list<T, N>, record (omitted option fields), tuple,
// variant, enum, option and result (explicit and flat forms), flags. Not supported
// yet: own, borrow, stream, future, map and error-context have no WAVE syntax in the
// spec; parsing them fails with "not supported yet: WAVE for <kind>" and printing
// writes a placeholder such as `<own>`. `<invalid>` marks a Val that does not match
// its type.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "component/canon/value.h"
#include "component/types/types.h"
#include "support/error.h"

namespace weft::component::wave {

// How deep values may nest before parsing stops with "nesting too deep": deeper than
// any valid type (kMaxTypeDepth), and far from the stack's limit.
constexpr uint32_t kMaxDepth = 128;

// Parses `text`, which must hold exactly one value of `type` (whitespace and `//`
// comments around it are fine). Errors are Phase::Text with a 1-based line:column.
Result<Val> parse_value(std::string_view text, const TypeArena& types, ValType type);

// The canonical WAVE text of `v`, as wasm-wave's writer prints it: options and
// results in variant form, none-valued record fields left out (`{:}` when all are),
// floats as the shortest decimal that reads back to the same bits (never exponent
// notation, like Rust's Display), every NaN as `nan`, keyword-named cases with `%`.
std::string print_value(const Val& v, const TypeArena& types, ValType type);

// One argument of a call: its text and where it starts in the call's text.
struct Argument {
  std::string text;
  size_t offset = 0;
};

// `name(arg, ...)`, as `weft run --invoke` takes it. The name is a plain or
// `%`-escaped label (the `%` is dropped), `[method]res.name`-style or an
// interface-qualified `ns:pkg/iface@1.0.0#func`; the arguments are not yet typed.
struct Invocation {
  std::string name;
  std::vector<Argument> args;
  std::string source;   // the whole call, for line:column in parse_args errors
  size_t close = 0;     // offset of the closing ')' in `source`
};

Result<Invocation> parse_invocation(std::string_view text);

// Types the arguments. Trailing option parameters may be left out (they are none),
// as the spec's function-call appendix allows.
Result<std::vector<Val>> parse_args(const Invocation& call, const TypeArena& types,
                                    const std::vector<ValType>& params);

}  // namespace weft::component::wave

// The parsed form of a .wast script that may hold components as well as core
// modules: the component model's script commands and values, with everything
// core delegated to core's script parser.
// spec: the WAST forms of wasm-tools' `wast` crate, as the component-model and
// Wasmtime test scripts use them
//
// Why here and not in src/wast: this is text parsing, layered above core/text
// like the rest of the component text format, and src/wast (the runner, above
// both engines) consumes it. Core stays unaware of components: it only lends
// its module and value readers (core/text/script.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/text/script.h"
#include "support/error.h"

namespace weft::component::text {

// An argument or expected result of an action on a component (or core module).
struct ScriptValue {
  enum class Kind : uint8_t {
    Bool, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, Char, String,
    List, Record, Tuple, Variant, Enum, Option, Result, Flags,
    Core,  // i32.const, i64.const, v128.const, ref.*: a core value
  };
  enum class Nan : uint8_t { None, Canonical, Arithmetic };  // F32/F64 results only
  Kind kind = Kind::Bool;
  // Bool: 0 or 1; integers: the value, signed ones sign-extended; F32/F64: IEEE
  // bits; Char: the code point; Option: 1 when some; Result: 1 when an error.
  uint64_t bits = 0;
  Nan nan = Nan::None;
  std::string text;                 // String; Variant and Enum: the case label
  std::vector<std::string> labels;  // Record: field labels; Flags: the flags set
  std::vector<ScriptValue> items;   // List, Record, Tuple; Variant, Option, Result: payload (0 or 1)
  core::text::ScriptValue core;     // Core
};

// A core module or a component, as written in a script. The component forms
// mirror the module ones: text, `binary "..."*`, `quote "..."*`, `definition`.
struct ScriptUnit {
  bool component = false;
  core::text::ScriptModule module;
};

struct Action {
  enum class Kind : uint8_t { Invoke, Get };
  Kind kind = Kind::Invoke;
  std::optional<std::string> instance;  // $id without '$'
  std::string field;
  std::vector<ScriptValue> args;
  Span span;
};

struct CmdUnit { ScriptUnit unit; };
// (module instance $i? $def) or (component instance $i? $def)
struct CmdInstance { bool component = false; std::optional<std::string> instance; std::string definition; Span span; };
struct CmdRegister { std::string as; std::optional<std::string> instance; Span span; };
struct CmdAction { Action action; };
struct CmdAssertReturn {
  Action action;
  std::vector<std::vector<ScriptValue>> expected_alternatives;  // several with `(either ...)`
};
struct CmdAssertTrap { Action action; std::string message; };
struct CmdAssertUninstantiable { ScriptUnit unit; std::string message; };  // assert_trap on a unit
struct CmdAssertExhaustion { Action action; std::string message; };
struct CmdAssertMalformed { ScriptUnit unit; std::string message; };
struct CmdAssertInvalid { ScriptUnit unit; std::string message; };
struct CmdAssertUnlinkable { ScriptUnit unit; std::string message; };

using Command = std::variant<CmdUnit, CmdInstance, CmdRegister, CmdAction, CmdAssertReturn, CmdAssertTrap,
                             CmdAssertUninstantiable, CmdAssertExhaustion, CmdAssertMalformed, CmdAssertInvalid,
                             CmdAssertUnlinkable>;

struct ScriptCommand {
  Command command;
  Span span;  // the command's opening parenthesis
};

struct Script {
  std::vector<ScriptCommand> commands;
  // Commands recognised but not run by weft (e.g. threads); counted as skipped.
  std::vector<std::pair<Span, std::string>> unsupported;
};

// Parses a whole .wast file. Only an error in the script structure fails the
// parse; module and component text errors are kept in their unit's `binary`.
Result<Script> parse_script(std::string_view source);

}  // namespace weft::component::text

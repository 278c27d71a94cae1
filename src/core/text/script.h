// The parsed form of a .wast script: modules (as binary bytes), actions and assertions.
// spec: https://github.com/WebAssembly/spec/blob/main/interpreter/README.md#scripts
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/binary/types.h"
#include "support/error.h"

namespace weft::core::text {

struct Token;

// An argument or expected result of an action.
struct ScriptValue {
  enum class Kind : uint8_t {
    Num,            // type I32/I64/F32/F64, raw bits in `bits`
    V128,           // raw bytes in `v128` (SIMD scripts only)
    RefNull,        // (ref.null ht): type (ref null ht); as a result, Bot for any null
    RefExtern,      // (ref.extern N) or (ref.host N): host reference N; as a result, `bits` = N
    RefFunc,        // (ref.func) as a result: any non-null funcref
    RefOf,          // (ref.array), (ref.i31), (ref.extern), ...: any non-null reference of type `type`
    NanCanonical,   // result only; type F32/F64
    NanArithmetic,  // result only; type F32/F64
  };
  Kind kind = Kind::Num;
  ValType type = ValType::I32;
  uint64_t bits = 0;
  std::array<uint8_t, 16> v128{};
};

// A module as written in a script. Text modules are encoded to binary when the
// script is parsed; a text error is kept so that the runner reports it in place.
struct ScriptModule {
  enum class Form : uint8_t { Text, Binary, Quote };
  Form form = Form::Text;
  std::optional<std::string> name;  // $id, without the '$'
  bool definition = false;          // (module definition ...)
  Result<std::vector<uint8_t>> binary = std::vector<uint8_t>{};  // Text and Binary forms
  std::string quote;                // Quote form: the concatenated strings
  Span span;
};

struct Action {
  enum class Kind : uint8_t { Invoke, Get };
  Kind kind = Kind::Invoke;
  std::optional<std::string> module;  // $id without '$'
  std::string field;
  std::vector<ScriptValue> args;
  Span span;
};

struct CmdModule { ScriptModule module; };
// (module instance $inst $def)
struct CmdModuleInstance { std::optional<std::string> instance; std::string definition; Span span; };
struct CmdRegister { std::string as; std::optional<std::string> module; Span span; };
struct CmdAction { Action action; };
struct CmdAssertReturn {
  Action action;
  // Usually one alternative; `(either ...)` results give several.
  std::vector<std::vector<ScriptValue>> expected_alternatives;
};
struct CmdAssertTrap { Action action; std::string message; };          // trap in an action
struct CmdAssertUninstantiable { ScriptModule module; std::string message; };  // assert_trap on a module
struct CmdAssertExhaustion { Action action; std::string message; };
struct CmdAssertException { Action action; };  // an exception no handler catches
struct CmdAssertMalformed { ScriptModule module; std::string message; };
struct CmdAssertInvalid { ScriptModule module; std::string message; };
struct CmdAssertUnlinkable { ScriptModule module; std::string message; };

using Command = std::variant<CmdModule, CmdModuleInstance, CmdRegister, CmdAction, CmdAssertReturn,
                             CmdAssertTrap, CmdAssertUninstantiable, CmdAssertExhaustion, CmdAssertException,
                             CmdAssertMalformed, CmdAssertInvalid, CmdAssertUnlinkable>;

struct ScriptCommand {
  Command command;
  Span span;  // line:column of the command's opening parenthesis
};

struct Script {
  std::vector<ScriptCommand> commands;
  // Commands the parser recognised but weft does not run yet (e.g. SIMD or
  // exception assertions); counted as skipped by the runner.
  std::vector<std::pair<Span, std::string>> unsupported;
};

// Parses a whole .wast file. Only a syntax error in the script structure itself
// fails the whole parse; module text errors are kept in ScriptModule::binary.
Result<Script> parse_script(std::string_view source);

// Pieces of this parser for script parsers layered above core (the component
// model's), over already lexed tokens: each reads the form whose '(' is tokens[pos]
// and leaves pos just after its ')'. `unsupported` is set when the form uses
// something weft does not run (the whole command is then skipped).
// `(module ...)` in any of its forms: text, binary, quote, definition.
Result<ScriptModule> parse_script_module(const std::vector<Token>& tokens, size_t& pos);
// A core value: an action argument or, with `result`, an expected result.
Result<ScriptValue> parse_script_value(const std::vector<Token>& tokens, size_t& pos, bool result,
                                       bool& unsupported);

// Parses one WAT module `(module ...)` (or a file of module fields with no
// surrounding `(module ...)`) and encodes it in the binary format. Does not
// validate: type errors are for the validator.
Result<std::vector<uint8_t>> parse_wat_module(std::string_view source);

}  // namespace weft::core::text

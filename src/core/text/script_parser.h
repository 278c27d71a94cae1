// The .wast script parser: commands, actions and expected values. Internal to weft_core_text.
// spec: https://github.com/WebAssembly/spec/blob/main/interpreter/README.md#scripts
#pragma once

#include <optional>
#include <vector>

#include "core/text/lexer.h"
#include "core/text/script.h"

namespace weft::core::text {

class ScriptParser {
 public:
  ScriptParser(const std::vector<Token>& tokens, uint32_t quote_depth)
      : t_(tokens), quote_depth_(quote_depth) {}
  Result<Script> run();

  // parse_wat_module's work on already lexed text: `(module ...)` or bare fields.
  Result<std::vector<uint8_t>> module_only();
  // parse_script_module and parse_script_value: one form at `pos`, which moves past it.
  Result<ScriptModule> module_at(size_t& pos);
  Result<ScriptValue> value_at(size_t& pos, bool result, bool& unsupported);

 private:
  const Token& peek(size_t k = 0) const { return t_[pos_ + k < t_.size() ? pos_ + k : t_.size() - 1]; }
  const Token& next() { return t_[pos_ < t_.size() - 1 ? pos_++ : pos_]; }
  bool at(TokenKind kind) const { return peek().kind == kind; }
  bool at_field(std::string_view kw) const {
    return at(TokenKind::LParen) && peek(1).kind == TokenKind::Keyword && peek(1).text == kw;
  }
  std::unexpected<Error> fail(const Token& tok, std::string message) const {
    return make_error(Phase::Text, tok.span(), std::move(message));
  }
  std::unexpected<Error> unexpected() const { return fail(peek(), "unexpected token"); }
  Result<void> expect(TokenKind kind);
  Result<std::string> parse_string();

  Result<void> parse_command(Script& script);
  Result<std::optional<Command>> parse_command_body(std::string_view kw);
  Result<Command> parse_module_instance();
  Result<Command> parse_register();
  Result<Command> parse_assert_return();
  Result<Command> parse_assert_trap(bool exhaustion);
  Result<Command> parse_module_assertion(std::string_view kw);
  Result<ScriptModule> parse_module();
  Result<Action> parse_action();
  Result<std::vector<ScriptValue>> parse_args();
  Result<std::vector<std::vector<ScriptValue>>> parse_results();
  Result<ScriptValue> parse_value(bool result);
  Result<void> parse_number(ScriptValue& value, ValType type, bool result);
  Result<void> parse_ref(ScriptValue& value, std::string_view kw, bool result);
  Result<void> parse_v128(ScriptValue& value, bool result);

  const std::vector<Token>& t_;
  size_t pos_ = 0;
  uint32_t quote_depth_;
  bool unsupported_ = false;  // set when a command uses something weft does not run
};

// Parses module text (the body of a `module quote`, or a .wat file); `quote_depth`
// bounds quotes nested inside quotes.
Result<std::vector<uint8_t>> parse_wat_module_at_depth(std::string_view source, uint32_t quote_depth);

}  // namespace weft::core::text

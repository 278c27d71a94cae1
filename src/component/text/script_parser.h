// The component-aware .wast script parser. Internal to weft_component_text.
#pragma once

#include <vector>

#include "component/text/script.h"
#include "core/text/lexer.h"

namespace weft::component::text {

class ScriptParser {
 public:
  explicit ScriptParser(const std::vector<core::text::Token>& tokens) : t_(tokens) {}
  Result<Script> run();

 private:
  using Token = core::text::Token;
  using TokenKind = core::text::TokenKind;

  const Token& peek(size_t k = 0) const { return t_[pos_ + k < t_.size() ? pos_ + k : t_.size() - 1]; }
  const Token& next() { return t_[pos_ < t_.size() - 1 ? pos_++ : pos_]; }
  bool at(TokenKind kind) const { return peek().kind == kind; }
  bool at_keyword(std::string_view kw) const { return at(TokenKind::Keyword) && peek().text == kw; }
  bool at_field(std::string_view kw) const {
    return at(TokenKind::LParen) && peek(1).kind == TokenKind::Keyword && peek(1).text == kw;
  }
  std::unexpected<Error> fail(const Token& tok, std::string message) const {
    return make_error(Phase::Text, tok.span(), std::move(message));
  }
  std::unexpected<Error> unexpected() const { return fail(peek(), "unexpected token"); }
  Result<void> expect_rparen();
  Result<std::string> string();

  // --- commands (script.cpp) ---
  Result<void> command(Script& script);
  Result<std::optional<Command>> command_body(std::string_view kw);
  Result<ScriptUnit> unit();  // (module ...) or (component ...)
  Result<ScriptUnit> component_unit();
  Result<Command> instance(bool component);
  Result<Command> register_command();
  Result<Command> assert_return();
  Result<Command> assert_trap(bool exhaustion);
  Result<Command> unit_assertion(std::string_view kw);
  Result<Action> action();

  // --- values (script_values.cpp) ---
  Result<std::vector<std::vector<ScriptValue>>> results();
  Result<ScriptValue> value(bool result);             // `(kw ...)`
  Result<void> value_body(ScriptValue& v, const Token& kw, bool result);  // after kw, up to the ')'
  Result<void> nested(std::vector<ScriptValue>& out, bool result);     // `(kw ...)` or a bare `kw ...`
  Result<void> integer(ScriptValue& v, const Token& kw);
  Result<void> floating(ScriptValue& v, bool is64, bool result);

  const std::vector<Token>& t_;
  size_t pos_ = 0;
  uint32_t depth_ = 0;
  bool unsupported_ = false;  // set when a command uses something weft does not run
};

}  // namespace weft::component::text

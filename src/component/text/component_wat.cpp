// The public entry points of the component text format: lex, parse, expand,
// resolve, encode.
#include "component/text/component_wat.h"

#include "component/text/parser.h"
#include "component/text/passes.h"

namespace weft::component::text {
namespace {

// The lexer is core's, whose messages follow the core spec interpreter; the
// component tests expect wasm-tools' wording for the few that differ.
Error reword_lexer_error(Error error) {
  if (error.message == "malformed escape in string") error.message = "invalid string escape";
  return error;
}

Result<std::vector<uint8_t>> run(const std::vector<Token>& tokens, ComponentField component) {
  Gensym gensym;
  expand(component, gensym);
  WEFT_CHECK(resolve(component, gensym));
  return encode(component, tokens);
}

}  // namespace

Result<std::vector<uint8_t>> encode_component_fields(const std::vector<Token>& tokens, size_t begin, size_t end,
                                                     const std::optional<std::string>& id) {
  Parser parser(tokens);
  parser.seek(begin);
  ComponentField component;
  component.span = tokens[begin].span();
  if (id) component.id = Id{*id, 0, component.span};
  WEFT_TRY(fields, parser.fields_until(end));
  component.fields = std::move(fields);
  return run(tokens, std::move(component));
}

Result<std::vector<uint8_t>> parse_component_wat(std::string_view source) {
  auto tokens = core::text::lex(source);
  if (!tokens) return std::unexpected(reword_lexer_error(tokens.error()));
  const Token& first = (*tokens)[0];
  bool single = first.kind == TokenKind::LParen && (*tokens)[1].kind == TokenKind::Keyword &&
                (*tokens)[1].text == "component" && (*tokens)[first.match + 1].kind == TokenKind::Eof;
  if (!single) return make_error(Phase::Text, first.span(), "expected `(component ...)`");
  Parser parser(*tokens);
  WEFT_TRY(component, parser.component());
  return run(*tokens, std::move(component));
}

Result<std::vector<uint8_t>> parse_component_fields(std::string_view source) {
  auto tokens = core::text::lex(source);
  if (!tokens) return std::unexpected(reword_lexer_error(tokens.error()));
  return encode_component_fields(*tokens, 0, tokens->size() - 1);
}

}  // namespace weft::component::text

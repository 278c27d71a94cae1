// The .wast script parser: modules in all three forms, actions and assertions.
// spec: https://github.com/WebAssembly/spec/blob/main/interpreter/README.md#scripts
#include "core/text/script.h"

#include <fmt/format.h>

#include "core/text/script_parser.h"
#include "core/text/wat_parser.h"

namespace weft::core::text {
namespace {

constexpr uint32_t kMaxQuoteDepth = 8;

}  // namespace

Result<void> ScriptParser::expect(TokenKind kind) {
  if (!at(kind)) return unexpected();
  ++pos_;
  return {};
}

Result<std::string> ScriptParser::parse_string() {
  if (!at(TokenKind::String)) return unexpected();
  return decode_string(next().text);
}

// (module id? field*) | (module id? binary string*) | (module id? quote string*)
// | (module definition id? ...) ; the cursor is at '('.
Result<ScriptModule> ScriptParser::parse_module() {
  ScriptModule module;
  const Token& open = peek();
  module.span = open.span();
  size_t close = open.match;
  pos_ += 2;
  if (at(TokenKind::Keyword) && peek().text == "definition") {
    module.definition = true;
    ++pos_;
  }
  if (at(TokenKind::Id)) module.name = id_name(next());
  if (at(TokenKind::Keyword) && (peek().text == "binary" || peek().text == "quote")) {
    bool binary = next().text == "binary";
    std::string bytes;
    while (at(TokenKind::String)) append_decoded_string(next().text, bytes);
    if (!at(TokenKind::RParen)) return unexpected();
    if (binary) {
      module.form = ScriptModule::Form::Binary;
      module.binary = std::vector<uint8_t>(bytes.begin(), bytes.end());
    } else {
      module.form = ScriptModule::Form::Quote;
      module.binary = parse_wat_module_at_depth(bytes, quote_depth_ + 1);
      // Report quoted-text errors at the module, where the script reader can find them.
      if (!module.binary) module.binary.error().span = module.span;
      module.quote = std::move(bytes);
    }
  } else {
    module.form = ScriptModule::Form::Text;
    module.binary = encode_module(t_, pos_, close);
  }
  pos_ = close + 1;
  return module;
}

Result<Action> ScriptParser::parse_action() {
  Action action;
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  action.span = peek().span();
  std::string_view kw = peek(1).text;
  if (kw != "invoke" && kw != "get") return fail(peek(1), "unexpected token");
  action.kind = kw == "invoke" ? Action::Kind::Invoke : Action::Kind::Get;
  pos_ += 2;
  if (at(TokenKind::Id)) action.module = id_name(next());
  auto field = parse_string();
  if (!field) return std::unexpected(field.error());
  action.field = std::move(*field);
  if (action.kind == Action::Kind::Invoke) {
    auto args = parse_args();
    if (!args) return std::unexpected(args.error());
    action.args = std::move(*args);
  }
  WEFT_CHECK(expect(TokenKind::RParen));
  return action;
}

Result<std::vector<ScriptValue>> ScriptParser::parse_args() {
  std::vector<ScriptValue> args;
  while (at(TokenKind::LParen)) {
    auto value = parse_value(false);
    if (!value) return std::unexpected(value.error());
    args.push_back(*value);
  }
  return args;
}

// result* where a result may be (either result*): expanded into every combination.
Result<std::vector<std::vector<ScriptValue>>> ScriptParser::parse_results() {
  std::vector<std::vector<ScriptValue>> alternatives(1);
  while (at(TokenKind::LParen)) {
    std::vector<ScriptValue> choices;
    if (at_field("either")) {
      pos_ += 2;
      while (at(TokenKind::LParen)) {
        auto value = parse_value(true);
        if (!value) return std::unexpected(value.error());
        choices.push_back(*value);
      }
      WEFT_CHECK(expect(TokenKind::RParen));
    } else {
      auto value = parse_value(true);
      if (!value) return std::unexpected(value.error());
      choices.push_back(*value);
    }
    if (choices.empty() || alternatives.size() * choices.size() > 4096) return unexpected();
    std::vector<std::vector<ScriptValue>> expanded;
    for (const auto& prefix : alternatives) {
      for (const ScriptValue& choice : choices) {
        expanded.push_back(prefix);
        expanded.back().push_back(choice);
      }
    }
    alternatives = std::move(expanded);
  }
  return alternatives;
}

// (module instance $inst? $def), after the keywords.
Result<Command> ScriptParser::parse_module_instance() {
  CmdModuleInstance cmd;
  cmd.span = peek().span();
  pos_ += 3;
  if (at(TokenKind::Id) && peek(1).kind == TokenKind::Id) cmd.instance = id_name(next());
  if (!at(TokenKind::Id)) return unexpected();
  cmd.definition = id_name(next());
  return cmd;
}

Result<Command> ScriptParser::parse_register() {
  CmdRegister cmd;
  cmd.span = peek().span();
  pos_ += 2;
  auto as = parse_string();
  if (!as) return std::unexpected(as.error());
  cmd.as = std::move(*as);
  if (at(TokenKind::Id)) cmd.module = id_name(next());
  return cmd;
}

Result<Command> ScriptParser::parse_assert_return() {
  pos_ += 2;
  auto action = parse_action();
  if (!action) return std::unexpected(action.error());
  auto results = parse_results();
  if (!results) return std::unexpected(results.error());
  return CmdAssertReturn{std::move(*action), std::move(*results)};
}

// assert_trap on an action or a module, and assert_exhaustion.
Result<Command> ScriptParser::parse_assert_trap(bool exhaustion) {
  pos_ += 2;
  if (!exhaustion && at_field("module")) {
    auto module = parse_module();
    if (!module) return std::unexpected(module.error());
    auto message = parse_string();
    if (!message) return std::unexpected(message.error());
    return CmdAssertUninstantiable{std::move(*module), std::move(*message)};
  }
  auto action = parse_action();
  if (!action) return std::unexpected(action.error());
  auto message = parse_string();
  if (!message) return std::unexpected(message.error());
  if (exhaustion) return CmdAssertExhaustion{std::move(*action), std::move(*message)};
  return CmdAssertTrap{std::move(*action), std::move(*message)};
}

// assert_malformed, assert_invalid and assert_unlinkable: a module and a message.
Result<Command> ScriptParser::parse_module_assertion(std::string_view kw) {
  pos_ += 2;
  if (!at_field("module")) return unexpected();
  auto module = parse_module();
  if (!module) return std::unexpected(module.error());
  auto message = parse_string();
  if (!message) return std::unexpected(message.error());
  if (kw == "assert_malformed") return CmdAssertMalformed{std::move(*module), std::move(*message)};
  if (kw == "assert_invalid") return CmdAssertInvalid{std::move(*module), std::move(*message)};
  return CmdAssertUnlinkable{std::move(*module), std::move(*message)};
}

// One command; the cursor is at its '('.
Result<std::optional<Command>> ScriptParser::parse_command_body(std::string_view kw) {
  if (kw == "module") {
    if (peek(2).kind == TokenKind::Keyword && peek(2).text == "instance") return parse_module_instance();
    auto module = parse_module();
    if (!module) return std::unexpected(module.error());
    --pos_;  // parse_module stepped past the ')'
    return CmdModule{std::move(*module)};
  }
  if (kw == "register") return parse_register();
  if (kw == "invoke" || kw == "get") {
    auto action = parse_action();
    if (!action) return std::unexpected(action.error());
    --pos_;
    return CmdAction{std::move(*action)};
  }
  if (kw == "assert_return") return parse_assert_return();
  if (kw == "assert_trap") return parse_assert_trap(false);
  if (kw == "assert_exhaustion") return parse_assert_trap(true);
  if (kw == "assert_exception") {
    pos_ += 2;
    auto action = parse_action();
    if (!action) return std::unexpected(action.error());
    return CmdAssertException{std::move(*action)};
  }
  if (kw == "assert_malformed" || kw == "assert_invalid" || kw == "assert_unlinkable")
    return parse_module_assertion(kw);
  return std::nullopt;  // thread, wait, ...: unsupported
}

Result<void> ScriptParser::parse_command(Script& script) {
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  std::string_view kw = peek(1).text;
  Span span = peek().span();
  size_t close = peek().match;
  unsupported_ = false;
  auto command = parse_command_body(kw);
  if (!command) return std::unexpected(command.error());
  if (*command && pos_ != close) return unexpected();
  pos_ = close + 1;
  if (*command && !unsupported_) {
    script.commands.push_back(ScriptCommand{std::move(**command), span});
  } else {
    script.unsupported.emplace_back(span, std::string(kw));
  }
  return {};
}

Result<Script> ScriptParser::run() {
  Script script;
  // A script may also be the fields of one module, with no commands.
  static constexpr std::string_view kFields[] = {"type",   "import", "func",  "table", "memory",
                                                 "global", "export", "start", "elem",  "data"};
  for (std::string_view field : kFields) {
    if (!at_field(field)) continue;
    Span span = peek().span();
    ScriptModule module;
    module.span = span;
    module.binary = encode_module(t_, 0, t_.size() - 1);
    script.commands.push_back(ScriptCommand{CmdModule{std::move(module)}, span});
    return script;
  }
  while (!at(TokenKind::Eof)) WEFT_CHECK(parse_command(script));
  return script;
}

Result<std::vector<uint8_t>> ScriptParser::module_only() {
  if (at_field("module") && t_[peek().match + 1].kind == TokenKind::Eof) {
    if (peek(2).kind == TokenKind::Keyword && peek(2).text == "instance") return unexpected();
    auto module = parse_module();
    if (!module) return std::unexpected(module.error());
    return std::move(module->binary);
  }
  return encode_module(t_, 0, t_.size() - 1);
}

Result<ScriptModule> ScriptParser::module_at(size_t& pos) {
  pos_ = pos;
  if (!at_field("module")) return unexpected();
  auto module = parse_module();
  pos = pos_;
  return module;
}

Result<ScriptValue> ScriptParser::value_at(size_t& pos, bool result, bool& unsupported) {
  pos_ = pos;
  unsupported_ = false;
  auto value = parse_value(result);
  unsupported = unsupported_;
  pos = pos_;
  return value;
}

Result<ScriptModule> parse_script_module(const std::vector<Token>& tokens, size_t& pos) {
  return ScriptParser(tokens, 0).module_at(pos);
}

Result<ScriptValue> parse_script_value(const std::vector<Token>& tokens, size_t& pos, bool result,
                                       bool& unsupported) {
  return ScriptParser(tokens, 0).value_at(pos, result, unsupported);
}

Result<std::vector<uint8_t>> parse_wat_module_at_depth(std::string_view source, uint32_t quote_depth) {
  if (quote_depth > kMaxQuoteDepth)
    return make_error(Phase::Text, Span::text(1, 1, 0), "quotes nested too deep");
  auto tokens = lex(source);
  if (!tokens) return std::unexpected(tokens.error());
  ScriptParser parser(*tokens, quote_depth);
  return parser.module_only();
}

Result<Script> parse_script(std::string_view source) {
  auto tokens = lex(source);
  if (!tokens) return std::unexpected(tokens.error());
  ScriptParser parser(*tokens, 0);
  return parser.run();
}

Result<std::vector<uint8_t>> parse_wat_module(std::string_view source) {
  return parse_wat_module_at_depth(source, 0);
}

}  // namespace weft::core::text

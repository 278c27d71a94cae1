// The component-aware .wast script parser: commands, actions and assertions over
// core modules and components. Core modules and core values go to core's parser.
#include "component/text/script.h"

#include "component/text/component_wat.h"
#include "component/text/script_parser.h"
#include "core/text/wat.h"

namespace weft::component::text {

using core::text::append_decoded_string;
using core::text::decode_string;
using core::text::id_name;

Result<void> ScriptParser::expect_rparen() {
  if (!at(TokenKind::RParen)) return unexpected();
  ++pos_;
  return {};
}

Result<std::string> ScriptParser::string() {
  if (!at(TokenKind::String)) return unexpected();
  return decode_string(next().text);
}

// (component definition? $id? field*) | (component definition? $id? binary "..."*)
// | (component definition? $id? quote "..."*), the cursor at '('.
Result<ScriptUnit> ScriptParser::component_unit() {
  ScriptUnit unit;
  unit.component = true;
  core::text::ScriptModule& m = unit.module;
  const Token& open = peek();
  m.span = open.span();
  size_t close = open.match;
  pos_ += 2;
  if (at_keyword("definition")) {
    m.definition = true;
    ++pos_;
  }
  if (at(TokenKind::Id)) m.name = id_name(next());
  if (at_keyword("binary") || at_keyword("quote")) {
    bool binary = next().text == "binary";
    std::string bytes;
    while (at(TokenKind::String)) append_decoded_string(next().text, bytes);
    if (!at(TokenKind::RParen)) return unexpected();
    if (binary) {
      m.form = core::text::ScriptModule::Form::Binary;
      m.binary = std::vector<uint8_t>(bytes.begin(), bytes.end());
    } else {
      m.form = core::text::ScriptModule::Form::Quote;
      m.binary = parse_component_fields(bytes);
      // Report quoted-text errors at the component, where the script reader can find them.
      if (!m.binary) m.binary.error().span = m.span;
      m.quote = std::move(bytes);
    }
  } else {
    m.form = core::text::ScriptModule::Form::Text;
    m.binary = encode_component_fields(t_, pos_, close, m.name);
  }
  pos_ = close + 1;
  return unit;
}

Result<ScriptUnit> ScriptParser::unit() {
  if (at_field("component")) return component_unit();
  if (!at_field("module")) return unexpected();
  ScriptUnit unit;
  auto module = core::text::parse_script_module(t_, pos_);
  if (!module) return std::unexpected(module.error());
  unit.module = std::move(*module);
  return unit;
}

// (module instance $i? $def) or (component instance $i? $def), the cursor at '('.
Result<Command> ScriptParser::instance(bool component) {
  CmdInstance cmd;
  cmd.component = component;
  cmd.span = peek().span();
  pos_ += 3;
  if (at(TokenKind::Id) && peek(1).kind == TokenKind::Id) cmd.instance = id_name(next());
  if (!at(TokenKind::Id)) return unexpected();
  cmd.definition = id_name(next());
  return cmd;
}

Result<Command> ScriptParser::register_command() {
  CmdRegister cmd;
  cmd.span = peek().span();
  pos_ += 2;
  WEFT_TRY(as, string());
  cmd.as = std::move(as);
  if (at(TokenKind::Id)) cmd.instance = id_name(next());
  return cmd;
}

// (invoke $id? "name" value*) | (get $id? "name"), the cursor at '('.
Result<Action> ScriptParser::action() {
  Action action;
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  action.span = peek().span();
  std::string_view kw = peek(1).text;
  if (kw != "invoke" && kw != "get") return fail(peek(1), "unexpected token");
  action.kind = kw == "invoke" ? Action::Kind::Invoke : Action::Kind::Get;
  pos_ += 2;
  if (at(TokenKind::Id)) action.instance = id_name(next());
  WEFT_TRY(field, string());
  action.field = std::move(field);
  while (action.kind == Action::Kind::Invoke && at(TokenKind::LParen)) {
    WEFT_TRY(arg, value(false));
    action.args.push_back(std::move(arg));
  }
  WEFT_CHECK(expect_rparen());
  return action;
}

Result<Command> ScriptParser::assert_return() {
  pos_ += 2;
  WEFT_TRY(act, action());
  WEFT_TRY(expected, results());
  return CmdAssertReturn{std::move(act), std::move(expected)};
}

Result<Command> ScriptParser::assert_trap(bool exhaustion) {
  pos_ += 2;
  if (!exhaustion && (at_field("module") || at_field("component"))) {
    WEFT_TRY(u, unit());
    WEFT_TRY(message, string());
    return CmdAssertUninstantiable{std::move(u), std::move(message)};
  }
  WEFT_TRY(act, action());
  WEFT_TRY(message, string());
  if (exhaustion) return CmdAssertExhaustion{std::move(act), std::move(message)};
  return CmdAssertTrap{std::move(act), std::move(message)};
}

Result<Command> ScriptParser::unit_assertion(std::string_view kw) {
  pos_ += 2;
  WEFT_TRY(u, unit());
  WEFT_TRY(message, string());
  if (kw == "assert_malformed") return CmdAssertMalformed{std::move(u), std::move(message)};
  if (kw == "assert_invalid") return CmdAssertInvalid{std::move(u), std::move(message)};
  return CmdAssertUnlinkable{std::move(u), std::move(message)};
}

Result<std::optional<Command>> ScriptParser::command_body(std::string_view kw) {
  if (kw == "module" || kw == "component") {
    if (peek(2).kind == TokenKind::Keyword && peek(2).text == "instance") return instance(kw == "component");
    WEFT_TRY(u, unit());
    --pos_;  // unit() stepped past the ')'
    return CmdUnit{std::move(u)};
  }
  if (kw == "register") return register_command();
  if (kw == "invoke" || kw == "get") {
    WEFT_TRY(act, action());
    --pos_;
    return CmdAction{std::move(act)};
  }
  if (kw == "assert_return") return assert_return();
  if (kw == "assert_trap") return assert_trap(false);
  if (kw == "assert_exhaustion") return assert_trap(true);
  if (kw == "assert_malformed" || kw == "assert_invalid" || kw == "assert_unlinkable") return unit_assertion(kw);
  return std::nullopt;  // thread, wait, assert_exception, ...: unsupported
}

Result<void> ScriptParser::command(Script& script) {
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  std::string_view kw = peek(1).text;
  Span span = peek().span();
  size_t close = peek().match;
  unsupported_ = false;
  WEFT_TRY(cmd, command_body(kw));
  if (cmd && pos_ != close) return unexpected();
  pos_ = close + 1;
  if (cmd && !unsupported_) {
    script.commands.push_back(ScriptCommand{std::move(*cmd), span});
  } else {
    script.unsupported.emplace_back(span, std::string(kw));
  }
  return {};
}

Result<Script> ScriptParser::run() {
  Script script;
  // A script may also be the fields of one core module, with no commands.
  static constexpr std::string_view kFields[] = {"type",   "import", "func",  "table", "memory",
                                                 "global", "export", "start", "elem",  "data"};
  for (std::string_view field : kFields) {
    if (!at_field(field)) continue;
    ScriptUnit unit;
    unit.module.span = peek().span();
    unit.module.binary = core::text::encode_module(t_, 0, t_.size() - 1);
    script.commands.push_back(ScriptCommand{CmdUnit{std::move(unit)}, peek().span()});
    return script;
  }
  while (!at(TokenKind::Eof)) WEFT_CHECK(command(script));
  return script;
}

Result<Script> parse_script(std::string_view source) {
  auto tokens = core::text::lex(source);
  if (!tokens) return std::unexpected(tokens.error());
  return ScriptParser(*tokens).run();
}

}  // namespace weft::component::text

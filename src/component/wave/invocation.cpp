// Function calls in WAVE: `name(arg, ...)` split into a name and argument texts, then
// the arguments typed against the function's parameters.
// spec: wasm-wave/README.md "Appendix: Function calls", "Function arguments"
#include <fmt/format.h>

#include "component/wave/parser.h"
#include "component/wave/wave.h"

namespace weft::component::wave {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '%' ||
         c == '[' || c == ']' || c == '.' || c == ':' || c == '/' || c == '#' || c == '@' || c == '+';
}

// `label`, `%label`, `[constructor]res`, `[method]res.name` or `[static]res.name`;
// returns the name without a leading `%`, or "" when it is none of these.
std::string_view plain_name(std::string_view name) {
  if (!name.empty() && name[0] == '%') return is_label(name.substr(1)) ? name.substr(1) : "";
  if (is_label(name)) return name;
  for (std::string_view prefix : {"[method]", "[static]"}) {
    if (!name.starts_with(prefix)) continue;
    std::string_view rest = name.substr(prefix.size());
    size_t dot = rest.find('.');
    if (dot != std::string_view::npos && is_label(rest.substr(0, dot)) && is_label(rest.substr(dot + 1))) {
      return name;
    }
  }
  if (name.starts_with("[constructor]") && is_label(name.substr(13))) return name;
  return "";
}

// A plain name, or `ns:pkg/iface#func` with an optional `@version` before the `#`.
Result<std::string> function_name(std::string_view text, size_t at, std::string_view name) {
  size_t hash = name.rfind('#');
  std::string_view func = plain_name(hash == std::string_view::npos ? name : name.substr(hash + 1));
  bool qualified_ok = true;
  if (hash != std::string_view::npos) {
    std::string_view iface = name.substr(0, hash);
    size_t colon = iface.find(':'), slash = iface.find('/');
    qualified_ok = colon != std::string_view::npos && slash != std::string_view::npos && colon < slash &&
                   iface.find_first_of("#[]%") == std::string_view::npos;
  }
  if (name.empty()) return error_at(text, at, "expected a function name");
  if (func.empty() || !qualified_ok) return error_at(text, at, fmt::format("invalid function name \"{}\"", name));
  if (hash == std::string_view::npos) return std::string(func);
  return fmt::format("{}#{}", name.substr(0, hash), func);
}

std::string arguments(size_t n) { return fmt::format("{} argument{}", n, n == 1 ? "" : "s"); }

bool is_open(TokenKind k) { return k == TokenKind::LParen || k == TokenKind::LBracket || k == TokenKind::LBrace; }
bool is_close(TokenKind k) { return k == TokenKind::RParen || k == TokenKind::RBracket || k == TokenKind::RBrace; }
TokenKind closer(TokenKind open) {
  return open == TokenKind::LParen ? TokenKind::RParen
         : open == TokenKind::LBracket ? TokenKind::RBracket
                                       : TokenKind::RBrace;
}

// Splits the arguments at top-level commas; `lex` is just past the opening `(`.
Result<void> split_arguments(std::string_view text, Lexer& lex, Invocation& call) {
  std::vector<TokenKind> open;
  size_t arg_begin = 0, arg_end = 0;
  bool in_arg = false;
  while (true) {
    WEFT_TRY(t, lex.next());
    if (t.kind == TokenKind::End) return error_at(text, t.begin, "expected ')' to end the arguments");
    bool top = open.empty();
    if (top && (t.kind == TokenKind::Comma || t.kind == TokenKind::RParen)) {
      if (in_arg) {
        call.args.push_back(Argument{std::string(text.substr(arg_begin, arg_end - arg_begin)), arg_begin});
      } else if (t.kind == TokenKind::Comma) {  // `f(,)`; `f()` and `f(1,)` are fine
        return error_at(text, t.begin, "expected an argument, found \",\"");
      }
      in_arg = false;
      if (t.kind == TokenKind::RParen) {
        call.close = t.begin;
        return {};
      }
      continue;
    }
    if (is_open(t.kind)) open.push_back(closer(t.kind));
    if (is_close(t.kind)) {
      if (top || open.back() != t.kind) return error_at(text, t.begin, fmt::format("unexpected {}", describe(text, t)));
      open.pop_back();
    }
    if (!in_arg) arg_begin = t.begin;
    in_arg = true;
    arg_end = t.end;
  }
}

}  // namespace

Result<Invocation> parse_invocation(std::string_view text) {
  Invocation call;
  call.source = std::string(text);
  size_t p = 0;
  while (p < text.size() && is_space(text[p])) ++p;
  size_t name_begin = p;
  while (p < text.size() && is_name_char(text[p])) ++p;
  WEFT_TRY(name, function_name(text, name_begin, text.substr(name_begin, p - name_begin)));
  call.name = std::move(name);
  while (p < text.size() && is_space(text[p])) ++p;
  if (p >= text.size() || text[p] != '(') return error_at(text, p, "expected '(' after the function name");
  Lexer lex(call.source, p + 1, call.source.size());
  WEFT_CHECK(split_arguments(call.source, lex, call));
  WEFT_TRY(rest, lex.next());
  if (rest.kind != TokenKind::End) {
    return error_at(text, rest.begin, fmt::format("unexpected {} after the call", describe(text, rest)));
  }
  return call;
}

Result<std::vector<Val>> parse_args(const Invocation& call, const TypeArena& types,
                                    const std::vector<ValType>& params) {
  std::string_view source = call.source;
  auto arity = [&](size_t at) {
    return error_at(source, at, fmt::format("expected {}, found {}", arguments(params.size()), call.args.size()));
  };
  // An Invocation built by hand may not hold its source: then arguments stand alone.
  auto in_source = [&](const Argument& arg) {
    return arg.offset <= source.size() && source.substr(arg.offset).starts_with(arg.text);
  };
  if (call.args.size() > params.size()) {
    const Argument& extra = call.args[params.size()];
    return arity(in_source(extra) ? extra.offset : 0);
  }
  std::vector<Val> vals;
  for (size_t i = 0; i < params.size(); ++i) {
    if (i >= call.args.size()) {
      // spec: "Any number of option none values at the end of the sequence may be omitted."
      bool option = params[i].kind == TypeKind::Defined && types.defined(params[i].index).kind == DefinedKind::Option;
      if (!option) return arity(call.close);
      vals.push_back(Val::none());
      continue;
    }
    const Argument& arg = call.args[i];
    bool whole = in_source(arg);
    Parser parser(whole ? source : std::string_view(arg.text), whole ? arg.offset : 0,
                  whole ? arg.offset + arg.text.size() : arg.text.size(), types);
    WEFT_TRY(v, parser.parse_all(params[i]));
    vals.push_back(std::move(v));
  }
  return vals;
}

}  // namespace weft::component::wave

// The WIT lexer: characters checked once, then tokens with comments kept for doc strings.
#include "component/wit/lexer.h"

#include "support/chars.h"
#include "support/utf8.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace weft::component::wit {
namespace {

constexpr std::array<std::string_view, 44> kKeywords = {
    "as",     "async",   "bool",   "borrow",  "char",    "constructor", "enum",   "error-context", "export",
    "f32",    "f64",     "flags",  "from",    "func",    "future",      "import", "include",       "interface",
    "list",   "map",     "option", "own",     "package", "record",      "resource", "result",      "s16",
    "s32",    "s64",     "s8",     "static",  "stream",  "string",      "tuple",  "type",          "u16",
    "u32",    "u64",     "u8",     "use",     "variant", "with",        "world",  "_"};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '_'; }

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}
  Result<Tokens> run();

 private:
  std::unexpected<Error> fail(std::string msg) const {
    return make_error(Phase::Text, Span::text(line_, column(), pos_), std::move(msg));
  }
  char at(size_t i) const { return i < src_.size() ? src_[i] : '\0'; }
  uint32_t column() const { return col_; }
  // Moves past one character (a whole UTF-8 sequence), tracking line and column.
  void advance() {
    char c = src_[pos_];
    size_t len = 1;
    uint32_t cp = 0;
    if (uint8_t(c) >= 0x80) len = std::max<size_t>(1, utf8_sequence(src_, pos_, cp));
    pos_ += len;
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
  }
  Result<void> check_characters() const;
  Result<void> skip_block_comment();
  Result<void> lex_string();
  Result<void> lex_token(Token& tok);

  std::string_view src_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t col_ = 1;
  Tokens out_;
};

// WIT text is UTF-8 without control characters or bidirectional overrides.
Result<void> Lexer::check_characters() const {
  uint32_t line = 1, col = 1;
  for (size_t i = 0; i < src_.size();) {
    uint32_t cp = 0;
    size_t len = utf8_sequence(src_, i, cp);
    auto bad = [&](std::string msg) { return make_error(Phase::Text, Span::text(line, col, i), std::move(msg)); };
    if (len == 0) return bad("invalid utf-8");
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
      return bad(fmt::format("control character U+{:04X} is not allowed", cp));
    if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
      return bad(fmt::format("bidirectional override U+{:04X} is not allowed", cp));
    if (cp == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    i += len;
  }
  return {};
}

Result<void> Lexer::skip_block_comment() {
  uint32_t line = line_, col = col_;
  size_t start = pos_;
  Span span = Span::text(line, col, start);
  uint32_t depth = 0;
  while (pos_ < src_.size()) {
    if (src_[pos_] == '/' && at(pos_ + 1) == '*') {
      ++depth;
      pos_ += 2;
      col_ += 2;
    } else if (src_[pos_] == '*' && at(pos_ + 1) == '/') {
      pos_ += 2;
      col_ += 2;
      if (--depth == 0) {
        out_.comments.push_back(Comment{src_.substr(start, pos_ - start), span});
        return {};
      }
    } else {
      advance();
    }
  }
  return make_error(Phase::Text, Span::text(line, col, start), "unterminated block comment");
}

// Checks a string literal from its opening quote; leaves pos_ after the closing quote.
Result<void> Lexer::lex_string() {
  advance();
  while (true) {
    char c = at(pos_);
    if (pos_ >= src_.size() || c == '\n' || c == '\r') return fail("unterminated string literal");
    if (c == '"') {
      advance();
      return {};
    }
    if (c != '\\') {
      advance();
      continue;
    }
    advance();
    char e = at(pos_);
    if (e == 't' || e == 'n' || e == 'r' || e == '"' || e == '\'' || e == '\\') {
      advance();
    } else if (e == 'u' && at(pos_ + 1) == '{') {
      advance();
      advance();
      uint32_t cp = 0, digits = 0;
      while (hex_digit_value(at(pos_)) >= 0 && digits < 7) {
        cp = cp * 16 + uint32_t(hex_digit_value(at(pos_)));
        ++digits;
        advance();
      }
      if (digits == 0 || at(pos_) != '}' || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return fail("invalid unicode escape in string");
      advance();
    } else if (hex_digit_value(e) >= 0 && hex_digit_value(at(pos_ + 1)) >= 0) {
      advance();
      advance();
    } else {
      return fail("invalid escape in string");
    }
  }
}

Result<void> Lexer::lex_token(Token& tok) {
  char c = src_[pos_];
  auto single = [&](TokenKind kind) {
    tok.kind = kind;
    advance();
  };
  switch (c) {
    case '=': single(TokenKind::Equals); return {};
    case ',': single(TokenKind::Comma); return {};
    case ':': single(TokenKind::Colon); return {};
    case ';': single(TokenKind::Semicolon); return {};
    case '(': single(TokenKind::LParen); return {};
    case ')': single(TokenKind::RParen); return {};
    case '{': single(TokenKind::LBrace); return {};
    case '}': single(TokenKind::RBrace); return {};
    case '<': single(TokenKind::Less); return {};
    case '>': single(TokenKind::Greater); return {};
    case '*': single(TokenKind::Star); return {};
    case '/': single(TokenKind::Slash); return {};
    case '.': single(TokenKind::Period); return {};
    case '@': single(TokenKind::At); return {};
    case '+': single(TokenKind::Plus); return {};
    case '-':
      single(TokenKind::Minus);
      if (at(pos_) == '>') {
        tok.kind = TokenKind::Arrow;
        advance();
      }
      return {};
    case '"':
      tok.kind = TokenKind::String;
      return lex_string();
    default: break;
  }
  if (is_digit(c)) {
    tok.kind = TokenKind::Integer;
    while (is_digit(at(pos_))) advance();
    return {};
  }
  bool explicit_id = c == '%';
  if (explicit_id) {
    if (!is_alpha(at(pos_ + 1)) && at(pos_ + 1) != '_') return fail("expected an identifier after '%'");
    advance();
  }
  if (!is_alpha(at(pos_)) && at(pos_) != '_') {
    uint32_t cp = uint8_t(c);
    utf8_sequence(src_, pos_, cp);
    return fail(fmt::format("unexpected character U+{:04X}", cp));
  }
  while (is_word_char(at(pos_))) advance();
  tok.kind = explicit_id ? TokenKind::ExplicitId : TokenKind::Id;
  return {};
}

Result<Tokens> Lexer::run() {
  WEFT_CHECK(check_characters());
  bool space = false;
  while (true) {
    uint32_t comments_begin = uint32_t(out_.comments.size());
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance();
      } else if (c == '/' && at(pos_ + 1) == '/') {
        size_t start = pos_;
        Span span = Span::text(line_, col_, pos_);
        while (pos_ < src_.size() && src_[pos_] != '\n') advance();
        out_.comments.push_back(Comment{src_.substr(start, pos_ - start), span});
      } else if (c == '/' && at(pos_ + 1) == '*') {
        WEFT_CHECK(skip_block_comment());
      } else {
        break;
      }
      space = true;
    }
    Token tok;
    tok.space_before = space;
    tok.line = line_;
    tok.column = col_;
    tok.offset = uint32_t(pos_);
    tok.comments_begin = comments_begin;
    tok.comments_end = uint32_t(out_.comments.size());
    if (pos_ >= src_.size()) {
      out_.tokens.push_back(tok);
      return std::move(out_);
    }
    size_t start = pos_;
    WEFT_CHECK(lex_token(tok));
    tok.text = src_.substr(start, pos_ - start);
    if (tok.kind == TokenKind::Id) {
      tok.keyword = is_keyword(tok.text);
      if (tok.text == "_") tok.kind = TokenKind::Underscore;
    }
    out_.tokens.push_back(tok);
    space = false;
  }
}

}  // namespace

Result<Tokens> lex(std::string_view source) {
  if (source.size() > 0xffffffffu) return make_error(Phase::Text, {}, "input too large");
  return Lexer(source).run();
}

bool is_keyword(std::string_view word) {
  return std::find(kKeywords.begin(), kKeywords.end(), word) != kKeywords.end();
}

std::string_view token_kind_text(TokenKind kind) {
  switch (kind) {
    case TokenKind::Id: return "an identifier";
    case TokenKind::ExplicitId: return "an '%' identifier";
    case TokenKind::Integer: return "an integer";
    case TokenKind::String: return "a string";
    case TokenKind::Equals: return "'='";
    case TokenKind::Comma: return "','";
    case TokenKind::Colon: return "':'";
    case TokenKind::Semicolon: return "';'";
    case TokenKind::LParen: return "'('";
    case TokenKind::RParen: return "')'";
    case TokenKind::LBrace: return "'{'";
    case TokenKind::RBrace: return "'}'";
    case TokenKind::Less: return "'<'";
    case TokenKind::Greater: return "'>'";
    case TokenKind::Star: return "'*'";
    case TokenKind::Arrow: return "'->'";
    case TokenKind::Slash: return "'/'";
    case TokenKind::Period: return "'.'";
    case TokenKind::At: return "'@'";
    case TokenKind::Underscore: return "'_'";
    case TokenKind::Minus: return "'-'";
    case TokenKind::Plus: return "'+'";
    case TokenKind::Eof: return "eof";
  }
  return "a token";
}

std::string describe(const Token& token) {
  if (token.kind == TokenKind::Id && token.keyword) return fmt::format("keyword `{}`", token.text);
  return std::string(token_kind_text(token.kind));
}

std::string decode_string(std::string_view raw) {
  std::string out;
  for (size_t i = 1; i + 1 < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 't': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case '"': case '\'': case '\\': out.push_back(e); break;
      case 'u': {
        uint32_t cp = 0;
        for (i += 2; raw[i] != '}'; ++i) cp = cp * 16 + uint32_t(hex_digit_value(raw[i]));
        append_utf8(cp, out);
        break;
      }
      default:
        out.push_back(char(hex_digit_value(e) * 16 + hex_digit_value(raw[i + 1])));
        ++i;
        break;
    }
  }
  return out;
}

}  // namespace weft::component::wit

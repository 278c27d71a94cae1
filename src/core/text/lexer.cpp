// The text-format lexer: tokens, comments, string escapes and parenthesis matching.
#include "core/text/lexer.h"

#include <fmt/format.h>

#include "support/chars.h"
#include "support/utf8.h"

namespace weft::core::text {
namespace {

// spec: idchar
bool is_idchar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '/':
    case ':':
    case '<':
    case '=':
    case '>':
    case '?':
    case '@':
    case '\\':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~': return true;
    default: return false;
  }
}


class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}
  Result<std::vector<Token>> run();

 private:
  std::unexpected<Error> fail(uint32_t line, uint32_t col, std::string msg) const {
    return make_error(Phase::Text, Span::text(line, col, pos_), std::move(msg));
  }
  char at(size_t i) const { return i < src_.size() ? src_[i] : '\0'; }
  void advance() {
    char c = src_[pos_];
    if (c == '\n' || (c == '\r' && at(pos_ + 1) != '\n')) {
      ++line_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }
  uint32_t column() const { return uint32_t(pos_ - line_start_ + 1); }
  Result<void> skip_block_comment();
  Result<void> skip_string();
  Result<void> lex_run();
  Result<void> close_paren();
  Result<void> check_annotation_id() const;

  std::string_view src_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
  std::vector<Token> tokens_;
  std::vector<uint32_t> open_;  // indices of unmatched LParens
  // Annotations are dropped: depth of the open paren that started one, or 0.
  size_t annotation_depth_ = 0;
};

Result<void> Lexer::skip_block_comment() {
  uint32_t line = line_, col = column();
  uint32_t depth = 0;
  while (pos_ < src_.size()) {
    if (src_[pos_] == '(' && at(pos_ + 1) == ';') {
      ++depth;
      pos_ += 2;
    } else if (src_[pos_] == ';' && at(pos_ + 1) == ')') {
      pos_ += 2;
      if (--depth == 0) return {};
    } else {
      advance();
    }
  }
  return fail(line, col, "unclosed block comment");
}

// Checks one string from the opening quote; leaves pos_ after the closing quote.
Result<void> Lexer::skip_string() {
  uint32_t line = line_, col = column();
  ++pos_;
  while (true) {
    if (pos_ >= src_.size()) return fail(line, col, "unclosed string");
    unsigned char c = src_[pos_];
    if (c == '"') break;
    if (c == '\n') return fail(line, col, "unclosed string");
    if (c < 0x20 || c == 0x7f) return fail(line_, column(), "illegal control character in string");
    if (c != '\\') {
      ++pos_;
      continue;
    }
    uint32_t ecol = column();
    char e = at(pos_ + 1);
    if (e == 't' || e == 'n' || e == 'r' || e == '"' || e == '\'' || e == '\\') {
      pos_ += 2;
    } else if (hex_digit_value(e) >= 0 && hex_digit_value(at(pos_ + 2)) >= 0) {
      pos_ += 3;
    } else if (e == 'u' && at(pos_ + 2) == '{') {
      size_t i = pos_ + 3;
      uint32_t cp = 0;
      bool digits = false, prev_digit = false;
      for (; i < src_.size() && src_[i] != '}'; ++i) {
        if (src_[i] == '_' && prev_digit) {
          prev_digit = false;
          continue;
        }
        int h = hex_digit_value(src_[i]);
        if (h < 0 || cp > 0x10ffff) return fail(line_, ecol, "malformed escape in string");
        cp = cp * 16 + uint32_t(h);
        digits = prev_digit = true;
      }
      if (!digits || !prev_digit || at(i) != '}' || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
        return fail(line_, ecol, "malformed escape in string");
      pos_ = i + 1;
    } else {
      return fail(line_, ecol, "malformed escape in string");
    }
  }
  ++pos_;
  return {};
}

// A run of idchars and strings not separated by whitespace, parens or comments.
Result<void> Lexer::lex_run() {
  Token tok;
  tok.line = line_;
  tok.column = column();
  tok.offset = uint32_t(pos_);
  size_t start = pos_;
  int strings = 0;
  bool other = false;
  while (pos_ < src_.size()) {
    unsigned char c = src_[pos_];
    if (c == '"') {
      // spec: a quoted identifier $"..." whose string does not lex leaves a bare `$`.
      if (pos_ == start + 1 && src_[start] == '$') {
        if (auto r = skip_string(); !r) return fail(tok.line, tok.column, "empty identifier");
      } else if (auto r = skip_string(); !r) {
        return r;
      }
      ++strings;
    } else if (c == ';' && at(pos_ + 1) == ';') {
      break;
    } else if (is_idchar(c)) {
      ++pos_;
    } else if (c == ',' || c == ';' || c == '[' || c == ']' || c == '{' || c == '}') {
      other = true;
      ++pos_;
    } else if (c >= 0x80) {  // outside strings and comments, only ASCII is allowed
      uint32_t cp = 0;
      return fail(line_, column(), utf8_sequence(src_, pos_, cp) ? "illegal character" : "malformed UTF-8 encoding");
    } else {
      break;
    }
  }
  if (pos_ == start) {
    const unsigned char c = uint8_t(src_[pos_]);
    if (c < 0x20 || c == 0x7f) return fail(line_, column(), "illegal character");
    return fail(line_, column(), fmt::format("unexpected character '\\x{:02x}'", c));
  }
  tok.text = src_.substr(start, pos_ - start);
  std::string_view t = tok.text;
  size_t quote = t.find('"');
  if (strings == 1 && quote == 0 && t.back() == '"') {
    tok.kind = TokenKind::String;
  } else if (strings == 1 && quote == 1 && t[0] == '$' && t.back() == '"') {
    tok.kind = TokenKind::Id;
    tok.quoted = true;
    const std::string name = decode_string(t.substr(1));
    if (name.empty()) return fail(tok.line, tok.column, "empty identifier");
    uint32_t cp = 0;
    for (size_t i = 0; i < name.size();) {
      const size_t n = utf8_sequence(name, i, cp);
      if (!n) return fail(tok.line, tok.column, "malformed UTF-8 encoding");
      i += n;
    }
  } else if (strings > 0 || other) {
    tok.kind = TokenKind::Reserved;
  } else if (t == "$") {
    return fail(tok.line, tok.column, "empty identifier");
  } else if (t[0] == '$' && t.size() > 1) {
    tok.kind = TokenKind::Id;
  } else if (t[0] >= 'a' && t[0] <= 'z') {
    tok.kind = TokenKind::Keyword;
  } else if ((t[0] >= '0' && t[0] <= '9') || t[0] == '+' || t[0] == '-') {
    tok.kind = TokenKind::Number;
  } else {
    tok.kind = TokenKind::Reserved;
  }
  if (annotation_depth_ == 0) tokens_.push_back(tok);
  return {};
}

// spec (annotations): `(@` is followed by an id: idchars, or a non-empty string of
// valid UTF-8. Only checked here: annotations are dropped.
Result<void> Lexer::check_annotation_id() const {
  const size_t at_id = pos_ + 2;
  if (at_id < src_.size() && is_idchar(uint8_t(src_[at_id]))) return {};
  if (at(at_id) != '"') return fail(line_, column(), "empty annotation id");
  Lexer probe(src_);
  probe.pos_ = at_id;
  if (!probe.skip_string()) return fail(line_, column(), "empty annotation id");
  const std::string name = decode_string(src_.substr(at_id, probe.pos_ - at_id));
  if (name.empty()) return fail(line_, column(), "empty annotation id");
  uint32_t cp = 0;
  for (size_t i = 0; i < name.size();) {
    const size_t n = utf8_sequence(name, i, cp);
    if (!n) return fail(line_, column(), "malformed UTF-8 encoding");
    i += n;
  }
  return {};
}

Result<void> Lexer::close_paren() {
  if (open_.empty() && annotation_depth_ == 0) return fail(line_, column(), "unexpected token ')'");
  if (annotation_depth_ != 0) {
    --annotation_depth_;
    ++pos_;
    return {};
  }
  Token tok;
  tok.kind = TokenKind::RParen;
  tok.line = line_;
  tok.column = column();
  tok.offset = uint32_t(pos_);
  tok.text = src_.substr(pos_, 1);
  uint32_t open = open_.back();
  open_.pop_back();
  tok.match = open;
  tokens_[open].match = uint32_t(tokens_.size());
  tokens_.push_back(tok);
  ++pos_;
  return {};
}

Result<std::vector<Token>> Lexer::run() {
  if (src_.size() >= UINT32_MAX) return fail(1, 1, "text too large");
  if (src_.starts_with("\xef\xbb\xbf")) pos_ = line_start_ = 3;  // UTF-8 byte order mark
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      advance();
    } else if (c == ';' && at(pos_ + 1) == ';') {
      while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r') ++pos_;
    } else if (c == '(' && at(pos_ + 1) == ';') {
      if (auto r = skip_block_comment(); !r) return std::unexpected(r.error());
    } else if (c == '(') {
      if (open_.size() + annotation_depth_ >= kMaxNesting) return fail(line_, column(), "nesting too deep");
      if (annotation_depth_ != 0 || at(pos_ + 1) == '@') {
        if (annotation_depth_ == 0) {  // inside one, parens only have to balance
          if (auto r = check_annotation_id(); !r) return std::unexpected(r.error());
        }
        ++annotation_depth_;
        ++pos_;
        continue;
      }
      Token tok;
      tok.kind = TokenKind::LParen;
      tok.line = line_;
      tok.column = column();
      tok.offset = uint32_t(pos_);
      tok.text = src_.substr(pos_, 1);
      open_.push_back(uint32_t(tokens_.size()));
      tokens_.push_back(tok);
      ++pos_;
    } else if (c == ')') {
      if (auto r = close_paren(); !r) return std::unexpected(r.error());
    } else {
      if (auto r = lex_run(); !r) return std::unexpected(r.error());
    }
  }
  if (annotation_depth_ != 0) return fail(line_, column(), "unclosed annotation");
  if (!open_.empty()) {
    const Token& t = tokens_[open_.back()];
    return make_error(Phase::Text, t.span(), "unclosed parenthesis");
  }
  Token eof;
  eof.line = line_;
  eof.column = column();
  eof.offset = uint32_t(pos_);
  tokens_.push_back(eof);
  return std::move(tokens_);
}

}  // namespace

Result<std::vector<Token>> lex(std::string_view source) { return Lexer(source).run(); }

void append_decoded_string(std::string_view raw, std::string& out) {
  std::string_view s = raw.substr(1, raw.size() - 2);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out.push_back(s[i]);
      continue;
    }
    char e = s[++i];
    switch (e) {
      case 't': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case '"':
      case '\'':
      case '\\': out.push_back(e); break;
      case 'u': {
        uint32_t cp = 0;
        for (i += 2; s[i] != '}'; ++i) {
          if (s[i] != '_') cp = cp * 16 + uint32_t(hex_digit_value(s[i]));
        }
        append_utf8(cp, out);
        break;
      }
      default:
        out.push_back(char(hex_digit_value(e) * 16 + hex_digit_value(s[i + 1])));
        ++i;
        break;
    }
  }
}

std::string decode_string(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  append_decoded_string(raw, out);
  return out;
}

std::string id_name(const Token& token) {
  if (!token.quoted) return std::string(token.text.substr(1));
  return decode_string(token.text.substr(1));
}

const char* token_kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::LParen: return "'('";
    case TokenKind::RParen: return "')'";
    case TokenKind::Keyword: return "keyword";
    case TokenKind::Number: return "number";
    case TokenKind::Id: return "identifier";
    case TokenKind::String: return "string";
    case TokenKind::Reserved: return "reserved token";
    case TokenKind::Eof: return "end of input";
  }
  return "token";
}

}  // namespace weft::core::text

// The WAVE lexer: tokens with byte offsets, whitespace and `//` comments skipped.
// spec: wasm-wave/README.md "Encoding"; wave_ebnf.md beside it gives the token grammar
#include "component/wave/lexer.h"

#include <array>

#include <fmt/format.h>

namespace weft::component::wave {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alnum(char c) { return is_digit(c) || is_lower(c) || is_upper(c); }

// One hyphen-separated word: letters and digits, not both lower- and uppercase.
bool is_word(std::string_view w, bool first) {
  if (w.empty() || (first && is_digit(w[0]))) return false;
  bool lower = false, upper = false;
  for (char c : w) {
    if (!is_alnum(c)) return false;
    lower |= is_lower(c);
    upper |= is_upper(c);
  }
  return !(lower && upper);
}

}  // namespace

std::unexpected<Error> error_at(std::string_view source, size_t offset, std::string message) {
  if (offset > source.size()) offset = source.size();
  uint32_t line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (source[i] == '\n') {
      ++line;
      column = 1;
    } else if ((uint8_t(source[i]) & 0xc0) != 0x80) {  // count chars, not UTF-8 bytes
      ++column;
    }
  }
  return make_error(Phase::Text, Span::text(line, column, offset), std::move(message));
}

bool is_keyword(std::string_view label) {
  static constexpr std::array<std::string_view, 8> kKeywords = {"true", "false", "inf", "nan",
                                                                "some", "none", "ok", "err"};
  for (std::string_view k : kKeywords) {
    if (k == label) return true;
  }
  return false;
}

// spec: "Labels" (the lexer of wasm-wave also lets later words start with a digit).
bool is_label(std::string_view label) {
  bool first = true;
  while (true) {
    size_t dash = label.find('-');
    if (!is_word(label.substr(0, dash), first)) return false;
    if (dash == std::string_view::npos) return true;
    label.remove_prefix(dash + 1);
    first = false;
  }
}

std::string_view label_name(std::string_view source, Token t) {
  std::string_view text = token_text(source, t);
  if (!text.empty() && text[0] == '%') text.remove_prefix(1);
  return text;
}

std::string describe(std::string_view source, Token t) {
  switch (t.kind) {
    case TokenKind::End: return "end of input";
    case TokenKind::Char: return "a char";
    case TokenKind::String:
    case TokenKind::MultilineString: return "a string";
    default: break;
  }
  std::string_view text = token_text(source, t);
  if (text.size() > 40) return fmt::format("\"{}...\"", text.substr(0, 40));
  return fmt::format("\"{}\"", text);
}

void Lexer::skip_space() {
  while (pos_ < end_) {
    char c = src_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++pos_;
    } else if (c == '/' && at(pos_ + 1) == '/') {
      while (pos_ < end_ && src_[pos_] != '\n') ++pos_;
    } else {
      return;
    }
  }
}

Result<Token> Lexer::next() {
  skip_space();
  size_t start = pos_;
  if (start >= end_) return Token{TokenKind::End, end_, end_};
  auto single = [&](TokenKind kind) {
    ++pos_;
    return Token{kind, start, pos_};
  };
  char c = src_[start];
  switch (c) {
    case '{': return single(TokenKind::LBrace);
    case '}': return single(TokenKind::RBrace);
    case '(': return single(TokenKind::LParen);
    case ')': return single(TokenKind::RParen);
    case '[': return single(TokenKind::LBracket);
    case ']': return single(TokenKind::RBracket);
    case ':': return single(TokenKind::Colon);
    case ',': return single(TokenKind::Comma);
    case '\'': return quoted(start, '\'', TokenKind::Char);
    case '"':
      if (at(start + 1) == '"' && at(start + 2) == '"') return multiline(start);
      return quoted(start, '"', TokenKind::String);
    default: break;
  }
  if (c == '-' || is_digit(c)) return number(start);
  if (c == '%' || is_alnum(c)) return label(start);
  if (uint8_t(c) >= 0x80) return error_at(src_, start, "unexpected character");
  return error_at(src_, start, fmt::format("unexpected character '{}'", c));
}

// spec: "Floats" (JSON numbers) and "Integers"; `-inf` is a number token too.
Result<Token> Lexer::number(size_t start) {
  size_t p = start;
  if (at(p) == '-') {
    ++p;
    if (at(p) == 'i' && at(p + 1) == 'n' && at(p + 2) == 'f' && !is_alnum(at(p + 3)) && at(p + 3) != '-') {
      pos_ = p + 3;
      return Token{TokenKind::Number, start, pos_};
    }
  }
  auto digits = [&] {
    size_t from = p;
    while (is_digit(at(p))) ++p;
    return p > from;
  };
  bool ok = is_digit(at(p));
  if (at(p) == '0') {
    ++p;
  } else {
    digits();
  }
  if (ok && at(p) == '.') {
    ++p;
    ok = digits();
  }
  if (ok && (at(p) == 'e' || at(p) == 'E')) {
    ++p;
    if (at(p) == '+' || at(p) == '-') ++p;
    ok = digits();
  }
  if (!ok || is_alnum(at(p)) || at(p) == '.') {
    while (is_alnum(at(p)) || at(p) == '.' || at(p) == '+' || at(p) == '-') ++p;
    std::string_view bad = src_.substr(start, p - start);
    if (bad.size() > 40) return error_at(src_, start, "invalid number");
    return error_at(src_, start, fmt::format("invalid number \"{}\"", bad));
  }
  pos_ = p;
  return Token{TokenKind::Number, start, pos_};
}

Result<Token> Lexer::label(size_t start) {
  size_t p = start;
  if (at(p) == '%') ++p;
  while (is_alnum(at(p)) || at(p) == '-') ++p;
  std::string_view name = src_.substr(start, p - start);
  if (name[0] == '%') name.remove_prefix(1);
  if (!is_label(name)) {
    if (p - start > 40) return error_at(src_, start, "invalid label");
    return error_at(src_, start, fmt::format("invalid label \"{}\"", src_.substr(start, p - start)));
  }
  pos_ = p;
  return Token{TokenKind::Label, start, pos_};
}

// The extent of a char or string; escapes and chars are checked when decoding.
Result<Token> Lexer::quoted(size_t start, char quote, TokenKind kind) {
  size_t p = start + 1;
  while (p < end_ && src_[p] != '\n') {
    if (src_[p] == quote) {
      pos_ = p + 1;
      return Token{kind, start, pos_};
    }
    p += (src_[p] == '\\' && p + 1 < end_ && src_[p + 1] != '\n') ? 2 : 1;
  }
  return error_at(src_, start, kind == TokenKind::Char ? "unterminated char" : "unterminated string");
}

// spec: "Multiline Strings": the first `"""` after the opening one closes it.
Result<Token> Lexer::multiline(size_t start) {
  size_t close = src_.substr(0, end_).find("\"\"\"", start + 3);
  if (close == std::string_view::npos) return error_at(src_, start, "unterminated multiline string");
  pos_ = close + 3;
  return Token{TokenKind::MultilineString, start, pos_};
}

}  // namespace weft::component::wave

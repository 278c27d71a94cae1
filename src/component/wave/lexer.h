// WAVE tokens, the lexer that finds them, and the decoding of chars and strings.
// spec: wasm-wave/README.md "Whitespace", "Comments", "Keywords", "Labels", "Chars",
// "Strings", "Multiline Strings"
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "support/error.h"

namespace weft::component::wave {

enum class TokenKind : uint8_t {
  End, LBrace, RBrace, LParen, RParen, LBracket, RBracket, Colon, Comma,
  Number,           // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? and `-inf`
  Label,            // a label or keyword, `%` prefix included
  Char,             // '...', quotes included, escapes not yet checked
  String,           // "...", quotes included, escapes not yet checked
  MultilineString,  // """ ... """, delimiters included
};

struct Token {
  TokenKind kind = TokenKind::End;
  size_t begin = 0;  // byte offsets into the source
  size_t end = 0;
};

// An error at byte `offset` of `source`, with its 1-based line and column (in chars).
std::unexpected<Error> error_at(std::string_view source, size_t offset, std::string message);

// `true`, `false`, `inf`, `nan`, `some`, `none`, `ok`, `err`: cases named like these
// need a `%` prefix.
bool is_keyword(std::string_view label);
// A kebab-case label: words of one ASCII letter then letters or digits, each word all
// lowercase or all uppercase.
bool is_label(std::string_view label);

class Lexer {
 public:
  // Lexes `source[begin, end)`; offsets stay relative to all of `source`.
  Lexer(std::string_view source, size_t begin, size_t end) : src_(source), pos_(begin), end_(end) {}
  Result<Token> next();
  size_t pos() const { return pos_; }

 private:
  void skip_space();
  Result<Token> number(size_t start);
  Result<Token> label(size_t start);
  Result<Token> quoted(size_t start, char quote, TokenKind kind);
  Result<Token> multiline(size_t start);
  char at(size_t i) const { return i < end_ ? src_[i] : '\0'; }

  std::string_view src_;
  size_t pos_;
  size_t end_;
};

// The source text of a token, and the label it names without its `%`.
inline std::string_view token_text(std::string_view source, Token t) {
  return source.substr(t.begin, t.end - t.begin);
}
std::string_view label_name(std::string_view source, Token t);
// How error messages name a token: `"abc"`, `a string`, `end of input`.
std::string describe(std::string_view source, Token t);

// The value of a Char token: exactly one char or escape between the quotes.
Result<char32_t> decode_char(std::string_view source, Token t);
// The value of a String or MultilineString token.
Result<std::string> decode_string(std::string_view source, Token t);

}  // namespace weft::component::wave

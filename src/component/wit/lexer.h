// Tokens of the WIT text format, with the line:column of each and the comments before it.
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/WIT.md#lexical-structure
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/error.h"

namespace weft::component::wit {

enum class TokenKind : uint8_t {
  Id,          // `foo-bar`; also WIT's keywords (see `is_keyword`)
  ExplicitId,  // `%foo`: never a keyword; `text` keeps the '%'
  Integer,     // `[0-9]+`
  String,      // "..." with valid escapes; `text` keeps the quotes
  Equals, Comma, Colon, Semicolon, LParen, RParen, LBrace, RBrace, Less, Greater,
  Star, Arrow, Slash, Period, At, Underscore, Minus, Plus,
  Eof,
};

struct Token {
  TokenKind kind = TokenKind::Eof;
  bool space_before = false;  // whitespace or a comment separates it from the previous token
  bool keyword = false;       // an Id spelled like a WIT keyword
  uint32_t line = 0;
  uint32_t column = 0;  // 1-based, in characters
  uint32_t offset = 0;  // byte offset in the source
  uint32_t comments_begin = 0;  // [begin, end) in Tokens::comments: the comments just before
  uint32_t comments_end = 0;
  std::string_view text;

  Span span() const { return Span::text(line, column, offset); }
};

struct Comment {
  std::string_view text;  // `// ...` or `/* ... */`, markers included
  Span span;
};

struct Tokens {
  std::vector<Token> tokens;  // always ends with Eof
  std::vector<Comment> comments;
};

// Splits `source` into tokens. Rejects invalid UTF-8, control characters other than
// tab, newline and carriage return, bidirectional overrides, unterminated strings and
// block comments, and characters that start no token.
Result<Tokens> lex(std::string_view source);

bool is_keyword(std::string_view word);
// "keyword `record`", "an identifier", "'{'", "eof": how errors name a token.
std::string describe(const Token& token);
std::string_view token_kind_text(TokenKind kind);
// The characters a String token denotes; the lexer checked it, so this cannot fail.
std::string decode_string(std::string_view raw);

}  // namespace weft::component::wit

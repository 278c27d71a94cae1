// Tokens of the WebAssembly text format, with the line:column of each.
// spec: https://webassembly.github.io/spec/core/text/lexical.html
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/error.h"

namespace weft::core::text {

// Deeper parenthesis nesting than this is rejected by the lexer, which bounds
// the recursion of every parser that walks the tokens.
constexpr uint32_t kMaxNesting = 2000;

enum class TokenKind : uint8_t {
  LParen,
  RParen,
  Keyword,   // starts with a lowercase letter: `func`, `i32.add`, `offset=4`, `nan:0x1`, `inf`
  Number,    // starts with a digit or a sign: checked when parsed as u32/i64/f32/...
  Id,        // `$name` or `$"name"`
  String,    // "..." with valid escapes; `text` keeps the quotes
  Reserved,  // any other run of characters: never valid where a token is expected
  Eof,
};

struct Token {
  TokenKind kind = TokenKind::Eof;
  bool quoted = false;  // Id written as $"..."
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t offset = 0;  // byte offset in the source
  uint32_t match = 0;   // LParen: index of its RParen (and the reverse)
  std::string_view text;

  Span span() const { return Span::text(line, column, offset); }
};

// Splits `source` into tokens, dropping whitespace, comments and annotations
// `(@name ...)`. The result always ends with an Eof token, and every LParen has a
// matching RParen (an unbalanced text is an error).
Result<std::vector<Token>> lex(std::string_view source);

// The bytes a String token denotes (escapes resolved). The token was checked by
// the lexer, so this cannot fail. `raw` includes the surrounding quotes.
std::string decode_string(std::string_view raw);
void append_decoded_string(std::string_view raw, std::string& out);

// The name an Id token denotes, without the `$` (quoted ids decoded).
std::string id_name(const Token& token);

const char* token_kind_name(TokenKind kind);

}  // namespace weft::core::text

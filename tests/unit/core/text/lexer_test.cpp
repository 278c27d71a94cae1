// Lexer: token kinds, line:column positions, comments, strings and lexical errors.
#include "core/text/lexer.h"

#include <gtest/gtest.h>

namespace weft::core::text {
namespace {

std::vector<Token> tokens(std::string_view src) {
  auto r = lex(src);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : std::vector<Token>{};
}

std::string lex_error(std::string_view src) {
  auto r = lex(src);
  if (r) return "ok";
  return std::to_string(r.error().span.line) + ":" + std::to_string(r.error().span.column) + " " +
         r.error().message;
}

TEST(Lexer, KindsAndPositions) {
  auto t = tokens("(module $m\n  (func 0x1F -2.5 inf \"s\" offset=4 1a))");
  ASSERT_EQ(t.size(), 14u);
  EXPECT_EQ(t[0].kind, TokenKind::LParen);
  EXPECT_EQ(t[1].kind, TokenKind::Keyword);
  EXPECT_EQ(t[2].kind, TokenKind::Id);
  EXPECT_EQ(t[2].text, "$m");
  EXPECT_EQ(t[3].line, 2u);
  EXPECT_EQ(t[3].column, 3u);
  EXPECT_EQ(t[5].kind, TokenKind::Number);
  EXPECT_EQ(t[6].kind, TokenKind::Number);
  EXPECT_EQ(t[7].kind, TokenKind::Keyword);  // inf is lexically a keyword
  EXPECT_EQ(t[8].kind, TokenKind::String);
  EXPECT_EQ(t[9].kind, TokenKind::Keyword);
  EXPECT_EQ(t[10].kind, TokenKind::Number);  // 1a: checked when parsed as a number
  EXPECT_EQ(t[13].kind, TokenKind::Eof);
}

TEST(Lexer, ParenthesesAreMatched) {
  auto t = tokens("(a (b) c)");
  EXPECT_EQ(t[0].match, 6u);
  EXPECT_EQ(t[2].match, 4u);
  EXPECT_EQ(t[4].match, 2u);
}

TEST(Lexer, CommentsAndAnnotationsAreDropped) {
  auto t = tokens(";; line\n(; block (; nested ;) ;) (@custom \"x\" (y)) nop;;tail\n end");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].text, "nop");
  EXPECT_EQ(t[1].text, "end");
  EXPECT_EQ(t[1].line, 3u);
}

TEST(Lexer, LineEndings) {
  // A line comment ends at CR, LF or CRLF; each counts as one line break.
  auto t = tokens("a ;; one\rb ;; two\r\nc\n,");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[1].text, "b");
  EXPECT_EQ(t[1].line, 2u);
  EXPECT_EQ(t[2].line, 3u);
  EXPECT_EQ(t[3].kind, TokenKind::Reserved);
  EXPECT_EQ(t[3].line, 4u);
  EXPECT_EQ(lex_error("a\n\xef"), "2:1 malformed UTF-8 encoding");  // a stray non-ASCII byte
  EXPECT_EQ(tokens("\xef\xbb\xbfnop")[0].column, 1u);  // byte order mark
}

TEST(Lexer, ReservedTokens) {
  auto t = tokens("\"a\"b $l\"x\" 0$x a,b");
  EXPECT_EQ(t[0].kind, TokenKind::Reserved);  // string glued to a keyword
  EXPECT_EQ(t[1].kind, TokenKind::Reserved);
  EXPECT_EQ(t[2].kind, TokenKind::Number);  // rejected later as a number
  EXPECT_EQ(t[3].kind, TokenKind::Reserved);
}

TEST(Lexer, QuotedIds) {
  auto t = tokens("$\"a b\" $plain");
  EXPECT_EQ(t[0].kind, TokenKind::Id);
  EXPECT_TRUE(t[0].quoted);
  EXPECT_EQ(id_name(t[0]), "a b");
  EXPECT_EQ(id_name(t[1]), "plain");
}

TEST(Lexer, StringEscapes) {
  EXPECT_EQ(decode_string(R"("a\tb\n\r\"\'\\")"), "a\tb\n\r\"'\\");
  EXPECT_EQ(decode_string(R"("\00\ff\7F")"), std::string("\x00\xff\x7f", 3));
  EXPECT_EQ(decode_string(R"("\u{41}\u{e9}\u{20AC}\u{1F600}")"), "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
}

TEST(Lexer, Errors) {
  EXPECT_EQ(lex_error("(func \"abc"), "1:7 unclosed string");
  EXPECT_EQ(lex_error("\n  \"\\q\""), "2:4 malformed escape in string");
  EXPECT_EQ(lex_error("\"\\u{d800}\""), "1:2 malformed escape in string");
  EXPECT_EQ(lex_error("\"\\u{110000}\""), "1:2 malformed escape in string");
  EXPECT_EQ(lex_error("\"tab\there\""), "1:5 illegal control character in string");
  EXPECT_EQ(lex_error("(; never closed"), "1:1 unclosed block comment");
  EXPECT_EQ(lex_error("(a (b)"), "1:1 unclosed parenthesis");
  EXPECT_EQ(lex_error("a)"), "1:2 unexpected token ')'");
}

TEST(Lexer, NestingIsBounded) {
  std::string deep(kMaxNesting + 1, '(');
  deep += std::string(kMaxNesting + 1, ')');
  EXPECT_EQ(lex_error(deep), "1:" + std::to_string(kMaxNesting + 1) + " nesting too deep");
  std::string ok(kMaxNesting, '(');
  ok += std::string(kMaxNesting, ')');
  EXPECT_EQ(lex_error(ok), "ok");
}

}  // namespace
}  // namespace weft::core::text

namespace weft::core::text {
namespace {

// Outside strings and comments only ASCII may appear; identifiers and annotation
// ids must not be empty, and quoted ones must be valid UTF-8.
TEST(Lexer, IllegalCharactersAndEmptyIds) {
  EXPECT_EQ(lex_error("(func \x01)"), "1:7 illegal character");
  EXPECT_EQ(lex_error("(func h\xc3\x9f)"), "1:8 illegal character");
  EXPECT_EQ(lex_error("(func \x80)"), "1:7 malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("(func $)"), "1:7 empty identifier");
  EXPECT_EQ(lex_error("(func $\"\")"), "1:7 empty identifier");
  EXPECT_EQ(lex_error("(func $\"\\ef\")"), "1:7 malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("(func $\"a\nb\")"), "1:7 empty identifier");
  EXPECT_EQ(lex_error("(@ x)"), "1:1 empty annotation id");
  EXPECT_EQ(lex_error("(@\"\\ef\")"), "1:1 malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("(@a (@) \"\xc3\x9f\")"), "ok");  // inside an annotation, parens only balance
}

}  // namespace
}  // namespace weft::core::text

// The typed WAVE parser: reads tokens and builds a Val of a known type in one pass,
// so records and flags, or flat and explicit options, need no guessing.
// spec: wasm-wave/README.md "Encoding"
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "component/canon/value.h"
#include "component/types/types.h"
#include "component/wave/lexer.h"

namespace weft::component::wave {

class Parser {
 public:
  // Parses source[begin, end); error places are line:column in all of `source`.
  Parser(std::string_view source, size_t begin, size_t end, const TypeArena& types)
      : src_(source), lex_(source, begin, end), types_(types) {}

  // Exactly one value of `type` (whitespace and comments around it are fine).
  Result<Val> parse_all(ValType type);

 private:
  Result<void> advance();
  Result<Val> value(ValType type, uint32_t depth);
  Result<Val> defined(ValType type, uint32_t depth);
  Result<Val> boolean();
  Result<Val> integer(PrimValType p);
  Result<Val> floating(PrimValType p);
  Result<Val> text(PrimValType p);

  Result<Val> list(const DefinedType& d, uint32_t depth);
  Result<Val> tuple(const DefinedType& d, uint32_t depth);
  Result<Val> record(const DefinedType& d, uint32_t depth);
  Result<Val> flags(const DefinedType& d);
  Result<Val> variant(ValType type, const DefinedType& d, uint32_t depth);
  Result<Val> enumeration(ValType type, const DefinedType& d);
  Result<Val> option(ValType type, const DefinedType& d, uint32_t depth);
  Result<Val> result(ValType type, const DefinedType& d, uint32_t depth);

  // Comma-separated items up to `close` (a trailing comma is fine); the opening token
  // is current, or already passed when `opened`. `item(i)` parses the i-th one.
  template <class F>
  Result<void> sequence(TokenKind close, std::string_view close_text, F&& item, bool opened = false);
  // After a case label: `(payload)` when the case has a type, nothing otherwise.
  Result<std::vector<Val>> payload(std::optional<ValType> type, std::string_view name, size_t at,
                                   uint32_t depth);
  // The current token names one of `names` (a variant's or enum's cases): its index.
  Result<uint32_t> case_label(ValType type, const std::vector<std::string_view>& names);
  bool at_keyword(std::string_view keyword) const;
  bool flattenable(std::optional<ValType> payload) const;
  Result<void> expect(TokenKind kind, std::string_view what);
  std::unexpected<Error> expected(std::string_view what) const;
  std::unexpected<Error> error(size_t offset, std::string message) const {
    return error_at(src_, offset, std::move(message));
  }

  std::string_view src_;
  Lexer lex_;
  const TypeArena& types_;
  Token cur_;
};

}  // namespace weft::component::wave

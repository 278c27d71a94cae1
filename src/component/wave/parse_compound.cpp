// The typed WAVE parser: lists, tuples, records, flags, variants, enums, options and
// results.
// spec: wasm-wave/README.md "Tuples" through "Flags"
#include <fmt/format.h>

#include "component/wave/parser.h"

namespace weft::component::wave {

template <class F>
Result<void> Parser::sequence(TokenKind close, std::string_view close_text, F&& item, bool opened) {
  if (!opened) WEFT_CHECK(advance());
  for (size_t i = 0; cur_.kind != close; ++i) {
    WEFT_CHECK(item(i));
    if (cur_.kind == TokenKind::Comma) {
      WEFT_CHECK(advance());
    } else if (cur_.kind != close) {
      return expected(fmt::format("',' or '{}'", close_text));
    }
  }
  return advance();
}

// spec: "Lists"; list<T, N> is written the same way with exactly N elements.
Result<Val> Parser::list(const DefinedType& d, uint32_t depth) {
  size_t open = cur_.begin;
  if (cur_.kind != TokenKind::LBracket) return expected("list");
  std::vector<Val> items;
  WEFT_CHECK(sequence(TokenKind::RBracket, "]", [&](size_t) -> Result<void> {
    WEFT_TRY(v, value(*d.elem, depth + 1));
    items.push_back(std::move(v));
    return {};
  }));
  if (d.kind == DefinedKind::FixedList && items.size() != d.length) {
    return error(open, fmt::format("expected {} list elements, found {}", d.length, items.size()));
  }
  return Val::list(std::move(items));
}

// spec: "Tuples"
Result<Val> Parser::tuple(const DefinedType& d, uint32_t depth) {
  size_t open = cur_.begin;
  if (cur_.kind != TokenKind::LParen) return expected("tuple");
  std::vector<Val> items;
  WEFT_CHECK(sequence(TokenKind::RParen, ")", [&](size_t i) -> Result<void> {
    if (i >= d.types.size()) {
      return error(cur_.begin, fmt::format("expected {} tuple elements, found more", d.types.size()));
    }
    WEFT_TRY(v, value(d.types[i], depth + 1));
    items.push_back(std::move(v));
    return {};
  }));
  if (items.size() != d.types.size()) {
    return error(open, fmt::format("expected {} tuple elements, found {}", d.types.size(), items.size()));
  }
  return Val::tuple(std::move(items));
}

// spec: "Records": fields in any order; option fields may be left out (none); `{:}`
// is the record with every field left out.
Result<Val> Parser::record(const DefinedType& d, uint32_t depth) {
  size_t open = cur_.begin;
  if (cur_.kind != TokenKind::LBrace) return expected("record");
  std::vector<std::optional<Val>> fields(d.fields.size());
  WEFT_CHECK(advance());
  if (cur_.kind == TokenKind::Colon) {
    WEFT_CHECK(advance());
    WEFT_CHECK(expect(TokenKind::RBrace, "'}'"));
  } else if (cur_.kind == TokenKind::RBrace) {
    return error(open, "a record with no fields given is written {:}");
  } else {
    WEFT_CHECK(sequence(TokenKind::RBrace, "}", [&](size_t) -> Result<void> {
      if (cur_.kind != TokenKind::Label) return expected("field name");
      Token label = cur_;
      std::string_view name = label_name(src_, label);
      size_t i = 0;
      while (i < d.fields.size() && d.fields[i].name != name) ++i;
      if (i == d.fields.size()) return error(label.begin, fmt::format("unknown field \"{}\" of record", name));
      if (fields[i]) return error(label.begin, fmt::format("duplicate field \"{}\"", name));
      WEFT_CHECK(advance());
      WEFT_CHECK(expect(TokenKind::Colon, "':'"));
      WEFT_TRY(v, value(d.fields[i].type, depth + 1));
      fields[i] = std::move(v);
      return {};
    }, true));
  }
  std::vector<Val> items;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i]) {
      items.push_back(std::move(*fields[i]));
    } else if (d.fields[i].type.kind == TypeKind::Defined &&
               types_.defined(d.fields[i].type.index).kind == DefinedKind::Option) {
      items.push_back(Val::none());
    } else {
      return error(open, fmt::format("missing field \"{}\"", d.fields[i].name));
    }
  }
  return Val::record(std::move(items));
}

// spec: "Flags": labels in any order, each at most once.
Result<Val> Parser::flags(const DefinedType& d) {
  if (cur_.kind != TokenKind::LBrace) return expected("flags");
  uint64_t set = 0;
  WEFT_CHECK(sequence(TokenKind::RBrace, "}", [&](size_t) -> Result<void> {
    if (cur_.kind != TokenKind::Label) return expected("flag");
    std::string_view name = label_name(src_, cur_);
    size_t i = 0;
    while (i < d.labels.size() && d.labels[i] != name) ++i;
    if (i == d.labels.size()) return error(cur_.begin, fmt::format("unknown flag \"{}\"", name));
    if (i >= 64) return error(cur_.begin, "not supported yet: WAVE for flags with more than 64 labels");
    if (set & (uint64_t{1} << i)) return error(cur_.begin, fmt::format("duplicate flag \"{}\"", name));
    set |= uint64_t{1} << i;
    return advance();
  }));
  Val v = Val::flags(0);
  v.bits = set;
  return v;
}

// spec: "Variants", "Enums": a keyword-named case must be written with `%`.
Result<uint32_t> Parser::case_label(ValType type, const std::vector<std::string_view>& names) {
  if (cur_.kind != TokenKind::Label) return expected(types_.describe(type));
  std::string_view text = token_text(src_, cur_);
  std::string_view name = label_name(src_, cur_);
  uint32_t i = 0;
  while (i < names.size() && names[i] != name) ++i;
  if (is_keyword(text)) {
    if (i < names.size()) return error(cur_.begin, fmt::format("case \"{}\" must be written %{}", name, name));
    return expected(types_.describe(type));
  }
  if (i == names.size()) return error(cur_.begin, fmt::format("unknown case \"{}\"", name));
  WEFT_CHECK(advance());
  return i;
}

Result<std::vector<Val>> Parser::payload(std::optional<ValType> type, std::string_view name, size_t at,
                                         uint32_t depth) {
  bool paren = cur_.kind == TokenKind::LParen;
  if (type && !paren) return error(at, fmt::format("missing payload for case \"{}\"", name));
  if (!type && paren) return error(cur_.begin, fmt::format("unexpected payload for case \"{}\"", name));
  if (!type) return std::vector<Val>{};
  WEFT_CHECK(advance());
  WEFT_TRY(v, value(*type, depth + 1));
  WEFT_CHECK(expect(TokenKind::RParen, "')'"));
  std::vector<Val> items;
  items.push_back(std::move(v));
  return items;
}

Result<Val> Parser::variant(ValType type, const DefinedType& d, uint32_t depth) {
  std::vector<std::string_view> names;
  for (const Case& c : d.cases) names.push_back(c.name);
  size_t at = cur_.begin;
  WEFT_TRY(i, case_label(type, names));
  WEFT_TRY(items, payload(d.cases[i].type, names[i], at, depth));
  return Val::variant(i, std::move(items));
}

Result<Val> Parser::enumeration(ValType type, const DefinedType& d) {
  std::vector<std::string_view> names(d.labels.begin(), d.labels.end());
  WEFT_TRY(i, case_label(type, names));
  return Val::enumeration(i);
}

// spec: "Options": `some(x)`, `none`, or x itself when x is not an option or result.
Result<Val> Parser::option(ValType type, const DefinedType& d, uint32_t depth) {
  size_t at = cur_.begin;
  if (at_keyword("none")) {
    WEFT_CHECK(advance());
    return Val::none();
  }
  if (at_keyword("some")) {
    WEFT_CHECK(advance());
    WEFT_TRY(items, payload(d.elem, "some", at, depth));
    return Val::some(std::move(items[0]));
  }
  if (!flattenable(d.elem)) return expected("some(...) or none");
  WEFT_TRY(v, value(*d.elem, depth + 1));
  return Val::some(std::move(v));
}

// spec: "Results": `ok(x)`, `ok`, `err(e)`, `err`, or x itself for ok when the ok type
// is not an option or result.
Result<Val> Parser::result(ValType type, const DefinedType& d, uint32_t depth) {
  size_t at = cur_.begin;
  bool ok = at_keyword("ok");
  if (ok || at_keyword("err")) {
    WEFT_CHECK(advance());
    WEFT_TRY(items, payload(ok ? d.elem : d.elem2, ok ? "ok" : "err", at, depth));
    return ok ? Val::ok(std::move(items)) : Val::err(std::move(items));
  }
  if (!flattenable(d.elem)) return expected("ok or err");
  WEFT_TRY(v, value(*d.elem, depth + 1));
  std::vector<Val> items;
  items.push_back(std::move(v));
  return Val::ok(std::move(items));
}

}  // namespace weft::component::wave

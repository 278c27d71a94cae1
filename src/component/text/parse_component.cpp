// Parsing component fields: the cursor, names and references, and the
// definitions other than types and canonical functions.
// spec: Explainer.md#component-definitions
#include <fmt/format.h>

#include "component/text/parser.h"
#include "core/binary/reader.h"
#include "core/text/numbers.h"

namespace weft::component::text {

using core::text::decode_string;
using core::text::id_name;

Span span_of(const Token& tok) { return tok.span(); }

bool Parser::at_field(std::string_view kw) const {
  return at(TokenKind::LParen) && peek(1).kind == TokenKind::Keyword && peek(1).text == kw;
}

bool Parser::at_core_field(std::string_view kw) const {
  return at_field("core") && peek(2).kind == TokenKind::Keyword && peek(2).text == kw;
}

std::unexpected<Error> Parser::fail(const Token& tok, std::string message) const {
  return make_error(Phase::Text, tok.span(), std::move(message));
}

std::unexpected<Error> Parser::unexpected() const { return fail(peek(), "unexpected token"); }

Result<void> Parser::expect_lparen() {
  if (!at(TokenKind::LParen)) return fail(peek(), "expected `(`");
  ++pos_;
  return {};
}

Result<void> Parser::expect_rparen() {
  if (!at(TokenKind::RParen)) return fail(peek(), "expected `)`");
  ++pos_;
  return {};
}

Result<void> Parser::expect_keyword(std::string_view kw) {
  if (!at_keyword(kw)) return fail(peek(), fmt::format("expected keyword `{}`", kw));
  ++pos_;
  return {};
}

Result<void> Parser::enter() {
  if (++depth_ > kMaxDepth) return fail(peek(), "nesting too deep");
  return {};
}

std::optional<Id> Parser::take_id() {
  if (!at(TokenKind::Id)) return std::nullopt;
  const Token& tok = next();
  return Id{id_name(tok), 0, tok.span()};
}

Result<std::string> Parser::string() {
  if (!at(TokenKind::String)) return fail(peek(), "expected a string");
  const Token& tok = next();
  std::string s = decode_string(tok.text);
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  if (!core::is_valid_utf8(bytes)) return fail(tok, "malformed UTF-8 encoding");
  return s;
}

Result<uint32_t> Parser::u32() {
  if (!at(TokenKind::Number)) return fail(peek(), "expected a u32");
  const Token& tok = next();
  auto n = core::text::parse_u32(tok.text);
  if (!n) {
    return fail(tok, n.error() == core::text::NumError::Range ? "invalid u32 number: constant out of range"
                                                              : "expected a u32");
  }
  return *n;
}

Result<Index> Parser::index() {
  if (at(TokenKind::Id)) return Index::named(*take_id());
  Span span = peek().span();
  if (!at(TokenKind::Number)) return fail(peek(), "expected an index");
  WEFT_TRY(n, u32());
  return Index::number(n, span);
}

// "name" (implements "i")? (versionsuffix "v")? (external-id "e")? — each at most once.
Result<ExternName> Parser::extern_name() {
  ExternName name;
  name.span = peek().span();
  WEFT_TRY(s, string());
  name.name = std::move(s);
  while (at(TokenKind::LParen) && peek(1).kind == TokenKind::Keyword) {
    std::string_view kw = peek(1).text;
    std::optional<std::string>* slot = kw == "implements"      ? &name.implements
                                       : kw == "versionsuffix" ? &name.version_suffix
                                       : kw == "external-id"   ? &name.external_id
                                                               : nullptr;
    if (!slot) break;
    if (slot->has_value()) return unexpected();
    pos_ += 2;
    WEFT_TRY(value, string());
    *slot = std::move(value);
    WEFT_CHECK(expect_rparen());
  }
  return name;
}

// `(kw "name" attrs*)` with nothing more: an inline import or export, not an
// import or export definition.
static bool is_inline_name(const std::vector<Token>& t, size_t pos) {
  size_t close = t[pos].match;
  size_t i = pos + 3;
  while (i < close && t[i].kind == TokenKind::LParen && t[i + 1].kind == TokenKind::Keyword &&
         (t[i + 1].text == "implements" || t[i + 1].text == "versionsuffix" || t[i + 1].text == "external-id"))
    i = t[i].match + 1;
  return i == close;
}

bool Parser::at_inline_export() const {
  return at_field("export") && peek(2).kind == TokenKind::String && is_inline_name(t_, pos_);
}

Result<std::vector<ExternName>> Parser::inline_exports() {
  std::vector<ExternName> out;
  while (at_inline_export()) {
    pos_ += 2;
    WEFT_TRY(name, extern_name());
    out.push_back(std::move(name));
    WEFT_CHECK(expect_rparen());
  }
  return out;
}

// `(import "name" attrs*)` directly followed by ')'.
bool Parser::at_inline_import() const {
  return at_field("import") && peek(2).kind == TokenKind::String && is_inline_name(t_, pos_);
}

Result<ExternName> Parser::inline_import() {
  pos_ += 2;
  WEFT_TRY(name, extern_name());
  WEFT_CHECK(expect_rparen());
  return name;
}

// --- references ---

Result<Sort> Parser::sort_keyword(bool core) {
  if (!at(TokenKind::Keyword)) return unexpected();
  std::string_view kw = peek().text;
  std::optional<Sort> sort;
  if (core) {
    if (kw == "func") sort = Sort::CoreFunc;
    if (kw == "table") sort = Sort::CoreTable;
    if (kw == "memory") sort = Sort::CoreMemory;
    if (kw == "global") sort = Sort::CoreGlobal;
    if (kw == "tag") sort = Sort::CoreTag;
    if (kw == "type") sort = Sort::CoreType;
    if (kw == "module") sort = Sort::CoreModule;
    if (kw == "instance") sort = Sort::CoreInstance;
  } else {
    if (kw == "func") sort = Sort::Func;
    if (kw == "value") sort = Sort::Value;
    if (kw == "type") sort = Sort::Type;
    if (kw == "component") sort = Sort::Component;
    if (kw == "instance") sort = Sort::Instance;
  }
  if (!sort) return unexpected();
  ++pos_;
  return *sort;
}

Result<ItemRef> Parser::item_ref_body(Sort sort) {
  ItemRef ref;
  ref.sort = sort;
  WEFT_TRY(idx, index());
  ref.idx = std::move(idx);
  while (at(TokenKind::String)) {
    // Core items come from core instances, one name deep; core modules from component instances.
    if (is_core(sort) && sort != Sort::CoreModule && !ref.export_names.empty()) return unexpected();
    WEFT_TRY(name, string());
    ref.export_names.push_back(std::move(name));
  }
  WEFT_CHECK(expect_rparen());
  return ref;
}

Result<ItemRef> Parser::index_or_ref(Sort sort) {
  if (at_index()) {
    WEFT_TRY(idx, index());
    ItemRef ref{sort, std::move(idx), {}};
    // The legacy `(memory $i "name")` for `(memory (core memory $i "name"))`, which
    // Wasmtime's tests still use (wasm-tools: WAST_STRICT_COMPONENT_INDICES=0).
    while (at(TokenKind::String)) {
      if (is_core(sort) && sort != Sort::CoreModule && !ref.export_names.empty()) return unexpected();
      WEFT_TRY(name, string());
      ref.export_names.push_back(std::move(name));
    }
    return ref;
  }
  WEFT_CHECK(expect_lparen());
  if (is_core(sort) && at_keyword("core")) ++pos_;  // optional where the sort is known to be core
  WEFT_TRY(found, sort_keyword(is_core(sort)));
  if (found != sort) return fail(t_[pos_ - 1], "unexpected token");
  return item_ref_body(sort);
}

Result<ItemRef> Parser::sort_ref() {
  WEFT_CHECK(expect_lparen());
  bool core = at_keyword("core");
  if (core) ++pos_;
  WEFT_TRY(sort, sort_keyword(core));
  return item_ref_body(sort);
}

// --- fields ---

Result<std::vector<Field>> Parser::fields_until(size_t end) {
  std::vector<Field> out;
  while (pos_ < end) WEFT_CHECK(field(out));
  return out;
}

Result<ComponentField> Parser::component() {
  WEFT_CHECK(enter());
  const Token& open = peek();
  size_t close = open.match;
  ComponentField c;
  c.span = open.span();
  pos_ += 2;  // ( component
  c.id = take_id();
  WEFT_TRY(fields, fields_until(close));
  c.fields = std::move(fields);
  pos_ = close + 1;
  leave();
  return c;
}

Result<void> Parser::field(std::vector<Field>& out) {
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  WEFT_CHECK(enter());
  std::string_view kw = peek(1).text;
  Result<void> r;
  if (kw == "core") {
    r = core_field(out);
  } else if (kw == "component") {
    r = component_field(out);
  } else if (kw == "instance") {
    r = instance_field(out);
  } else if (kw == "alias") {
    const Token& open = peek();
    pos_ += 2;
    auto alias = alias_body(open);
    if (!alias) return std::unexpected(alias.error());
    if (alias->sort == Sort::Count) return fail(t_[pos_ - 1], "unexpected token");  // no `(sort $id?)`
    out.emplace_back(std::move(*alias));
  } else if (kw == "type") {
    const Token& open = peek();
    pos_ += 2;
    auto type = type_body(open);
    if (!type) return std::unexpected(type.error());
    out.emplace_back(std::move(*type));
  } else if (kw == "canon") {
    r = canon_field(out);
  } else if (kw == "func") {
    r = func_field(out);
  } else if (kw == "start") {
    r = start_field(out);
  } else if (kw == "import") {
    r = import_field(out);
  } else if (kw == "export") {
    r = export_field(out);
  } else {
    return fail(peek(1), "unexpected token");
  }
  if (!r) return r;
  leave();
  return {};
}

Result<void> Parser::core_field(std::vector<Field>& out) {
  const Token& kw = peek(2);
  if (kw.kind != TokenKind::Keyword) return fail(kw, "unexpected token");
  if (kw.text == "module") return core_module_field(out);
  if (kw.text == "instance") return core_instance_field(out);
  if (kw.text == "func") return core_func_field(out);
  if (kw.text == "type") {
    const Token& open = peek();
    pos_ += 3;
    WEFT_TRY(type, core_type_body(open));
    out.emplace_back(std::move(type));
    return {};
  }
  return fail(kw, "unexpected token");
}

// (component $id? (export "n")* (import "n") typeuse) | (component $id? (export "n")* field*)
Result<void> Parser::component_field(std::vector<Field>& out) {
  const Token& open = peek();
  size_t close = open.match;
  pos_ += 2;
  std::optional<Id> id = take_id();
  WEFT_TRY(exports, inline_exports());
  if (at_inline_import()) {
    ImportField import;
    import.span = open.span();
    WEFT_TRY(name, inline_import());
    import.name = std::move(name);
    import.item.sort = Sort::Component;
    import.item.id = std::move(id);
    import.item.span = open.span();
    WEFT_CHECK(type_use(import.item.use, Sort::Component));
    WEFT_CHECK(expect_rparen());
    import.exports = std::move(exports);
    out.emplace_back(std::move(import));
    return {};
  }
  ComponentField c;
  c.span = open.span();
  c.id = std::move(id);
  c.exports = std::move(exports);
  WEFT_TRY(fields, fields_until(close));
  c.fields = std::move(fields);
  pos_ = close + 1;
  out.emplace_back(std::move(c));
  return {};
}

// (core module $id? (export "n")* (import "n") moduletype-use) | (core module $id? (export "n")* corefield*)
Result<void> Parser::core_module_field(std::vector<Field>& out) {
  const Token& open = peek();
  size_t close = open.match;
  pos_ += 3;
  std::optional<Id> id = take_id();
  WEFT_TRY(exports, inline_exports());
  if (at_inline_import()) {
    ImportField import;
    import.span = open.span();
    WEFT_TRY(name, inline_import());
    import.name = std::move(name);
    import.item.sort = Sort::CoreModule;
    import.item.id = std::move(id);
    import.item.span = open.span();
    WEFT_CHECK(core_type_use(import.item.use));
    WEFT_CHECK(expect_rparen());
    import.exports = std::move(exports);
    out.emplace_back(std::move(import));
    return {};
  }
  if (at_field("alias")) {  // (core module $m (alias export $i "m"))
    const Token& alias_open = peek();
    pos_ += 2;
    WEFT_TRY(alias, alias_body(alias_open));
    if (alias.target != AliasField::Target::Export || alias.id) return fail(alias_open, "unexpected token");
    alias.sort = Sort::CoreModule;
    alias.id = std::move(id);
    alias.exports = std::move(exports);
    alias.span = open.span();
    WEFT_CHECK(expect_rparen());
    out.emplace_back(std::move(alias));
    return {};
  }
  CoreModuleField m;
  m.span = open.span();
  m.id = std::move(id);
  m.exports = std::move(exports);
  m.body_begin = pos_;
  m.body_end = close;
  pos_ = close + 1;
  out.emplace_back(std::move(m));
  return {};
}

// (core instance $id? (instantiate moduleidx (with "n" (instance idx | (instance export*)))*))
// | (core instance $id? (export "n" core-sortidx)*)
Result<void> Parser::core_instance_field(std::vector<Field>& out) {
  const Token& open = peek();
  CoreInstanceField inst;
  inst.span = open.span();
  pos_ += 3;
  inst.id = take_id();
  auto core_exports = [&](std::vector<CoreExportItem>& items) -> Result<void> {
    while (at_field("export")) {
      pos_ += 2;
      CoreExportItem item;
      WEFT_TRY(name, string());
      item.name = std::move(name);
      WEFT_CHECK(expect_lparen());
      WEFT_TRY(sort, sort_keyword(true));
      WEFT_TRY(ref, item_ref_body(sort));
      item.ref = std::move(ref);
      WEFT_CHECK(expect_rparen());
      items.push_back(std::move(item));
    }
    return {};
  };
  if (at_field("instantiate")) {
    inst.instantiate = true;
    pos_ += 2;
    WEFT_TRY(module, index_or_ref(Sort::CoreModule));
    inst.module = std::move(module);
    while (at_field("with")) {
      CoreInstanceField::Arg arg;
      arg.span = peek().span();
      pos_ += 2;
      WEFT_TRY(name, string());
      arg.name = std::move(name);
      if (!at_field("instance")) return unexpected();
      if (peek(2).kind == TokenKind::Number || peek(2).kind == TokenKind::Id) {
        pos_ += 2;
        WEFT_TRY(ref, item_ref_body(Sort::CoreInstance));
        arg.instance = std::move(ref);
      } else {
        arg.bundle = true;
        pos_ += 2;
        WEFT_CHECK(core_exports(arg.exports));
        WEFT_CHECK(expect_rparen());
      }
      WEFT_CHECK(expect_rparen());
      inst.args.push_back(std::move(arg));
    }
    WEFT_CHECK(expect_rparen());
  } else {
    WEFT_CHECK(core_exports(inst.exports));
  }
  WEFT_CHECK(expect_rparen());
  out.emplace_back(std::move(inst));
  return {};
}

}  // namespace weft::component::text

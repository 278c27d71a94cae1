// The WIT parser, top level: packages, `use`, gates, interfaces and worlds.
#include "component/wit/parser.h"

#include <fmt/format.h>

#include <algorithm>

namespace weft::component::wit {
namespace {

// spec: label ::= fragment ('-' fragment)*, each fragment all lowercase or all
// uppercase, starting with a letter.
bool valid_kebab(std::string_view s) {
  if (s.empty()) return false;
  size_t begin = 0;
  while (begin <= s.size()) {
    size_t dash = s.find('-', begin);
    std::string_view word = s.substr(begin, dash == std::string_view::npos ? std::string_view::npos : dash - begin);
    if (word.empty()) return false;
    bool lower = word[0] >= 'a' && word[0] <= 'z', upper = word[0] >= 'A' && word[0] <= 'Z';
    if (!lower && !upper) return false;
    for (char c : word) {
      bool digit = c >= '0' && c <= '9';
      if (!digit && !(lower ? (c >= 'a' && c <= 'z') : (c >= 'A' && c <= 'Z'))) return false;
    }
    if (dash == std::string_view::npos) return true;
    begin = dash + 1;
  }
  return false;
}

// Doc text from comments the way wit-parser makes it: markers stripped, trailing
// space trimmed, the common leading indentation of non-empty lines removed.
Docs docs_from(const std::vector<Comment>& comments, uint32_t begin, uint32_t end) {
  if (begin == end) return {};
  std::vector<std::string_view> lines;
  for (uint32_t i = begin; i < end; ++i) {
    std::string_view text = comments[i].text;
    if (text.size() >= 5 && text.starts_with("/**") && text.ends_with("*/")) {
      text = text.substr(3, text.size() - 5);
    } else {
      while (!text.empty() && text.front() == '/') text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
      text.remove_suffix(1);
    lines.push_back(text);
  }
  size_t min_ws = ~size_t{0};
  for (std::string_view line : lines) {
    if (line.empty()) continue;
    size_t ws = 0;
    while (ws < line.size() && (line[ws] == ' ' || line[ws] == '\t' || line[ws] == '\r' || line[ws] == '\n')) ++ws;
    min_ws = std::min(min_ws, ws);
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (min_ws != ~size_t{0} && min_ws > 0 && line.size() >= min_ws &&
        line.substr(0, min_ws) == std::string(min_ws, ' '))
      line.remove_prefix(min_ws);
    if (i) out += '\n';
    out += line;
  }
  return Docs{std::move(out)};
}

}  // namespace

Result<ast::File> parse_file(std::string_view source, std::string path) {
  auto tokens = lex(source);
  if (!tokens) {
    Error e = tokens.error();
    e.file = path;
    return std::unexpected(std::move(e));
  }
  auto file = Parser(*tokens).run(path);
  if (!file) {
    Error e = file.error();
    e.file = path;
    return std::unexpected(std::move(e));
  }
  return file;
}

// --- cursor ---

bool Parser::eat(TokenKind kind) {
  if (!at(kind)) return false;
  next();
  return true;
}

bool Parser::eat_keyword(std::string_view kw) {
  if (!at_keyword(kw)) return false;
  next();
  return true;
}

std::unexpected<Error> Parser::fail(const Token& tok, std::string message) const {
  return make_error(Phase::Text, tok.span(), std::move(message));
}

std::unexpected<Error> Parser::expected(std::string_view what) const {
  return fail(peek(), fmt::format("expected {}, found {}", what, describe(peek())));
}

Result<void> Parser::expect(TokenKind kind) {
  if (!eat(kind)) return expected(token_kind_text(kind));
  return {};
}

Result<void> Parser::expect_keyword(std::string_view kw) {
  if (!eat_keyword(kw)) return expected(fmt::format("keyword `{}`", kw));
  return {};
}

Result<ast::Ident> Parser::ident() {
  const Token& tok = peek();
  if (!at_ident()) return expected("an identifier or string");
  std::string_view name = tok.text;
  if (tok.kind == TokenKind::ExplicitId) name.remove_prefix(1);
  if (!valid_kebab(name))
    return fail(tok, fmt::format("`{}` is not a valid identifier: words of lowercase or uppercase letters and "
                                 "digits, each starting with a letter, joined by '-'",
                                 name));
  next();
  return ast::Ident{std::string(name), tok.span()};
}

Docs Parser::docs() const { return docs_from(comments_, peek().comments_begin, peek().comments_end); }

Span Parser::docs_span() const {
  const Token& tok = peek();
  return tok.comments_begin < tok.comments_end ? comments_[tok.comments_begin].span : tok.span();
}

// --- top level ---

Result<ast::File> Parser::run(std::string path) {
  ast::File file;
  file.path = std::move(path);
  file_ = &file;
  if (at_keyword("package")) {
    size_t start = pos_;
    Docs package_docs = docs();
    Span span = docs_span();
    next();
    WEFT_TRY(name, package_ref());
    if (eat(TokenKind::Semicolon)) {
      Span name_span = name.span;
      file.package = ast::PackageDecl{std::move(name), std::move(package_docs), name_span, span};
    } else {
      pos_ = start;
    }
  }
  WEFT_CHECK(decl_list(file.items, 0, false));
  file_ = nullptr;
  return file;
}

Result<void> Parser::decl_list(std::vector<ast::TopItem>& items, uint32_t depth, bool braced) {
  while (true) {
    if (braced && at(TokenKind::RBrace)) return {};
    if (at(TokenKind::Eof)) {
      if (braced) return expected("'}'");
      return {};
    }
    Docs item_docs = docs();
    if (at_keyword("package")) {
      WEFT_CHECK(nested_package(depth + 1));
      continue;
    }
    WEFT_TRY(item_gate, gate());
    if (eat_keyword("use")) {
      ast::TopUse use;
      WEFT_TRY(path, use_path());
      use.path = std::move(path);
      if (eat_keyword("as")) {
        WEFT_TRY(as, ident());
        use.as = std::move(as);
      }
      WEFT_CHECK(expect(TokenKind::Semicolon));
      items.emplace_back(std::move(use));
    } else if (at_keyword("interface")) {
      WEFT_TRY(iface, interface(std::move(item_docs), std::move(item_gate)));
      items.emplace_back(std::move(iface));
    } else if (at_keyword("world")) {
      WEFT_TRY(w, world(std::move(item_docs), std::move(item_gate)));
      items.emplace_back(std::move(w));
    } else {
      return expected("`world`, `interface` or `use`");
    }
  }
}

Result<void> Parser::nested_package(uint32_t depth) {
  if (depth > kMaxPackageDepth) return fail(peek(), "package nesting too deep");
  ast::NestedPackage pkg;
  pkg.depth = depth;
  pkg.decl.docs = docs();
  pkg.decl.docs_span = docs_span();
  next();
  WEFT_TRY(name, package_ref());
  pkg.decl.span = name.span;
  pkg.decl.name = std::move(name);
  WEFT_CHECK(expect(TokenKind::LBrace));
  // Keep source order: this package before the ones nested inside it.
  size_t slot = file_->nested.size();
  file_->nested.emplace_back();
  WEFT_CHECK(decl_list(pkg.items, depth, true));
  WEFT_CHECK(expect(TokenKind::RBrace));
  file_->nested[slot] = std::move(pkg);
  return {};
}

Result<ast::PackageRef> Parser::package_ref() {
  ast::PackageRef ref;
  ref.span = peek().span();
  WEFT_TRY(ns, ident());
  ref.ns = std::move(ns);
  WEFT_CHECK(expect(TokenKind::Colon));
  WEFT_TRY(name, ident());
  ref.name = std::move(name);
  if (at(TokenKind::Colon)) return fail(peek(), "not supported yet: nested namespaces in package names");
  if (eat(TokenKind::At)) {
    WEFT_TRY(v, version());
    ref.version = std::move(v);
  }
  return ref;
}

// major.minor.patch, then adjacent pre-release and build parts: the raw text of the
// tokens is checked as semver.
Result<Version> Parser::version() {
  const Token& first = peek();
  const Token* last = &first;
  for (int part = 0; part < 3; ++part) {
    if (part) WEFT_CHECK(expect(TokenKind::Period));
    last = &peek();
    WEFT_CHECK(expect(TokenKind::Integer));
  }
  auto adjacent = [&](size_t k) { return !peek(k).space_before; };
  if ((at(TokenKind::Minus) || at(TokenKind::Plus)) && adjacent(0)) {
    while (adjacent(0)) {
      TokenKind k = peek().kind;
      bool part = k == TokenKind::Id || k == TokenKind::Integer || k == TokenKind::Minus || k == TokenKind::Plus;
      bool dotted = k == TokenKind::Period && adjacent(1) &&
                    (peek(1).kind == TokenKind::Id || peek(1).kind == TokenKind::Integer);
      if (!part && !dotted) break;
      if (dotted) next();
      last = &next();
    }
  }
  std::string_view text(first.text.data(), size_t(last->text.data() + last->text.size() - first.text.data()));
  auto v = Version::parse(text);
  if (!v) return fail(first, fmt::format("invalid semver version `{}`", text));
  return *v;
}

Result<ast::UsePath> Parser::use_path() {
  ast::UsePath path;
  path.span = peek().span();
  WEFT_TRY(first, ident());
  if (!at(TokenKind::Colon)) {
    path.name = std::move(first);
    return path;
  }
  ast::PackageRef ref;
  ref.span = first.span;
  ref.ns = std::move(first);
  next();
  WEFT_TRY(pkg, ident());
  ref.name = std::move(pkg);
  if (at(TokenKind::Colon)) return fail(peek(), "not supported yet: nested namespaces in package names");
  WEFT_CHECK(expect(TokenKind::Slash));
  WEFT_TRY(name, ident());
  path.name = std::move(name);
  if (at(TokenKind::Slash)) return fail(peek(), "not supported yet: nested packages in use paths");
  if (eat(TokenKind::At)) {
    WEFT_TRY(v, version());
    ref.version = std::move(v);
  }
  path.package = std::move(ref);
  return path;
}

// --- gates ---

Result<ast::Gate> Parser::gate() {
  ast::Gate g;
  struct Attr {
    std::string_view name;
    Span span;
    Version version;
    std::string feature;
  };
  std::vector<Attr> attrs;
  while (at(TokenKind::At)) {
    Span span = peek().span();
    next();
    const Token& name_tok = peek();
    if (!at(TokenKind::Id)) return expected("an attribute name");
    std::string_view name = name_tok.text;
    next();
    WEFT_CHECK(expect(TokenKind::LParen));
    if (name == "external-id") {
      if (g.external_id) return fail(name_tok, "duplicate `@external-id` attribute");
      if (!at(TokenKind::String)) return expected("a string");
      g.external_id = decode_string(next().text);
      WEFT_CHECK(expect(TokenKind::RParen));
      continue;
    }
    if (name != "since" && name != "unstable" && name != "deprecated")
      return fail(name_tok, fmt::format("unknown attribute `{}`", name));
    std::string_view key = name == "unstable" ? "feature" : "version";
    const Token& key_tok = peek();
    WEFT_TRY(key_id, ident());
    if (key_id.name != key) return fail(key_tok, fmt::format("expected `{}`, found `{}`", key, key_id.name));
    WEFT_CHECK(expect(TokenKind::Equals));
    Attr attr{name, span, {}, {}};
    if (name == "unstable") {
      WEFT_TRY(feature, ident());
      attr.feature = feature.name;
    } else {
      WEFT_TRY(v, version());
      attr.version = std::move(v);
    }
    WEFT_CHECK(expect(TokenKind::RParen));
    attrs.push_back(std::move(attr));
  }
  if (attrs.empty()) return g;
  g.span = attrs[0].span;
  if (attrs.size() > 2) return make_error(Phase::Text, attrs[1].span, "unsupported combination of attributes");
  const Attr* deprecated = nullptr;
  const Attr* main = nullptr;
  for (const Attr& a : attrs) (a.name == "deprecated" ? deprecated : main) = &a;
  if (attrs.size() == 2 && (!main || !deprecated))
    return make_error(Phase::Text, attrs[1].span, "unsupported combination of attributes");
  if (!main) return make_error(Phase::Text, deprecated->span, "must pair @deprecated with either @since or @unstable");
  if (main->name == "since") {
    g.stability.kind = Stability::Kind::Stable;
    g.stability.since = main->version;
  } else {
    g.stability.kind = Stability::Kind::Unstable;
    g.stability.feature = main->feature;
  }
  if (deprecated) g.stability.deprecated = deprecated->version;
  return g;
}

// --- interfaces ---

Result<ast::Interface> Parser::interface(Docs docs, ast::Gate gate) {
  next();
  ast::Interface iface;
  iface.docs = std::move(docs);
  iface.gate = std::move(gate);
  WEFT_TRY(name, ident());
  iface.name = std::move(name);
  WEFT_TRY(items, interface_items());
  iface.items = std::move(items);
  return iface;
}

Result<std::vector<ast::InterfaceItem>> Parser::interface_items() {
  WEFT_CHECK(expect(TokenKind::LBrace));
  std::vector<ast::InterfaceItem> items;
  while (!at(TokenKind::RBrace)) {
    WEFT_TRY(item, interface_item());
    items.push_back(std::move(item));
  }
  next();
  return items;
}

Result<ast::InterfaceItem> Parser::interface_item() {
  Docs item_docs = docs();
  WEFT_TRY(item_gate, gate());
  if (at_keyword("use")) {
    WEFT_TRY(use, use_item(std::move(item_docs), std::move(item_gate)));
    return ast::InterfaceItem(std::move(use));
  }
  if (at_typedef()) {
    WEFT_TRY(def, typedef_item(std::move(item_docs), std::move(item_gate)));
    return ast::InterfaceItem(std::move(def));
  }
  if (at_ident()) {
    WEFT_TRY(func, named_func(std::move(item_docs), std::move(item_gate)));
    return ast::InterfaceItem(std::move(func));
  }
  return expected("`type`, `resource` or `func`");
}

Result<ast::Use> Parser::use_item(Docs docs, ast::Gate gate) {
  next();
  ast::Use use;
  use.docs = std::move(docs);
  use.gate = std::move(gate);
  WEFT_TRY(path, use_path());
  use.path = std::move(path);
  WEFT_CHECK(expect(TokenKind::Period));
  WEFT_CHECK(expect(TokenKind::LBrace));
  while (!eat(TokenKind::RBrace)) {
    ast::UseName name;
    WEFT_TRY(id, ident());
    name.name = std::move(id);
    if (eat_keyword("as")) {
      WEFT_TRY(as, ident());
      name.as = std::move(as);
    }
    use.names.push_back(std::move(name));
    if (!eat(TokenKind::Comma)) {
      WEFT_CHECK(expect(TokenKind::RBrace));
      break;
    }
  }
  WEFT_CHECK(expect(TokenKind::Semicolon));
  return use;
}

}  // namespace weft::component::wit

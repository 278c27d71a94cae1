// The WIT parser, worlds: imports and exports (labels, paths, inline interfaces), `include`.
#include "component/wit/parser.h"

namespace weft::component::wit {

Result<ast::World> Parser::world(Docs docs, ast::Gate gate) {
  next();
  ast::World w;
  w.docs = std::move(docs);
  w.gate = std::move(gate);
  WEFT_TRY(name, ident());
  w.name = std::move(name);
  WEFT_CHECK(expect(TokenKind::LBrace));
  while (!at(TokenKind::RBrace)) {
    WEFT_TRY(item, world_item());
    w.items.push_back(std::move(item));
  }
  next();
  return w;
}

Result<ast::WorldItem> Parser::world_item() {
  Docs item_docs = docs();
  WEFT_TRY(item_gate, gate());
  if (at_keyword("import") || at_keyword("export")) {
    WEFT_TRY(ie, import_export(std::move(item_docs), std::move(item_gate)));
    return ast::WorldItem(std::move(ie));
  }
  if (at_keyword("use")) {
    WEFT_TRY(use, use_item(std::move(item_docs), std::move(item_gate)));
    return ast::WorldItem(std::move(use));
  }
  if (at_keyword("include")) {
    WEFT_TRY(inc, include(std::move(item_gate)));
    return ast::WorldItem(std::move(inc));
  }
  if (at_typedef()) {
    WEFT_TRY(def, typedef_item(std::move(item_docs), std::move(item_gate)));
    return ast::WorldItem(std::move(def));
  }
  return expected("`import`, `export`, `include`, `use`, or type definition");
}

Result<ast::ImportExport> Parser::import_export(Docs docs, ast::Gate gate) {
  ast::ImportExport ie;
  ie.is_export = next().text == "export";
  ie.docs = std::move(docs);
  ie.gate = std::move(gate);
  ast::Extern& ext = ie.ext;
  ext.span = peek().span();
  // `a:b/c` written without spaces is a package path; `a: ...` is a label.
  const Token& colon = peek(1);
  const Token& after = peek(2);
  bool label = at_ident() && colon.kind == TokenKind::Colon &&
               (colon.space_before || after.space_before ||
                !((after.kind == TokenKind::Id && !after.keyword) || after.kind == TokenKind::ExplicitId));
  if (!label) {
    ext.kind = ast::Extern::Kind::Path;
    WEFT_TRY(path, use_path());
    ext.path = std::move(path);
    WEFT_CHECK(expect(TokenKind::Semicolon));
    return ie;
  }
  WEFT_TRY(name, ident());
  ext.label = std::move(name);
  next();
  if (at_keyword("func") || at_keyword("async")) {
    ext.kind = ast::Extern::Kind::Func;
    WEFT_TRY(func, func_type());
    ext.func = std::move(func);
    WEFT_CHECK(expect(TokenKind::Semicolon));
  } else if (eat_keyword("interface")) {
    ext.kind = ast::Extern::Kind::Interface;
    WEFT_TRY(items, interface_items());
    ext.items = std::move(items);
  } else {
    ext.kind = ast::Extern::Kind::NamedPath;
    WEFT_TRY(path, use_path());
    ext.path = std::move(path);
    WEFT_CHECK(expect(TokenKind::Semicolon));
  }
  return ie;
}

Result<ast::Include> Parser::include(ast::Gate gate) {
  next();
  ast::Include inc;
  inc.gate = std::move(gate);
  WEFT_TRY(path, use_path());
  inc.path = std::move(path);
  if (!eat_keyword("with")) {
    WEFT_CHECK(expect(TokenKind::Semicolon));
    return inc;
  }
  WEFT_CHECK(expect(TokenKind::LBrace));
  while (!eat(TokenKind::RBrace)) {
    WEFT_TRY(from, ident());
    WEFT_CHECK(expect_keyword("as"));
    WEFT_TRY(to, ident());
    inc.with.emplace_back(std::move(from), std::move(to));
    if (!eat(TokenKind::Comma)) {
      WEFT_CHECK(expect(TokenKind::RBrace));
      break;
    }
  }
  return inc;
}

}  // namespace weft::component::wit

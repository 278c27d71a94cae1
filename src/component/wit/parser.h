// The WIT parser: tokens of one file to its syntax tree. No names are resolved here.
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/WIT.md
#pragma once

#include <string>
#include <string_view>

#include "component/wit/ast.h"
#include "component/wit/lexer.h"
#include "support/error.h"

namespace weft::component::wit {

// Deeper nesting of types (`list<list<...>>`) or of `package x { ... }` blocks than
// this is rejected, which bounds the parser's and the resolver's recursion.
constexpr uint32_t kMaxTypeDepth = 100;
constexpr uint32_t kMaxPackageDepth = 100;

// Parses one WIT file. Errors carry `path` as their file.
Result<ast::File> parse_file(std::string_view source, std::string path);

// Internal to the library: the recursive-descent parser over a file's tokens.
class Parser {
 public:
  explicit Parser(const Tokens& tokens) : t_(tokens.tokens), comments_(tokens.comments) {}
  Result<ast::File> run(std::string path);

 private:
  // --- cursor (parser.cpp) ---
  const Token& peek(size_t k = 0) const { return t_[pos_ + k < t_.size() ? pos_ + k : t_.size() - 1]; }
  const Token& next() { return t_[pos_ + 1 < t_.size() ? pos_++ : t_.size() - 1]; }
  bool at(TokenKind kind) const { return peek().kind == kind; }
  bool at_keyword(std::string_view kw) const { return at(TokenKind::Id) && peek().keyword && peek().text == kw; }
  bool at_ident() const { return (at(TokenKind::Id) && !peek().keyword) || at(TokenKind::ExplicitId); }
  bool eat(TokenKind kind);
  bool eat_keyword(std::string_view kw);
  std::unexpected<Error> fail(const Token& tok, std::string message) const;
  std::unexpected<Error> expected(std::string_view what) const;  // "expected X, found Y"
  Result<void> expect(TokenKind kind);
  Result<void> expect_keyword(std::string_view kw);
  Result<ast::Ident> ident();
  Docs docs() const;  // the comments just before the next token
  Span docs_span() const;

  // --- top level and interfaces (parser.cpp); worlds (parse_worlds.cpp) ---
  Result<void> decl_list(std::vector<ast::TopItem>& items, uint32_t depth, bool braced);
  Result<void> nested_package(uint32_t depth);
  Result<ast::PackageRef> package_ref();
  Result<Version> version();
  Result<ast::UsePath> use_path();
  Result<ast::Gate> gate();
  Result<void> attribute(ast::Gate& gate);
  Result<ast::Interface> interface(Docs docs, ast::Gate gate);
  Result<std::vector<ast::InterfaceItem>> interface_items();
  Result<ast::InterfaceItem> interface_item();
  Result<ast::World> world(Docs docs, ast::Gate gate);
  Result<ast::WorldItem> world_item();
  Result<ast::ImportExport> import_export(Docs docs, ast::Gate gate);
  Result<ast::Include> include(ast::Gate gate);
  Result<ast::Use> use_item(Docs docs, ast::Gate gate);

  // --- type definitions, functions and types (parse_types.cpp) ---
  bool at_typedef() const;
  Result<ast::TypeDef> typedef_item(Docs docs, ast::Gate gate);
  Result<void> record_body(ast::TypeDef& def);
  Result<void> cases_body(ast::TypeDef& def);
  Result<void> resource_body(ast::TypeDef& def);
  Result<ast::ResourceFunc> resource_func();
  Result<ast::NamedFunc> named_func(Docs docs, ast::Gate gate);
  Result<ast::Func> func_type();
  Result<std::vector<ast::Param>> params();
  Result<ast::TypeExpr> type_expr(uint32_t depth = 0);
  Result<ast::TypeExpr> type_args(ast::TypeExpr ty, uint32_t depth);
  Result<void> result_args(ast::TypeExpr& ty, uint32_t depth);
  Result<void> list_args(ast::TypeExpr& ty, uint32_t depth);

  const std::vector<Token>& t_;
  const std::vector<Comment>& comments_;
  size_t pos_ = 0;
  ast::File* file_ = nullptr;
};

}  // namespace weft::component::wit

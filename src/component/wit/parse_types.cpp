// The WIT parser, types: type definitions, resources, functions and type expressions.
#include <fmt/format.h>

#include <array>

#include "component/wit/parser.h"

namespace weft::component::wit {
namespace {

struct PrimitiveName {
  std::string_view text;
  Type::Kind kind;
};
constexpr std::array<PrimitiveName, 14> kPrimitives = {{
    {"bool", Type::Kind::Bool},
    {"u8", Type::Kind::U8},
    {"u16", Type::Kind::U16},
    {"u32", Type::Kind::U32},
    {"u64", Type::Kind::U64},
    {"s8", Type::Kind::S8},
    {"s16", Type::Kind::S16},
    {"s32", Type::Kind::S32},
    {"s64", Type::Kind::S64},
    {"f32", Type::Kind::F32},
    {"f64", Type::Kind::F64},
    {"char", Type::Kind::Char},
    {"string", Type::Kind::String},
    {"error-context", Type::Kind::ErrorContext},
}};

bool valid_map_key(const ast::TypeExpr& key) {
  if (key.kind != ast::TypeExpr::Kind::Primitive) return false;
  switch (key.primitive) {
    case Type::Kind::F32:
    case Type::Kind::F64:
    case Type::Kind::ErrorContext:
    case Type::Kind::Def: return false;
    default: return true;
  }
}

}  // namespace

bool Parser::at_typedef() const {
  return at_keyword("type") || at_keyword("record") || at_keyword("flags") || at_keyword("variant") ||
         at_keyword("enum") || at_keyword("resource");
}

Result<ast::TypeDef> Parser::typedef_item(Docs docs, ast::Gate gate) {
  std::string_view kw = next().text;
  ast::TypeDef def;
  def.docs = std::move(docs);
  def.gate = std::move(gate);
  WEFT_TRY(name, ident());
  def.name = std::move(name);
  if (kw == "type") {
    def.kind = ast::TypeDef::Kind::Alias;
    WEFT_CHECK(expect(TokenKind::Equals));
    WEFT_TRY(ty, type_expr());
    def.alias = std::move(ty);
    WEFT_CHECK(expect(TokenKind::Semicolon));
    return def;
  }
  if (kw == "record") {
    def.kind = ast::TypeDef::Kind::Record;
    WEFT_CHECK(record_body(def));
    return def;
  }
  if (kw == "resource") {
    def.kind = ast::TypeDef::Kind::Resource;
    if (!at(TokenKind::LBrace)) {
      WEFT_CHECK(expect(TokenKind::Semicolon));
      return def;
    }
    WEFT_CHECK(resource_body(def));
    return def;
  }
  def.kind = kw == "flags" ? ast::TypeDef::Kind::Flags
             : kw == "enum" ? ast::TypeDef::Kind::Enum
                            : ast::TypeDef::Kind::Variant;
  WEFT_CHECK(cases_body(def));
  return def;
}

Result<void> Parser::record_body(ast::TypeDef& def) {
  WEFT_CHECK(expect(TokenKind::LBrace));
  while (!eat(TokenKind::RBrace)) {
    ast::Field field;
    field.docs = docs();
    WEFT_TRY(name, ident());
    field.name = std::move(name);
    WEFT_CHECK(expect(TokenKind::Colon));
    WEFT_TRY(ty, type_expr());
    field.type = std::move(ty);
    def.fields.push_back(std::move(field));
    if (!eat(TokenKind::Comma)) {
      WEFT_CHECK(expect(TokenKind::RBrace));
      break;
    }
  }
  return {};
}

// The cases of flags, enums and variants; only variant cases may have a payload.
Result<void> Parser::cases_body(ast::TypeDef& def) {
  WEFT_CHECK(expect(TokenKind::LBrace));
  while (!eat(TokenKind::RBrace)) {
    ast::Case c;
    c.docs = docs();
    WEFT_TRY(name, ident());
    c.name = std::move(name);
    if (def.kind == ast::TypeDef::Kind::Variant && eat(TokenKind::LParen)) {
      WEFT_TRY(ty, type_expr());
      c.type = std::move(ty);
      WEFT_CHECK(expect(TokenKind::RParen));
    }
    def.cases.push_back(std::move(c));
    if (!eat(TokenKind::Comma)) {
      WEFT_CHECK(expect(TokenKind::RBrace));
      break;
    }
  }
  return {};
}

Result<void> Parser::resource_body(ast::TypeDef& def) {
  next();
  while (!eat(TokenKind::RBrace)) {
    WEFT_TRY(func, resource_func());
    def.funcs.push_back(std::move(func));
  }
  return {};
}

Result<ast::ResourceFunc> Parser::resource_func() {
  ast::ResourceFunc rf;
  rf.func.docs = docs();
  WEFT_TRY(g, gate());
  rf.func.gate = std::move(g);
  if (at_keyword("constructor")) {
    rf.kind = ast::ResourceFunc::Kind::Constructor;
    rf.func.name = ast::Ident{"constructor", peek().span()};
    rf.func.func.span = peek().span();
    next();
    WEFT_TRY(ps, params());
    rf.func.func.params = std::move(ps);
    if (eat(TokenKind::Arrow)) {
      WEFT_TRY(ty, type_expr());
      rf.func.func.result = std::move(ty);
    }
    WEFT_CHECK(expect(TokenKind::Semicolon));
    return rf;
  }
  if (!at_ident()) return expected("`constructor` or identifier");
  WEFT_TRY(name, ident());
  rf.func.name = std::move(name);
  WEFT_CHECK(expect(TokenKind::Colon));
  rf.kind = eat_keyword("static") ? ast::ResourceFunc::Kind::Static : ast::ResourceFunc::Kind::Method;
  WEFT_TRY(func, func_type());
  rf.func.func = std::move(func);
  WEFT_CHECK(expect(TokenKind::Semicolon));
  return rf;
}

Result<ast::NamedFunc> Parser::named_func(Docs docs, ast::Gate gate) {
  ast::NamedFunc f;
  f.docs = std::move(docs);
  f.gate = std::move(gate);
  WEFT_TRY(name, ident());
  f.name = std::move(name);
  WEFT_CHECK(expect(TokenKind::Colon));
  WEFT_TRY(func, func_type());
  f.func = std::move(func);
  WEFT_CHECK(expect(TokenKind::Semicolon));
  return f;
}

Result<ast::Func> Parser::func_type() {
  ast::Func func;
  func.is_async = eat_keyword("async");
  func.span = peek().span();
  WEFT_CHECK(expect_keyword("func"));
  WEFT_TRY(ps, params());
  func.params = std::move(ps);
  if (eat(TokenKind::Arrow)) {
    WEFT_TRY(ty, type_expr());
    func.result = std::move(ty);
  }
  return func;
}

Result<std::vector<ast::Param>> Parser::params() {
  WEFT_CHECK(expect(TokenKind::LParen));
  std::vector<ast::Param> out;
  while (!eat(TokenKind::RParen)) {
    ast::Param p;
    WEFT_TRY(name, ident());
    p.name = std::move(name);
    WEFT_CHECK(expect(TokenKind::Colon));
    WEFT_TRY(ty, type_expr());
    p.type = std::move(ty);
    out.push_back(std::move(p));
    if (!eat(TokenKind::Comma)) {
      WEFT_CHECK(expect(TokenKind::RParen));
      break;
    }
  }
  return out;
}

Result<ast::TypeExpr> Parser::type_expr(uint32_t depth) {
  if (depth >= kMaxTypeDepth) return fail(peek(), "type nesting too deep");
  ast::TypeExpr ty;
  ty.span = peek().span();
  using K = ast::TypeExpr::Kind;
  if (at(TokenKind::Id) && peek().keyword) {
    std::string_view kw = peek().text;
    for (const PrimitiveName& p : kPrimitives) {
      if (p.text == kw) {
        next();
        ty.primitive = p.kind;
        return ty;
      }
    }
    static constexpr std::pair<std::string_view, K> kConstructors[] = {
        {"tuple", K::Tuple},   {"list", K::List}, {"option", K::Option}, {"result", K::Result},
        {"map", K::Map},       {"future", K::Future}, {"stream", K::Stream}, {"own", K::Own},
        {"borrow", K::Borrow}};
    for (const auto& [text, kind] : kConstructors) {
      if (text == kw) {
        next();
        ty.kind = kind;
        return type_args(std::move(ty), depth);
      }
    }
  }
  if (at_ident()) {
    ty.kind = K::Name;
    WEFT_TRY(name, ident());
    ty.name = std::move(name);
    return ty;
  }
  return expected("a type");
}

// The `<...>` after a type constructor keyword.
Result<ast::TypeExpr> Parser::type_args(ast::TypeExpr ty, uint32_t depth) {
  using K = ast::TypeExpr::Kind;
  switch (ty.kind) {
    case K::Result:
      if (at(TokenKind::Less)) WEFT_CHECK(result_args(ty, depth));
      return ty;
    case K::List:
      WEFT_CHECK(list_args(ty, depth));
      return ty;
    case K::Future:
    case K::Stream:
      if (!at(TokenKind::Less)) return ty;
      break;
    default: break;
  }
  WEFT_CHECK(expect(TokenKind::Less));
  if (ty.kind == K::Own || ty.kind == K::Borrow) {
    WEFT_TRY(name, ident());
    ty.name = std::move(name);
  } else if (ty.kind == K::Tuple) {
    while (!at(TokenKind::Greater)) {
      WEFT_TRY(member, type_expr(depth + 1));
      ty.args.push_back(std::move(member));
      if (!eat(TokenKind::Comma)) break;
    }
  } else {
    WEFT_TRY(arg, type_expr(depth + 1));
    ty.args.push_back(std::move(arg));
    if (ty.kind == K::Map) {
      WEFT_CHECK(expect(TokenKind::Comma));
      WEFT_TRY(value, type_expr(depth + 1));
      ty.args.push_back(std::move(value));
      if (!valid_map_key(ty.args[0]))
        return make_error(Phase::Text, ty.span,
                          "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, "
                          "char, or string");
    }
  }
  WEFT_CHECK(expect(TokenKind::Greater));
  return ty;
}

Result<void> Parser::result_args(ast::TypeExpr& ty, uint32_t depth) {
  next();
  if (eat(TokenKind::Underscore)) {
    WEFT_CHECK(expect(TokenKind::Comma));
  } else {
    WEFT_TRY(ok, type_expr(depth + 1));
    ty.args.push_back(std::move(ok));
    ty.has_ok = true;
    if (!eat(TokenKind::Comma)) return expect(TokenKind::Greater);
  }
  WEFT_TRY(err, type_expr(depth + 1));
  ty.args.push_back(std::move(err));
  ty.has_err = true;
  return expect(TokenKind::Greater);
}

Result<void> Parser::list_args(ast::TypeExpr& ty, uint32_t depth) {
  WEFT_CHECK(expect(TokenKind::Less));
  WEFT_TRY(element, type_expr(depth + 1));
  ty.args.push_back(std::move(element));
  if (eat(TokenKind::Comma)) {
    const Token& len = peek();
    if (!at(TokenKind::Integer)) return expected("fixed-length");
    if (len.text.size() > 9 || (len.text.size() > 1 && len.text[0] == '0'))
      return fail(len, fmt::format("invalid fixed-length `{}`", len.text));
    uint32_t n = 0;
    for (char c : len.text) n = n * 10 + uint32_t(c - '0');
    if (n == 0) return fail(len, "a fixed-length list must have a length greater than zero");
    next();
    ty.kind = ast::TypeExpr::Kind::FixedList;
    ty.length = n;
  }
  return expect(TokenKind::Greater);
}

}  // namespace weft::component::wit

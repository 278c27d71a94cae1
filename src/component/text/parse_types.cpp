// Parsing component type definitions: value types, function, component,
// instance and resource types, and the type uses of imports and exports.
// spec: Explainer.md#type-definitions
#include "component/text/parser.h"

namespace weft::component::text {
namespace {

std::optional<Prim> prim_from(std::string_view kw) {
  static constexpr std::pair<std::string_view, Prim> kPrims[] = {
      {"bool", Prim::Bool}, {"s8", Prim::S8},    {"u8", Prim::U8},     {"s16", Prim::S16},
      {"u16", Prim::U16},   {"s32", Prim::S32},  {"u32", Prim::U32},   {"s64", Prim::S64},
      {"u64", Prim::U64},   {"f32", Prim::F32},  {"f64", Prim::F64},   {"float32", Prim::F32},
      {"float64", Prim::F64}, {"char", Prim::Char}, {"string", Prim::String},
      {"error-context", Prim::ErrorContext}};
  for (auto [name, prim] : kPrims)
    if (name == kw) return prim;
  return std::nullopt;
}

std::optional<DefinedType::Kind> defined_kind(std::string_view kw) {
  using K = DefinedType::Kind;
  static constexpr std::pair<std::string_view, K> kKinds[] = {
      {"record", K::Record}, {"variant", K::Variant}, {"list", K::List},     {"tuple", K::Tuple},
      {"flags", K::Flags},   {"enum", K::Enum},       {"option", K::Option}, {"result", K::Result},
      {"own", K::Own},       {"borrow", K::Borrow},   {"stream", K::Stream}, {"future", K::Future},
      {"map", K::Map}};
  for (auto [name, kind] : kKinds)
    if (name == kw) return kind;
  return std::nullopt;
}

}  // namespace

// After `(type`: $id? (export "n")* deftype, and the closing ')'.
Result<TypeField> Parser::type_body(const Token& open) {
  TypeField type;
  type.span = open.span();
  type.id = take_id();
  WEFT_TRY(exports, inline_exports());
  type.exports = std::move(exports);
  WEFT_CHECK(deftype(type.def));
  WEFT_CHECK(expect_rparen());
  return type;
}

Result<void> Parser::deftype(TypeDef& def) {
  if (at(TokenKind::Keyword)) {
    auto prim = prim_from(peek().text);
    if (!prim) return unexpected();
    ++pos_;
    def.kind = TypeDef::Kind::Defined;
    def.defined.kind = DefinedType::Kind::Prim;
    def.defined.prim = *prim;
    return {};
  }
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  WEFT_CHECK(enter());
  const Token& head = peek(1);
  pos_ += 2;
  if (head.text == "func") {
    def.kind = TypeDef::Kind::Func;
    WEFT_CHECK(func_type(def.func));
  } else if (head.text == "component" || head.text == "instance") {
    def.kind = head.text == "component" ? TypeDef::Kind::Component : TypeDef::Kind::Instance;
    WEFT_CHECK(decls(def.decls, head.text == "component"));
  } else if (head.text == "resource") {
    def.kind = TypeDef::Kind::Resource;
    WEFT_CHECK(resource_type(def.resource));
  } else {
    def.kind = TypeDef::Kind::Defined;
    WEFT_CHECK(defined_type(def.defined, head));
  }
  WEFT_CHECK(expect_rparen());
  leave();
  return {};
}

// The body of `(record ...)`, `(list ...)`, ...: `head` is the keyword just read.
// A member of a compound type: `"label"? valtype?` as the type asks.
Result<void> Parser::type_member(DefinedType& def, bool with_name, bool type_required) {
  TypeMember m;
  m.span = peek().span();
  if (with_name) {
    WEFT_TRY(name, string());
    m.name = std::move(name);
  }
  if (type_required) {
    WEFT_TRY(t, valtype());
    m.type = std::move(t);
  }
  def.members.push_back(std::move(m));
  return {};
}

// (case $id? "label" valtype?)*; `refines` is gone from the spec.
Result<void> Parser::variant_cases(DefinedType& def) {
  while (at_field("case")) {
    pos_ += 2;
    std::optional<Id> id = take_id();
    WEFT_CHECK(type_member(def, true, false));
    def.members.back().id = std::move(id);
    WEFT_TRY(t, optional_valtype());
    def.members.back().type = std::move(t);
    if (at_field("refines")) return fail(peek(1), "unexpected token");
    WEFT_CHECK(expect_rparen());
  }
  return {};
}

// (result valtype? (error valtype)?)
Result<void> Parser::result_type(DefinedType& def) {
  def.members.resize(2);
  if (!at(TokenKind::RParen) && !at_field("error")) {
    WEFT_TRY(ok, valtype());
    def.members[0].type = std::move(ok);
  }
  if (at_field("error")) {
    pos_ += 2;
    WEFT_TRY(err, valtype());
    def.members[1].type = std::move(err);
    WEFT_CHECK(expect_rparen());
  }
  return {};
}

// spec: Explainer.md#type-definitions (defvaltype)
Result<void> Parser::defined_type(DefinedType& def, const Token& head) {
  using K = DefinedType::Kind;
  auto kind = defined_kind(head.text);
  if (!kind) return fail(head, "unexpected token");
  def.kind = *kind;
  switch (*kind) {
    case K::Record:
      while (at_field("field")) {
        pos_ += 2;
        WEFT_CHECK(type_member(def, true, true));
        WEFT_CHECK(expect_rparen());
      }
      return {};
    case K::Variant: return variant_cases(def);
    case K::List:
      WEFT_CHECK(type_member(def, false, true));
      if (at(TokenKind::Number)) {
        def.kind = K::FixedList;
        WEFT_TRY(n, u32());
        def.length = n;
      }
      return {};
    case K::Tuple:
      while (!at(TokenKind::RParen)) WEFT_CHECK(type_member(def, false, true));
      return {};
    case K::Flags:
    case K::Enum:
      while (at(TokenKind::String)) WEFT_CHECK(type_member(def, true, false));
      return {};
    case K::Option: return type_member(def, false, true);
    case K::Map:
      WEFT_CHECK(type_member(def, false, true));
      return type_member(def, false, true);
    case K::Result: return result_type(def);
    case K::Own:
    case K::Borrow: {
      WEFT_TRY(idx, index());
      def.handle = std::move(idx);
      return {};
    }
    case K::Stream:
    case K::Future: {
      def.members.resize(1);
      WEFT_TRY(t, optional_valtype());
      def.members[0].type = std::move(t);
      return {};
    }
    case K::Prim:
    case K::FixedList: return {};
  }
  return {};
}

Result<ValType> Parser::valtype() {
  ValType t;
  if (at(TokenKind::Keyword)) {
    auto prim = prim_from(peek().text);
    if (!prim) return unexpected();
    ++pos_;
    t.kind = ValType::Kind::Prim;
    t.prim = *prim;
    return t;
  }
  if (at_index()) {
    WEFT_TRY(idx, index());
    t.kind = ValType::Kind::Ref;
    t.ref = std::move(idx);
    return t;
  }
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  WEFT_CHECK(enter());
  const Token& head = peek(1);
  pos_ += 2;
  t.kind = ValType::Kind::Inline;
  t.def = std::make_unique<DefinedType>();
  WEFT_CHECK(defined_type(*t.def, head));
  WEFT_CHECK(expect_rparen());
  leave();
  return t;
}

Result<std::optional<ValType>> Parser::optional_valtype() {
  if (at(TokenKind::RParen) || (at(TokenKind::LParen) && peek(1).kind == TokenKind::Keyword &&
                                !defined_kind(peek(1).text)))
    return std::optional<ValType>();
  WEFT_TRY(t, valtype());
  return std::optional<ValType>(std::move(t));
}

// async? (param "name" valtype)* (result valtype)?
Result<void> Parser::func_type(FuncType& type) {
  if (at_keyword("async")) {
    ++pos_;
    type.async = true;
  }
  while (at_field("param")) {
    pos_ += 2;
    TypeMember p;
    p.span = peek().span();
    WEFT_TRY(name, string());
    p.name = std::move(name);
    WEFT_TRY(t, valtype());
    p.type = std::move(t);
    type.params.push_back(std::move(p));
    WEFT_CHECK(expect_rparen());
  }
  if (at_field("result")) {
    pos_ += 2;
    WEFT_TRY(t, valtype());
    type.result = std::move(t);
    WEFT_CHECK(expect_rparen());
  }
  return {};
}

// (rep i32) (dtor funcidx | (core func ...))?
Result<void> Parser::resource_type(ResourceType& type) {
  if (!at_field("rep")) return unexpected();
  pos_ += 2;
  WEFT_TRY(rep, core_valtype());
  type.rep = rep;
  WEFT_CHECK(expect_rparen());
  if (at_field("dtor")) {
    pos_ += 2;
    WEFT_TRY(dtor, index_or_ref(Sort::CoreFunc));
    type.dtor = std::move(dtor);
    WEFT_CHECK(expect_rparen());
  }
  return {};
}

// Declarators of a component (imports allowed) or instance type, up to its ')'.
Result<void> Parser::decls(std::vector<Decl>& out, bool component) {
  while (at(TokenKind::LParen)) {
    if (peek(1).kind != TokenKind::Keyword) return fail(peek(1), "unexpected token");
    const Token& open = peek();
    std::string_view kw = peek(1).text;
    Decl decl;
    if (at_core_field("type")) {
      decl.kind = Decl::Kind::CoreType;
      pos_ += 3;
      WEFT_TRY(type, core_type_body(open));
      decl.core_type = std::make_unique<CoreTypeField>(std::move(type));
    } else if (kw == "type") {
      decl.kind = Decl::Kind::Type;
      pos_ += 2;
      WEFT_TRY(type, type_body(open));
      decl.type = std::make_unique<TypeField>(std::move(type));
    } else if (kw == "alias") {
      decl.kind = Decl::Kind::Alias;
      pos_ += 2;
      WEFT_TRY(alias, alias_body(open));
      if (alias.sort == Sort::Count) return fail(open, "unexpected token");
      decl.alias = std::make_unique<AliasField>(std::move(alias));
    } else if ((kw == "import" && component) || kw == "export") {
      decl.kind = kw == "import" ? Decl::Kind::Import : Decl::Kind::Export;
      pos_ += 2;
      auto import = std::make_unique<ImportField>();
      import->span = open.span();
      WEFT_TRY(name, extern_name());
      import->name = std::move(name);
      WEFT_TRY(item, item_sig());
      import->item = std::move(item);
      WEFT_CHECK(expect_rparen());
      decl.import = std::move(import);
    } else {
      return fail(peek(1), "unexpected token");
    }
    out.push_back(std::move(decl));
  }
  return {};
}

// `(type idx "name"*)` as a reference, not an inline `(type $t (func))` declarator.
bool Parser::at_type_ref() const {
  if (!at_field("type")) return false;
  TokenKind k = peek(2).kind;
  if (k != TokenKind::Number && k != TokenKind::Id) return false;
  return peek(3).kind == TokenKind::RParen || peek(3).kind == TokenKind::String;
}

Result<void> Parser::type_use(TypeUse& use, Sort sort) {
  if (at_type_ref()) {
    pos_ += 2;
    WEFT_TRY(ref, item_ref_body(Sort::Type));
    use.ref = std::move(ref);
    return {};
  }
  use.inline_def = std::make_unique<TypeDef>();
  if (sort == Sort::Func) {
    use.inline_def->kind = TypeDef::Kind::Func;
    return func_type(use.inline_def->func);
  }
  use.inline_def->kind = sort == Sort::Component ? TypeDef::Kind::Component : TypeDef::Kind::Instance;
  return decls(use.inline_def->decls, sort == Sort::Component);
}

// `(core module $id? ...)`, `(func $id? ...)`, ... as the type of an import or export.
Result<ItemSig> Parser::item_sig() {
  ItemSig sig;
  sig.span = peek().span();
  WEFT_CHECK(expect_lparen());
  WEFT_CHECK(enter());
  bool core = at_keyword("core");
  if (core) {
    ++pos_;
    if (!at_keyword("module")) return unexpected();
  }
  WEFT_TRY(sort, sort_keyword(core));
  sig.sort = sort;
  sig.id = take_id();
  switch (sort) {
    case Sort::CoreModule: WEFT_CHECK(core_type_use(sig.use)); break;
    case Sort::Func:
    case Sort::Component:
    case Sort::Instance: WEFT_CHECK(type_use(sig.use, sort)); break;
    case Sort::Type:
    case Sort::Value:
      if (at_field("eq")) {
        pos_ += 2;
        WEFT_TRY(idx, index());
        sig.eq = std::move(idx);
        WEFT_CHECK(expect_rparen());
      } else if (sort == Sort::Type && at_field("sub")) {
        pos_ += 2;
        WEFT_CHECK(expect_keyword("resource"));
        WEFT_CHECK(expect_rparen());
        sig.sub_resource = true;
      } else if (sort == Sort::Value) {
        WEFT_TRY(t, valtype());
        sig.value = std::move(t);
      } else {
        return unexpected();
      }
      break;
    default: return unexpected();
  }
  WEFT_CHECK(expect_rparen());
  leave();
  return sig;
}

}  // namespace weft::component::text

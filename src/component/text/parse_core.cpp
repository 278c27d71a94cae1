// Parsing core definitions at component level: core types, including module
// types, and the core value types they use.
// spec: Explainer.md#type-definitions (core:moduletype)
#include "component/text/parser.h"
#include "core/text/numbers.h"

namespace weft::component::text {
namespace {

// Abstract heap types: the code of the nullable shorthand (e.g. funcref = 0x70).
std::optional<uint8_t> heap_code(std::string_view kw) {
  static constexpr std::pair<std::string_view, uint8_t> kHeaps[] = {
      {"func", 0x70},   {"extern", 0x6f}, {"any", 0x6e},      {"eq", 0x6d},       {"i31", 0x6c},
      {"struct", 0x6b}, {"array", 0x6a},  {"none", 0x71},     {"nofunc", 0x73},   {"noextern", 0x72},
      {"exn", 0x69},    {"noexn", 0x74}};
  for (auto [name, code] : kHeaps)
    if (name == kw) return code;
  return std::nullopt;
}

std::optional<uint8_t> valtype_code(std::string_view kw) {
  static constexpr std::pair<std::string_view, uint8_t> kTypes[] = {
      {"i32", 0x7f},       {"i64", 0x7e},       {"f32", 0x7d},      {"f64", 0x7c},
      {"v128", 0x7b},      {"funcref", 0x70},   {"externref", 0x6f}, {"anyref", 0x6e},
      {"eqref", 0x6d},     {"i31ref", 0x6c},    {"structref", 0x6b}, {"arrayref", 0x6a},
      {"nullref", 0x71},   {"nullfuncref", 0x73}, {"nullexternref", 0x72}, {"exnref", 0x69},
      {"nullexnref", 0x74}};
  for (auto [name, code] : kTypes)
    if (name == kw) return code;
  return std::nullopt;
}

}  // namespace

// After `(core type`: $id? (func ...) | (module ...), and the closing ')'.
Result<CoreTypeField> Parser::core_type_body(const Token& open) {
  CoreTypeField type;
  type.span = open.span();
  type.id = take_id();
  if (at_field("func")) {
    pos_ += 2;
    type.def.kind = CoreTypeDef::Kind::Func;
    WEFT_CHECK(core_func_type(type.def.func));
  } else if (at_field("module")) {
    WEFT_CHECK(enter());
    pos_ += 2;
    type.def.kind = CoreTypeDef::Kind::Module;
    WEFT_CHECK(module_type(type.def.module));
    leave();
  } else if (at_field("sub") || at_field("struct") || at_field("array") || at_field("rec")) {
    return fail(peek(1), "core GC types are not supported here");
  } else {
    return unexpected();
  }
  WEFT_CHECK(expect_rparen());
  WEFT_CHECK(expect_rparen());
  return type;
}

Result<CoreValType> Parser::core_valtype() {
  CoreValType t;
  if (at(TokenKind::Keyword)) {
    auto code = valtype_code(peek().text);
    if (!code) return unexpected();
    ++pos_;
    t.code = *code;
    return t;
  }
  if (!at_field("ref")) return unexpected();
  pos_ += 2;
  t.nullable = at_keyword("null");
  if (t.nullable) ++pos_;
  if (at_index()) {
    WEFT_TRY(idx, index());
    t.ref = true;
    t.concrete = true;
    t.type = std::move(idx);
  } else {
    if (!at(TokenKind::Keyword)) return unexpected();
    auto heap = heap_code(peek().text);
    if (!heap) return unexpected();
    ++pos_;
    if (t.nullable) {
      t.code = *heap;  // (ref null func) is funcref
    } else {
      t.ref = true;
      t.heap = *heap;
    }
  }
  WEFT_CHECK(expect_rparen());
  return t;
}

// (param $id? t*)* (result t*)*, up to the closing ')' of the func type.
Result<void> Parser::core_func_type(CoreFuncType& type) {
  while (at_field("param")) {
    pos_ += 2;
    if (at(TokenKind::Id)) {
      ++pos_;
      WEFT_TRY(t, core_valtype());
      type.params.push_back(t);
    } else {
      while (!at(TokenKind::RParen)) {
        WEFT_TRY(t, core_valtype());
        type.params.push_back(t);
      }
    }
    WEFT_CHECK(expect_rparen());
  }
  while (at_field("result")) {
    pos_ += 2;
    while (!at(TokenKind::RParen)) {
      WEFT_TRY(t, core_valtype());
      type.results.push_back(t);
    }
    WEFT_CHECK(expect_rparen());
  }
  return {};
}

// Module type declarators up to the closing ')'.
Result<void> Parser::module_type(std::vector<ModuleDecl>& out) {
  while (at(TokenKind::LParen)) {
    const Token& open = peek();
    ModuleDecl decl;
    decl.span = open.span();
    if (at_field("import")) {
      pos_ += 2;
      decl.kind = ModuleDecl::Kind::Import;
      WEFT_TRY(module, string());
      decl.module = std::move(module);
      WEFT_TRY(name, string());
      decl.name = std::move(name);
      WEFT_TRY(ext, core_extern_type(&decl.id));
      decl.extern_type = std::move(ext);
      decl.id.reset();  // imports bind no name in a module type's type index space
    } else if (at_field("export")) {
      pos_ += 2;
      decl.kind = ModuleDecl::Kind::Export;
      WEFT_TRY(name, string());
      decl.name = std::move(name);
      WEFT_TRY(ext, core_extern_type(nullptr));
      decl.extern_type = std::move(ext);
    } else if (at_field("type")) {
      pos_ += 2;
      decl.kind = ModuleDecl::Kind::Type;
      decl.id = take_id();
      if (!at_field("func")) return at(TokenKind::LParen) ? fail(peek(1), "core GC types are not supported here")
                                                          : unexpected();
      pos_ += 2;
      WEFT_CHECK(core_func_type(decl.type));
      WEFT_CHECK(expect_rparen());
    } else if (at_field("alias")) {
      pos_ += 2;
      decl.kind = ModuleDecl::Kind::Alias;
      WEFT_TRY(alias, alias_body(open));
      if (alias.target != AliasField::Target::Outer || alias.sort != Sort::Type)
        return fail(open, "unexpected token");
      alias.sort = Sort::CoreType;
      decl.alias = std::make_shared<AliasField>(std::move(alias));
      out.push_back(std::move(decl));
      continue;  // alias_body read the ')'
    } else {
      return fail(peek(1), "unexpected token");
    }
    WEFT_CHECK(expect_rparen());
    out.push_back(std::move(decl));
  }
  return {};
}

// (func $id? typeuse) | (table $id? limits reftype) | (memory $id? limits)
// | (global $id? valtype | (mut valtype)) | (tag $id? typeuse)
Result<CoreExternType> Parser::core_extern_type(std::optional<Id>* id) {
  CoreExternType ext;
  WEFT_CHECK(expect_lparen());
  if (!at(TokenKind::Keyword)) return unexpected();
  std::string_view kw = next().text;
  std::optional<Id> bound = take_id();
  if (bound && !id) return fail(t_[pos_ - 1], "unexpected token");
  if (id) *id = std::move(bound);
  if (kw == "func" || kw == "tag") {
    ext.kind = kw == "func" ? 0 : 4;
    if (at_type_ref()) {
      pos_ += 2;
      WEFT_TRY(idx, index());
      ext.func.index = std::move(idx);
      WEFT_CHECK(expect_rparen());
    }
    if (at_field("param") || at_field("result") || !ext.func.index) {
      CoreFuncType sig;
      WEFT_CHECK(core_func_type(sig));
      ext.func.inline_type = std::move(sig);
    }
  } else if (kw == "table") {
    ext.kind = 1;
    WEFT_TRY(lim, limits(false));
    ext.limits = lim;
    WEFT_TRY(elem, core_valtype());
    ext.value = elem;
  } else if (kw == "memory") {
    ext.kind = 2;
    WEFT_TRY(lim, limits(true));
    ext.limits = lim;
  } else if (kw == "global") {
    ext.kind = 3;
    if (at_field("mut")) {
      pos_ += 2;
      ext.mut = true;
      WEFT_TRY(t, core_valtype());
      ext.value = t;
      WEFT_CHECK(expect_rparen());
    } else {
      WEFT_TRY(t, core_valtype());
      ext.value = t;
    }
  } else {
    return fail(t_[pos_ - 1], "unexpected token");
  }
  WEFT_CHECK(expect_rparen());
  return ext;
}

// i64? min max? shared? (pagesize n)? ; tables take i64? min max?
Result<Limits> Parser::limits(bool memory) {
  Limits lim;
  if (at_keyword("i64") || at_keyword("i32")) lim.is64 = next().text == "i64";
  auto number = [&]() -> Result<uint64_t> {
    const Token& tok = next();
    auto n = core::text::parse_u64(tok.text);
    if (tok.kind != TokenKind::Number || !n) return fail(tok, "expected a number");
    return *n;
  };
  if (!at(TokenKind::Number)) return unexpected();
  WEFT_TRY(min, number());
  lim.min = min;
  if (at(TokenKind::Number)) {
    WEFT_TRY(max, number());
    lim.max = max;
  }
  if (memory && at_keyword("shared")) {
    ++pos_;
    lim.shared = true;
  }
  if (memory && at_field("pagesize")) {
    pos_ += 2;
    WEFT_TRY(size, number());
    if (size == 0 || (size & (size - 1)) != 0) return fail(t_[pos_ - 1], "invalid custom page size");
    lim.page_size_log2 = uint32_t(__builtin_ctzll(size));
    WEFT_CHECK(expect_rparen());
  }
  return lim;
}

// A core module's type: `(type idx)` or inline module type declarators.
Result<void> Parser::core_type_use(TypeUse& use) {
  if (at_type_ref()) {
    pos_ += 2;
    WEFT_TRY(ref, item_ref_body(Sort::CoreType));
    use.ref = std::move(ref);
    return {};
  }
  use.inline_core_def = std::make_unique<CoreTypeDef>();
  use.inline_core_def->kind = CoreTypeDef::Kind::Module;
  return module_type(use.inline_core_def->module);
}

}  // namespace weft::component::text

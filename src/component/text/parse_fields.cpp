// Parsing component instances, functions, aliases, imports, exports and start.
// spec: Explainer.md#instance-definitions, #alias-definitions, #import-and-export-definitions
#include "component/text/parser.h"

namespace weft::component::text {

// (instance $id? (export "n")* (import "n") typeuse)
// | (instance $id? (export "n")* (instantiate componentidx arg*))
// | (instance $id? (export "n")* (export "n" sortidx)*)
Result<void> Parser::instance_field(std::vector<Field>& out) {
  const Token& open = peek();
  pos_ += 2;
  std::optional<Id> id = take_id();
  WEFT_TRY(exports, inline_exports());
  if (at_inline_import()) {
    ImportField import;
    import.span = open.span();
    WEFT_TRY(name, inline_import());
    import.name = std::move(name);
    import.item.sort = Sort::Instance;
    import.item.id = std::move(id);
    import.item.span = open.span();
    WEFT_CHECK(type_use(import.item.use, Sort::Instance));
    WEFT_CHECK(expect_rparen());
    import.exports = std::move(exports);
    out.emplace_back(std::move(import));
    return {};
  }
  InstanceField inst;
  inst.span = open.span();
  inst.id = std::move(id);
  inst.exports = std::move(exports);
  auto bundle = [&](std::vector<ExportItem>& items) -> Result<void> {
    while (at_field("export")) {
      pos_ += 2;
      ExportItem item;
      WEFT_TRY(name, extern_name());
      item.name = std::move(name);
      WEFT_TRY(ref, sort_ref());
      item.ref = std::move(ref);
      WEFT_CHECK(expect_rparen());
      items.push_back(std::move(item));
    }
    return {};
  };
  if (at_field("instantiate")) {
    inst.instantiate = true;
    pos_ += 2;
    WEFT_TRY(component, index_or_ref(Sort::Component));
    inst.component = std::move(component);
    while (at_field("with")) {
      InstanceField::Arg arg;
      arg.span = peek().span();
      pos_ += 2;
      WEFT_TRY(name, string());
      arg.name = std::move(name);
      if (at_field("instance") && peek(2).kind != TokenKind::Number && peek(2).kind != TokenKind::Id) {
        arg.bundle = true;
        pos_ += 2;
        WEFT_CHECK(bundle(arg.exports));
        WEFT_CHECK(expect_rparen());
      } else {
        WEFT_TRY(ref, sort_ref());
        arg.ref = std::move(ref);
      }
      WEFT_CHECK(expect_rparen());
      inst.args.push_back(std::move(arg));
    }
    WEFT_CHECK(expect_rparen());
  } else {
    WEFT_CHECK(bundle(inst.items));
  }
  WEFT_CHECK(expect_rparen());
  out.emplace_back(std::move(inst));
  return {};
}

// (func $id? (export "n")* (import "n") typeuse) | (func $id? (export "n")* (alias export i "n"))
// | (func $id? (export "n")* typeuse (canon lift ...))
Result<void> Parser::func_field(std::vector<Field>& out) {
  const Token& open = peek();
  pos_ += 2;
  std::optional<Id> id = take_id();
  WEFT_TRY(exports, inline_exports());
  if (at_inline_import()) {
    ImportField import;
    import.span = open.span();
    WEFT_TRY(name, inline_import());
    import.name = std::move(name);
    import.item.sort = Sort::Func;
    import.item.id = std::move(id);
    import.item.span = open.span();
    WEFT_CHECK(type_use(import.item.use, Sort::Func));
    WEFT_CHECK(expect_rparen());
    import.exports = std::move(exports);
    out.emplace_back(std::move(import));
    return {};
  }
  if (at_field("alias")) {
    WEFT_TRY(alias, inline_alias(false, Sort::Func));
    alias.id = std::move(id);
    alias.exports = std::move(exports);
    alias.span = open.span();
    WEFT_CHECK(expect_rparen());
    out.emplace_back(std::move(alias));
    return {};
  }
  CanonField canon;
  canon.span = open.span();
  canon.id = std::move(id);
  canon.exports = std::move(exports);
  canon.op = "lift";
  WEFT_CHECK(type_use(canon.type, Sort::Func));
  if (!at_field("canon")) return unexpected();
  pos_ += 2;
  WEFT_CHECK(canon_lift(canon, true));
  WEFT_CHECK(expect_rparen());
  WEFT_CHECK(expect_rparen());
  out.emplace_back(std::move(canon));
  return {};
}

// (core func $id? (alias core export i "n")) | (core func $id? (canon ...))
Result<void> Parser::core_func_field(std::vector<Field>& out) {
  const Token& open = peek();
  pos_ += 3;
  std::optional<Id> id = take_id();
  if (at_field("alias")) {
    WEFT_TRY(alias, inline_alias(true, Sort::CoreFunc));
    alias.id = std::move(id);
    alias.span = open.span();
    WEFT_CHECK(expect_rparen());
    out.emplace_back(std::move(alias));
    return {};
  }
  if (!at_field("canon")) return unexpected();
  CanonField canon;
  canon.span = open.span();
  canon.id = std::move(id);
  pos_ += 2;
  const Token& op = peek();
  if (op.kind != TokenKind::Keyword || op.text == "lift") return unexpected();
  ++pos_;
  canon.op = std::string(op.text);
  WEFT_CHECK(canon_builtin(canon, op));
  WEFT_CHECK(expect_rparen());
  WEFT_CHECK(expect_rparen());
  out.emplace_back(std::move(canon));
  return {};
}

// The `(alias ...)` of `(func $f (alias export $i "f"))`: no sort of its own.
Result<AliasField> Parser::inline_alias(bool core, Sort sort) {
  const Token& open = peek();
  pos_ += 2;
  WEFT_TRY(alias, alias_body(open));
  bool core_target = alias.target == AliasField::Target::CoreExport;
  if (alias.target == AliasField::Target::Outer || core_target != core || alias.sort != Sort::Count)
    return fail(open, "unexpected token");
  alias.sort = sort;
  return alias;
}

// After `(alias`: export idx "n" (sort $id?)? | core export idx "n" (core sort $id?)?
// | outer idx idx (sort $id?); reads the closing ')'. No sort leaves Sort::Count.
Result<AliasField> Parser::alias_body(const Token& open) {
  AliasField alias;
  alias.span = open.span();
  bool core = at_keyword("core");
  if (core) ++pos_;
  if (at_keyword("export")) {
    ++pos_;
    alias.target = core ? AliasField::Target::CoreExport : AliasField::Target::Export;
    WEFT_TRY(instance, index());
    alias.instance = std::move(instance);
    WEFT_TRY(name, string());
    alias.name = std::move(name);
  } else if (!core && at_keyword("outer")) {
    ++pos_;
    alias.target = AliasField::Target::Outer;
    WEFT_TRY(outer, index());
    alias.outer = std::move(outer);
    WEFT_TRY(idx, index());
    alias.index = std::move(idx);
  } else {
    return unexpected();
  }
  alias.sort = Sort::Count;
  if (at(TokenKind::LParen)) {
    ++pos_;
    bool core_sort = at_keyword("core");
    if (core_sort) ++pos_;
    WEFT_TRY(sort, sort_keyword(core_sort));
    alias.sort = sort;
    alias.id = take_id();
    WEFT_CHECK(expect_rparen());
  }
  WEFT_CHECK(expect_rparen());
  return alias;
}

// (import "name" attrs* externdesc)
Result<void> Parser::import_field(std::vector<Field>& out) {
  ImportField import;
  import.span = peek().span();
  pos_ += 2;
  WEFT_TRY(name, extern_name());
  import.name = std::move(name);
  WEFT_TRY(item, item_sig());
  import.item = std::move(item);
  WEFT_CHECK(expect_rparen());
  out.emplace_back(std::move(import));
  return {};
}

// (export $id? "name" attrs* sortidx externdesc?)
Result<void> Parser::export_field(std::vector<Field>& out) {
  ExportField exp;
  exp.span = peek().span();
  pos_ += 2;
  exp.id = take_id();
  WEFT_TRY(name, extern_name());
  exp.name = std::move(name);
  WEFT_TRY(ref, sort_ref());
  exp.ref = std::move(ref);
  if (at(TokenKind::LParen)) {
    WEFT_TRY(type, item_sig());
    exp.type = std::move(type);
  }
  WEFT_CHECK(expect_rparen());
  out.emplace_back(std::move(exp));
  return {};
}

// (start funcidx (value idx)* (result (value $id?))*)
Result<void> Parser::start_field(std::vector<Field>& out) {
  StartField start;
  start.span = peek().span();
  pos_ += 2;
  WEFT_TRY(func, index());
  start.func = std::move(func);
  while (at_field("value")) {
    pos_ += 2;
    WEFT_TRY(ref, item_ref_body(Sort::Value));
    start.args.push_back(std::move(ref));
  }
  while (at_field("result")) {
    pos_ += 2;
    WEFT_CHECK(expect_lparen());
    WEFT_CHECK(expect_keyword("value"));
    start.results.push_back(take_id());
    WEFT_CHECK(expect_rparen());
    WEFT_CHECK(expect_rparen());
  }
  WEFT_CHECK(expect_rparen());
  out.emplace_back(std::move(start));
  return {};
}

}  // namespace weft::component::text

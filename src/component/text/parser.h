// The component text parser: tokens to the tree of ast.h, abbreviations kept
// (the expander removes them). Internal to weft_component_text.
// spec: Explainer.md
#pragma once

#include <string_view>
#include <vector>

#include "component/text/ast.h"
#include "core/text/lexer.h"

namespace weft::component::text {

using core::text::Token;
using core::text::TokenKind;

// Nesting of component constructs (components, types, values) deeper than
// this is rejected, which bounds the recursion of every pass over the tree.
constexpr uint32_t kMaxDepth = 256;

class Parser {
 public:
  explicit Parser(const std::vector<Token>& tokens) : t_(tokens) {}

  // `(component $id? ...)` with the cursor at its '('.
  Result<ComponentField> component();
  // The fields of a component up to the token `end` (a ')' or Eof).
  Result<std::vector<Field>> fields_until(size_t end);
  size_t pos() const { return pos_; }
  void seek(size_t pos) { pos_ = pos; }

 private:
  // --- cursor (parse_component.cpp) ---
  const Token& peek(size_t k = 0) const { return t_[pos_ + k < t_.size() ? pos_ + k : t_.size() - 1]; }
  const Token& next() { return t_[pos_ < t_.size() - 1 ? pos_++ : pos_]; }
  bool at(TokenKind kind) const { return peek().kind == kind; }
  bool at_keyword(std::string_view kw) const { return at(TokenKind::Keyword) && peek().text == kw; }
  // `(kw` and `(core kw`
  bool at_field(std::string_view kw) const;
  bool at_core_field(std::string_view kw) const;
  bool at_index() const { return at(TokenKind::Number) || at(TokenKind::Id); }
  std::unexpected<Error> fail(const Token& tok, std::string message) const;
  std::unexpected<Error> unexpected() const;
  Result<void> expect_lparen();
  Result<void> expect_rparen();
  Result<void> expect_keyword(std::string_view kw);
  Result<void> enter();
  void leave() { --depth_; }
  std::optional<Id> take_id();
  Result<std::string> string();
  Result<uint32_t> u32();
  Result<Index> index();
  Result<ExternName> extern_name();
  Result<std::vector<ExternName>> inline_exports();
  bool at_inline_import() const;
  bool at_inline_export() const;
  Result<ExternName> inline_import();

  // --- component fields (parse_component.cpp) ---
  Result<void> field(std::vector<Field>& out);
  Result<void> core_field(std::vector<Field>& out);
  Result<void> component_field(std::vector<Field>& out);
  Result<void> core_module_field(std::vector<Field>& out);
  Result<void> core_instance_field(std::vector<Field>& out);
  Result<void> instance_field(std::vector<Field>& out);
  Result<void> func_field(std::vector<Field>& out);
  Result<void> core_func_field(std::vector<Field>& out);
  Result<void> import_field(std::vector<Field>& out);
  Result<void> export_field(std::vector<Field>& out);
  Result<void> start_field(std::vector<Field>& out);
  Result<AliasField> alias_body(const Token& open);
  Result<AliasField> inline_alias(bool core, Sort sort);

  // --- references (parse_component.cpp) ---
  // `(sort idx "name"*)` after the '(' (and `core`): the cursor is at the sort keyword.
  Result<ItemRef> item_ref_body(Sort sort);
  // An index, or `(sort idx "name"*)` with an optional `core` prefix.
  Result<ItemRef> index_or_ref(Sort sort);
  Result<ItemRef> sort_ref();  // `(sort idx name*)` of any sort, e.g. in exports
  Result<Sort> sort_keyword(bool core);

  // --- types (parse_types.cpp) ---
  Result<TypeField> type_body(const Token& open);
  Result<void> deftype(TypeDef& def);
  Result<void> defined_type(DefinedType& def, const Token& head);
  Result<void> type_member(DefinedType& def, bool with_name, bool type_required);
  Result<void> variant_cases(DefinedType& def);
  Result<void> result_type(DefinedType& def);
  Result<ValType> valtype();
  Result<std::optional<ValType>> optional_valtype();
  Result<void> func_type(FuncType& type);
  Result<void> resource_type(ResourceType& type);
  Result<void> decls(std::vector<Decl>& out, bool component);
  Result<ItemSig> item_sig();  // `(sort $id? ...)` with the cursor at '('
  Result<void> type_use(TypeUse& use, Sort sort);
  bool at_type_ref() const;

  // --- core (parse_core.cpp) ---
  Result<CoreTypeField> core_type_body(const Token& open);
  Result<CoreValType> core_valtype();
  Result<void> core_func_type(CoreFuncType& type);
  Result<void> module_type(std::vector<ModuleDecl>& out);
  Result<CoreExternType> core_extern_type(std::optional<Id>* id);
  Result<Limits> limits(bool memory);
  Result<void> core_type_use(TypeUse& use);

  // --- canonical definitions (parse_canon.cpp) ---
  Result<void> canon_field(std::vector<Field>& out);
  Result<void> canon_builtin(CanonField& canon, const Token& op);
  Result<void> canon_opts(std::vector<CanonOpt>& opts);
  Result<void> canon_lift(CanonField& canon, bool in_func);

  const std::vector<Token>& t_;
  size_t pos_ = 0;
  uint32_t depth_ = 0;
};

Span span_of(const Token& tok);

}  // namespace weft::component::text

// Module fields other than functions: imports, tables, memories, globals, exports,
// start, and the inline abbreviations that expand into several of them.
// spec: https://webassembly.github.io/spec/core/text/modules.html
#include <fmt/format.h>

#include "core/text/wat_parser.h"

namespace weft::core::text {
namespace {

std::optional<Space> space_of(std::string_view kw) {
  if (kw == "func") return Space::Func;
  if (kw == "table") return Space::Table;
  if (kw == "memory") return Space::Memory;
  if (kw == "global") return Space::Global;
  if (kw == "tag") return Space::Tag;
  return std::nullopt;
}

void write_limits(Bytes& out, const Limits& limits, bool is64, bool shared = false) {
  out.push_back(uint8_t((limits.max ? 0x01 : 0x00) | (shared ? 0x02 : 0x00) | (is64 ? 0x04 : 0x00)));
  write_u64(out, limits.min);
  if (limits.max) write_u64(out, *limits.max);
}

}  // namespace

void ModuleParser::write_import_head(std::string_view module, std::string_view name, ExternKind kind) {
  write_name(imports_, module);
  write_name(imports_, name);
  imports_.push_back(uint8_t(kind));
  ++import_count_;
}

// The part of an import after its names: the entity's type, up to (not including)
// the ')' of the description. `space` says which kind of entity it is.
Result<void> ModuleParser::encode_import_desc(std::string_view module, std::string_view name,
                                              std::string_view kind, const Token* id) {
  auto space = space_of(kind);
  if (!space) return unexpected();
  uint32_t index = spaces_[size_t(*space)].count++;
  switch (*space) {
    case Space::Func: {
      auto use = parse_typeuse(true);
      if (!use) return std::unexpected(use.error());
      write_import_head(module, name, ExternKind::Func);
      write_u32(imports_, use->index);
      if (id) func_names_.emplace_back(index, id_name(*id));
      return {};
    }
    case Space::Table: {
      const bool is64 = parse_addr_type();
      auto limits = parse_limits(is64);
      if (!limits) return std::unexpected(limits.error());
      auto type = parse_reftype();
      if (!type) return std::unexpected(type.error());
      write_import_head(module, name, ExternKind::Table);
      write_valtype(imports_, *type);
      write_limits(imports_, *limits, is64);
      return {};
    }
    case Space::Memory: {
      const bool is64 = parse_addr_type();
      auto limits = parse_limits(is64);
      if (!limits) return std::unexpected(limits.error());
      const bool shared = take_keyword("shared");
      write_import_head(module, name, ExternKind::Memory);
      write_limits(imports_, *limits, is64, shared);
      return {};
    }
    case Space::Tag: {
      Bytes type;
      WEFT_CHECK(write_tag_type(type));
      write_import_head(module, name, ExternKind::Tag);
      imports_.insert(imports_.end(), type.begin(), type.end());
      return {};
    }
    default: {
      write_import_head(module, name, ExternKind::Global);
      bool mut = at_field("mut");
      if (mut) pos_ += 2;
      auto type = parse_valtype();
      if (!type) return std::unexpected(type.error());
      if (mut) WEFT_CHECK(expect_rparen());
      write_valtype(imports_, *type);
      imports_.push_back(mut ? 1 : 0);
      return {};
    }
  }
}

Result<void> ModuleParser::encode_import_field() {
  pos_ += 2;
  auto module = parse_name();
  if (!module) return std::unexpected(module.error());
  auto name = parse_name();
  if (!name) return std::unexpected(name.error());
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  std::string_view kind = peek(1).text;
  pos_ += 2;
  const Token* id = take_id().value_or(nullptr);
  WEFT_CHECK(encode_import_desc(*module, *name, kind, id));
  WEFT_CHECK(expect_rparen());
  return expect_rparen();
}

// (export "name")* after a definition's id.
Result<void> ModuleParser::encode_inline_exports(ExternKind kind, uint32_t index) {
  while (at_field("export")) {
    pos_ += 2;
    auto name = parse_name();
    if (!name) return std::unexpected(name.error());
    WEFT_CHECK(expect_rparen());
    write_name(exports_, *name);
    exports_.push_back(uint8_t(kind));
    write_u32(exports_, index);
    ++export_count_;
  }
  return {};
}

// `(import "m" "n")` inside a definition: the rest of the field is the import's type.
Result<bool> ModuleParser::encode_inline_import(std::string_view kind, const Token* id) {
  if (!at_field("import")) return false;
  pos_ += 2;
  auto module = parse_name();
  if (!module) return std::unexpected(module.error());
  auto name = parse_name();
  if (!name) return std::unexpected(name.error());
  WEFT_CHECK(expect_rparen());
  WEFT_CHECK(encode_import_desc(*module, *name, kind, id));
  WEFT_CHECK(expect_rparen());
  return true;
}

Result<void> ModuleParser::encode_table_field() {
  pos_ += 2;
  const Token* id = take_id().value_or(nullptr);
  uint32_t index = spaces_[size_t(Space::Table)].count;
  WEFT_CHECK(encode_inline_exports(ExternKind::Table, index));
  auto imported = encode_inline_import("table", id);
  if (!imported) return std::unexpected(imported.error());
  if (*imported) return {};
  spaces_[size_t(Space::Table)].count++;
  ++table_count_;
  const bool is64 = parse_addr_type();
  if (at(TokenKind::Keyword) || at_field("ref")) {  // reftype (elem ...): the table sized by its elements
    auto type = parse_reftype();
    if (!type) return std::unexpected(type.error());
    if (!at_field("elem")) return unexpected();
    pos_ += 2;
    Bytes offset = {uint8_t(is64 ? 0x42 : 0x41), 0x00, 0x0b};
    auto count = encode_elem_segment(ElemMode::Active, index, offset, *type);
    if (!count) return std::unexpected(count.error());
    WEFT_CHECK(expect_rparen());
    write_valtype(tables_, *type);
    write_limits(tables_, Limits{*count, *count}, is64);
    return expect_rparen();
  }
  auto limits = parse_limits(is64);
  if (!limits) return std::unexpected(limits.error());
  auto type = parse_reftype();
  if (!type) return std::unexpected(type.error());
  if (at(TokenKind::RParen)) {
    write_valtype(tables_, *type);
    write_limits(tables_, *limits, is64);
    return expect_rparen();
  }
  // 3.0: an initialiser for every element.
  tables_.insert(tables_.end(), {0x40, 0x00});
  write_valtype(tables_, *type);
  write_limits(tables_, *limits, is64);
  WEFT_CHECK(parse_const_expr(tables_));
  return expect_rparen();
}

Result<void> ModuleParser::encode_memory_field() {
  pos_ += 2;
  const Token* id = take_id().value_or(nullptr);
  uint32_t index = spaces_[size_t(Space::Memory)].count;
  WEFT_CHECK(encode_inline_exports(ExternKind::Memory, index));
  auto imported = encode_inline_import("memory", id);
  if (!imported) return std::unexpected(imported.error());
  if (*imported) return {};
  spaces_[size_t(Space::Memory)].count++;
  ++memory_count_;
  const bool is64 = parse_addr_type();
  if (at_field("data")) {  // (data "...") : the memory sized by its data
    pos_ += 2;
    std::string bytes;
    while (at(TokenKind::String)) append_decoded_string(next().text, bytes);
    WEFT_CHECK(expect_rparen());
    uint64_t pages = (uint64_t(bytes.size()) + kPageSize - 1) / kPageSize;
    write_limits(memories_, Limits{pages, pages}, is64);
    Bytes offset = {uint8_t(is64 ? 0x42 : 0x41), 0x00, 0x0b};
    write_data_segment(index, offset, bytes);
    return expect_rparen();
  }
  auto limits = parse_limits(is64);
  if (!limits) return std::unexpected(limits.error());
  write_limits(memories_, *limits, is64, take_keyword("shared"));
  return expect_rparen();
}

Result<void> ModuleParser::encode_global_field() {
  pos_ += 2;
  const Token* id = take_id().value_or(nullptr);
  uint32_t index = spaces_[size_t(Space::Global)].count;
  WEFT_CHECK(encode_inline_exports(ExternKind::Global, index));
  auto imported = encode_inline_import("global", id);
  if (!imported) return std::unexpected(imported.error());
  if (*imported) return {};
  spaces_[size_t(Space::Global)].count++;
  ++global_count_;
  bool mut = at_field("mut");
  if (mut) pos_ += 2;
  auto type = parse_valtype();
  if (!type) return std::unexpected(type.error());
  if (mut) WEFT_CHECK(expect_rparen());
  write_valtype(globals_, *type);
  globals_.push_back(mut ? 1 : 0);
  WEFT_CHECK(parse_const_expr(globals_));
  return expect_rparen();
}

// A tag type: the exception attribute, then the type use's index.
Result<void> ModuleParser::write_tag_type(Bytes& out) {
  auto use = parse_typeuse(false);
  if (!use) return std::unexpected(use.error());
  out.push_back(0x00);
  write_u32(out, use->index);
  return {};
}

Result<void> ModuleParser::encode_tag_field() {
  pos_ += 2;
  const Token* id = take_id().value_or(nullptr);
  uint32_t index = spaces_[size_t(Space::Tag)].count;
  WEFT_CHECK(encode_inline_exports(ExternKind::Tag, index));
  auto imported = encode_inline_import("tag", id);
  if (!imported) return std::unexpected(imported.error());
  if (*imported) return {};
  spaces_[size_t(Space::Tag)].count++;
  ++tag_count_;
  WEFT_CHECK(write_tag_type(tags_));
  return expect_rparen();
}

Result<void> ModuleParser::encode_export_field() {
  pos_ += 2;
  auto name = parse_name();
  if (!name) return std::unexpected(name.error());
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  auto space = space_of(peek(1).text);
  if (!space) return fail(peek(1), "unexpected token");
  pos_ += 2;
  auto index = parse_index(*space);
  if (!index) return std::unexpected(index.error());
  WEFT_CHECK(expect_rparen());
  static constexpr ExternKind kKinds[] = {ExternKind::Func, ExternKind::Table, ExternKind::Memory,
                                          ExternKind::Global};
  const ExternKind kind = *space == Space::Tag ? ExternKind::Tag : kKinds[size_t(*space)];
  write_name(exports_, *name);
  exports_.push_back(uint8_t(kind));
  write_u32(exports_, *index);
  ++export_count_;
  return expect_rparen();
}

Result<void> ModuleParser::encode_start_field() {
  const Token& kw = peek(1);
  pos_ += 2;
  auto index = parse_index(Space::Func);
  if (!index) return std::unexpected(index.error());
  if (start_) return fail(kw, "multiple start sections");
  start_ = *index;
  return expect_rparen();
}

// A constant expression: instructions up to the enclosing ')', then `end`.
Result<void> ModuleParser::parse_const_expr(Bytes& out) {
  WEFT_CHECK(parse_instrs(out));
  out.push_back(0x0b);
  return {};
}

// An active segment's offset: (offset instr*) or one folded instruction.
Result<void> ModuleParser::parse_offset(Bytes& out) {
  if (at_field("offset")) {
    pos_ += 2;
    WEFT_CHECK(parse_const_expr(out));
    return expect_rparen();
  }
  if (!at(TokenKind::LParen)) return unexpected();
  WEFT_CHECK(parse_folded(out));
  out.push_back(0x0b);
  return {};
}

}  // namespace weft::core::text

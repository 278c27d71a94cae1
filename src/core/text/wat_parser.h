// The WAT module parser: reads module fields from tokens and encodes them straight
// into the binary format. Internal to weft_core_text.
// spec: https://webassembly.github.io/spec/core/text/modules.html
#pragma once

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/binary/opcode.h"
#include "core/binary/types.h"
#include "core/text/lexer.h"
#include "core/text/wat.h"
#include "core/text/writer.h"
#include "support/error.h"

namespace weft::core::text {

// The index spaces that text ids name.
enum class Space : uint8_t { Func, Table, Memory, Global, Type, Elem, Data, Tag, Count };
enum class ElemMode : uint8_t { Active, Passive, Declare };

class ModuleParser {
 public:
  ModuleParser(const std::vector<Token>& tokens, size_t begin, size_t end, const WatOptions& options)
      : t_(tokens), pos_(begin), begin_(begin), end_(end), options_(options) {}
  Result<Bytes> run();

  // --- cursor (wat_parser.h) ---
  const Token& peek(size_t k = 0) const { return t_[pos_ + k < end_ ? pos_ + k : end_]; }
  const Token& next() { return t_[pos_ < end_ ? pos_++ : end_]; }
  bool at(TokenKind kind) const { return peek().kind == kind; }
  bool at_keyword(std::string_view kw) const { return at(TokenKind::Keyword) && peek().text == kw; }
  bool at_field(std::string_view kw) const {
    return at(TokenKind::LParen) && peek(1).kind == TokenKind::Keyword && peek(1).text == kw;
  }
  std::unexpected<Error> fail(const Token& tok, std::string message) const {
    return make_error(Phase::Text, tok.span(), std::move(message));
  }
  // In the reference interpreter's wording, a token that is no keyword of the
  // language is an "unknown operator"; a known one out of place is "unexpected".
  std::unexpected<Error> unexpected() const;
  Result<void> expect(TokenKind kind);
  Result<void> expect_keyword(std::string_view kw);
  Result<void> expect_rparen() { return expect(TokenKind::RParen); }
  // Moves past the field or group whose '(' is at the cursor.
  void skip_group() { pos_ = peek().match + 1; }

 private:
  struct IndexSpace {
    std::unordered_map<std::string, uint32_t> names;
    uint32_t count = 0;  // pass 1: total; pass 2: defined so far
  };
  struct TypeUse {
    uint32_t index = 0;
    std::vector<ValType> params;
    std::vector<std::string> param_names;  // "" when unnamed
  };

  // --- module structure (wat_module.cpp) ---
  Result<void> scan_fields();
  Result<void> scan_field();
  Result<void> bind_name(Space space, const Token& id_tok, uint32_t index);
  Result<void> check_import_order(const Token& at_tok);
  Result<void> encode_field();
  Bytes assemble();
  void append_name_section(Bytes& out) const;

  // --- types (wat_types.cpp) ---
  Result<ValType> parse_valtype();
  Result<ValType> parse_reftype();
  Result<HeapType> parse_heaptype();
  Result<FieldType> parse_field_type();
  Result<void> parse_struct_fields(SubType& t, uint32_t index);
  Result<void> parse_comp_type(SubType& t, uint32_t index);
  Result<void> parse_subtype(SubType& t, uint32_t index);
  Result<void> parse_type_definitions();
  Result<void> bind_type(const Token* id, uint32_t rec_start);
  Result<FuncType> parse_functype_body(std::vector<std::string>* names);
  Result<void> parse_params(std::vector<ValType>& params, std::vector<std::string>* names);
  Result<void> parse_results(std::vector<ValType>& results);
  Result<TypeUse> parse_typeuse(bool allow_names);
  uint32_t intern_type(const FuncType& type);
  // addrtype? limits: the address type (memory64, table64) defaults to i32.
  bool parse_addr_type();
  Result<Limits> parse_limits(bool is64);
  bool take_keyword(std::string_view word);  // consumes the keyword when it is next
  Result<uint32_t> parse_u32_token(const char* what);
  Result<uint32_t> parse_index(Space space);
  bool at_index() const { return at(TokenKind::Number) || at(TokenKind::Id); }
  std::optional<const Token*> take_id();
  Result<std::string> parse_name();

  // --- fields (wat_fields.cpp) ---
  Result<void> encode_type_field();
  Result<void> encode_import_field();
  Result<void> encode_import_desc(std::string_view module, std::string_view name, std::string_view kind,
                                  const Token* id);
  Result<void> encode_inline_exports(ExternKind kind, uint32_t index);
  Result<void> encode_table_field();
  Result<void> encode_memory_field();
  Result<void> encode_global_field();
  Result<void> encode_tag_field();
  Result<void> write_tag_type(Bytes& out);
  Result<void> encode_export_field();
  Result<void> encode_start_field();
  Result<bool> encode_inline_import(std::string_view kind, const Token* id);
  Result<void> encode_elem_field();
  Result<void> parse_elem_item(Bytes& item, bool expr_syntax);
  Result<uint32_t> encode_elem_segment(ElemMode mode, uint32_t table, const Bytes& offset, ValType implied);
  Result<void> encode_data_field();
  void write_data_segment(std::optional<uint32_t> memory, const Bytes& offset, std::string_view bytes);
  Result<void> parse_offset(Bytes& out);
  Result<void> parse_const_expr(Bytes& out);
  void write_import_head(std::string_view module, std::string_view name, ExternKind kind);

  // --- functions and instructions (wat_func.cpp, wat_instr.cpp) ---
  Result<void> encode_func_field();
  Result<void> parse_locals(Bytes& body, std::vector<ValType>& locals);
  Result<void> parse_instrs(Bytes& out);
  Result<void> parse_instr(Bytes& out);
  Result<void> parse_folded(Bytes& out);
  Result<void> parse_plain_block(Bytes& out, Opcode op);
  Result<void> parse_folded_block(Bytes& out, Opcode op);
  Result<void> parse_block_type(Bytes& out);
  Result<void> parse_catches(Bytes& out);
  Result<void> parse_immediates(Bytes& out, Opcode op, const Token& op_tok);
  Result<void> write_index(Bytes& out, Space space, bool optional);
  Result<void> write_reversed_pair(Bytes& out, Space first, Space second);
  Result<void> parse_br_table(Bytes& out);
  Result<void> parse_memarg(Bytes& out, uint32_t natural_align);
  Result<void> parse_const(Bytes& out, Opcode op);
  Result<void> parse_select(Bytes& out);
  Result<void> parse_call_indirect(Bytes& out, Opcode op);
  Result<void> parse_cast(Bytes& out, Opcode op);
  Result<uint32_t> parse_field_index(uint32_t type);
  Result<uint32_t> parse_label();
  Result<uint32_t> parse_local();
  Result<void> check_end_label(const std::string& label);
  Result<void> parse_block_head(Bytes& out, Opcode op);
  Result<void> parse_block_end(Bytes& out);
  Result<void> enter();
  void leave() { --depth_; }

  const std::vector<Token>& t_;
  size_t pos_;
  size_t begin_;
  size_t end_;
  WatOptions options_;

  std::array<IndexSpace, size_t(Space::Count)> spaces_;
  // The type section: explicit definitions (read after pass 1, once every type
  // name is bound), then the implicit ones type uses add.
  std::vector<SubType> types_;
  std::vector<size_t> type_defs_;  // token index of each explicit definition's "(type"
  std::vector<std::unordered_map<std::string, uint32_t>> field_names_;  // per type: struct field ids
  std::unordered_map<std::string, uint32_t> type_lookup_;  // encoded signature -> first index
  size_t explicit_types_ = 0;
  const char* first_definition_ = nullptr;  // for "import after ..."

  // Sections under construction and their entry counts.
  Bytes imports_, funcs_, tables_, memories_, globals_, exports_, elems_, code_, datas_, tags_;
  uint32_t import_count_ = 0, table_count_ = 0, memory_count_ = 0, global_count_ = 0, tag_count_ = 0;
  uint32_t export_count_ = 0, elem_count_ = 0, code_count_ = 0, data_count_ = 0;
  std::optional<uint32_t> start_;
  bool uses_data_index_ = false;
  std::vector<std::pair<uint32_t, std::string>> func_names_;

  // The function being encoded.
  std::unordered_map<std::string, uint32_t> locals_;
  uint32_t local_count_ = 0;
  std::vector<std::string> labels_;  // innermost last; "" when unnamed
  uint32_t depth_ = 0;
};

}  // namespace weft::core::text

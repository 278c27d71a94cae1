// Instructions in WAT, plain and folded, encoded straight to binary: block types,
// labels, and every immediate kind of the opcode table.
// spec: https://webassembly.github.io/spec/core/text/instructions.html
#include <fmt/format.h>

#include "core/binary/instr.h"
#include "core/text/numbers.h"
#include "core/text/wat_parser.h"

namespace weft::core::text {
namespace {

bool is_block_op(Opcode op) {
  return op == Opcode::Block || op == Opcode::Loop || op == Opcode::If || op == Opcode::TryTable;
}

std::optional<CatchKind> catch_kind(std::string_view kw) {
  if (kw == "catch") return CatchKind::Catch;
  if (kw == "catch_ref") return CatchKind::CatchRef;
  if (kw == "catch_all") return CatchKind::CatchAll;
  if (kw == "catch_all_ref") return CatchKind::CatchAllRef;
  return std::nullopt;
}

// Opcode and immediates of a folded instruction, held while its operands are encoded.
struct HeldBytes {
  std::array<uint8_t, 48> small;
  size_t size = 0;
  Bytes large;
};

}  // namespace

// instr* up to a ')', `end`, `else` or the end of input; the caller checks which.
Result<void> ModuleParser::parse_instrs(Bytes& out) {
  while (true) {
    if (at(TokenKind::LParen)) {
      WEFT_CHECK(parse_folded(out));
    } else if (at(TokenKind::Keyword)) {
      if (peek().text == "end" || peek().text == "else") return {};
      WEFT_CHECK(parse_instr(out));
    } else if (at(TokenKind::RParen) || at(TokenKind::Eof)) {
      return {};
    } else {
      return unexpected();
    }
  }
}

// Keywords of the module grammar are misplaced tokens, not unknown operators.
static std::unexpected<Error> unknown_operator(const Token& tok) {
  static constexpr std::string_view kGrammar[] = {
      "type",   "param",   "result", "local", "then",   "else",      "item",      "offset",       "export",
      "import", "mut",     "func",   "table", "memory", "global",    "elem",      "data",         "start",
      "module", "declare", "end",    "tag",   "catch",  "catch_ref", "catch_all", "catch_all_ref"};
  for (std::string_view word : kGrammar)
    if (tok.text == word) return make_error(Phase::Text, tok.span(), "unexpected token");
  return make_error(Phase::Text, tok.span(), fmt::format("unknown operator {}", tok.text));
}

Result<void> ModuleParser::parse_instr(Bytes& out) {
  const Token& tok = next();
  auto op = opcode_from_text(tok.text);
  if (!op || *op == Opcode::Else || *op == Opcode::End) return unknown_operator(tok);
  if (is_block_op(*op)) return parse_plain_block(out, *op);
  return parse_immediates(out, *op, tok);
}

// `end $l` / `else $l` must repeat the block's own label.
Result<void> ModuleParser::check_end_label(const std::string& label) {
  if (!at(TokenKind::Id)) return {};
  const Token& tok = next();
  if (label.empty() || id_name(tok) != label) return fail(tok, "mismatching label");
  return {};
}

// try_table's clauses: (catch x l) (catch_ref x l) (catch_all l) (catch_all_ref l).
// Their labels are those outside the try_table, so they come before its own.
Result<void> ModuleParser::parse_catches(Bytes& out) {
  Bytes clauses;
  uint32_t count = 0;
  while (at(TokenKind::LParen) && peek(1).kind == TokenKind::Keyword) {
    auto kind = catch_kind(peek(1).text);
    if (!kind) break;
    pos_ += 2;
    clauses.push_back(uint8_t(*kind));
    if (*kind == CatchKind::Catch || *kind == CatchKind::CatchRef)
      WEFT_CHECK(write_index(clauses, Space::Tag, false));
    WEFT_TRY(label, parse_label());
    write_u32(clauses, label);
    WEFT_CHECK(expect_rparen());
    ++count;
  }
  write_u32(out, count);
  out.insert(out.end(), clauses.begin(), clauses.end());
  return {};
}

// label? blocktype catch*: what precedes a plain block's instructions. Kept out of
// parse_plain_block, which recurses once per nesting level: its frame stays small.
Result<void> ModuleParser::parse_block_head(Bytes& out, Opcode op) {
  std::string label;
  if (at(TokenKind::Id)) label = id_name(next());
  encode_opcode(out, op);
  WEFT_CHECK(parse_block_type(out));
  if (op == Opcode::TryTable) WEFT_CHECK(parse_catches(out));
  labels_.push_back(std::move(label));
  return {};
}

// `end label?`, closing the innermost plain block.
Result<void> ModuleParser::parse_block_end(Bytes& out) {
  WEFT_CHECK(expect_keyword("end"));
  WEFT_CHECK(check_end_label(labels_.back()));
  out.push_back(0x0b);
  labels_.pop_back();
  leave();
  return {};
}

// block/loop/if/try_table label? blocktype catch* instr* (else label? instr*)? end label?
Result<void> ModuleParser::parse_plain_block(Bytes& out, Opcode op) {
  WEFT_CHECK(enter());
  WEFT_CHECK(parse_block_head(out, op));
  WEFT_CHECK(parse_instrs(out));
  if (op == Opcode::If && at_keyword("else")) {
    ++pos_;
    WEFT_CHECK(check_end_label(labels_.back()));
    out.push_back(0x05);
    WEFT_CHECK(parse_instrs(out));
  }
  return parse_block_end(out);
}

// (block label? bt instr*), (loop ...), (if label? bt folded* (then instr*) (else instr*)?)
Result<void> ModuleParser::parse_folded_block(Bytes& out, Opcode op) {
  std::string label;
  if (at(TokenKind::Id)) label = id_name(next());
  Bytes head;
  encode_opcode(head, op);
  WEFT_CHECK(parse_block_type(head));
  if (op == Opcode::TryTable) WEFT_CHECK(parse_catches(head));
  if (op == Opcode::If) {
    while (at(TokenKind::LParen) && !at_field("then")) WEFT_CHECK(parse_folded(out));
    if (!at_field("then")) return unexpected();
    pos_ += 2;
  }
  out.insert(out.end(), head.begin(), head.end());
  labels_.push_back(std::move(label));
  WEFT_CHECK(parse_instrs(out));
  if (op == Opcode::If) {
    WEFT_CHECK(expect_rparen());
    if (at_field("else")) {
      pos_ += 2;
      out.push_back(0x05);
      WEFT_CHECK(parse_instrs(out));
      WEFT_CHECK(expect_rparen());
    }
  }
  labels_.pop_back();
  out.push_back(0x0b);
  return expect_rparen();
}

Result<void> ModuleParser::parse_folded(Bytes& out) {
  WEFT_CHECK(enter());
  ++pos_;  // '('
  if (!at(TokenKind::Keyword)) return unexpected();
  const Token& tok = next();
  auto op = opcode_from_text(tok.text);
  if (!op || *op == Opcode::Else || *op == Opcode::End) return unknown_operator(tok);
  if (is_block_op(*op)) {
    WEFT_CHECK(parse_folded_block(out, *op));
    leave();
    return {};
  }
  size_t mark = out.size();
  WEFT_CHECK(parse_immediates(out, *op, tok));
  HeldBytes held;
  held.size = out.size() - mark;
  if (held.size <= held.small.size()) {
    std::copy(out.begin() + mark, out.end(), held.small.begin());
  } else {
    held.large.assign(out.begin() + mark, out.end());
  }
  out.resize(mark);
  // The operands: folded instructions, and (as wasm-tools accepts) plain ones too.
  WEFT_CHECK(parse_instrs(out));
  WEFT_CHECK(expect_rparen());
  if (held.size <= held.small.size()) {
    out.insert(out.end(), held.small.begin(), held.small.begin() + held.size);
  } else {
    out.insert(out.end(), held.large.begin(), held.large.end());
  }
  leave();
  return {};
}

// blocktype: empty, one result type, or a type use (encoded as s33 type index).
Result<void> ModuleParser::parse_block_type(Bytes& out) {
  const Token& start = peek();
  std::optional<uint32_t> index;
  if (at_field("type")) {
    pos_ += 2;
    auto parsed = parse_index(Space::Type);
    if (!parsed) return std::unexpected(parsed.error());
    index = *parsed;
    WEFT_CHECK(expect_rparen());
  }
  FuncType type;
  WEFT_CHECK(parse_params(type.params, nullptr));
  WEFT_CHECK(parse_results(type.results));
  if (at_field("param")) return fail(peek(1), "unexpected token");
  if (index) {
    bool has_inline = !type.params.empty() || !type.results.empty();
    if (has_inline && (*index >= types_.size() || types_[*index].kind != CompKind::Func)) {
      return fail(start, "unknown type");
    }
    if (has_inline && !(types_[*index].func == type)) return fail(start, "inline function type");
    write_s64(out, *index);
    return {};
  }
  if (type.params.empty() && type.results.empty()) {
    out.push_back(0x40);
  } else if (type.params.empty() && type.results.size() == 1) {
    write_valtype(out, type.results[0]);
  } else {
    write_s64(out, intern_type(type));
  }
  return {};
}

Result<uint32_t> ModuleParser::parse_label() {
  if (at(TokenKind::Id)) {
    const Token& tok = next();
    std::string name = id_name(tok);
    for (size_t i = labels_.size(); i-- > 0;) {
      if (labels_[i] == name) return uint32_t(labels_.size() - 1 - i);
    }
    return fail(tok, fmt::format("unknown label {}", tok.text));
  }
  return parse_u32_token("constant out of range");
}

Result<uint32_t> ModuleParser::parse_local() {
  if (at(TokenKind::Id)) {
    const Token& tok = next();
    auto it = locals_.find(id_name(tok));
    if (it == locals_.end()) return fail(tok, fmt::format("unknown local {}", tok.text));
    return it->second;
  }
  return parse_u32_token("constant out of range");
}

}  // namespace weft::core::text

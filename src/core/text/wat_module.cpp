// Module-level structure of the WAT encoder: the two passes over the fields and
// the final assembly of the sections in binary order.
#include <fmt/format.h>

#include "core/binary/reader.h"
#include "core/text/wat_parser.h"

namespace weft::core::text {
namespace {

const char* space_noun(Space space) {
  switch (space) {
    case Space::Func: return "func";
    case Space::Table: return "table";
    case Space::Memory: return "memory";
    case Space::Global: return "global";
    case Space::Type: return "type";
    case Space::Elem: return "elem";
    case Space::Data: return "data";
    case Space::Tag: return "tag";
    case Space::Count: break;
  }
  return "?";
}

std::optional<Space> definition_space(std::string_view kw) {
  if (kw == "func") return Space::Func;
  if (kw == "table") return Space::Table;
  if (kw == "memory") return Space::Memory;
  if (kw == "global") return Space::Global;
  if (kw == "tag") return Space::Tag;
  return std::nullopt;
}

const char* definition_noun(Space space) { return space == Space::Func ? "function" : space_noun(space); }

}  // namespace

std::unexpected<Error> ModuleParser::unexpected() const {
  static constexpr std::string_view kWords[] = {
      "module", "type",   "func", "param",  "result",  "local",     "import",        "export",        "table",
      "memory", "global", "elem", "data",   "start",   "offset",    "item",          "declare",       "mut",
      "then",   "else",   "end",  "extern", "funcref", "externref", "i32",           "i64",           "f32",
      "f64",    "v128",   "inf",  "nan",    "binary",  "quote",     "nan:canonical", "nan:arithmetic",
      "tag",    "exnref", "exn",  "ref",    "null",    "catch",     "catch_ref",     "catch_all",     "catch_all_ref"};
  const Token& tok = peek();
  bool unknown = tok.kind == TokenKind::Reserved;
  if (tok.kind == TokenKind::Keyword) {
    unknown =
        !opcode_from_text(tok.text) && !tok.text.starts_with("offset=") && !tok.text.starts_with("align=");
    for (std::string_view word : kWords) unknown = unknown && tok.text != word;
  }
  if (!unknown) return fail(tok, "unexpected token");
  return fail(tok, tok.kind == TokenKind::Keyword ? fmt::format("unknown operator {}", tok.text)
                                                  : "unknown operator");
}

Result<void> ModuleParser::expect(TokenKind kind) {
  if (!at(kind)) return unexpected();
  ++pos_;
  return {};
}

Result<void> ModuleParser::expect_keyword(std::string_view kw) {
  if (!at_keyword(kw)) return unexpected();
  ++pos_;
  return {};
}

Result<void> ModuleParser::enter() {
  if (++depth_ > kMaxNesting) return fail(peek(), "nesting too deep");
  return {};
}

Result<void> ModuleParser::bind_name(Space space, const Token& id_tok, uint32_t index) {
  auto [it, fresh] = spaces_[size_t(space)].names.emplace(id_name(id_tok), index);
  if (!fresh) return fail(id_tok, fmt::format("duplicate {} {}", space_noun(space), id_tok.text));
  return {};
}

Result<void> ModuleParser::check_import_order(const Token& at_tok) {
  if (first_definition_) return fail(at_tok, fmt::format("import after {}", first_definition_));
  return {};
}

// True when the field whose '(' is at index `open` has a direct child `(kw ...)`.
static bool has_child(const std::vector<Token>& t, size_t open, std::string_view kw) {
  for (size_t i = open + 1; i < t[open].match;) {
    if (t[i].kind != TokenKind::LParen) {
      ++i;
      continue;
    }
    if (t[i + 1].kind == TokenKind::Keyword && t[i + 1].text == kw) return true;
    i = t[i].match + 1;
  }
  return false;
}

// Pass 1: assigns every index and binds every id, so that pass 2 can resolve
// forward references; also reads the explicit type definitions.
Result<void> ModuleParser::scan_field() {
  size_t open = pos_;
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  const Token& kw = peek(1);
  pos_ += 2;
  const Token* id = take_id().value_or(nullptr);
  if (kw.text == "type") {
    type_defs_.push_back(open);
    WEFT_CHECK(bind_type(id, uint32_t(types_.size())));
  } else if (kw.text == "rec") {
    if (id) return fail(*id, "unexpected token");
    const uint32_t start = uint32_t(types_.size());
    while (at_field("type")) {
      type_defs_.push_back(pos_);
      const size_t close = peek().match;
      pos_ += 2;
      WEFT_CHECK(bind_type(take_id().value_or(nullptr), start));
      pos_ = close + 1;
    }
    if (!at(TokenKind::RParen)) return unexpected();
    for (uint32_t i = start; i < types_.size(); ++i) types_[i].rec_size = uint32_t(types_.size()) - start;
  } else if (auto space = definition_space(kw.text)) {
    while (at_field("export")) skip_group();
    uint32_t index = spaces_[size_t(*space)].count++;
    if (id) WEFT_CHECK(bind_name(*space, *id, index));
    if (at_field("import")) {
      WEFT_CHECK(check_import_order(kw));
    } else if (!first_definition_) {
      first_definition_ = definition_noun(*space);
    }
    if (*space == Space::Table && has_child(t_, open, "elem")) spaces_[size_t(Space::Elem)].count++;
    if (*space == Space::Memory && has_child(t_, open, "data")) spaces_[size_t(Space::Data)].count++;
  } else if (kw.text == "import") {
    if (id) return fail(*id, "unexpected token");
    if (!at(TokenKind::String) || peek(1).kind != TokenKind::String) return unexpected();
    pos_ += 2;
    if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
    auto space = definition_space(peek(1).text);
    if (!space) return fail(peek(1), "unexpected token");
    pos_ += 2;
    uint32_t index = spaces_[size_t(*space)].count++;
    if (auto desc_id = take_id().value_or(nullptr)) WEFT_CHECK(bind_name(*space, *desc_id, index));
    WEFT_CHECK(check_import_order(kw));
  } else if (kw.text == "elem" || kw.text == "data") {
    Space space = kw.text == "elem" ? Space::Elem : Space::Data;
    uint32_t index = spaces_[size_t(space)].count++;
    if (id) WEFT_CHECK(bind_name(space, *id, index));
  } else if (kw.text != "export" && kw.text != "start") {
    return fail(kw, "unexpected token");
  }
  pos_ = t_[open].match + 1;
  return {};
}

// A type definition's index and name; its body is read once every name is bound.
Result<void> ModuleParser::bind_type(const Token* id, uint32_t rec_start) {
  const uint32_t index = uint32_t(types_.size());
  if (id) WEFT_CHECK(bind_name(Space::Type, *id, index));
  SubType t;
  t.rec_start = rec_start;
  types_.push_back(std::move(t));
  field_names_.emplace_back();
  spaces_[size_t(Space::Type)].count++;
  return {};
}

namespace {

// The key under which a function type is found again by type uses.
std::string signature_key(const FuncType& type) {
  Bytes key;
  write_functype(key, type);
  return std::string(key.begin(), key.end());
}

}  // namespace

Result<void> ModuleParser::parse_type_definitions() {
  for (uint32_t i = 0; i < type_defs_.size(); ++i) {
    pos_ = type_defs_[i] + 2;
    take_id();
    WEFT_CHECK(parse_subtype(types_[i], i));
    WEFT_CHECK(expect_rparen());
  }
  return {};
}

Result<void> ModuleParser::scan_fields() {
  while (pos_ < end_) WEFT_CHECK(scan_field());
  WEFT_CHECK(parse_type_definitions());
  // spec: a type use without an index names the first function type that is
  // alone in its recursion group, final and without supertypes.
  for (uint32_t i = 0; i < types_.size(); ++i) {
    const SubType& t = types_[i];
    if (t.kind != CompKind::Func || t.rec_size != 1 || !t.final || t.super != SubType::kNoSuper) continue;
    type_lookup_.emplace(signature_key(t.func), i);
  }
  explicit_types_ = types_.size();
  return {};
}

uint32_t ModuleParser::intern_type(const FuncType& type) {
  auto [it, fresh] = type_lookup_.emplace(signature_key(type), uint32_t(types_.size()));
  if (fresh) {
    SubType t;
    t.func = type;
    t.rec_start = uint32_t(types_.size());
    types_.push_back(std::move(t));
    field_names_.emplace_back();
  }
  return it->second;
}

Result<void> ModuleParser::encode_field() {
  if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return unexpected();
  std::string_view kw = peek(1).text;
  if (kw == "type" || kw == "rec") return encode_type_field();
  if (kw == "import") return encode_import_field();
  if (kw == "func") return encode_func_field();
  if (kw == "table") return encode_table_field();
  if (kw == "memory") return encode_memory_field();
  if (kw == "global") return encode_global_field();
  if (kw == "tag") return encode_tag_field();
  if (kw == "export") return encode_export_field();
  if (kw == "start") return encode_start_field();
  if (kw == "elem") return encode_elem_field();
  if (kw == "data") return encode_data_field();
  return fail(peek(1), "unexpected token");
}

Result<void> ModuleParser::encode_type_field() {
  skip_group();  // read in pass 1
  return {};
}

Result<Bytes> ModuleParser::run() {
  WEFT_CHECK(scan_fields());
  pos_ = begin_;
  for (auto& space : spaces_) space.count = 0;
  while (pos_ < end_) WEFT_CHECK(encode_field());
  return assemble();
}

Bytes ModuleParser::assemble() {
  Bytes out = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  if (!types_.empty()) {
    // One entry per recursion group: (rec ...) as 0x4e, a lone type as itself.
    Bytes body;
    uint32_t entries = 0;
    for (size_t i = 0; i < types_.size(); ++entries) {
      const SubType& first = types_[i];
      if (first.rec_size != 1) {
        body.push_back(0x4e);
        write_u32(body, first.rec_size);
      }
      for (uint32_t k = 0; k < std::max(first.rec_size, 1u); ++k) write_subtype(body, types_[i + k]);
      i += std::max(first.rec_size, 1u);
    }
    write_section(out, 1, entries, body);
  }
  auto section = [&](uint8_t id, uint32_t count, const Bytes& body) {
    if (count > 0) write_section(out, id, count, body);
  };
  section(2, import_count_, imports_);
  section(3, code_count_, funcs_);
  section(4, table_count_, tables_);
  section(5, memory_count_, memories_);
  section(13, tag_count_, tags_);  // the tag section sits between memories and globals
  section(6, global_count_, globals_);
  section(7, export_count_, exports_);
  if (start_) {
    Bytes body;
    write_u32(body, *start_);
    out.push_back(8);
    write_u32(out, uint32_t(body.size()));
    out.insert(out.end(), body.begin(), body.end());
  }
  section(9, elem_count_, elems_);
  if (uses_data_index_) {
    Bytes body;
    write_u32(body, data_count_);
    out.push_back(12);
    write_u32(out, uint32_t(body.size()));
    out.insert(out.end(), body.begin(), body.end());
  }
  section(10, code_count_, code_);
  section(11, data_count_, datas_);
  if (options_.emit_names) append_name_section(out);
  return out;
}

// spec: https://webassembly.github.io/spec/core/appendix/custom.html#name-section
void ModuleParser::append_name_section(Bytes& out) const {
  Bytes names;
  uint32_t count = 0;
  for (const auto& [index, name] : func_names_) {
    std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(name.data()), name.size());
    if (!is_valid_utf8(bytes)) continue;
    write_u32(names, index);
    write_name(names, name);
    ++count;
  }
  if (count == 0) return;
  Bytes sub;
  write_u32(sub, count);
  sub.insert(sub.end(), names.begin(), names.end());
  Bytes body;
  write_name(body, "name");
  body.push_back(1);  // function names
  write_u32(body, uint32_t(sub.size()));
  body.insert(body.end(), sub.begin(), sub.end());
  out.push_back(0);
  write_u32(out, uint32_t(body.size()));
  out.insert(out.end(), body.begin(), body.end());
}

Result<Bytes> encode_module(const std::vector<Token>& tokens, size_t begin, size_t end,
                            const WatOptions& options) {
  ModuleParser parser(tokens, begin, end, options);
  return parser.run();
}

}  // namespace weft::core::text

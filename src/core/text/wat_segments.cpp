// Element and data segments in WAT, with all their abbreviations, and the choice
// among the binary format's eight element segment encodings.
// spec: https://webassembly.github.io/spec/core/text/modules.html#element-segments
#include "core/text/wat_parser.h"

namespace weft::core::text {
namespace {

// spec (3.0): the type of `func x*` element lists.
constexpr ValType kRefFunc = ValType::ref(AbsHeap::Func, false);

// The function index when `expr` is exactly `ref.func x`.
std::optional<uint32_t> as_ref_func(const Bytes& expr) {
  if (expr.empty() || expr[0] != 0xd2) return std::nullopt;
  uint32_t value = 0;
  for (size_t i = 1, shift = 0; i < expr.size() && shift < 35; ++i, shift += 7) {
    value |= uint32_t(expr[i] & 0x7f) << shift;
    if (!(expr[i] & 0x80)) return i + 1 == expr.size() ? std::optional(value) : std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

// One element: a function index, `(item instr*)` or one folded instruction; a
// function index becomes `ref.func x`.
Result<void> ModuleParser::parse_elem_item(Bytes& item, bool expr_syntax) {
  if (!expr_syntax) {
    WEFT_TRY(index, parse_index(Space::Func));
    item.push_back(0xd2);
    write_u32(item, index);
    return {};
  }
  if (at_field("item")) {
    pos_ += 2;
    WEFT_CHECK(parse_instrs(item));
    return expect_rparen();
  }
  if (!at(TokenKind::LParen)) return unexpected();
  return parse_folded(item);
}

// Parses an element list at the cursor, up to the enclosing ')', and appends the
// whole segment to the element section. `implied` is the type when the list has
// neither `func` nor a reference type (table abbreviation, legacy active form).
Result<uint32_t> ModuleParser::encode_elem_segment(ElemMode mode, uint32_t table, const Bytes& offset,
                                                   ValType implied) {
  ValType type = implied;
  bool explicit_type = false;
  bool expr_syntax = at(TokenKind::LParen) && !at_field("ref");
  if (at_keyword("func")) {
    ++pos_;
    type = kRefFunc;
    expr_syntax = false;
  } else if (at(TokenKind::Keyword) || at_field("ref")) {
    auto ref = parse_reftype();
    if (!ref) return std::unexpected(ref.error());
    type = *ref;
    expr_syntax = true;
    explicit_type = true;
  }
  std::vector<uint32_t> funcs;
  Bytes exprs, item;
  bool all_funcs = true;
  uint32_t count = 0;
  while (!at(TokenKind::RParen)) {
    item.clear();
    WEFT_CHECK(parse_elem_item(item, expr_syntax));
    if (auto f = as_ref_func(item); f && all_funcs) {
      funcs.push_back(*f);
    } else {
      all_funcs = false;
    }
    exprs.insert(exprs.end(), item.begin(), item.end());
    exprs.push_back(0x0b);
    ++count;
  }
  // The function-index forms decode as (ref func) (funcref before 3.0): an
  // explicit funcref keeps the expression form, which says funcref.
  const bool func_type = type == kRefFunc || (type == ValType::FuncRef && !explicit_type);
  bool use_funcs = all_funcs && func_type;
  uint8_t flags = use_funcs ? 0 : 4;
  if (mode == ElemMode::Passive) flags |= 1;
  if (mode == ElemMode::Declare) flags |= 3;
  if (mode == ElemMode::Active && (table != 0 || !(use_funcs || type == ValType::FuncRef))) flags |= 2;
  elems_.push_back(flags);
  if (mode == ElemMode::Active) {
    if (flags & 2) write_u32(elems_, table);
    elems_.insert(elems_.end(), offset.begin(), offset.end());
  }
  if (flags & 3) {
    if (use_funcs) elems_.push_back(0x00);
    else write_valtype(elems_, type);
  }
  write_u32(elems_, count);
  if (use_funcs) {
    for (uint32_t f : funcs) write_u32(elems_, f);
  } else {
    elems_.insert(elems_.end(), exprs.begin(), exprs.end());
  }
  ++elem_count_;
  spaces_[size_t(Space::Elem)].count++;
  return count;
}

// (elem id? declare? (table x)? (offset e)? elemlist)
Result<void> ModuleParser::encode_elem_field() {
  pos_ += 2;
  take_id();
  ElemMode mode = ElemMode::Passive;
  uint32_t table = 0;
  Bytes offset;
  if (at_keyword("declare")) {
    ++pos_;
    mode = ElemMode::Declare;
  } else if (at_field("table") || (at(TokenKind::LParen) && !at_field("ref")) || at_index()) {
    mode = ElemMode::Active;
    if (at_field("table")) {
      pos_ += 2;
      auto index = parse_index(Space::Table);
      if (!index) return std::unexpected(index.error());
      table = *index;
      WEFT_CHECK(expect_rparen());
    } else if (at_index()) {  // legacy: a bare table index
      auto index = parse_index(Space::Table);
      if (!index) return std::unexpected(index.error());
      table = *index;
    }
    WEFT_CHECK(parse_offset(offset));
  }
  auto count = encode_elem_segment(mode, table, offset, kRefFunc);
  if (!count) return std::unexpected(count.error());
  return expect_rparen();
}

void ModuleParser::write_data_segment(std::optional<uint32_t> memory, const Bytes& offset,
                                      std::string_view bytes) {
  if (!memory) {
    datas_.push_back(0x01);
  } else if (*memory == 0) {
    datas_.push_back(0x00);
    datas_.insert(datas_.end(), offset.begin(), offset.end());
  } else {
    datas_.push_back(0x02);
    write_u32(datas_, *memory);
    datas_.insert(datas_.end(), offset.begin(), offset.end());
  }
  write_u32(datas_, uint32_t(bytes.size()));
  write_bytes(datas_, bytes);
  ++data_count_;
  spaces_[size_t(Space::Data)].count++;
}

// (data id? (memory x)? (offset e)? string*)
Result<void> ModuleParser::encode_data_field() {
  pos_ += 2;
  take_id();
  std::optional<uint32_t> memory;
  Bytes offset;
  if (at_field("memory") || at(TokenKind::LParen) || at_index()) {
    memory = 0;
    if (at_field("memory")) {
      pos_ += 2;
      auto index = parse_index(Space::Memory);
      if (!index) return std::unexpected(index.error());
      memory = *index;
      WEFT_CHECK(expect_rparen());
    } else if (at_index()) {  // legacy: a bare memory index
      auto index = parse_index(Space::Memory);
      if (!index) return std::unexpected(index.error());
      memory = *index;
    }
    WEFT_CHECK(parse_offset(offset));
  }
  std::string bytes;
  while (at(TokenKind::String)) append_decoded_string(next().text, bytes);
  write_data_segment(memory, offset, bytes);
  return expect_rparen();
}

}  // namespace weft::core::text

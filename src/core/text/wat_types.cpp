// Types, type uses, limits, names and indices in WAT: the small pieces every field uses.
// spec: https://webassembly.github.io/spec/core/text/types.html
#include <fmt/format.h>

#include "core/binary/reader.h"
#include "core/text/numbers.h"
#include "core/text/wat_parser.h"

namespace weft::core::text {
namespace {

std::optional<ValType> valtype_from_text(std::string_view s) {
  static const std::pair<std::string_view, ValType> kTypes[] = {
      {"i32", ValType::I32},           {"i64", ValType::I64},
      {"f32", ValType::F32},           {"f64", ValType::F64},
      {"v128", ValType::V128},         {"funcref", ValType::FuncRef},
      {"externref", ValType::ExternRef}, {"exnref", ValType::ExnRef},
      {"anyref", ValType::AnyRef},     {"eqref", ValType::EqRef},
      {"i31ref", ValType::I31Ref},     {"structref", ValType::StructRef},
      {"arrayref", ValType::ArrayRef}, {"nullref", ValType::NullRef},
      {"nullfuncref", ValType::NullFuncRef}, {"nullexternref", ValType::NullExternRef},
      {"nullexnref", ValType::NullExnRef},
  };
  for (const auto& [name, type] : kTypes) {
    if (s == name) return type;
  }
  return std::nullopt;
}

const char* space_unknown(Space space) {
  switch (space) {
    case Space::Func: return "unknown function";
    case Space::Table: return "unknown table";
    case Space::Memory: return "unknown memory";
    case Space::Global: return "unknown global";
    case Space::Type: return "unknown type";
    case Space::Elem: return "unknown elem segment";
    case Space::Data: return "unknown data segment";
    case Space::Tag: return "unknown tag";
    case Space::Count: break;
  }
  return "unknown index";
}

}  // namespace

std::optional<const Token*> ModuleParser::take_id() {
  if (!at(TokenKind::Id)) return std::nullopt;
  return &next();
}

Result<ValType> ModuleParser::parse_valtype() {
  if (at(TokenKind::Keyword)) {
    if (auto t = valtype_from_text(peek().text)) {
      ++pos_;
      return *t;
    }
  }
  if (at_field("ref")) return parse_reftype();
  return unexpected();
}

// reftype: a short form (funcref, anyref, ...) or (ref null? heaptype).
Result<ValType> ModuleParser::parse_reftype() {
  if (at(TokenKind::Keyword)) {
    auto t = valtype_from_text(peek().text);
    if (!t || !t->is_ref()) return unexpected();
    ++pos_;
    return *t;
  }
  if (!at_field("ref")) return unexpected();
  pos_ += 2;
  const bool nullable = take_keyword("null");
  WEFT_TRY(heap, parse_heaptype());
  WEFT_CHECK(expect_rparen());
  return ValType::ref(heap, nullable);
}

// heaptype: an abstract type's keyword or a type index.
Result<HeapType> ModuleParser::parse_heaptype() {
  if (at(TokenKind::Keyword)) {
    auto h = abs_heap_from_name(peek().text);
    if (!h) return unexpected();
    ++pos_;
    return HeapType::abs(*h);
  }
  WEFT_TRY(index, parse_index(Space::Type));
  return HeapType::index(index);
}

// fieldtype: storagetype or (mut storagetype); storagetype: valtype, i8 or i16.
Result<FieldType> ModuleParser::parse_field_type() {
  FieldType f;
  f.mut = at_field("mut");
  if (f.mut) pos_ += 2;
  if (at_keyword("i8") || at_keyword("i16")) {
    f.packed = next().text == "i8" ? Packed::I8 : Packed::I16;
  } else {
    WEFT_TRY(t, parse_valtype());
    f.type = t;
  }
  if (f.mut) WEFT_CHECK(expect_rparen());
  return f;
}

// (struct (field id? fieldtype) | (field fieldtype*))*, its ')' included.
Result<void> ModuleParser::parse_struct_fields(SubType& t, uint32_t index) {
  auto& names = field_names_[index];
  while (at_field("field")) {
    pos_ += 2;
    if (at(TokenKind::Id)) {
      const Token& id = next();
      if (!names.emplace(id_name(id), uint32_t(t.fields.size())).second) return fail(id, "duplicate field");
      WEFT_TRY(f, parse_field_type());
      t.fields.push_back(f);
    } else {
      while (!at(TokenKind::RParen)) {
        WEFT_TRY(f, parse_field_type());
        t.fields.push_back(f);
      }
    }
    WEFT_CHECK(expect_rparen());
  }
  return expect_rparen();
}

// comptype: (func ...), (struct ...) or (array fieldtype), its ')' included.
Result<void> ModuleParser::parse_comp_type(SubType& t, uint32_t index) {
  if (at_field("func")) {
    pos_ += 2;
    WEFT_TRY(type, parse_functype_body(nullptr));
    t.kind = CompKind::Func;
    t.func = std::move(type);
    return expect_rparen();
  }
  if (at_field("struct")) {
    pos_ += 2;
    t.kind = CompKind::Struct;
    return parse_struct_fields(t, index);
  }
  if (at_field("array")) {
    pos_ += 2;
    t.kind = CompKind::Array;
    WEFT_TRY(f, parse_field_type());
    t.fields.push_back(f);
    return expect_rparen();
  }
  return unexpected();
}

// The inside of (type id? subtype): (sub final? typeidx* comptype) or comptype.
// The rec group fields of `t` are already set.
Result<void> ModuleParser::parse_subtype(SubType& t, uint32_t index) {
  if (!at_field("sub")) return parse_comp_type(t, index);
  pos_ += 2;
  t.final = take_keyword("final");
  uint32_t supers = 0;
  while (at_index()) {
    WEFT_TRY(super, parse_index(Space::Type));
    t.super = ++supers == 1 ? super : SubType::kTooManySupers;
  }
  WEFT_CHECK(parse_comp_type(t, index));
  return expect_rparen();
}

// (param id? t) or (param t*), repeated; `names` receives one entry per param.
Result<void> ModuleParser::parse_params(std::vector<ValType>& params, std::vector<std::string>* names) {
  while (at_field("param")) {
    pos_ += 2;
    if (at(TokenKind::Id)) {
      const Token& id = next();
      auto type = parse_valtype();
      if (!type) return std::unexpected(type.error());
      if (!names) return fail(id, "unexpected token");
      params.push_back(*type);
      names->push_back(id_name(id));
    } else {
      while (!at(TokenKind::RParen)) {
        auto type = parse_valtype();
        if (!type) return std::unexpected(type.error());
        params.push_back(*type);
        if (names) names->emplace_back();
      }
    }
    WEFT_CHECK(expect_rparen());
  }
  return {};
}

Result<void> ModuleParser::parse_results(std::vector<ValType>& results) {
  while (at_field("result")) {
    pos_ += 2;
    while (!at(TokenKind::RParen)) {
      auto type = parse_valtype();
      if (!type) return std::unexpected(type.error());
      results.push_back(*type);
    }
    WEFT_CHECK(expect_rparen());
  }
  return {};
}

// The inside of `(func ...)` in a type definition, up to its ')'.
Result<FuncType> ModuleParser::parse_functype_body(std::vector<std::string>* names) {
  FuncType type;
  std::vector<std::string> ignored;
  WEFT_CHECK(parse_params(type.params, names ? names : &ignored));
  WEFT_CHECK(parse_results(type.results));
  return type;
}

// typeuse: (type x)? (param ...)* (result ...)*, with the implicit type definition
// appended when there is no (type x) and no existing type matches.
Result<ModuleParser::TypeUse> ModuleParser::parse_typeuse(bool allow_names) {
  TypeUse use;
  std::optional<uint32_t> explicit_index;
  const Token& start = peek();
  if (at_field("type")) {
    pos_ += 2;
    auto index = parse_index(Space::Type);
    if (!index) return std::unexpected(index.error());
    explicit_index = *index;
    WEFT_CHECK(expect_rparen());
  }
  FuncType inline_type;
  std::vector<std::string> names;
  WEFT_CHECK(parse_params(inline_type.params, allow_names ? &names : nullptr));
  WEFT_CHECK(parse_results(inline_type.results));
  if (at_field("param")) return fail(peek(1), "unexpected token");
  bool has_inline = !inline_type.params.empty() || !inline_type.results.empty();
  if (explicit_index) {
    use.index = *explicit_index;
    if (use.index < types_.size() && types_[use.index].kind == CompKind::Func) {
      const FuncType& def = types_[use.index].func;
      if (has_inline && !(def == inline_type)) return fail(start, "inline function type");
      use.params = def.params;
    } else if (has_inline) {
      return fail(start, "unknown type");
    }  // else an unknown type without inline types: left for the validator
  } else {
    use.index = intern_type(inline_type);
    use.params = inline_type.params;
  }
  use.param_names = std::move(names);
  use.param_names.resize(use.params.size());
  return use;
}

bool ModuleParser::take_keyword(std::string_view word) {
  if (!at(TokenKind::Keyword) || peek().text != word) return false;
  ++pos_;
  return true;
}

bool ModuleParser::parse_addr_type() {
  if (!at(TokenKind::Keyword) || (peek().text != "i64" && peek().text != "i32")) return false;
  return next().text == "i64";
}

// limits: min max?, read as u64 (3.0): the binary decoder (u32 without memory64)
// or the validator rejects what an i32 address type cannot take.
Result<Limits> ModuleParser::parse_limits(bool is64) {
  Limits limits;
  auto bound = [&]() -> Result<uint64_t> {
    if (!at(TokenKind::Number)) return unexpected();
    auto v = parse_u64(peek().text);
    if (!v) {
      return fail(peek(), v.error() != NumError::Range ? "unknown operator"
                          : is64                       ? "i64 constant out of range"
                                                       : "i32 constant out of range");
    }
    ++pos_;
    return *v;
  };
  auto min = bound();
  if (!min) return std::unexpected(min.error());
  limits.min = *min;
  if (at(TokenKind::Number)) {
    auto max = bound();
    if (!max) return std::unexpected(max.error());
    limits.max = *max;
  }
  return limits;
}

Result<uint32_t> ModuleParser::parse_u32_token(const char* range_message) {
  if (!at(TokenKind::Number)) return unexpected();
  auto v = parse_u32(peek().text);
  if (!v) return fail(peek(), v.error() == NumError::Range ? range_message : "unknown operator");
  ++pos_;
  return *v;
}

Result<uint32_t> ModuleParser::parse_index(Space space) {
  if (at(TokenKind::Id)) {
    const Token& tok = next();
    const auto& names = spaces_[size_t(space)].names;
    auto it = names.find(id_name(tok));
    if (it == names.end()) return fail(tok, fmt::format("{} {}", space_unknown(space), tok.text));
    return it->second;
  }
  if (at(TokenKind::Number)) return parse_u32_token("constant out of range");
  return unexpected();
}

// An import or export name: a string that must be valid UTF-8.
Result<std::string> ModuleParser::parse_name() {
  if (!at(TokenKind::String)) return unexpected();
  const Token& tok = next();
  std::string name = decode_string(tok.text);
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(name.data()), name.size());
  if (!is_valid_utf8(bytes)) return fail(tok, "malformed UTF-8 encoding");
  return name;
}

}  // namespace weft::core::text

// Types, type uses, limits, names and indices in WAT: the small pieces every field uses.
// spec: https://webassembly.github.io/spec/core/text/types.html
#include <fmt/format.h>

#include "core/binary/reader.h"
#include "core/text/numbers.h"
#include "core/text/wat_parser.h"

namespace weft::core::text {
namespace {

std::optional<ValType> valtype_from_text(std::string_view s) {
  if (s == "i32") return ValType::I32;
  if (s == "i64") return ValType::I64;
  if (s == "f32") return ValType::F32;
  if (s == "f64") return ValType::F64;
  if (s == "v128") return ValType::V128;
  if (s == "funcref") return ValType::FuncRef;
  if (s == "externref") return ValType::ExternRef;
  if (s == "exnref") return ValType::ExnRef;
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
  // (ref null ht) for the abstract heap types: the same as their short forms.
  if (at_field("ref") && peek(2).kind == TokenKind::Keyword && peek(2).text == "null") {
    pos_ += 3;
    WEFT_TRY(type, parse_heaptype());
    WEFT_CHECK(expect_rparen());
    return type;
  }
  return unexpected();
}

Result<ValType> ModuleParser::parse_reftype() {
  if (at_keyword("funcref")) {
    ++pos_;
    return ValType::FuncRef;
  }
  if (at_keyword("externref")) {
    ++pos_;
    return ValType::ExternRef;
  }
  if (at_keyword("exnref")) {
    ++pos_;
    return ValType::ExnRef;
  }
  return unexpected();
}

// The heap type after ref.null: `func` or `extern`, as the matching reference type.
Result<ValType> ModuleParser::parse_heaptype() {
  if (at_keyword("func")) {
    ++pos_;
    return ValType::FuncRef;
  }
  if (at_keyword("extern")) {
    ++pos_;
    return ValType::ExternRef;
  }
  if (at_keyword("exn")) {
    ++pos_;
    return ValType::ExnRef;
  }
  return unexpected();
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
    if (use.index < types_.size()) {
      const FuncType& def = types_[use.index];
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

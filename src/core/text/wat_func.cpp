// Function fields in WAT: type use, named params and locals, and the encoded body.
// spec: https://webassembly.github.io/spec/core/text/modules.html#functions
#include <fmt/format.h>

#include "core/text/wat_parser.h"

namespace weft::core::text {

// (local id? t) or (local t*), repeated; binds the names after the params'.
Result<void> ModuleParser::parse_locals(Bytes& body, std::vector<ValType>& locals) {
  while (at_field("local")) {
    pos_ += 2;
    if (at(TokenKind::Id)) {
      const Token& id = next();
      auto type = parse_valtype();
      if (!type) return std::unexpected(type.error());
      if (!locals_.emplace(id_name(id), local_count_).second) return fail(id, "duplicate local");
      locals.push_back(*type);
      ++local_count_;
    } else {
      while (!at(TokenKind::RParen)) {
        auto type = parse_valtype();
        if (!type) return std::unexpected(type.error());
        locals.push_back(*type);
        ++local_count_;
      }
    }
    WEFT_CHECK(expect_rparen());
  }
  // Runs of equal types, as the binary format groups them.
  Bytes runs;
  uint32_t run_count = 0;
  for (size_t i = 0; i < locals.size();) {
    size_t j = i;
    while (j < locals.size() && locals[j] == locals[i]) ++j;
    write_u32(runs, uint32_t(j - i));
    write_valtype(runs, locals[i]);
    ++run_count;
    i = j;
  }
  write_u32(body, run_count);
  body.insert(body.end(), runs.begin(), runs.end());
  return {};
}

// (func id? (export ..)* (import ..)? typeuse local* instr*)
Result<void> ModuleParser::encode_func_field() {
  pos_ += 2;
  const Token* id = take_id().value_or(nullptr);
  uint32_t index = spaces_[size_t(Space::Func)].count;
  WEFT_CHECK(encode_inline_exports(ExternKind::Func, index));
  auto imported = encode_inline_import("func", id);
  if (!imported) return std::unexpected(imported.error());
  if (*imported) return {};
  spaces_[size_t(Space::Func)].count++;
  if (id) func_names_.emplace_back(index, id_name(*id));

  auto use = parse_typeuse(true);
  if (!use) return std::unexpected(use.error());
  write_u32(funcs_, use->index);
  ++code_count_;

  locals_.clear();
  labels_.clear();
  local_count_ = 0;
  for (const std::string& name : use->param_names) {
    if (!name.empty() && !locals_.emplace(name, local_count_).second) return fail(peek(), "duplicate local");
    ++local_count_;
  }
  Bytes body;
  std::vector<ValType> locals;
  WEFT_CHECK(parse_locals(body, locals));
  WEFT_CHECK(parse_instrs(body));
  body.push_back(0x0b);
  WEFT_CHECK(expect_rparen());
  locals_.clear();
  write_u32(code_, uint32_t(body.size()));
  code_.insert(code_.end(), body.begin(), body.end());
  return {};
}

}  // namespace weft::core::text

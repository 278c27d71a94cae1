// Flattening WIT types the way the canonical ABI does, for the core signatures that
// `componentize` checks, and the options each lift and lower needs.
// spec: https://github.com/WebAssembly/component-model/blob/main/design/mvp/CanonicalABI.md#flattening
#include "componentize/abi.h"

#include <variant>

namespace weft::componentize {
namespace {

namespace wit = component::wit;
using core::ValType;

constexpr size_t kMaxFlatParams = 16;
constexpr size_t kMaxFlatResults = 1;

// spec: join
ValType join(ValType a, ValType b) {
  if (a == b) return a;
  if ((a == ValType::I32 && b == ValType::F32) || (a == ValType::F32 && b == ValType::I32))
    return ValType::I32;
  return ValType::I64;
}

// spec: flatten_variant
void flatten_cases(const wit::Resolve& r, const std::vector<std::optional<wit::Type>>& cases,
                   std::vector<ValType>& out) {
  std::vector<ValType> joined;
  for (const auto& c : cases) {
    if (!c) continue;
    std::vector<ValType> flat;
    flatten_type(r, *c, flat);
    for (size_t i = 0; i < flat.size(); ++i) {
      if (i < joined.size())
        joined[i] = join(joined[i], flat[i]);
      else
        joined.push_back(flat[i]);
    }
  }
  out.push_back(ValType::I32);
  out.insert(out.end(), joined.begin(), joined.end());
}

// What a type holds that decides the canonical options.
struct Needs {
  bool memory = false;
  bool strings = false;
};

void scan(const wit::Resolve& r, wit::Type t, Needs& n) {
  if (t.kind == wit::Type::Kind::String) n.memory = n.strings = true;
  if (!t.is_def()) return;
  const wit::TypeDefKind& k = r[t.def].kind;
  auto opt = [&](const std::optional<wit::Type>& x) {
    if (x) scan(r, *x, n);
  };
  if (const auto* a = std::get_if<wit::Alias>(&k))
    scan(r, a->target, n);
  else if (const auto* rec = std::get_if<wit::Record>(&k))
    for (const auto& f : rec->fields) scan(r, f.type, n);
  else if (const auto* tu = std::get_if<wit::Tuple>(&k))
    for (wit::Type m : tu->types) scan(r, m, n);
  else if (const auto* v = std::get_if<wit::Variant>(&k))
    for (const auto& c : v->cases) opt(c.type);
  else if (const auto* o = std::get_if<wit::Option>(&k))
    scan(r, o->type, n);
  else if (const auto* res = std::get_if<wit::ResultType>(&k))
    opt(res->ok), opt(res->err);
  else if (const auto* fl = std::get_if<wit::FixedList>(&k))
    scan(r, fl->element, n);
  else if (const auto* l = std::get_if<wit::List>(&k))
    n.memory = true, scan(r, l->element, n);
  else if (const auto* m = std::get_if<wit::Map>(&k))
    n.memory = true, scan(r, m->key, n), scan(r, m->value, n);
}

FuncAbi flatten_functype(const wit::Resolve& r, const wit::Function& f, bool lift) {
  FuncAbi abi;
  Needs params, results;
  for (const wit::Param& p : f.params) {
    flatten_type(r, p.type, abi.sig.params);
    scan(r, p.type, params);
  }
  if (f.result) {
    flatten_type(r, *f.result, abi.sig.results);
    scan(r, *f.result, results);
  }
  bool many_params = abi.sig.params.size() > kMaxFlatParams;
  bool many_results = abi.sig.results.size() > kMaxFlatResults;
  if (many_params) abi.sig.params = {ValType::I32};
  if (many_results) {
    if (lift)
      abi.sig.results = {ValType::I32};
    else
      abi.sig.params.push_back(ValType::I32), abi.sig.results.clear();
  }
  abi.memory = params.memory || results.memory || many_params || many_results;
  abi.realloc = lift ? params.memory || many_params : results.memory;
  abi.strings = params.strings || results.strings;
  return abi;
}

}  // namespace

void flatten_type(const wit::Resolve& r, wit::Type t, std::vector<ValType>& out) {
  using K = wit::Type::Kind;
  switch (t.kind) {
    case K::U64:
    case K::S64: out.push_back(ValType::I64); return;
    case K::F32: out.push_back(ValType::F32); return;
    case K::F64: out.push_back(ValType::F64); return;
    case K::String: out.insert(out.end(), {ValType::I32, ValType::I32}); return;
    case K::Def: break;
    default: out.push_back(ValType::I32); return;
  }
  const wit::TypeDefKind& k = r[t.def].kind;
  if (const auto* a = std::get_if<wit::Alias>(&k)) return flatten_type(r, a->target, out);
  if (const auto* rec = std::get_if<wit::Record>(&k)) {
    for (const auto& f : rec->fields) flatten_type(r, f.type, out);
  } else if (const auto* tu = std::get_if<wit::Tuple>(&k)) {
    for (wit::Type m : tu->types) flatten_type(r, m, out);
  } else if (const auto* v = std::get_if<wit::Variant>(&k)) {
    std::vector<std::optional<wit::Type>> cases;
    for (const auto& c : v->cases) cases.push_back(c.type);
    flatten_cases(r, cases, out);
  } else if (const auto* o = std::get_if<wit::Option>(&k)) {
    flatten_cases(r, {std::nullopt, o->type}, out);
  } else if (const auto* res = std::get_if<wit::ResultType>(&k)) {
    flatten_cases(r, {res->ok, res->err}, out);
  } else if (const auto* fl = std::get_if<wit::FixedList>(&k)) {
    for (uint32_t i = 0; i < fl->length && out.size() <= kMaxFlatParams; ++i)
      flatten_type(r, fl->element, out);
  } else if (const auto* flags = std::get_if<wit::Flags>(&k)) {
    for (size_t i = 0; i < (flags->flags.size() + 31) / 32; ++i) out.push_back(ValType::I32);
  } else if (std::holds_alternative<wit::List>(k) || std::holds_alternative<wit::Map>(k)) {
    out.insert(out.end(), {ValType::I32, ValType::I32});
  } else {
    out.push_back(ValType::I32);  // enum, handles, future, stream
  }
}

FuncAbi lift_abi(const wit::Resolve& r, const wit::Function& f) { return flatten_functype(r, f, true); }
FuncAbi lower_abi(const wit::Resolve& r, const wit::Function& f) { return flatten_functype(r, f, false); }

}  // namespace weft::componentize

// The canonical ABI as generated C++: lowering values to flat core values or to
// linear memory, and lifting them back, for the types of one world.
// spec: CanonicalABI.md "Flat Lowering", "Flat Lifting", "Storing", "Loading"
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>

#include "bindgen/gen.h"

namespace weft::bindgen {

namespace {

// A payload's flat value widened into a joined variant slot (spec: lower_flat_variant).
std::string widen(Flat from, Flat to, const std::string& x) {
  if (from == to) return x;
  if (from == Flat::F32 && to == Flat::I32) return fmt::format("std::bit_cast<int32_t>({})", x);
  if (from == Flat::I32) return fmt::format("int64_t(uint32_t({}))", x);
  if (from == Flat::F32) return fmt::format("int64_t(std::bit_cast<uint32_t>({}))", x);
  return fmt::format("std::bit_cast<int64_t>({})", x);  // F64 -> I64
}

// A joined slot narrowed back to the payload's flat type (spec: lift_flat_variant).
std::string narrow(Flat slot, Flat want, const std::string& x) {
  if (slot == want) return x;
  if (slot == Flat::I32 && want == Flat::F32) return fmt::format("std::bit_cast<float>({})", x);
  if (want == Flat::I32) return fmt::format("int32_t({})", x);
  if (want == Flat::F32) return fmt::format("std::bit_cast<float>(int32_t({}))", x);
  return fmt::format("std::bit_cast<double>({})", x);
}

const char* disc_ctype(uint32_t size) { return size == 1 ? "uint8_t" : size == 2 ? "uint16_t" : "uint32_t"; }

const char* flags_ctype(size_t n) {
  return n <= 8 ? "uint8_t" : n <= 16 ? "uint16_t" : n <= 32 ? "uint32_t" : "uint64_t";
}

// The cases of a variant-like type and, for a C++ value `v` of it, the case index
// expression and each case's payload expression (valid in that case only).
struct VariantView {
  std::vector<std::optional<Type>> cases;
  std::string index;
  std::vector<std::string> payloads;
};

std::optional<VariantView> variant_view(const Resolve& r, const TypeDefKind& kind, const std::string& v) {
  VariantView out;
  if (const auto* o = std::get_if<Option>(&kind)) {
    out.cases = {std::nullopt, o->type};
    out.index = fmt::format("int32_t({}.has_value() ? 1 : 0)", v);
    out.payloads = {"", fmt::format("(*{})", v)};
  } else if (const auto* res = std::get_if<ResultType>(&kind)) {
    out.cases = {res->ok, res->err};
    out.index = fmt::format("int32_t({}.has_value() ? 0 : 1)", v);
    out.payloads = {fmt::format("(*{})", v), fmt::format("{}.error()", v)};
  } else if (const auto* var = std::get_if<Variant>(&kind)) {
    out.index = fmt::format("int32_t({}.value.index())", v);
    for (size_t i = 0; i < var->cases.size(); ++i) {
      out.cases.push_back(var->cases[i].type);
      out.payloads.push_back(fmt::format("std::get<{}>({}.value).value", i, v));
    }
  } else if (const auto* e = std::get_if<Enum>(&kind)) {
    out.cases.resize(e->cases.size());
    out.payloads.resize(e->cases.size());
    out.index = fmt::format("int32_t({})", v);
  } else {
    return std::nullopt;
  }
  (void)r;
  return out;
}

// C++ expressions for the members of a record, tuple or fixed-length list value `x`.
std::vector<std::string> member_exprs(const TypeDefKind& kind, const std::string& x) {
  std::vector<std::string> out;
  if (const auto* rec = std::get_if<Record>(&kind))
    for (const Field& f : rec->fields) out.push_back(x + "." + Generator::snake(f.name));
  else if (const auto* tup = std::get_if<Tuple>(&kind))
    for (size_t i = 0; i < tup->types.size(); ++i) out.push_back(fmt::format("std::get<{}>({})", i, x));
  else if (const auto* fl = std::get_if<FixedList>(&kind))
    for (uint32_t i = 0; i < fl->length; ++i) out.push_back(fmt::format("{}[{}]", x, i));
  return out;
}

}  // namespace

Result<void> Generator::lower_variant(Code& c, const std::vector<std::optional<Type>>& cases,
                                      const std::string& index, const std::vector<std::string>& payloads,
                                      std::vector<FlatVal>& out, const std::string& sink) {
  std::vector<Flat> slots = flatten_variant(r_, cases);
  std::vector<std::string> names;
  for (Flat f : slots) {
    names.push_back(c.tmp("v"));
    c.line(fmt::format("{} {} = 0;", flat_ctype(f), names.back()));
  }
  c.line(fmt::format("switch ({} = {}) {{", names[0], index));
  for (size_t i = 0; i < cases.size(); ++i) {
    if (!cases[i]) continue;
    c.line(fmt::format("  case {}: {{", i));
    c.depth += 2;
    std::vector<FlatVal> vals;
    WEFT_CHECK(lower_flat(c, *cases[i], payloads[i], vals, sink));
    for (size_t k = 0; k < vals.size(); ++k)
      c.line(fmt::format("{} = {};", names[k + 1], widen(vals[k].type, slots[k + 1], vals[k].expr)));
    c.line("break;");
    c.depth -= 2;
    c.line("  }");
  }
  c.line("  default: break;");
  c.line("}");
  for (size_t k = 0; k < slots.size(); ++k) out.push_back({slots[k], names[k]});
  return {};
}

Result<void> Generator::lower_flat(Code& c, Type t, const std::string& v, std::vector<FlatVal>& out,
                                   const std::string& sink) {
  t = unalias(r_, t);
  switch (t.kind) {
    case Type::Kind::Bool: out.push_back({Flat::I32, fmt::format("int32_t({} ? 1 : 0)", v)}); return {};
    case Type::Kind::U64:
    case Type::Kind::S64: out.push_back({Flat::I64, fmt::format("int64_t({})", v)}); return {};
    case Type::Kind::F32: out.push_back({Flat::F32, v}); return {};
    case Type::Kind::F64: out.push_back({Flat::F64, v}); return {};
    case Type::Kind::String: {
      std::string s = c.tmp("s");
      c.line(fmt::format("const auto& {} = {};", s, v));
      out.push_back({Flat::I32, fmt::format("int32_t(uintptr_t({}.data()))", s)});
      out.push_back({Flat::I32, fmt::format("int32_t({}.size())", s)});
      return {};
    }
    case Type::Kind::Def: break;
    default: out.push_back({Flat::I32, fmt::format("int32_t({})", v)}); return {};
  }
  const TypeDefKind& kind = r_[t.def].kind;
  if (auto vv = variant_view(r_, kind, v)) {
    if (std::holds_alternative<Enum>(kind)) {
      out.push_back({Flat::I32, vv->index});
      return {};
    }
    std::string x = c.tmp("x");
    c.line(fmt::format("const auto& {} = {};", x, v));
    vv = variant_view(r_, kind, x);
    return lower_variant(c, vv->cases, vv->index, vv->payloads, out, sink);
  }
  if (auto members = members_of(kind)) {
    std::string x = c.tmp("x");
    c.line(fmt::format("const auto& {} = {};", x, v));
    std::vector<std::string> exprs = member_exprs(kind, x);
    for (size_t i = 0; i < members->size(); ++i)
      WEFT_CHECK(lower_flat(c, (*members)[i], exprs[i], out, sink));
    return {};
  }
  if (const auto* f = std::get_if<Flags>(&kind)) {
    if (f->flags.size() <= 32) {
      out.push_back({Flat::I32, fmt::format("int32_t(static_cast<uint32_t>({}))", v)});
    } else {
      out.push_back({Flat::I32, fmt::format("int32_t(static_cast<uint64_t>({}) & 0xffffffffu)", v)});
      out.push_back({Flat::I32, fmt::format("int32_t(static_cast<uint64_t>({}) >> 32)", v)});
    }
    return {};
  }
  if (std::holds_alternative<List>(kind) || std::holds_alternative<Map>(kind)) {
    auto buf = list_buffer(c, kind, v, sink);
    if (!buf) return std::unexpected(buf.error());
    out.push_back({Flat::I32, buf->first});
    out.push_back({Flat::I32, buf->second});
    return {};
  }
  if (const auto* h = std::get_if<Handle>(&kind)) {
    TypeId res = resource_of(t.def);
    if (is_exported_resource(res)) {
      if (h->kind == Handle::Kind::Borrow)
        return std::unexpected(unsupported("passing a borrow of an exported resource"));
      out.push_back(
          {Flat::I32, fmt::format("{}(int32_t(uintptr_t(const_cast<std::unique_ptr<{}>&>({}).release())))",
                                  intrinsic(res, "new"), qualified(res), v)});
    } else if (h->kind == Handle::Kind::Borrow) {
      out.push_back({Flat::I32, fmt::format("{}.handle()", v)});
    } else {
      out.push_back({Flat::I32, fmt::format("const_cast<{}&>({}).release()", qualified(res), v)});
    }
    return {};
  }
  return std::unexpected(unsupported("lowering futures and streams"));
}

Result<std::pair<std::string, std::string>> Generator::list_buffer(Code& c, const TypeDefKind& kind,
                                                                   const std::string& v,
                                                                   const std::string& sink) {
  std::string x = c.tmp("l");
  c.line(fmt::format("const auto& {} = {};", x, v));
  const auto* list = std::get_if<List>(&kind);
  if (list && is_plain(list->element))  // the elements are already in canonical layout
    return std::pair{fmt::format("int32_t(uintptr_t({}.data()))", x), fmt::format("int32_t({}.size())", x)};
  uint32_t size, align;
  if (list) {
    size = size_of(r_, list->element);
    align = align_of(r_, list->element);
  } else {
    const Map& m = std::get<Map>(kind);
    align = std::max(align_of(r_, m.key), align_of(r_, m.value));
    size = align_to(align_to(size_of(r_, m.key), align_of(r_, m.value)) + size_of(r_, m.value), align);
  }
  std::string base = c.tmp("b"), i = c.tmp("i");
  c.line(fmt::format("uint8_t* {} = static_cast<uint8_t*>({}.alloc({}.size() * {}, {}));", base, sink, x,
                     size, align));
  c.line(fmt::format("for (size_t {} = 0; {} < {}.size(); ++{}) {{", i, i, x, i));
  ++c.depth;
  std::string elem = fmt::format("{}[{}]", x, i), at = fmt::format("{} + {} * {}", base, i, size);
  if (list) {
    WEFT_CHECK(store(c, list->element, at, elem, sink));
  } else {
    const Map& m = std::get<Map>(kind);
    WEFT_CHECK(store(c, m.key, at, elem + ".first", sink));
    WEFT_CHECK(store(c, m.value,
                     fmt::format("{} + {}", at, align_to(size_of(r_, m.key), align_of(r_, m.value))),
                     elem + ".second", sink));
  }
  --c.depth;
  c.line("}");
  return std::pair{fmt::format("int32_t(uintptr_t({}))", base), fmt::format("int32_t({}.size())", x)};
}

std::string Generator::intrinsic(TypeId resource, const char* what) const {
  std::string q = qualified(resource_of(resource));
  std::string out = fmt::format("weft_{}", what);
  for (char ch : q) out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return out;
}

// The C++ expression for case `i` of a variant-like value of C++ type `type`.
std::string Generator::make_case(const TypeDefKind& kind, const std::string& type, size_t i,
                                 const std::string& payload) const {
  if (std::holds_alternative<Option>(kind)) return i == 0 ? "std::nullopt" : payload;
  if (std::holds_alternative<ResultType>(kind)) {
    if (i == 0) return payload.empty() ? type + "{}" : payload;
    return fmt::format("std::unexpected({})", payload.empty() ? "std::monostate{}" : payload);
  }
  const auto& v = std::get<Variant>(kind);
  return fmt::format("{}{{{}::{}{{{}}}}}", type, type, pascal(v.cases[i].name), payload);
}

// Lifts a variant-like value whose case index is `disc`; `payload(i, type)` lifts
// case i's payload (emitting code) and gives its expression.
Result<std::string> Generator::lift_cases(Code& c, Type t, const std::string& disc,
                                          const std::function<Result<std::string>(size_t, Type)>& payload,
                                          Dir dir) {
  const TypeDefKind& kind = r_[t.def].kind;
  auto type = cpp_type(t, dir);
  if (!type) return type;
  if (std::holds_alternative<Enum>(kind)) return fmt::format("static_cast<{}>({})", *type, disc);
  auto vv = variant_view(r_, kind, "");
  std::string out = c.tmp("r");
  c.line(fmt::format("auto {} = [&]() -> {} {{", out, *type));
  c.line(fmt::format("  switch ({}) {{", disc));
  for (size_t i = 0; i < vv->cases.size(); ++i) {
    c.line(fmt::format("    case {}: {{", i));
    c.depth += 3;
    std::string p;
    if (vv->cases[i]) {
      auto e = payload(i, *vv->cases[i]);
      if (!e) return e;
      p = *e;
    }
    c.line(fmt::format("return {};", make_case(kind, *type, i, p)));
    c.depth -= 3;
    c.line("    }");
  }
  c.line("    default: __builtin_trap();");
  c.line("  }");
  c.line("}();");
  return fmt::format("std::move({})", out);
}

Result<std::string> Generator::lift_handle(Type t, const std::string& x) {
  const auto& h = std::get<Handle>(r_[t.def].kind);
  TypeId res = resource_of(t.def);
  std::string q = qualified(res);
  if (is_exported_resource(res)) {
    if (h.kind == Handle::Kind::Borrow) return fmt::format("(*reinterpret_cast<{}*>(uintptr_t({})))", q, x);
    return fmt::format("{}({})", intrinsic(res, "take"), x);
  }
  if (h.kind == Handle::Kind::Borrow) return fmt::format("{}::borrowed({})", q, x);
  return fmt::format("{}::from_handle({})", q, x);
}

Result<std::string> Generator::lift_flat(Code& c, Type t, const std::vector<FlatVal>& in, size_t& pos,
                                         Dir dir) {
  t = unalias(r_, t);
  auto next = [&] { return in[pos++].expr; };
  switch (t.kind) {
    case Type::Kind::Bool: return fmt::format("({} != 0)", next());
    case Type::Kind::String: {
      std::string ptr = next(), len = next();
      return lift_string_or_list(c, t, true, ptr, len, dir);
    }
    case Type::Kind::Def: break;
    default: {
      auto type = cpp_type(t, dir);
      return fmt::format("{}({})", *type, next());
    }
  }
  const TypeDefKind& kind = r_[t.def].kind;
  if (std::holds_alternative<Variant>(kind) || std::holds_alternative<Option>(kind) ||
      std::holds_alternative<ResultType>(kind) || std::holds_alternative<Enum>(kind)) {
    auto vv = variant_view(r_, kind, "");
    std::vector<Flat> slots = flatten_variant(r_, vv->cases);
    size_t first = pos;
    pos += slots.size();
    return lift_cases(
        c, t, in[first].expr,
        [&](size_t, Type p) -> Result<std::string> {
          std::vector<Flat> want;
          flatten(r_, p, want);
          std::vector<FlatVal> sub;
          for (size_t k = 0; k < want.size(); ++k)
            sub.push_back({want[k], narrow(slots[k + 1], want[k], in[first + 1 + k].expr)});
          size_t p2 = 0;
          return lift_flat(c, p, sub, p2, dir);
        },
        dir);
  }
  auto type = cpp_type(t, dir);
  if (!type) return type;
  if (auto members = members_of(kind))
    return aggregate(c, *type, *members, [&](Type m) { return lift_flat(c, m, in, pos, dir); });
  if (const auto* f = std::get_if<Flags>(&kind)) {
    if (f->flags.size() <= 32) return fmt::format("static_cast<{}>(uint32_t({}))", *type, next());
    std::string lo = next(), hi = next();
    return fmt::format("static_cast<{}>(uint64_t(uint32_t({})) | (uint64_t(uint32_t({})) << 32))", *type, lo,
                       hi);
  }
  if (const auto* l = std::get_if<List>(&kind)) {
    std::string ptr = next(), len = next();
    return lift_string_or_list(c, l->element, false, ptr, len, dir);
  }
  if (std::holds_alternative<Map>(kind)) {
    std::string ptr = next(), len = next();
    return lift_string_or_list(c, t, false, ptr, len, dir);
  }
  if (std::holds_alternative<Handle>(kind)) return lift_handle(t, next());
  return std::unexpected(unsupported("lifting futures and streams"));
}

// A string or list in our memory, allocated for us through cabi_realloc: copied
// into an owned C++ value, then freed. `elem` is the element type, or for a map
// the map type itself.
Result<std::string> Generator::lift_string_or_list(Code& c, Type elem, bool is_string, const std::string& ptr,
                                                   const std::string& len, Dir dir) {
  std::string x = c.tmp("v");
  std::string base = fmt::format("reinterpret_cast<uint8_t*>(uintptr_t({}))", ptr);
  uint32_t size = 1;
  if (is_string) {
    c.line(fmt::format("std::string {}(reinterpret_cast<const char*>({}), size_t(uint32_t({})));", x, base,
                       len));
  } else if (elem.is_def() && std::holds_alternative<Map>(r_[unalias(r_, elem).def].kind)) {
    const Map& m = std::get<Map>(r_[unalias(r_, elem).def].kind);
    auto type = cpp_type(elem, dir);
    if (!type) return type;
    uint32_t align = std::max(align_of(r_, m.key), align_of(r_, m.value));
    uint32_t voff = align_to(size_of(r_, m.key), align_of(r_, m.value));
    size = align_to(voff + size_of(r_, m.value), align);
    std::string i = c.tmp("i"), key = c.tmp("k");
    c.line(fmt::format("{} {};", *type, x));
    c.line(fmt::format("for (uint32_t {} = 0; {} < uint32_t({}); ++{}) {{", i, i, len, i));
    ++c.depth;
    auto k = load(c, m.key, fmt::format("({} + {} * {})", base, i, size), dir);
    if (!k) return k;
    c.line(fmt::format("auto {} = {};", key, *k));
    auto v = load(c, m.value, fmt::format("({} + {} * {} + {})", base, i, size, voff), dir);
    if (!v) return v;
    c.line(fmt::format("{}.emplace_back(std::move({}), {});", x, key, *v));
    --c.depth;
    c.line("}");
  } else {
    auto type = cpp_type(elem, dir);
    if (!type) return type;
    size = size_of(r_, elem);
    if (is_plain(elem)) {
      c.line(
          fmt::format("std::vector<{}> {}(reinterpret_cast<const {}*>({}), reinterpret_cast<const {}*>({}) + "
                      "uint32_t({}));",
                      *type, x, *type, base, *type, base, len));
    } else {
      std::string i = c.tmp("i");
      c.line(fmt::format("std::vector<{}> {};", *type, x));
      c.line(fmt::format("{}.reserve(uint32_t({}));", x, len));
      c.line(fmt::format("for (uint32_t {} = 0; {} < uint32_t({}); ++{}) {{", i, i, len, i));
      ++c.depth;
      auto e = load(c, elem, fmt::format("({} + {} * {})", base, i, size), dir);
      if (!e) return e;
      c.line(fmt::format("{}.push_back({});", x, *e));
      --c.depth;
      c.line("}");
    }
  }
  c.line(fmt::format("if (uint32_t({}) * {} != 0) free({});", len, size, base));
  return fmt::format("std::move({})", x);
}

Result<void> Generator::store(Code& c, Type t, const std::string& ptr, const std::string& v,
                              const std::string& sink) {
  t = unalias(r_, t);
  auto at = [&](uint32_t off) { return off == 0 ? ptr : fmt::format("({} + {})", ptr, off); };
  switch (t.kind) {
    case Type::Kind::Bool: c.line(fmt::format("weft_store<uint8_t>({}, {} ? 1 : 0);", ptr, v)); return {};
    case Type::Kind::Char: c.line(fmt::format("weft_store<uint32_t>({}, uint32_t({}));", ptr, v)); return {};
    case Type::Kind::String: {
      std::string s = c.tmp("s");
      c.line(fmt::format("const auto& {} = {};", s, v));
      c.line(fmt::format("weft_store<int32_t>({}, int32_t(uintptr_t({}.data())));", ptr, s));
      c.line(fmt::format("weft_store<int32_t>({}, int32_t({}.size()));", at(4), s));
      return {};
    }
    case Type::Kind::Def: break;
    default: {
      auto type = cpp_type(t, Dir::ExportResult);
      c.line(fmt::format("weft_store<{}>({}, {});", *type, ptr, v));
      return {};
    }
  }
  const TypeDefKind& kind = r_[t.def].kind;
  if (auto vv0 = variant_view(r_, kind, "")) {
    uint32_t dsize = discriminant_size(vv0->cases.size());
    if (std::holds_alternative<Enum>(kind)) {
      c.line(fmt::format("weft_store<{}>({}, {}(static_cast<uint32_t>({})));", disc_ctype(dsize), ptr,
                         disc_ctype(dsize), v));
      return {};
    }
    std::string x = c.tmp("x");
    c.line(fmt::format("const auto& {} = {};", x, v));
    auto vv = variant_view(r_, kind, x);
    uint32_t off = variant_payload_offset(r_, vv->cases);
    c.line(fmt::format("switch ({}) {{", vv->index));
    for (size_t i = 0; i < vv->cases.size(); ++i) {
      c.line(fmt::format("  case {}: {{", i));
      c.depth += 2;
      c.line(fmt::format("weft_store<{}>({}, {});", disc_ctype(dsize), ptr, i));
      if (vv->cases[i]) WEFT_CHECK(store(c, *vv->cases[i], at(off), vv->payloads[i], sink));
      c.line("break;");
      c.depth -= 2;
      c.line("  }");
    }
    c.line("  default: break;");
    c.line("}");
    return {};
  }
  if (auto members = members_of(kind)) {
    std::string x = c.tmp("x");
    c.line(fmt::format("const auto& {} = {};", x, v));
    std::vector<std::string> exprs = member_exprs(kind, x);
    uint32_t off = 0;
    for (size_t i = 0; i < members->size(); ++i) {
      off = align_to(off, align_of(r_, (*members)[i]));
      WEFT_CHECK(store(c, (*members)[i], at(off), exprs[i], sink));
      off += size_of(r_, (*members)[i]);
    }
    return {};
  }
  if (const auto* f = std::get_if<Flags>(&kind)) {
    if (f->flags.size() > 64) return std::unexpected(unsupported("flags with more than 64 members"));
    const char* ft = flags_ctype(f->flags.size());
    c.line(fmt::format("weft_store<{}>({}, static_cast<{}>({}));", ft, ptr, ft, v));
    return {};
  }
  if (std::holds_alternative<List>(kind) || std::holds_alternative<Map>(kind)) {
    auto buf = list_buffer(c, kind, v, sink);
    if (!buf) return std::unexpected(buf.error());
    c.line(fmt::format("weft_store<int32_t>({}, {});", ptr, buf->first));
    c.line(fmt::format("weft_store<int32_t>({}, {});", at(4), buf->second));
    return {};
  }
  if (std::holds_alternative<Handle>(kind)) {
    std::vector<FlatVal> vals;
    WEFT_CHECK(lower_flat(c, t, v, vals, sink));
    c.line(fmt::format("weft_store<int32_t>({}, {});", ptr, vals[0].expr));
    return {};
  }
  return std::unexpected(unsupported("storing futures and streams"));
}

Result<std::string> Generator::load(Code& c, Type t, const std::string& ptr, Dir dir) {
  t = unalias(r_, t);
  auto at = [&](uint32_t off) { return off == 0 ? ptr : fmt::format("({} + {})", ptr, off); };
  switch (t.kind) {
    case Type::Kind::Bool: return fmt::format("(weft_load<uint8_t>({}) != 0)", ptr);
    case Type::Kind::Char: return fmt::format("char32_t(weft_load<uint32_t>({}))", ptr);
    case Type::Kind::String: {
      std::string p = c.tmp("p"), n = c.tmp("n");
      c.line(
          fmt::format("int32_t {} = weft_load<int32_t>({}), {} = weft_load<int32_t>({});", p, ptr, n, at(4)));
      return lift_string_or_list(c, t, true, p, n, dir);
    }
    case Type::Kind::Def: break;
    default: {
      auto type = cpp_type(t, dir);
      return fmt::format("weft_load<{}>({})", *type, ptr);
    }
  }
  const TypeDefKind& kind = r_[t.def].kind;
  if (auto vv = variant_view(r_, kind, "")) {
    uint32_t dsize = discriminant_size(vv->cases.size());
    std::string d = fmt::format("weft_load<{}>({})", disc_ctype(dsize), ptr);
    uint32_t off = variant_payload_offset(r_, vv->cases);
    if (!std::holds_alternative<Enum>(kind)) {
      std::string dv = c.tmp("d");
      c.line(fmt::format("uint32_t {} = {};", dv, d));
      d = dv;
    }
    return lift_cases(
        c, t, d, [&](size_t, Type p) { return load(c, p, at(off), dir); }, dir);
  }
  auto type = cpp_type(t, dir);
  if (!type) return type;
  if (auto members = members_of(kind)) {
    uint32_t off = 0;
    return aggregate(c, *type, *members, [&](Type m) {
      off = align_to(off, align_of(r_, m));
      auto e = load(c, m, at(off), dir);
      off += size_of(r_, m);
      return e;
    });
  }
  if (const auto* f = std::get_if<Flags>(&kind))
    return fmt::format("static_cast<{}>(weft_load<{}>({}))", *type, flags_ctype(f->flags.size()), ptr);
  if (std::holds_alternative<List>(kind) || std::holds_alternative<Map>(kind)) {
    std::string p = c.tmp("p"), n = c.tmp("n");
    c.line(
        fmt::format("int32_t {} = weft_load<int32_t>({}), {} = weft_load<int32_t>({});", p, ptr, n, at(4)));
    if (const auto* l = std::get_if<List>(&kind)) return lift_string_or_list(c, l->element, false, p, n, dir);
    return lift_string_or_list(c, t, false, p, n, dir);
  }
  if (std::holds_alternative<Handle>(kind)) return lift_handle(t, fmt::format("weft_load<int32_t>({})", ptr));
  return std::unexpected(unsupported("loading futures and streams"));
}

// `type{m0, m1, ...}` with each member lifted by `one` into a local first.
Result<std::string> Generator::aggregate(Code& c, const std::string& type, const std::vector<Type>& members,
                                         const std::function<Result<std::string>(Type)>& one) {
  std::string args;
  for (Type m : members) {
    auto e = one(m);
    if (!e) return e;
    std::string x = c.tmp();
    c.line(fmt::format("auto {} = {};", x, *e));
    args += fmt::format("{}std::move({})", args.empty() ? "" : ", ", x);
  }
  return fmt::format("{}{{{}}}", type, args);
}

}  // namespace weft::bindgen

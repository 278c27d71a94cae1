// Script values as component values, result matching and trap-message agreement.
#include "wast/component_values.h"

#include "component/canon/val_kind.h"

#include <fmt/format.h>

#include <cmath>
#include <utility>

namespace weft::wast {

using component::DefinedKind;
using component::DefinedType;
using component::PrimValType;
using component::TypeKind;
using component::Val;
using component::ValKind;
using SV = component::text::ScriptValue;

namespace {

std::unexpected<Error> mismatch(const component::TypeArena& types, component::ValType t) {
  return make_error(Phase::Usage, {}, fmt::format("script value does not fit type {}", types.describe(t)));
}

Result<Val> prim_val(const SV& sv, const component::TypeArena& types, component::ValType t) {
  std::optional<ValKind> k = component::prim_val_kind(t.as_prim());
  // ScriptValue's scalar kinds come in ValKind's order (Bool .. String).
  if (!k || uint8_t(sv.kind) != uint8_t(*k)) return mismatch(types, t);
  if (*k == ValKind::String) return Val::string(sv.text);
  return Val{*k, sv.bits};
}

Result<uint32_t> label_index(const std::vector<std::string>& labels, const std::string& l) {
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] == l) return uint32_t(i);
  return make_error(Phase::Usage, {}, fmt::format("unknown label `{}`", l));
}

Result<Val> items_val(ValKind kind, const std::vector<SV>& items, const component::TypeArena& types,
                      const std::vector<component::ValType>& ts) {
  if (items.size() != ts.size()) return make_error(Phase::Usage, {}, "wrong number of elements");
  Val v{kind};
  for (size_t i = 0; i < ts.size(); ++i) {
    WEFT_TRY(x, to_component_val(items[i], types, ts[i]));
    v.items.push_back(std::move(x));
  }
  return v;
}

Result<Val> payload_val(Val v, const SV& sv, const component::TypeArena& types,
                        const std::optional<component::ValType>& t) {
  if (t && sv.items.size() == 1) {
    WEFT_TRY(x, to_component_val(sv.items[0], types, *t));
    v.items.push_back(std::move(x));
  } else if (t.has_value() != (sv.items.size() == 1)) {
    return make_error(Phase::Usage, {}, "payload does not fit the case");
  }
  return v;
}

Result<Val> defined_val(const SV& sv, const component::TypeArena& types, component::ValType t) {
  const DefinedType& d = types.defined(t.index);
  switch (d.kind) {
    case DefinedKind::List: case DefinedKind::FixedList: {
      if (sv.kind != SV::Kind::List) return mismatch(types, t);
      std::vector<component::ValType> ts(sv.items.size(), *d.elem);
      return items_val(ValKind::List, sv.items, types, ts);
    }
    case DefinedKind::Tuple:
      if (sv.kind != SV::Kind::Tuple) return mismatch(types, t);
      return items_val(ValKind::Tuple, sv.items, types, d.types);
    case DefinedKind::Record: {
      if (sv.kind != SV::Kind::Record || sv.labels.size() != sv.items.size()) return mismatch(types, t);
      Val v{ValKind::Record};
      for (const component::Field& f : d.fields) {
        WEFT_TRY(i, label_index(sv.labels, f.name));
        WEFT_TRY(x, to_component_val(sv.items[i], types, f.type));
        v.items.push_back(std::move(x));
      }
      return v;
    }
    case DefinedKind::Variant: {
      if (sv.kind != SV::Kind::Variant) return mismatch(types, t);
      std::vector<std::string> names;
      for (const component::Case& c : d.cases) names.push_back(c.name);
      WEFT_TRY(i, label_index(names, sv.text));
      return payload_val(Val::variant(i), sv, types, d.cases[i].type);
    }
    case DefinedKind::Enum: {
      if (sv.kind != SV::Kind::Enum) return mismatch(types, t);
      WEFT_TRY(i, label_index(d.labels, sv.text));
      return Val::enumeration(i);
    }
    case DefinedKind::Option:
      if (sv.kind != SV::Kind::Option) return mismatch(types, t);
      return payload_val(Val{ValKind::Option, sv.bits}, sv, types, sv.bits ? d.elem : std::nullopt);
    case DefinedKind::Result:
      if (sv.kind != SV::Kind::Result) return mismatch(types, t);
      return payload_val(Val{ValKind::Result, sv.bits}, sv, types, sv.bits ? d.elem2 : d.elem);
    case DefinedKind::Flags: {
      if (sv.kind != SV::Kind::Flags) return mismatch(types, t);
      uint32_t bits = 0;
      for (const std::string& l : sv.labels) {
        WEFT_TRY(i, label_index(d.labels, l));
        bits |= 1u << i;
      }
      return Val::flags(bits);
    }
    default:
      return make_error(Phase::Usage, {}, fmt::format("not supported yet: script values of type {}", types.describe(t)));
  }
}

bool is_nan_bits(const Val& v) {
  return v.kind == ValKind::F32 ? std::isnan(v.as_f32()) : v.kind == ValKind::F64 && std::isnan(v.as_f64());
}

}  // namespace

Result<Val> to_component_val(const SV& sv, const component::TypeArena& types, component::ValType t) {
  if (t.kind == TypeKind::Prim) return prim_val(sv, types, t);
  return defined_val(sv, types, t);
}

bool component_result_matches(const Val& actual, const SV& expected, const component::TypeArena& types,
                              component::ValType type) {
  if (expected.nan != SV::Nan::None) return is_nan_bits(actual);
  auto want = to_component_val(expected, types, type);
  if (!want) return false;
  if (is_nan_bits(actual) && is_nan_bits(*want)) return true;  // lifting canonicalises NaN payloads
  return actual == *want;
}

bool component_messages_agree(std::string_view actual, std::string_view expected) {
  if (expected.starts_with("wasm trap: ")) expected.remove_prefix(11);
  // Wasmtime's words for traps weft names differently (same spec condition).
  static constexpr std::pair<std::string_view, std::string_view> aliases[] = {
      {"string pointer/length out of bounds of memory", "string content out-of-bounds"},
      {"wasm `unreachable` instruction executed", "unreachable"},
      {"unaligned pointer", "realloc return: result not aligned"},
      {"string pointer not aligned to 2", "unaligned pointer"},
      {"discriminant", "invalid variant discriminant"},
      {"list content out-of-bounds", "realloc return: beyond end of memory"},
      {"string content out-of-bounds", "realloc return: beyond end of memory"},
  };
  for (auto [theirs, ours] : aliases)
    if (expected.starts_with(theirs) && actual.find(ours) != std::string_view::npos) return true;
  return actual.find(expected) != std::string_view::npos;
}

std::string format_component_val(const Val& v) {
  switch (v.kind) {
    case ValKind::String:
      if (v.str.size() > 64) return fmt::format("\"{}...\" ({} bytes)", v.str.substr(0, 64), v.str.size());
      return fmt::format("\"{}\"", v.str);
    case ValKind::S8: case ValKind::S16: case ValKind::S32: case ValKind::S64: return fmt::format("{}", v.as_s64());
    case ValKind::F32: return fmt::format("{}", v.as_f32());
    case ValKind::F64: return fmt::format("{}", v.as_f64());
    default: break;
  }
  std::string s = fmt::format("{}", v.bits);
  if (v.items.empty()) return s;
  s += "(";
  for (size_t i = 0; i < v.items.size(); ++i) s += (i ? ", " : "") + format_component_val(v.items[i]);
  return s + ")";
}

}  // namespace weft::wast

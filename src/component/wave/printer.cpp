// Printing component values as canonical WAVE, the way wasm-wave's writer does.
// spec: wasm-wave/README.md "Encoding"
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "component/canon/val_kind.h"
#include "component/wave/lexer.h"
#include "component/wave/wave.h"
#include "support/utf8.h"

namespace weft::component::wave {
namespace {

constexpr uint32_t kMaxPrintDepth = 256;  // types nest at most kMaxTypeDepth deep
constexpr std::string_view kInvalid = "<invalid>";

// The shortest digits that read back to `f`, written out in full without an
// exponent (1e100 prints as 1 and a hundred zeros), as Rust's Display does.
template <class F>
void append_float(F f, std::string& out) {
  if (std::isnan(f)) {
    out += "nan";
    return;
  }
  if (std::isinf(f)) {
    out += f < 0 ? "-inf" : "inf";
    return;
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  std::string_view s(buf, size_t(end - buf));  // "-1.2345e+02"
  if (s[0] == '-') {
    out += '-';
    s.remove_prefix(1);
  }
  size_t e = s.find('e');
  std::string digits;
  for (char c : s.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exp = 0;
  for (char c : s.substr(e + 2)) exp = exp * 10 + (c - '0');
  if (s[e + 1] == '-') exp = -exp;
  int n = int(digits.size());
  if (exp >= n - 1) {
    out += digits;
    out.append(size_t(exp - (n - 1)), '0');
  } else if (exp < 0) {
    out += "0.";
    out.append(size_t(-exp - 1), '0');
    out += digits;
  } else {
    out += digits.substr(0, size_t(exp) + 1);
    out += '.';
    out += digits.substr(size_t(exp) + 1);
  }
}

// spec: "Chars": quotes, backslash, tab, CR and LF as short escapes, other control
// characters as \u{..}; everything else as itself.
void append_char(char32_t c, std::string& out) {
  switch (c) {
    case '\\': out += "\\\\"; return;
    case '"': out += "\\\""; return;
    case '\'': out += "\\'"; return;
    case '\t': out += "\\t"; return;
    case '\r': out += "\\r"; return;
    case '\n': out += "\\n"; return;
    default: break;
  }
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
    out += fmt::format("\\u{{{:x}}}", uint32_t(c));
  } else {
    append_utf8(uint32_t(c), out);
  }
}

// Invalid UTF-8 (which a well-formed Val never holds) prints as U+FFFD.
void append_string(std::string_view s, std::string& out) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t len = utf8_sequence(s, i, cp);
    append_char(len ? char32_t(cp) : char32_t(0xfffd), out);
    i += len ? len : 1;
  }
  out += '"';
}

void append_label(std::string_view name, std::string& out) {
  if (is_keyword(name)) out += '%';
  out += name;
}


class Printer {
 public:
  explicit Printer(const TypeArena& types) : types_(types) {}
  void value(const Val& v, ValType type, uint32_t depth);
  std::string out;

 private:
  void prim(const Val& v, PrimValType p);
  void defined(const Val& v, const DefinedType& d, uint32_t depth);
  void items(const Val& v, const std::vector<ValType>& types, char open, char close, uint32_t depth);
  void record(const Val& v, const DefinedType& d, uint32_t depth);
  void flags(const Val& v, const DefinedType& d);
  void payload(const Val& v, std::optional<ValType> type, uint32_t depth);
  const TypeArena& types_;
};

ValKind prim_kind(PrimValType p) { return prim_val_kind(p).value_or(ValKind::String); }

void Printer::value(const Val& v, ValType type, uint32_t depth) {
  if (depth > kMaxPrintDepth) {
    out += "<too deep>";
  } else if (type.kind == TypeKind::Prim) {
    prim(v, type.as_prim());
  } else if (type.kind == TypeKind::Defined) {
    defined(v, types_.defined(type.index), depth);
  } else {
    out += kInvalid;
  }
}

void Printer::prim(const Val& v, PrimValType p) {
  if (p == PrimValType::ErrorContext) {
    out += "<error-context>";
    return;
  }
  if (v.kind != prim_kind(p)) {
    out += kInvalid;
    return;
  }
  // Integers print at their type's width, whatever the unused high bits hold.
  switch (p) {
    case PrimValType::Bool: out += v.bits ? "true" : "false"; return;
    case PrimValType::S8: out += fmt::format("{}", int8_t(v.bits)); return;
    case PrimValType::U8: out += fmt::format("{}", uint8_t(v.bits)); return;
    case PrimValType::S16: out += fmt::format("{}", int16_t(v.bits)); return;
    case PrimValType::U16: out += fmt::format("{}", uint16_t(v.bits)); return;
    case PrimValType::S32: out += fmt::format("{}", int32_t(v.bits)); return;
    case PrimValType::U32: out += fmt::format("{}", uint32_t(v.bits)); return;
    case PrimValType::S64: out += fmt::format("{}", int64_t(v.bits)); return;
    case PrimValType::U64: out += fmt::format("{}", v.bits); return;
    case PrimValType::F32: append_float(v.as_f32(), out); return;
    case PrimValType::F64: append_float(v.as_f64(), out); return;
    case PrimValType::Char:
      if (v.bits > 0x10ffff || (v.bits >= 0xd800 && v.bits <= 0xdfff)) {
        out += kInvalid;
      } else {
        out += '\'';
        append_char(char32_t(v.bits), out);
        out += '\'';
      }
      return;
    default: append_string(v.str, out); return;
  }
}

void Printer::defined(const Val& v, const DefinedType& d, uint32_t depth) {
  auto check = [&](ValKind kind, bool ok) {
    if (v.kind == kind && ok) return true;
    out += kInvalid;
    return false;
  };
  switch (d.kind) {
    case DefinedKind::List:
    case DefinedKind::FixedList:
      if (check(ValKind::List, d.kind == DefinedKind::List || v.items.size() == d.length)) {
        items(v, std::vector<ValType>(v.items.size(), *d.elem), '[', ']', depth);
      }
      return;
    case DefinedKind::Tuple:
      if (check(ValKind::Tuple, v.items.size() == d.types.size())) items(v, d.types, '(', ')', depth);
      return;
    case DefinedKind::Record:
      if (check(ValKind::Record, v.items.size() == d.fields.size())) record(v, d, depth);
      return;
    case DefinedKind::Flags: flags(v, d); return;
    case DefinedKind::Variant:
      if (!check(ValKind::Variant, v.bits < d.cases.size())) return;
      append_label(d.cases[v.bits].name, out);
      payload(v, d.cases[v.bits].type, depth);
      return;
    case DefinedKind::Enum:
      if (check(ValKind::Enum, v.bits < d.labels.size())) append_label(d.labels[v.bits], out);
      return;
    case DefinedKind::Option:
      if (!check(ValKind::Option, v.bits <= 1)) return;
      out += v.bits ? "some" : "none";
      payload(v, v.bits ? d.elem : std::nullopt, depth);
      return;
    case DefinedKind::Result:
      if (!check(ValKind::Result, v.bits <= 1)) return;
      out += v.bits ? "err" : "ok";
      payload(v, v.bits ? d.elem2 : d.elem, depth);
      return;
    default: out += fmt::format("<{}>", defined_kind_name(d.kind)); return;
  }
}

// A case's `(payload)`, or nothing when the case has no type.
void Printer::payload(const Val& v, std::optional<ValType> type, uint32_t depth) {
  if (v.items.size() != (type ? 1u : 0u)) {
    out += kInvalid;
  } else if (type) {
    out += '(';
    value(v.items[0], *type, depth + 1);
    out += ')';
  }
}

void Printer::items(const Val& v, const std::vector<ValType>& types, char open, char close, uint32_t depth) {
  out += open;
  for (size_t i = 0; i < v.items.size(); ++i) {
    if (i) out += ", ";
    value(v.items[i], types[i], depth + 1);
  }
  out += close;
}

// spec: "Records": none-valued option fields are left out, `{:}` when all are.
void Printer::record(const Val& v, const DefinedType& d, uint32_t depth) {
  out += '{';
  bool first = true;
  for (size_t i = 0; i < d.fields.size(); ++i) {
    const Field& f = d.fields[i];
    bool option = f.type.kind == TypeKind::Defined && types_.defined(f.type.index).kind == DefinedKind::Option;
    if (option && v.items[i].kind == ValKind::Option && v.items[i].bits == 0) continue;
    if (!first) out += ", ";
    first = false;
    out += f.name;
    out += ": ";
    value(v.items[i], f.type, depth + 1);
  }
  if (first) out += ':';
  out += '}';
}

void Printer::flags(const Val& v, const DefinedType& d) {
  bool fits = d.labels.size() >= 64 || (v.bits >> d.labels.size()) == 0;
  if (v.kind != ValKind::Flags || !fits) {
    out += kInvalid;
    return;
  }
  out += '{';
  bool first = true;
  for (size_t i = 0; i < d.labels.size() && i < 64; ++i) {
    if (!(v.bits & (uint64_t{1} << i))) continue;
    if (!first) out += ", ";
    first = false;
    out += d.labels[i];
  }
  out += '}';
}

}  // namespace

std::string print_value(const Val& v, const TypeArena& types, ValType type) {
  Printer p(types);
  p.value(v, type, 0);
  return std::move(p.out);
}

}  // namespace weft::component::wave

// Fuzz target: arbitrary text through the WAVE parser against a fixed set of types
// (the first byte picks one). Whatever parses must print, parse back to the same Val
// (parsing makes every NaN the canonical one, so bits compare equal) and print the
// same again. The same text also goes through parse_invocation and parse_args.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "component/wave/wave.h"

namespace {

using namespace weft::component;

struct FuzzTypes {
  TypeArena arena;
  std::vector<ValType> all;

  static DefinedType make(DefinedKind kind) {
    DefinedType d;
    d.kind = kind;
    return d;
  }
  ValType add(DefinedType d) { return arena.add_defined(std::move(d)); }
  ValType of(DefinedKind kind, std::optional<ValType> elem = {}, std::optional<ValType> elem2 = {}) {
    DefinedType d = make(kind);
    d.elem = elem;
    d.elem2 = elem2;
    return add(std::move(d));
  }

  FuzzTypes() {
    auto p = [](PrimValType t) { return TypeRef::prim(t); };
    for (PrimValType t : {PrimValType::Bool, PrimValType::S8, PrimValType::U16, PrimValType::S32, PrimValType::U64,
                          PrimValType::S64, PrimValType::F32, PrimValType::F64, PrimValType::Char,
                          PrimValType::String}) {
      all.push_back(p(t));
    }
    ValType opt_str = of(DefinedKind::Option, p(PrimValType::String));
    ValType res = of(DefinedKind::Result, p(PrimValType::U32), p(PrimValType::String));
    DefinedType rec = make(DefinedKind::Record);
    rec.fields = {{"a", p(PrimValType::U8)}, {"b", of(DefinedKind::Option, p(PrimValType::F64))},
                  {"c", of(DefinedKind::List, p(PrimValType::Char))}};
    ValType record = add(rec);
    ValType opt_opt = of(DefinedKind::Option, of(DefinedKind::Option, p(PrimValType::U8)));
    DefinedType var = make(DefinedKind::Variant);
    var.cases = {{"empty", std::nullopt}, {"err", p(PrimValType::String)}, {"val", p(PrimValType::F32)},
                 {"nested", opt_opt}, {"rec", record}};
    ValType variant = add(var);
    DefinedType en = make(DefinedKind::Enum);
    en.labels = {"ok", "not-found", "HTTP3"};
    ValType enumeration = add(en);
    DefinedType fl = make(DefinedKind::Flags);
    fl.labels = {"read", "write", "exec"};
    ValType flags = add(fl);
    DefinedType tup = make(DefinedKind::Tuple);
    tup.types = {p(PrimValType::U8), p(PrimValType::String), flags};
    ValType tuple = add(tup);
    DefinedType fixed = make(DefinedKind::FixedList);
    fixed.elem = p(PrimValType::S16);
    fixed.length = 3;
    ValType inner = of(DefinedKind::Result, variant, flags);
    DefinedType all_opt = make(DefinedKind::Record);
    all_opt.fields = {{"x", of(DefinedKind::Option, inner)}, {"y", of(DefinedKind::Option, tuple)}};
    ValType deep = of(DefinedKind::List, of(DefinedKind::Option, of(DefinedKind::List, add(all_opt))));
    for (ValType t : {opt_str, res, record, variant, enumeration, flags, tuple, add(fixed), inner, deep,
                      of(DefinedKind::Result), of(DefinedKind::Option, of(DefinedKind::Result, p(PrimValType::U8))),
                      of(DefinedKind::List, p(PrimValType::F32))}) {
      all.push_back(t);
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace wave = weft::component::wave;
  static const FuzzTypes types;
  if (size == 0) return 0;
  ValType type = types.all[data[0] % types.all.size()];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto v = wave::parse_value(text, types.arena, type);
  if (v) {
    std::string printed = wave::print_value(*v, types.arena, type);
    auto again = wave::parse_value(printed, types.arena, type);
    if (!again) __builtin_trap();                  // the printer wrote text that does not parse
    if (!(*again == *v)) __builtin_trap();         // not the same value
    if (wave::print_value(*again, types.arena, type) != printed) __builtin_trap();  // not a fixed point
  } else if (v.error().message.empty() || v.error().span.line == 0) {
    __builtin_trap();  // every error says what and where
  }
  auto call = wave::parse_invocation(text);
  if (call) (void)wave::parse_args(*call, types.arena, {type, types.all[10], types.all[11]});
  return 0;
}

// Function and value type equality across two components' type arenas.
// spec: Explainer.md "Type Checking"
#include "component/link/type_match.h"

#include <fmt/format.h>

#include <set>
#include <utility>

namespace weft::component {

namespace {

constexpr uint32_t kMaxDepth = 100;

std::unexpected<std::string> fail(std::string message) { return std::unexpected(std::move(message)); }

Check context(Check c, std::string_view what) {
  if (c) return c;
  return fail(fmt::format("{}: {}", what, c.error()));
}

class Matcher {
 public:
  Matcher(const TypeArena& want, const ResourceEnv& want_env, const TypeArena& have,
          const ResourceEnv* have_env)
      : want_(want), want_env_(want_env), have_(have), have_env_(have_env) {}

  Check func(const FuncType& w, const FuncType& h) {
    if (w.async != h.async)
      return fail(w.async ? "expected async function, found sync function"
                          : "expected sync function, found async function");
    if (w.params.size() != h.params.size())
      return fail(fmt::format("expected {} parameters, found {}", w.params.size(), h.params.size()));
    for (size_t i = 0; i < w.params.size(); ++i) {
      if (w.params[i].name != h.params[i].name)
        return fail(
            fmt::format("expected parameter named `{}`, found `{}`", w.params[i].name, h.params[i].name));
      WEFT_CHECK(context(value(w.params[i].type, h.params[i].type),
                         fmt::format("type mismatch in function parameter `{}`", w.params[i].name)));
    }
    return optional(w.result, h.result, "result");
  }

 private:
  Check value(ValType w, ValType h) {
    if (w.kind == TypeKind::Prim && h.kind == TypeKind::Prim && w == h) return {};
    if (w.kind == TypeKind::Prim || h.kind == TypeKind::Prim)
      return fail(fmt::format("expected {}, found {}", want_.describe(w), have_.describe(h)));
    if (proven_.count({w.index, h.index})) return {};
    if (++depth_ > kMaxDepth) return fail("type nesting is too deep");
    Check c = defined(want_.defined(w.index), have_.defined(h.index));
    --depth_;
    if (c) proven_.insert({w.index, h.index});
    return c;
  }

  Check optional(const std::optional<ValType>& w, const std::optional<ValType>& h, std::string_view what) {
    if (w && h) return context(value(*w, *h), fmt::format("type mismatch in {}", what));
    if (w || h)
      return fail(fmt::format("expected {} {}, found {}", w ? "a" : "no", what, h ? "one" : "none"));
    return {};
  }

  Check resource(uint32_t w, uint32_t h) {
    auto rw = want_env_.lookup(want_.resource_root(w));
    auto rh = have_env_ ? have_env_->lookup(have_.resource_root(h)) : std::nullopt;
    if (rw && rh && *rw != *rh) return fail("resource types are not the same");
    return {};
  }

  Check defined(const DefinedType& w, const DefinedType& h) {
    if (w.kind != h.kind)
      return fail(fmt::format("expected {}, found {}", defined_kind_name(w.kind), defined_kind_name(h.kind)));
    switch (w.kind) {
      case DefinedKind::Record:
        if (w.fields.size() != h.fields.size())
          return fail(fmt::format("expected {} fields, found {}", w.fields.size(), h.fields.size()));
        for (size_t i = 0; i < w.fields.size(); ++i) {
          if (w.fields[i].name != h.fields[i].name)
            return fail(
                fmt::format("expected field name `{}`, found `{}`", w.fields[i].name, h.fields[i].name));
          WEFT_CHECK(context(value(w.fields[i].type, h.fields[i].type),
                             fmt::format("type mismatch in record field `{}`", w.fields[i].name)));
        }
        return {};
      case DefinedKind::Variant:
        if (w.cases.size() != h.cases.size())
          return fail(fmt::format("expected {} cases, found {}", w.cases.size(), h.cases.size()));
        for (size_t i = 0; i < w.cases.size(); ++i) {
          if (w.cases[i].name != h.cases[i].name)
            return fail(
                fmt::format("expected case named `{}`, found `{}`", w.cases[i].name, h.cases[i].name));
          WEFT_CHECK(optional(w.cases[i].type, h.cases[i].type, fmt::format("case `{}`", w.cases[i].name)));
        }
        return {};
      case DefinedKind::Tuple:
        if (w.types.size() != h.types.size())
          return fail(fmt::format("expected {} types, found {}", w.types.size(), h.types.size()));
        for (size_t i = 0; i < w.types.size(); ++i)
          WEFT_CHECK(
              context(value(w.types[i], h.types[i]), fmt::format("type mismatch in tuple field {}", i)));
        return {};
      case DefinedKind::Flags:
      case DefinedKind::Enum:
        if (w.labels != h.labels)
          return fail(fmt::format("mismatch in {} elements", defined_kind_name(w.kind)));
        return {};
      case DefinedKind::FixedList:
        if (w.length != h.length)
          return fail(fmt::format("expected list of length {}, found length {}", w.length, h.length));
        [[fallthrough]];
      case DefinedKind::List:
      case DefinedKind::Option:
      case DefinedKind::Stream:
      case DefinedKind::Future: return optional(w.elem, h.elem, defined_kind_name(w.kind));
      case DefinedKind::Result:
        WEFT_CHECK(optional(w.elem, h.elem, "ok type"));
        return optional(w.elem2, h.elem2, "err type");
      case DefinedKind::Map:
        WEFT_CHECK(optional(w.elem, h.elem, "map key"));
        return optional(w.elem2, h.elem2, "map value");
      case DefinedKind::Own:
      case DefinedKind::Borrow: return resource(w.resource, h.resource);
    }
    return {};
  }

  const TypeArena& want_;
  const ResourceEnv& want_env_;
  const TypeArena& have_;
  const ResourceEnv* have_env_;
  std::set<std::pair<uint32_t, uint32_t>> proven_;  // memo: shared type DAGs stay linear
  uint32_t depth_ = 0;
};

}  // namespace

Check match_func_across(const TypeArena& want_types, const ResourceEnv& want_env, const FuncType& want,
                        const TypeArena& have_types, const ResourceEnv* have_env, const FuncType& have) {
  return Matcher(want_types, want_env, have_types, have_env).func(want, have);
}

}  // namespace weft::component

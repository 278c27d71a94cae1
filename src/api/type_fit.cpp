// Type checks across two separately validated components (see type_fit.h).
#include "api/type_fit.h"

#include <fmt/format.h>

namespace weft::api {

using namespace component;

namespace {
std::unexpected<std::string> fail(std::string m) { return std::unexpected(std::move(m)); }
}  // namespace

TypeFit::TypeFit(const TypeArena& want) : arena_(want), sub_(arena_) {}

std::optional<ValType> TypeFit::copy_opt(const TypeArena& src, const std::optional<ValType>& t) {
  if (!t) return std::nullopt;
  return copy_value(src, *t);
}

// Rebuilds defined type `t` of `src` in arena_, bottom up. Validation bounds the
// nesting (kMaxTypeDepth), and the memo keeps shared sub-types from being copied twice.
ValType TypeFit::copy_value(const TypeArena& src, ValType t) {
  if (t.kind != TypeKind::Defined) return t;
  if (auto it = copied_.find({&src, t.index}); it != copied_.end()) return it->second;
  DefinedType d = src.defined(t.index);
  for (Field& f : d.fields) f.type = copy_value(src, f.type);
  for (Case& c : d.cases) c.type = copy_opt(src, c.type);
  for (ValType& x : d.types) x = copy_value(src, x);
  d.elem = copy_opt(src, d.elem);
  d.elem2 = copy_opt(src, d.elem2);
  if (d.kind == DefinedKind::Own || d.kind == DefinedKind::Borrow) {
    // A provider's resource becomes a type variable here: the first comparison binds
    // it to the expected resource, later ones must agree. Which run-time resource it
    // is gets checked when the instance is linked (bind_item).
    uint32_t root = src.resource_root(d.resource);
    auto [at, fresh] = roots_.try_emplace({&src, root}, 0);
    if (fresh) {
      at->second = arena_.resource_root(arena_.add_resource().index);
      sub_.allow_binding({at->second});
    }
    d.resource = arena_.resource_with_root(at->second).index;
  }
  ValType out = arena_.add_defined(std::move(d));
  copied_[{&src, t.index}] = out;
  return out;
}

Check TypeFit::func(const TypeArena& have_types, TypeRef have, TypeRef want) {
  const FuncType have_ft = have_types.func(have.index);  // copied: arena_ grows below
  const FuncType want_ft = arena_.func(want.index);
  if (have_ft.async != want_ft.async)
    return fail(fmt::format("expected {} function, found {}", want_ft.async ? "async" : "sync",
                            have_ft.async ? "async" : "sync"));
  if (have_ft.params.size() != want_ft.params.size())
    return fail(
        fmt::format("expected {} parameter(s), found {}", want_ft.params.size(), have_ft.params.size()));
  for (size_t i = 0; i < have_ft.params.size(); ++i) {
    const Field &h = have_ft.params[i], &w = want_ft.params[i];
    if (h.name != w.name)
      return fail(fmt::format("expected parameter named `{}`, found `{}`", w.name, h.name));
    // Value types are invariant, so one direction decides; this one words the
    // message from the expecting side ("expected u32, found string").
    if (Check c = sub_.value(copy_value(have_types, h.type), w.type); !c)
      return fail(fmt::format("type mismatch in parameter `{}`: {}", w.name, c.error()));
  }
  if (have_ft.result.has_value() != want_ft.result.has_value())
    return fail(want_ft.result ? "expected a result, found none" : "expected no result, found one");
  if (have_ft.result) {
    if (Check c = sub_.value(copy_value(have_types, *have_ft.result), *want_ft.result); !c)
      return fail("type mismatch in result: " + c.error());
  }
  return {};
}

Check TypeFit::item(const RtItem& have, const ExternType& want) {
  if (have.kind != want.kind)
    return fail(
        fmt::format("expected {}, found {}", extern_kind_name(want.kind), extern_kind_name(have.kind)));
  switch (want.kind) {
    case ExternKind::Func:
      if (!have.func) return fail("expected a function");
      return func(*have.func->types, have.func->type, want.type);
    case ExternKind::Instance: {
      if (!have.instance) return fail("expected an instance");
      const InstanceType it = arena_.instance(want.type.index);  // copied: arena_ grows
      for (const NamedExtern& e : it.exports) {
        const RtItem* h = have.instance->find(e.name);
        if (!h) return fail(fmt::format("missing {} `{}`", extern_kind_name(e.type.kind), e.name));
        if (e.type.kind == ExternKind::Type)
          continue;  // resources are bound when linked; the rest structurally, in uses
        if (Check c = item(*h, e.type); !c)
          return fail(fmt::format("{} `{}`: {}", extern_kind_name(e.type.kind), e.name, c.error()));
      }
      return {};
    }
    default: return {};  // bound (and checked as far as the run time can) by instantiate
  }
}

namespace {
bool handles_in(const TypeArena& types, const std::optional<ValType>& t) {
  return t && t->kind == TypeKind::Defined && types.info(*t).contains_handle;
}
}  // namespace

bool has_handles(const TypeArena& types, const FuncType& t) {
  for (const Field& p : t.params)
    if (handles_in(types, p.type)) return true;
  return handles_in(types, t.result);
}

}  // namespace weft::api

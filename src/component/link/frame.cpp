// Index-space bookkeeping of a component instance being built, and the binding of
// resource identities to run-time resource types as items enter the index spaces.
// spec: Explainer.md "Index Spaces", "Type Checking" (resource types are generative)
#include "component/link/frame.h"

#include <fmt/format.h>

namespace weft::component {

const RtItem* RtInstance::find(std::string_view name) const {
  for (const auto& [n, item] : exports)
    if (n == name) return &item;
  return nullptr;
}

const RtItem* find_export_path(const RtInstance& inst, std::span<const std::string> path) {
  const RtInstance* cur = &inst;
  const RtItem* item = nullptr;
  for (const std::string& name : path) {
    if (!cur) return nullptr;
    item = cur->find(name);
    if (!item) return nullptr;
    cur = item->kind == ExternKind::Instance ? item->instance.get() : nullptr;
  }
  return item;
}

const Frame* Frame::outer_frame(uint32_t count) const {
  const Frame* f = this;
  for (uint32_t i = 0; i < count && f; ++i) f = f->outer.get();
  return f;
}

RtItem Frame::item(const SortIndex& s) const {
  switch (s.sort) {
    case Sort::Func: return RtItem::of(funcs.at(s.index));
    case Sort::Instance: return RtItem::of(instances.at(s.index));
    case Sort::Component: return RtItem::of(components.at(s.index));
    case Sort::CoreModule: return RtItem::of(core_modules.at(s.index));
    case Sort::Type: return RtItem::type(types.at(s.index));
    case Sort::Value: {
      RtItem i;
      i.kind = ExternKind::Value;
      i.value = values.at(s.index);
      return i;
    }
    default: return RtItem{};
  }
}

namespace {

// Walks an instance type of the arena beside the run-time instance, binding each
// exported resource's identity.
void bind_instance(ResourceEnv& env, const TypeArena& arena, TypeRef type, const RtInstance& actual) {
  if (type.kind != TypeKind::Instance) return;
  for (const NamedExtern& e : arena.instance(type.index).exports) {
    const RtItem* a = actual.find(e.name);
    if (!a) continue;
    if (e.type.kind == ExternKind::Type && e.type.type.kind == TypeKind::Resource && a->resource)
      env.bind(arena.resource_root(e.type.type.index), *a->resource);
    else if (e.type.kind == ExternKind::Instance && a->instance)
      bind_instance(env, arena, e.type.type, *a->instance);
  }
}

}  // namespace

void Frame::push(const RtItem& it) {
  const IndexSpaces& s = info->spaces;
  switch (it.kind) {
    case ExternKind::Func: funcs.push_back(it.func); break;
    case ExternKind::Instance: {
      size_t i = instances.size();
      instances.push_back(it.instance);
      if (i < s.instances.size() && it.instance) bind_instance(*env, arena(), s.instances[i], *it.instance);
      break;
    }
    case ExternKind::Component: components.push_back(it.component); break;
    case ExternKind::Module: core_modules.push_back(it.module); break;
    case ExternKind::Value: values.push_back(it.value); break;
    case ExternKind::Type: {
      size_t i = types.size();
      types.push_back(it.resource);
      if (i < s.types.size() && s.types[i].kind == TypeKind::Resource && it.resource)
        env->bind(arena().resource_root(s.types[i].index), *it.resource);
      break;
    }
  }
}

Result<void> bind_item(Frame& f, const ExternType& expected, const RtItem& actual, const std::string& what) {
  auto fail = [&](std::string why) {
    return make_error(Phase::Link, {}, fmt::format("import `{}`: {}", what, why));
  };
  if (actual.kind != expected.kind)
    return fail(fmt::format("expected {}, found {}", extern_kind_name(expected.kind), extern_kind_name(actual.kind)));
  switch (expected.kind) {
    case ExternKind::Func: {
      if (!actual.func) return fail("missing function");
      const FuncType& want = f.arena().func(expected.type.index);
      const FuncType& have = actual.func->func_type();
      if (want.params.size() != have.params.size() || want.result.has_value() != have.result.has_value())
        return fail(fmt::format("function type mismatch: expected {} parameters{}, found {}{}", want.params.size(),
                                want.result ? " and a result" : "", have.params.size(), have.result ? " and a result" : ""));
      return {};
    }
    case ExternKind::Instance: {
      if (!actual.instance) return fail("missing instance");
      for (const NamedExtern& e : f.arena().instance(expected.type.index).exports) {
        const RtItem* a = actual.instance->find(e.name);
        if (!a) return fail(fmt::format("missing export `{}`", e.name));
        WEFT_CHECK(bind_item(f, e.type, *a, what + "." + e.name));
      }
      return {};
    }
    case ExternKind::Type:
      if (expected.type.kind == TypeKind::Resource && !actual.resource) return fail("expected a resource type");
      return {};
    case ExternKind::Component:
      if (!actual.component) return fail("missing component");
      return {};
    case ExternKind::Module: {
      if (!actual.module) return fail("missing core module");
      // spec: module subtyping — every export the type names exists with the same
      // kind; every import the module needs is one the type allows.
      const ModuleType& want = f.arena().module(expected.type.index);
      const core::Module& m = actual.module->module;
      for (const CoreExport& e : want.exports) {
        bool found = false;
        for (const core::Export& x : m.exports) found |= x.name == e.name && x.kind == e.type.kind;
        if (!found) return fail(fmt::format("module export `{}` not defined", e.name));
      }
      for (const core::Import& i : m.imports) {
        bool found = false;
        for (const CoreImport& x : want.imports) found |= x.module == i.module && x.name == i.name && x.type.kind == i.kind;
        if (!found) return fail(fmt::format("module import `{}::{}` not defined", i.module, i.name));
      }
      return {};
    }
    case ExternKind::Value:
      if (!actual.value) return fail("missing value");
      return {};
  }
  return {};
}

}  // namespace weft::component

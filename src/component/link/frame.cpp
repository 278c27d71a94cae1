// Index-space bookkeeping of a component instance being built, and the binding of
// resource identities to run-time resource types as items enter the index spaces.
// spec: Explainer.md "Index Spaces", "Type Checking" (resource types are generative)
#include "component/link/frame.h"

#include <fmt/format.h>

#include <algorithm>

#include "component/link/type_match.h"

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

std::optional<RtItem> implicit_item(const TypeArena& types, const ExternType& type) {
  if (type.kind == ExternKind::Type && type.type.kind != TypeKind::Resource) return RtItem::type(std::nullopt);
  if (type.kind != ExternKind::Instance) return std::nullopt;
  auto inst = std::make_shared<RtInstance>();
  for (const NamedExtern& e : types.instance(type.type.index).exports) {
    auto item = implicit_item(types, e.type);
    if (!item) return std::nullopt;
    inst->exports.emplace_back(e.name, std::move(*item));
  }
  return RtItem::of(RtInstancePtr(std::move(inst)));
}

const RtItem* find_func_export(const RtInstance& inst, std::string_view name) {
  std::vector<std::string> path;
  if (auto hash = name.rfind('#'); hash != std::string_view::npos) {
    path = {std::string(name.substr(0, hash)), std::string(name.substr(hash + 1))};
  } else {
    path = {std::string(name)};
  }
  const RtItem* item = find_export_path(inst, path);
  return item && item->kind == ExternKind::Func && item->func ? item : nullptr;
}

const Frame* Frame::outer_frame(uint32_t count) const {
  const Frame* f = this;
  for (uint32_t i = 0; i < count && f; ++i) f = f->outer;
  return f;
}

namespace {

// `inst` with the resource types it names but did not carry filled in from `env`: an
// imported host interface naming a resource a nested instance of this component
// defines (composition) gets it only once that instance exists. Null: nothing to fill.
RtInstancePtr completed(const ResourceEnv& env, const TypeArena& arena, TypeRef type, const RtInstancePtr& inst,
                        int depth = 0) {
  if (!inst || type.kind != TypeKind::Instance || depth > 32) return nullptr;
  std::shared_ptr<RtInstance> copy;
  const std::vector<NamedExtern>& exports = arena.instance(type.index).exports;
  for (size_t i = 0; i < inst->exports.size(); ++i) {
    const auto& [name, item] = inst->exports[i];
    auto e = std::find_if(exports.begin(), exports.end(), [&](const NamedExtern& x) { return x.name == name; });
    if (e == exports.end()) continue;
    std::optional<RtItem> filled;
    if (item.kind == ExternKind::Type && !item.resource && e->type.type.kind == TypeKind::Resource) {
      if (auto rt = env.lookup(arena.resource_root(e->type.type.index))) filled = RtItem::type(*rt);
    } else if (item.kind == ExternKind::Instance && e->type.kind == ExternKind::Instance) {
      if (auto sub = completed(env, arena, e->type.type, item.instance, depth + 1)) filled = RtItem::of(sub);
    }
    if (!filled) continue;
    if (!copy) copy = std::make_shared<RtInstance>(*inst);
    copy->exports[i].second = std::move(*filled);
  }
  return copy;
}

}  // namespace

RtItem Frame::item(const SortIndex& s) const {
  switch (s.sort) {
    case Sort::Func: return RtItem::of(funcs.at(s.index));
    case Sort::Instance: {
      const RtInstancePtr& inst = instances.at(s.index);
      if (s.index < info->spaces.instances.size())
        if (auto filled = completed(*env, arena(), info->spaces.instances[s.index], inst)) return RtItem::of(filled);
      return RtItem::of(inst);
    }
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

// spec: core extern subtyping (limits are checked like import matching).
bool limits_fit(const core::Limits& have, const core::Limits& want) {
  if (have.min < want.min) return false;
  if (!want.max) return true;
  return have.max && *have.max <= *want.max;
}

bool export_fits(const core::Module& m, const core::Export& x, const CoreExternType& want) {
  switch (x.kind) {
    case core::ExternKind::Func: return m.func_type(x.index) == want.func;
    case core::ExternKind::Table: {
      const core::TableType& t = m.table_type(x.index);
      return t.elem == want.table.elem && t.is64 == want.table.is64 &&
             limits_fit(t.limits, want.table.limits);
    }
    case core::ExternKind::Memory: {
      const core::MemoryType& t = m.memory_type(x.index);
      return t.is64 == want.memory.is64 && limits_fit(t.limits, want.memory.limits);
    }
    case core::ExternKind::Global: {
      const core::GlobalType& g = m.global_type(x.index);
      return g.type == want.global.type && g.mut == want.global.mut;
    }
    case core::ExternKind::Tag: return m.types[m.tag_type(x.index).type_index].func == want.func;
  }
  return false;
}

bool import_fits(const core::Module& m, const core::Import& i, const CoreExternType& allowed) {
  switch (i.kind) {
    case core::ExternKind::Func: return m.types.at(i.func_type).func == allowed.func;
    case core::ExternKind::Table:
      return i.table.elem == allowed.table.elem && i.table.is64 == allowed.table.is64 &&
             limits_fit(allowed.table.limits, i.table.limits);
    case core::ExternKind::Memory:
      return i.memory.is64 == allowed.memory.is64 && limits_fit(allowed.memory.limits, i.memory.limits);
    case core::ExternKind::Global: return i.global.type == allowed.global.type && i.global.mut == allowed.global.mut;
    case core::ExternKind::Tag: return m.types.at(i.tag.type_index).func == allowed.func;
  }
  return false;
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
      // Within one component the validator has compared the types; a function of
      // another component (run-time linking) is compared here, or a consumer could
      // pass a u32 that the provider receives as an own handle, forging one.
      if (actual.func->types.get() != &f.arena()) {
        Check c =
            match_func_across(f.arena(), *f.env, want, *actual.func->types, actual.func->env.get(), have);
        if (!c) return fail("function type mismatch: " + c.error());
      }
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
    case ExternKind::Type: {
      if (expected.type.kind != TypeKind::Resource) return {};
      // Two names of one resource (an `eq` bound) must receive the same resource.
      uint32_t root = f.arena().resource_root(expected.type.index);
      if (!actual.resource) {
        // A name for a resource the component defines itself (a nested instance's, in
        // a composition): it is bound when that instance is made, not by the importer.
        const std::vector<uint32_t>& imported = f.arena().component(f.info->type.index).imported_resources;
        if (std::find(imported.begin(), imported.end(), root) == imported.end()) return {};
        return fail("expected a resource type");
      }
      if (auto bound = f.env->lookup(root); bound && *bound != *actual.resource) return fail("mismatched resource types");
      f.env->bind(root, *actual.resource);
      return {};
    }
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
        const core::Export* x = nullptr;
        for (const core::Export& y : m.exports)
          if (y.name == e.name) x = &y;
        if (!x) return fail(fmt::format("module export `{}` not defined", e.name));
        if (x->kind != e.type.kind)
          return fail(fmt::format("expected {} found {}", core::extern_kind_name(e.type.kind), core::extern_kind_name(x->kind)));
        if (!export_fits(m, *x, e.type)) return fail(fmt::format("export `{}` has the wrong type", e.name));
      }
      for (const core::Import& i : m.imports) {
        const CoreImport* x = nullptr;
        for (const CoreImport& y : want.imports)
          if (y.module == i.module && y.name == i.name) x = &y;
        if (!x) return fail(fmt::format("module import `{}::{}` not defined", i.module, i.name));
        if (x->type.kind != i.kind || !import_fits(m, i, x->type))
          return fail(fmt::format("module import `{}::{}` has the wrong type", i.module, i.name));
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

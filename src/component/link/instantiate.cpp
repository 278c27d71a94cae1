// Instantiation: runs a validated component's definitions in order, filling the
// run-time index spaces — core instances in the core store, canon lift/lower
// trampolines, nested component instances — and collects the exports.
// spec: Explainer.md "Instance Definitions", "Alias Definitions", "Canonical
// Definitions", "Start Definitions", "Import and Export Definitions"
#include <fmt/format.h>

#include "component/link/frame.h"

namespace weft::component {

namespace {

std::unexpected<Error> unsupported(const std::string& what, uint32_t offset) {
  return make_error(Phase::Instantiate, Span::at(offset), "not supported yet: " + what);
}

std::unexpected<Error> link_error(const std::string& what, uint32_t offset) {
  return make_error(Phase::Link, Span::at(offset), what);
}

class Instantiator {
 public:
  Instantiator(Runtime& rt, Frame& f) : rt_(rt), f_(f) {}

  Result<void> run(const Imports& imports) {
    const Component& c = *f_.def;
    for (const Component::Definition& d : c.definitions) WEFT_CHECK(definition(c, d, imports));
    return {};
  }

 private:
  using K = Component::DefKind;

  Result<void> definition(const Component& c, const Component::Definition& d, const Imports& imports) {
    switch (d.kind) {
      case K::CoreModule: f_.core_modules.push_back(f_.info->modules.at(d.index)); return {};
      case K::CoreInstance: return core_instance(c.core_instances[d.index]);
      case K::CoreType: return {};
      case K::Component: {
        auto cl = std::make_shared<ComponentClosure>();
        cl->vc = f_.vc;
        cl->def = &c.components[d.index];
        cl->info = &f_.info->components.at(d.index);
        cl->outer = &f_;
        f_.components.push_back(std::move(cl));
        return {};
      }
      case K::Instance: return instance(c.instances[d.index]);
      case K::Alias: return alias(c.aliases[d.index]);
      case K::Type: return type(c.types[d.index]);
      case K::Canon: return canon(c.canons[d.index]);
      case K::Start: return start(c.starts[d.index]);
      case K::Import: return import(c.imports[d.index], imports);
      case K::Export: {
        const ExportDef& e = c.exports[d.index];
        RtItem it = f_.item(e.item);
        f_.push(it);
        f_.exports.emplace_back(e.name.name, std::move(it));
        return {};
      }
      case K::Value: return unsupported("value definitions", c.values[d.index].offset);
    }
    return {};
  }

  Result<void> core_instance(const CoreInstanceDef& d) {
    if (!d.instantiate) {
      auto exports = std::make_shared<std::vector<std::pair<std::string, core::Extern>>>();
      for (const auto& e : d.exports) {
        WEFT_TRY(x, core_item(e.item, e.offset));
        exports->emplace_back(e.name, x);
      }
      f_.core_instances.push_back(std::move(exports));
      return {};
    }
    const core::ValidatedModulePtr& m = f_.core_modules.at(d.module);
    std::vector<core::Extern> externs;
    for (const core::Import& imp : m->module.imports) {
      const CoreInstanceDef::Arg* arg = nullptr;
      for (const auto& a : d.args)
        if (a.name == imp.module) arg = &a;
      if (!arg) return link_error(fmt::format("missing module instantiation argument named `{}`", imp.module), d.offset);
      const auto& exports = *f_.core_instances.at(arg->instance);
      const core::Extern* found = nullptr;
      for (const auto& [name, x] : exports)
        if (name == imp.name) found = &x;
      if (!found) return link_error(fmt::format("module import `{}::{}` not found in argument", imp.module, imp.name), d.offset);
      externs.push_back(*found);
    }
    auto inst = rt_.store().instantiate(m, externs);
    if (!inst) {
      Error e = inst.error();
      if (e.phase != Phase::Link) e.phase = Phase::Instantiate;
      return std::unexpected(e);
    }
    auto exports = std::make_shared<std::vector<std::pair<std::string, core::Extern>>>(rt_.store().exports(*inst));
    f_.core_instances.push_back(std::move(exports));
    return {};
  }

  Result<core::Extern> core_item(const SortIndex& s, uint32_t offset) {
    switch (s.sort) {
      case Sort::CoreFunc: return core::Extern{core::ExternKind::Func, f_.core_funcs.at(s.index)};
      case Sort::CoreTable: return core::Extern{core::ExternKind::Table, f_.core_tables.at(s.index)};
      case Sort::CoreMemory: return core::Extern{core::ExternKind::Memory, f_.core_memories.at(s.index)};
      case Sort::CoreGlobal: return core::Extern{core::ExternKind::Global, f_.core_globals.at(s.index)};
      case Sort::CoreTag: return core::Extern{core::ExternKind::Tag, f_.core_tags.at(s.index)};
      default: return unsupported(fmt::format("core {} in a core instance", sort_name(s.sort)), offset);
    }
  }

  Result<void> instance(const InstanceDef& d) {
    if (!d.instantiate) {
      auto inst = std::make_shared<RtInstance>();
      for (const auto& e : d.exports) inst->exports.emplace_back(e.name.name, f_.item(e.item));
      f_.push(RtItem::of(RtInstancePtr(std::move(inst))));
      return {};
    }
    Imports args;
    for (const auto& a : d.args) args.emplace_back(a.name, f_.item(a.item));
    WEFT_TRY(child, instantiate(rt_, f_.components.at(d.component), args, f_.state));
    f_.push(RtItem::of(child));
    return {};
  }

  Result<void> alias(const Alias& a) {
    switch (a.target) {
      case Alias::Target::Export: {
        const RtInstancePtr& inst = f_.instances.at(a.instance);
        const RtItem* it = inst ? inst->find(a.name) : nullptr;
        if (!it) return link_error(fmt::format("instance has no export `{}`", a.name), a.offset);
        f_.push(*it);
        return {};
      }
      case Alias::Target::CoreExport: {
        const auto& exports = *f_.core_instances.at(a.instance);
        for (const auto& [name, x] : exports) {
          if (name != a.name) continue;
          switch (x.kind) {
            case core::ExternKind::Func: f_.core_funcs.push_back(x.addr); break;
            case core::ExternKind::Table: f_.core_tables.push_back(x.addr); break;
            case core::ExternKind::Memory: f_.core_memories.push_back(x.addr); break;
            case core::ExternKind::Global: f_.core_globals.push_back(x.addr); break;
            case core::ExternKind::Tag: f_.core_tags.push_back(x.addr); break;
          }
          return {};
        }
        return link_error(fmt::format("core instance has no export `{}`", a.name), a.offset);
      }
      case Alias::Target::Outer: return outer_alias(a);
    }
    return {};
  }

  Result<void> outer_alias(const Alias& a) {
    const Frame* o = f_.outer_frame(a.count);
    if (!o) return link_error("outer alias beyond the outermost component", a.offset);
    switch (a.sort) {
      case Sort::CoreModule: f_.core_modules.push_back(o->core_modules.at(a.index)); return {};
      case Sort::Component: f_.components.push_back(o->components.at(a.index)); return {};
      case Sort::Type: f_.push(RtItem::type(o->types.at(a.index))); return {};
      default: return {};  // core types: nothing at run time
    }
  }

  Result<void> type(const TypeDef& t) {
    if (t.kind != TypeDef::Kind::Resource) {
      f_.types.push_back(std::nullopt);
      return {};
    }
    std::optional<core::FuncAddr> dtor;
    if (t.dtor) dtor = f_.core_funcs.at(*t.dtor);
    uint32_t id = rt_.new_resource_type(f_.state, dtor);
    f_.push(RtItem::type(id));
    return {};
  }

  Result<CanonOptions> options(const Canon& c) {
    CanonOptions o;
    for (const CanonOpt& opt : c.opts) {
      switch (opt.kind) {
        case CanonOpt::Kind::Utf8: o.encoding = StringEncoding::Utf8; break;
        case CanonOpt::Kind::Utf16: o.encoding = StringEncoding::Utf16; break;
        case CanonOpt::Kind::Latin1Utf16: o.encoding = StringEncoding::Latin1Utf16; break;
        case CanonOpt::Kind::Memory:
          o.memory = f_.core_memories.at(opt.index);
          o.memory64 = rt_.store().memory_type(*o.memory).is64;
          break;
        case CanonOpt::Kind::Realloc: o.realloc = f_.core_funcs.at(opt.index); break;
        case CanonOpt::Kind::PostReturn: o.post_return = f_.core_funcs.at(opt.index); break;
        case CanonOpt::Kind::Gc: o.gc = true; break;
        case CanonOpt::Kind::CoreType: break;  // validation checked it; the core type is the lowering's
        case CanonOpt::Kind::Async: case CanonOpt::Kind::Callback:
          return unsupported("async canonical options", opt.offset);
      }
    }
    return o;
  }

  Result<uint32_t> resource_at(uint32_t type_index, uint32_t offset) {
    const std::optional<uint32_t>& r = f_.types.at(type_index);
    if (!r) return link_error("resource type is not bound at run time", offset);
    return *r;
  }

  Result<void> canon(const Canon& c) {
    switch (c.op) {
      case 0x00: {  // lift
        WEFT_TRY(o, options(c));
        TypeRef ft = f_.info->spaces.types.at(c.type);
        f_.funcs.push_back(make_lifted(f_.vc->types, ft, f_.core_funcs.at(c.func), o, *f_.state, f_.env));
        return {};
      }
      case 0x01: {  // lower
        WEFT_TRY(o, options(c));
        TypeRef ft = f_.info->spaces.funcs.at(c.func);
        f_.core_funcs.push_back(canon_lower(rt_, f_.funcs.at(c.func), f_.vc->types, ft, o, *f_.state, f_.env));
        return {};
      }
      case 0x02: case 0x03: case 0x04: {  // resource.new / drop / rep
        WEFT_TRY(r, resource_at(c.type, c.offset));
        core::FuncAddr fa = c.op == 0x02   ? canon_resource_new(rt_, r, *f_.state)
                            : c.op == 0x03 ? canon_resource_drop(rt_, r, *f_.state)
                                           : canon_resource_rep(rt_, r, *f_.state);
        f_.core_funcs.push_back(fa);
        return {};
      }
      default: return unsupported(fmt::format("canonical built-in 0x{:02x} (async, threads, streams)", c.op), c.offset);
    }
  }

  Result<void> start(const StartDef& s) {
    std::vector<Val> args;
    for (uint32_t v : s.args) {
      if (!f_.values.at(v)) return link_error("start argument has no value", s.offset);
      args.push_back(*f_.values.at(v));
    }
    WEFT_TRY(results, call_func(rt_, *f_.funcs.at(s.func), f_.state->parent, args));
    for (Val& v : results) f_.values.push_back(std::move(v));
    return {};
  }

  Result<void> import(const ImportDef& d, const Imports& imports) {
    const RtItem* found = nullptr;
    for (const auto& [name, item] : imports)
      if (name == d.name.name) found = &item;
    if (!found) return link_error(fmt::format("missing import named `{}`", d.name.name), d.offset);
    const NamedExtern* want = f_.arena().component(f_.info->type.index).find_import(d.name.name);
    if (want) WEFT_CHECK(bind_item(f_, want->type, *found, d.name.name));
    f_.push(*found);
    return {};
  }

 private:
  Runtime& rt_;
  Frame& f_;
};

}  // namespace

Result<RtInstancePtr> instantiate(Runtime& rt, const ComponentClosurePtr& c, const Imports& imports,
                                  InstanceState* parent) {
  auto frame = std::make_shared<Frame>();
  frame->outer = c->outer;
  frame->vc = c->vc;
  frame->def = c->def;
  frame->info = c->info;
  frame->state = &rt.new_instance(parent);
  frame->env = std::make_shared<ResourceEnv>(c->outer ? c->outer->env : nullptr);
  // The frame lives as long as the store: components defined in it refer to it.
  rt.retain(frame);
  Instantiator in(rt, *frame);
  // Code runs inside the instance while it is being built (start functions):
  // it counts as entered (spec: Store.lower asserts its instance is entered).
  frame->state->may_enter = false;
  WEFT_CHECK(in.run(imports));
  frame->state->may_enter = true;
  auto inst = std::make_shared<RtInstance>();
  inst->exports = frame->exports;
  inst->state = frame->state;
  return RtInstancePtr(std::move(inst));
}

Result<RtInstancePtr> instantiate(Runtime& rt, const ValidatedComponentPtr& component, const Imports& imports) {
  auto c = std::make_shared<ComponentClosure>();
  c->vc = component;
  c->def = &component->component;
  c->info = &component->info;
  return instantiate(rt, ComponentClosurePtr(std::move(c)), imports, nullptr);
}

}  // namespace weft::component

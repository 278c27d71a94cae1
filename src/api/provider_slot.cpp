// ProviderSlot (include/weft/weft.h): an interface served by a provider component
// that can be replaced while the host runs.
#include <fmt/format.h>

#include <algorithm>

#include "api/type_fit.h"
#include "weft/weft.h"

namespace weft {

using component::ExternKind;
using component::NamedExtern;
using component::TypeArena;

// What the slot serves, fixed by the first provider: the export's type and its
// functions (all of them, for a function export: just itself).
struct ProviderSlot::Interface {
  component::ValidatedComponentPtr vc;  // owns the types
  component::ExternType type;
  struct Func {
    std::string name;  // empty for a function export
    component::TypeRef type;
  };
  std::vector<Func> funcs;
  std::vector<std::string> value_types;  // type exports of the instance (not resources)
};

// One provider instance in a store of its own; used by one caller at a time.
struct ProviderSlot::Worker {
  explicit Worker(const Engine& engine, core::StoreLimits limits) : store(engine, limits) {}
  Store store;
  Instance instance;
  std::vector<const component::FuncInst*> funcs;  // the interface's, in its order
};

// One provider: its component and a pool of idle instances. Callers hold the
// generation (a shared_ptr) for the whole call, so a swapped-out generation lives
// until its last call returns.
struct ProviderSlot::Generation {
  uint64_t number = 0;
  Engine engine;
  Component component;
  Linker imports;
  const Interface* interface = nullptr;  // the slot's, which outlives every call
  std::string export_name;
  core::StoreLimits limits;
  std::mutex mutex;
  std::vector<std::unique_ptr<Worker>> idle;

  Result<std::unique_ptr<Worker>> instantiate() const {
    auto w = std::make_unique<Worker>(engine, limits);
    WEFT_TRY(inst, imports.instantiate(w->store, component));
    w->instance = std::move(inst);
    const component::RtItem* e = w->instance.inst_->find(export_name);
    for (const Interface::Func& f : interface->funcs) {
      const component::RtItem* item =
          f.name.empty() ? e : (e && e->instance ? e->instance->find(f.name) : nullptr);
      // The component's type promised these; an instance without them is our bug, not the provider's.
      if (!item || !item->func)
        return make_error(Phase::Instantiate, {}, fmt::format("the provider's instance lacks `{}`", f.name));
      w->funcs.push_back(item->func.get());
    }
    return w;
  }

  // An idle instance, or a new one when every instance is busy: the pool grows to the
  // number of concurrent callers and never blocks (a blocked caller could be one the
  // busy instances are waiting for).
  Result<std::unique_ptr<Worker>> acquire() {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        std::unique_ptr<Worker> w = std::move(idle.back());
        idle.pop_back();
        return w;
      }
    }
    return instantiate();
  }

  void release(std::unique_ptr<Worker> w) {
    std::lock_guard lock(mutex);
    idle.push_back(std::move(w));
  }
};

namespace {

std::unexpected<Error> unsupported(const std::string& what) {
  return make_error(Phase::Link, {}, "not supported yet: " + what);
}

std::string func_label(const std::string& export_name, const std::string& func) {
  return func.empty() ? export_name : export_name + "#" + func;
}

}  // namespace

ProviderSlot::ProviderSlot(const Engine& engine, std::string export_name, Options options)
    : engine_(engine), export_name_(std::move(export_name)), options_(options) {}

ProviderSlot::~ProviderSlot() = default;

Result<std::shared_ptr<ProviderSlot>> ProviderSlot::create(const Engine& engine, const Component& provider,
                                                           std::string export_name, Linker imports,
                                                           Options options) {
  const component::ValidatedComponentPtr& vc = provider.validated();
  if (!vc) return make_error(Phase::Usage, {}, "the component is empty (not loaded)");
  const TypeArena& types = *vc->types;
  const NamedExtern* e = types.component(vc->info.type.index).find_export(export_name);
  if (!e)
    return make_error(Phase::Link, {}, fmt::format("the provider exports nothing named `{}`", export_name));
  auto iface = std::make_unique<Interface>();
  iface->vc = vc;
  iface->type = e->type;
  auto add_func = [&](const std::string& name, component::TypeRef t) -> Result<void> {
    const component::FuncType& ft = types.func(t.index);
    if (ft.async)
      return unsupported("async functions through a hot-swap slot (`" + func_label(export_name, name) + "`)");
    if (api::has_handles(types, ft))
      return unsupported("resources through a hot-swap slot (`" + func_label(export_name, name) +
                         "` passes a handle)");
    iface->funcs.push_back({name, t});
    return {};
  };
  if (e->type.kind == ExternKind::Func) {
    WEFT_CHECK(add_func("", e->type.type));
  } else if (e->type.kind == ExternKind::Instance) {
    for (const NamedExtern& x : types.instance(e->type.type.index).exports) {
      if (x.type.kind == ExternKind::Func) {
        WEFT_CHECK(add_func(x.name, x.type.type));
      } else if (x.type.kind == ExternKind::Type && x.type.type.kind != component::TypeKind::Resource) {
        iface->value_types.push_back(x.name);
      } else if (x.type.kind == ExternKind::Type) {
        return unsupported(fmt::format("resources through a hot-swap slot (`{}` exports resource `{}`)",
                                       export_name, x.name));
      } else {
        return unsupported(fmt::format("{} exports in a hot-swap slot (`{}#{}`)",
                                       extern_kind_name(x.type.kind), export_name, x.name));
      }
    }
  } else {
    return unsupported(
        fmt::format("a hot-swap slot serving a {} (`{}`)", extern_kind_name(e->type.kind), export_name));
  }
  std::shared_ptr<ProviderSlot> slot(new ProviderSlot(engine, std::move(export_name), options));
  slot->interface_ = std::move(iface);
  WEFT_TRY(gen, slot->make_generation(provider, std::move(imports), 1));
  slot->live_.push_back(gen);
  slot->publish(std::move(gen));
  return slot;
}

// Checks `provider` against the interface and instantiates it: everything that can
// fail happens here, before anyone can see the generation.
Result<std::shared_ptr<ProviderSlot::Generation>> ProviderSlot::make_generation(const Component& provider,
                                                                                Linker imports,
                                                                                uint64_t number) {
  const component::ValidatedComponentPtr& vc = provider.validated();
  if (!vc) return make_error(Phase::Usage, {}, "the component is empty (not loaded)");
  const TypeArena& types = *vc->types;
  auto refuse = [&](const std::string& why) {
    return make_error(Phase::Link, {},
                      fmt::format("the provider does not fit the slot `{}`: {}", export_name_, why));
  };
  const NamedExtern* e = types.component(vc->info.type.index).find_export(export_name_);
  if (!e) return refuse(fmt::format("it exports nothing named `{}`", export_name_));
  if (e->type.kind != interface_->type.kind)
    return refuse(fmt::format("expected {}, found {}", extern_kind_name(interface_->type.kind),
                              extern_kind_name(e->type.kind)));
  api::TypeFit fit(*interface_->vc->types);
  for (const Interface::Func& f : interface_->funcs) {
    const NamedExtern* have = f.name.empty() ? e : types.instance(e->type.type.index).find_export(f.name);
    if (!have || have->type.kind != ExternKind::Func)
      return refuse(fmt::format("missing function `{}`", f.name));
    if (auto c = fit.func(types, have->type.type, f.type); !c)
      return refuse(fmt::format("function `{}`: {}", func_label(export_name_, f.name), c.error()));
  }
  auto gen = std::make_shared<Generation>();
  gen->number = number;
  gen->engine = engine_;
  gen->component = provider;
  gen->imports = std::move(imports);
  gen->interface = interface_.get();
  gen->export_name = export_name_;
  gen->limits = options_.limits;
  for (size_t i = 0; i < std::max<size_t>(options_.instances, 1); ++i) {
    WEFT_TRY(w, gen->instantiate());
    gen->idle.push_back(std::move(w));
  }
  return gen;
}

Result<void> ProviderSlot::swap(const Component& provider) {
  Linker imports = current()->imports;
  return swap(provider, std::move(imports));
}

Result<void> ProviderSlot::swap(const Component& provider, Linker imports) {
  std::lock_guard lock(swap_mutex_);
  uint64_t number = current()->number + 1;
  WEFT_TRY(gen, make_generation(provider, std::move(imports), number));
  {
    std::lock_guard live(live_mutex_);
    std::erase_if(live_, [](const std::weak_ptr<Generation>& g) { return g.expired(); });
    live_.push_back(gen);
  }
  // The one point where callers switch: complete before, visible after.
  publish(std::move(gen));
  return {};
}

// A mutex rather than std::atomic<std::shared_ptr>: g++ 12's releases its internal
// lock with a relaxed store after a load, so ThreadSanitizer (rightly, by the letter
// of the memory model) reports the next store as racing with it. An uncontended lock
// costs about as much, and calls take it once.
std::shared_ptr<ProviderSlot::Generation> ProviderSlot::current() const {
  std::lock_guard lock(current_mutex_);
  return current_;
}

void ProviderSlot::publish(std::shared_ptr<Generation> gen) {
  std::shared_ptr<Generation> old;
  {
    std::lock_guard lock(current_mutex_);
    old = std::exchange(current_, std::move(gen));
  }
  // `old` may be the last owner: it is freed here, outside the lock.
}

uint64_t ProviderSlot::generation() const { return current()->number; }

size_t ProviderSlot::live_generations() const {
  std::lock_guard lock(live_mutex_);
  return size_t(std::count_if(live_.begin(), live_.end(), [](const auto& g) { return !g.expired(); }));
}

Result<std::vector<Val>> ProviderSlot::call(size_t func, std::span<const Val> args) {
  std::shared_ptr<Generation> gen = current();  // kept for the whole call
  WEFT_TRY(w, gen->acquire());
  auto results = component::call_func(w->store.runtime(), *w->funcs[func], nullptr, args);
  // An instance that failed may be left entered (a trap poisons it): only instances
  // whose calls succeeded go back to the pool.
  if (results) gen->release(std::move(w));
  return results;
}

Result<std::vector<Val>> ProviderSlot::call_vals(std::string_view func, std::span<const Val> args) {
  for (size_t i = 0; i < interface_->funcs.size(); ++i) {
    const Interface::Func& f = interface_->funcs[i];
    if (f.name != func) continue;
    size_t params = interface_->vc->types->func(f.type.index).params.size();
    if (args.size() != params)
      return make_error(Phase::Usage, {},
                        fmt::format("\"{}\" takes {} argument(s), {} given", func, params, args.size()));
    return call(i, args);
  }
  return make_error(Phase::Usage, {},
                    fmt::format("the slot `{}` serves no function \"{}\"", export_name_, func));
}

// Host functions with the interface's types, one per function; a consumer's
// instantiation checks its imports against these types (Linker::check_provided).
component::RtItem ProviderSlot::item() {
  std::shared_ptr<ProviderSlot> self = shared_from_this();
  auto host = [&](size_t i) {
    component::HostFunc fn = [self, i](component::Runtime&, component::InstanceState*,
                                       std::span<const Val> args, std::vector<Val>& results) -> Result<void> {
      WEFT_TRY(r, self->call(i, args));
      for (Val& v : r) results.push_back(std::move(v));
      return {};
    };
    return component::make_host_func(interface_->vc->types, interface_->funcs[i].type, std::move(fn));
  };
  if (interface_->type.kind == ExternKind::Func) return component::RtItem::of(host(0));
  auto inst = std::make_shared<component::RtInstance>();
  for (size_t i = 0; i < interface_->funcs.size(); ++i)
    inst->exports.emplace_back(interface_->funcs[i].name, component::RtItem::of(host(i)));
  for (const std::string& t : interface_->value_types)
    inst->exports.emplace_back(t, component::RtItem::type(std::nullopt));
  return component::RtItem::of(component::RtInstancePtr(std::move(inst)));
}

}  // namespace weft

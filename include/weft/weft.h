// The weft embedding API: load a component, define host functions by WIT name
// with typed C++ callbacks, instantiate it in a store and call its exports.
//
//   weft::Engine engine;
//   auto component = weft::Component::from_file(engine, "calc.wasm");
//   weft::Linker linker;
//   linker.func("log", [](std::string msg) { std::puts(msg.c_str()); });
//   weft::Store store(engine);
//   auto instance = linker.instantiate(store, *component);
//   auto sum = instance->call<uint32_t>(store, "add", 40u, 2u);   // Result<uint32_t>
//
// Values of any type travel as weft::Val (component/canon/value.h); callbacks and
// typed calls convert bool, integers, floats, char32_t, std::string and
// std::vector<T> of those automatically.
//
// Components link at run time, without a composition step: `linker.link(provider)`
// lets a provider instance's exports serve the imports of components instantiated
// after it in the same store. A ProviderSlot serves an interface from a provider
// that can be replaced while the host runs (hot swap): calls in flight finish on the
// old provider, new calls go to the new one, a replacement that does not fit the
// interface's types is refused. See docs/embedding.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "component/binary/validator.h"
#include "component/canon/value.h"
#include "component/link/linker.h"
#include "core/runtime/store.h"
#include "support/error.h"
#include "weft/convert.h"

namespace weft {

using component::Val;
using component::ValKind;

// Process-wide settings shared by components and stores: the enabled features.
class Engine {
 public:
  Engine() = default;
  explicit Engine(core::Features features) : features_(features) {}
  const core::Features& features() const { return features_; }

 private:
  core::Features features_;
};

// A validated component, shareable by any number of stores and instances.
class Component {
 public:
  static Result<Component> from_binary(const Engine& engine, std::span<const uint8_t> bytes);
  // A component binary, or component text (WAT) when the file is text.
  static Result<Component> from_file(const Engine& engine, const std::string& path);
  // Component text (WAT).
  static Result<Component> from_text(const Engine& engine, std::string_view wat);
  // The names of the exported functions ("f", or "iface#f" for interface exports).
  std::vector<std::string> exports() const;
  const component::ValidatedComponentPtr& validated() const { return vc_; }

 private:
  component::ValidatedComponentPtr vc_;
};

// Where instances live: the core store (memories, tables, ...) and the component
// runtime state (resource tables). Not thread-safe; one per thread or request.
class Store {
 public:
  explicit Store(const Engine& engine, core::StoreLimits limits = {}) : core_(limits), runtime_(core_) { (void)engine; }
  core::Store& core() { return core_; }
  component::Runtime& runtime() { return runtime_; }

 private:
  core::Store core_;
  component::Runtime runtime_;
};

class Instance;
class ProviderSlot;

// Host definitions by import name. A plain function import is defined by its name;
// a function of an imported interface by (interface name, function name).
class Linker {
 public:
  // A callback over Vals: arguments lifted with the importer's types; results are
  // appended to `results`.
  using Callback = std::function<Result<void>(std::span<const Val> args, std::vector<Val>& results)>;
  void func_vals(const std::string& name, Callback fn);
  void func_vals(const std::string& interface, const std::string& name, Callback fn);

  // A typed callback: parameters and result are converted from and to Vals
  // (weft/convert.h). The result may be void, a value, or Result<value>.
  template <class F>
  void func(const std::string& name, F f) { func_vals(name, wrap(std::move(f))); }
  template <class F>
  void func(const std::string& interface, const std::string& name, F f) {
    func_vals(interface, name, wrap(std::move(f)));
  }

  // Run-time linking: export `export_name` of `provider` (an interface instance or
  // a function; `name` when empty) serves the import `name`. The provider must live
  // in the store the importers are instantiated in; calls copy values from one
  // instance's memory to the other's through the canonical ABI. Its types are
  // checked against each importer's when that is instantiated.
  Result<void> instance(const std::string& name, const Instance& provider, std::string_view export_name = {});
  // Every export of `provider` serves the import of the same name (`weft run --link`).
  void link(const Instance& provider);
  // The interface a hot-swap slot serves becomes the import `name`, in any store.
  void slot(const std::string& name, const std::shared_ptr<ProviderSlot>& slot);

  Result<Instance> instantiate(Store& store, const Component& component) const;

 private:
  template <class F>
  static Callback wrap(F f) {
    return [f = std::move(f)](std::span<const Val> args, std::vector<Val>& results) -> Result<void> {
      return detail::invoke_typed(f, args, results);
    };
  }
  Result<void> check_provided(const Store& store, const Component& component) const;
  void provided(const std::string& name, const component::RtItem& item, const Store* store);

  component::Linker linker_;
  // What instance() / link() / slot() defined, by the object behind the item, with
  // the store it must be used in (null: any store). Checked against importers.
  std::vector<std::pair<std::shared_ptr<const void>, const Store*>> provided_;
};

// A component instance: call its exports by name.
class Instance {
 public:
  // Calls export `name` ("f", or "iface#f") with Vals; returns its results.
  Result<std::vector<Val>> call_vals(Store& store, std::string_view name, std::span<const Val> args) const;

  // Typed call: arguments converted to Vals; R is void or the result's C++ type.
  template <class R = void, class... A>
  Result<R> call(Store& store, std::string_view name, A&&... args) const {
    std::vector<Val> vals{detail::Convert<std::decay_t<A>>::to_val(std::forward<A>(args))...};
    WEFT_TRY(results, call_vals(store, name, vals));
    if constexpr (std::is_void_v<R>) {
      return {};
    } else {
      if (results.size() != 1) return make_error(Phase::Usage, {}, "the function returns no value");
      return detail::Convert<R>::from_val(results[0]);
    }
  }

 private:
  friend class Linker;
  friend class ProviderSlot;
  component::RtInstancePtr inst_;
  const Store* store_ = nullptr;  // where it lives: calls through another store are refused
};

// How a ProviderSlot runs its providers.
struct SlotOptions {
  size_t instances = 1;      // provider instances each generation makes up front (at least 1)
  core::StoreLimits limits;  // for every provider store
};

// Serves one interface (or one function) exported by a provider component, and lets
// the provider be replaced while the host runs. Each provider ("generation") lives in
// stores of its own: one instance per concurrent caller, made on demand and kept for
// reuse, so importers in any number of stores and threads may call it at once.
//
// swap() checks the new provider against the interface the slot was created with,
// instantiates it completely, and only then publishes it: a call sees the old
// generation or the new one, never a half-built one. Calls in flight finish on the
// generation they started on; it is freed when the last of them returns. Resources
// cannot cross a slot yet. Thread-safe.
class ProviderSlot : public std::enable_shared_from_this<ProviderSlot> {
 public:
  using Options = SlotOptions;

  // Serves export `export_name` of `provider` ("ns:pkg/iface" or a function name).
  // `imports` defines the provider's own imports; its host functions may be called
  // from several threads at once.
  static Result<std::shared_ptr<ProviderSlot>> create(const Engine& engine, const Component& provider,
                                                      std::string export_name, Linker imports = {},
                                                      Options options = {});
  ~ProviderSlot();
  ProviderSlot(const ProviderSlot&) = delete;
  ProviderSlot& operator=(const ProviderSlot&) = delete;

  // Replaces the provider. Refused (the old one keeps serving) when the new one lacks
  // a function of the interface or has one of another type; the error names it.
  Result<void> swap(const Component& provider);
  Result<void> swap(const Component& provider, Linker imports);

  // Calls function `func` of the interface ("" when the slot serves one function)
  // from the host, on the current generation.
  Result<std::vector<Val>> call_vals(std::string_view func, std::span<const Val> args);
  template <class R = void, class... A>
  Result<R> call(std::string_view func, A&&... args) {
    std::vector<Val> vals{detail::Convert<std::decay_t<A>>::to_val(std::forward<A>(args))...};
    WEFT_TRY(results, call_vals(func, vals));
    if constexpr (std::is_void_v<R>) {
      return {};
    } else {
      if (results.size() != 1) return make_error(Phase::Usage, {}, "the function returns no value");
      return detail::Convert<R>::from_val(results[0]);
    }
  }

  const std::string& export_name() const { return export_name_; }
  // 1 for the first provider, one more for each swap.
  uint64_t generation() const;
  // Generations still alive: the current one and older ones with calls in flight.
  size_t live_generations() const;

 private:
  struct Interface;
  struct Worker;
  struct Generation;
  ProviderSlot(const Engine& engine, std::string export_name, Options options);
  Result<std::shared_ptr<Generation>> make_generation(const Component& provider, Linker imports,
                                                      uint64_t number);
  Result<std::vector<Val>> call(size_t func, std::span<const Val> args);
  component::RtItem item();
  std::shared_ptr<Generation> current() const;
  void publish(std::shared_ptr<Generation> gen);
  friend class Linker;

  Engine engine_;
  std::string export_name_;
  Options options_;
  std::unique_ptr<const Interface> interface_;
  mutable std::mutex current_mutex_;
  std::shared_ptr<Generation> current_;  // guarded by current_mutex_
  std::mutex swap_mutex_;                // one swap at a time, so generations are published in order
  mutable std::mutex live_mutex_;
  std::vector<std::weak_ptr<Generation>> live_;
};

}  // namespace weft

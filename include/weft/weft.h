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
// std::vector<T> of those automatically. See docs/embedding.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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

  Result<Instance> instantiate(Store& store, const Component& component) const;

 private:
  template <class F>
  static Callback wrap(F f) {
    return [f = std::move(f)](std::span<const Val> args, std::vector<Val>& results) -> Result<void> {
      return detail::invoke_typed(f, args, results);
    };
  }
  component::Linker linker_;
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
  component::RtInstancePtr inst_;
};

}  // namespace weft

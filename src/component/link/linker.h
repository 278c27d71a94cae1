// Host definitions by import name, resolved against a component's imports when it
// is instantiated. A host function takes the type the importing component declares
// for it (its arguments arrive lifted with that type; its results are lowered with it).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "component/link/item.h"

namespace weft::component {

class Linker {
 public:
  // A function imported directly by `name`, or as export `func` of the imported
  // instance `name` (an interface such as "wasi:cli/stdout@0.2.0").
  void define_func(const std::string& name, HostFunc fn);
  void define_func(const std::string& instance, const std::string& func, HostFunc fn);
  // A resource type the host implements, exported as `type` by instance `instance`
  // (or imported directly when `instance` is empty).
  void define_resource(const std::string& instance, const std::string& type, uint32_t rt);
  // Any run-time item (e.g. another instance's export, for linking components).
  void define(const std::string& name, RtItem item);
  // The same at a path of nested instances: {"host", "nested", "return-four"}.
  void define_func_at(const std::vector<std::string>& path, HostFunc fn);
  void define_at(const std::vector<std::string>& path, RtItem item);

  // Defines each instance import of `component` that nothing defines yet and that
  // `which` selects (by name): its functions trap "not supported yet: IMPORT#FUNC"
  // when called, its resources become fresh host resource types of `rt` (or the
  // defined ones they are `use`d from). For components that import an interface
  // they may never call (e.g. wasi:http in every componentize-js command).
  // Returns the names of the imports it defined.
  std::vector<std::string> define_unknown_imports_as_traps(Runtime& rt, const ValidatedComponentPtr& component,
                                                           const std::function<bool(std::string_view)>& which);

  // The item for one import of `component` (nullopt when nothing is defined under
  // its name or a semver-compatible one: a definition "a:b/c@0.2.12" serves an
  // import "a:b/c@0.2.0"); an error when a definition does not fit the import's type.
  Result<std::optional<RtItem>> resolve_import(const NamedExtern& import, const ValidatedComponentPtr& component) const;

  // Builds the imports of `component` from the definitions (missing ones are
  // link errors naming the import) and instantiates it.
  Result<RtInstancePtr> instantiate(Runtime& rt, const ValidatedComponentPtr& component) const;

 private:
  struct Def {
    std::optional<RtItem> item;
    HostFunc fn;
    std::map<std::string, Def, std::less<>> members;  // instance exports
  };
  Def& at(const std::vector<std::string>& path);
  const Def* find_def(std::string_view name) const;
  std::optional<RtItem> same_resource(const Def& def, const InstanceType& it, const NamedExtern& e,
                                      const TypeArena& types) const;
  Result<RtItem> resolve(const Def& def, const ExternType& type, const ValidatedComponentPtr& c,
                         const std::string& what) const;
  std::map<std::string, Def, std::less<>> defs_;
};

}  // namespace weft::component

// Component functions at run time and the canonical definitions that make or call
// them: canon lift (calling a lifted core function with component values), canon
// lower (a core function that calls a component function), resource.new/drop/rep.
// spec: CanonicalABI.md "canon lift", "canon lower", "canon resource.new",
// "canon resource.drop", "canon resource.rep" (synchronous ABI only)
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "component/canon/state.h"
#include "component/canon/value.h"
#include "component/types/types.h"

namespace weft::component {

// A function the host implements. `caller` is the calling component instance (null
// when the host calls). Arguments are already lifted; results must match the type.
using HostFunc = std::function<Result<void>(Runtime& rt, InstanceState* caller, std::span<const Val> args,
                                            std::vector<Val>& results)>;

// spec: the FuncInst a `canon lift` (or the host) provides.
struct FuncInst {
  std::shared_ptr<const TypeArena> types;  // owns `type`
  TypeRef type;                            // a FuncType of `types`
  std::vector<ValType> params, results;    // the type's, flattened once
  // Lifted from a core function:
  core::FuncAddr callee = 0;
  CanonOptions opts;
  InstanceState* inst = nullptr;
  std::shared_ptr<const ResourceEnv> env;
  // Or implemented by the host (when set):
  HostFunc host;

  const FuncType& func_type() const { return types->func(type.index); }
};
using FuncInstPtr = std::shared_ptr<const FuncInst>;

// A lifted function instance (spec: Store.lift).
FuncInstPtr make_lifted(std::shared_ptr<const TypeArena> types, TypeRef type, core::FuncAddr callee,
                        CanonOptions opts, InstanceState& inst, std::shared_ptr<const ResourceEnv> env);
// A host function instance of a function type of `types`.
FuncInstPtr make_host_func(std::shared_ptr<const TypeArena> types, TypeRef type, HostFunc fn);

// Calls `f` from `caller` (null: the host). Traps and host errors come back as errors.
// spec: canon_lift (sync), with Store.lift's may_enter_from check
Result<std::vector<Val>> call_func(Runtime& rt, const FuncInst& f, InstanceState* caller, std::span<const Val> args);

// spec: canon lower — the core function the lowering component calls. `types`/`type`
// are the caller's view of the callee's type; `opts` the caller's options.
core::FuncAddr canon_lower(Runtime& rt, FuncInstPtr callee, std::shared_ptr<const TypeArena> types, TypeRef type,
                           CanonOptions opts, InstanceState& inst, std::shared_ptr<const ResourceEnv> env);

// spec: canon resource.new / resource.drop / resource.rep for run-time resource type `rt_id`
core::FuncAddr canon_resource_new(Runtime& rt, uint32_t rt_id, InstanceState& inst);
core::FuncAddr canon_resource_drop(Runtime& rt, uint32_t rt_id, InstanceState& inst);
core::FuncAddr canon_resource_rep(Runtime& rt, uint32_t rt_id, InstanceState& inst);

// Does `v` fit value type `t` of `types`? (Values from the host are checked before
// they are lowered.)
Result<void> check_value(const TypeArena& types, ValType t, const Val& v);

// Drops a resource the host owns (an own Val it received): runs the destructor.
Result<void> drop_own(Runtime& rt, const Val& own, InstanceState* caller = nullptr);

}  // namespace weft::component

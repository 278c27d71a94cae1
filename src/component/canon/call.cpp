// canon lift / canon lower calls and the resource built-ins (synchronous ABI).
// spec: CanonicalABI.md "canon lift", "canon lower", "canon resource.new",
// "canon resource.drop", "canon resource.rep"
#include "component/canon/call.h"

#include <fmt/format.h>

#include "component/canon/context.h"
#include "component/canon/layout.h"
#include "component/types/abi.h"

namespace weft::component {

namespace {

FuncInst base_func(std::shared_ptr<const TypeArena> types, TypeRef type) {
  FuncInst f;
  f.types = std::move(types);
  f.type = type;
  f.params = param_types(f.func_type());
  f.results = result_types(f.func_type());
  return f;
}

core::ValType flat_ptr(const CanonOptions& opts) { return opts.memory64 ? core::ValType::I64 : core::ValType::I32; }

core::FuncType flat_type(const TypeArena& types, const FuncType& ft, const CanonOptions& opts, FlattenContext c) {
  // The GC ABI of scalars: their flat values, however many there are.
  if (opts.gc)
    return {flatten_types(types, param_types(ft), flat_ptr(opts)),
            flatten_types(types, result_types(ft), flat_ptr(opts))};
  FlattenOptions fo;
  fo.ptr = flat_ptr(opts);
  return flatten_functype(types, ft, fo, c);
}

// How many flat values go directly, before the rest spill to memory (never under the GC ABI).
uint32_t max_flat_params(const CanonOptions& opts) { return opts.gc ? UINT32_MAX : kMaxFlatParams; }
uint32_t max_flat_results(const CanonOptions& opts) { return opts.gc ? UINT32_MAX : kMaxFlatResults; }

// Ends the borrows a call's subtask took of the caller's own handles.
void release_lenders(CallScope& scope) {
  for (auto& [inst, i] : scope.lenders)
    if (auto h = inst->handles.get(i)) (*h)->num_lends--;
  scope.lenders.clear();
}

Result<std::vector<Val>> call_lifted(Runtime& rt, const FuncInst& f, InstanceState* caller, std::span<const Val> args) {
  InstanceState& inst = *f.inst;
  if (!inst.may_enter_from(caller)) return canon_trap("cannot enter component instance");
  inst.enter_from(caller, true);
  // A trap leaves the instance entered: it may not be entered again (spec: a trap
  // aborts the whole store's use of the instance).
  CallScope task;
  LiftLowerContext cx{rt, *f.types, f.opts, inst, *f.env, &task};
  WEFT_TRY(flat_args, lower_flat_values(cx, max_flat_params(f.opts), args, f.params));
  WEFT_TRY(flat_results, call_core(rt, f.callee, flat_args));
  CoreValueIter vi{flat_results};
  WEFT_TRY(results, lift_flat_values(cx, max_flat_results(f.opts), vi, f.results));
  if (f.opts.post_return) {
    inst.may_leave = false;
    auto r = call_core(rt, *f.opts.post_return, flat_results);
    inst.may_leave = true;
    if (!r) return std::unexpected(r.error());
  }
  if (task.num_borrows != 0) return canon_trap("borrow handles still remain at the end of the call");
  inst.enter_from(caller, false);
  return results;
}

}  // namespace

FuncInstPtr make_lifted(std::shared_ptr<const TypeArena> types, TypeRef type, core::FuncAddr callee,
                        CanonOptions opts, InstanceState& inst, std::shared_ptr<const ResourceEnv> env) {
  FuncInst f = base_func(std::move(types), type);
  f.callee = callee;
  f.opts = opts;
  f.inst = &inst;
  f.env = std::move(env);
  return std::make_shared<const FuncInst>(std::move(f));
}

FuncInstPtr make_host_func(std::shared_ptr<const TypeArena> types, TypeRef type, HostFunc fn) {
  FuncInst f = base_func(std::move(types), type);
  f.host = std::move(fn);
  return std::make_shared<const FuncInst>(std::move(f));
}

Result<std::vector<Val>> call_func(Runtime& rt, const FuncInst& f, InstanceState* caller, std::span<const Val> args) {
  if (f.func_type().async) return canon_trap("not supported yet: calling async functions");
  if (!f.host) {
    if (!caller) {  // values from the host: check them before lowering
      if (args.size() != f.params.size()) return make_error(Phase::Usage, {}, "wrong number of arguments");
      for (size_t i = 0; i < args.size(); ++i) WEFT_CHECK(check_value(*f.types, f.params[i], args[i]));
    }
    return call_lifted(rt, f, caller, args);
  }
  std::vector<Val> results;
  WEFT_CHECK(f.host(rt, caller, args, results));
  if (results.size() != f.results.size())
    return make_error(Phase::Host, {}, fmt::format("host function returned {} results, its type has {}",
                                                   results.size(), f.results.size()));
  for (size_t i = 0; i < results.size(); ++i) {
    if (auto c = check_value(*f.types, f.results[i], results[i]); !c)
      return make_error(Phase::Host, {}, "host function result: " + c.error().message);
  }
  return results;
}

// spec: canon_lower (sync): lift the caller's arguments, call, lower the results.
core::FuncAddr canon_lower(Runtime& rt, FuncInstPtr callee, std::shared_ptr<const TypeArena> types, TypeRef type,
                           CanonOptions opts, InstanceState& inst, std::shared_ptr<const ResourceEnv> env) {
  const FuncType& ft = types->func(type.index);
  core::FuncType flat = flat_type(*types, ft, opts, FlattenContext::Lower);
  auto params = std::make_shared<std::vector<ValType>>(param_types(ft));
  auto results = std::make_shared<std::vector<ValType>>(result_types(ft));
  bool results_via_memory =
      !opts.gc &&
      flatten_types(*types, *results, flat_ptr(opts), kMaxFlatResults + 1).size() > kMaxFlatResults;
  // The arguments' strings can be stored into the callee straight from this memory
  // when nothing can change it meanwhile: the callee is another component that can
  // only reach this one by donut wrapping, i.e. when this one is its ancestor.
  bool borrow_strings = !callee->host && callee->inst;
  for (const InstanceState* i = callee->inst; borrow_strings && i; i = i->parent) borrow_strings = i != &inst;
  auto fn = [&rt, callee, types, opts, &inst, env, params, results, results_via_memory, borrow_strings](
                core::HostContext&, std::span<const core::Value> args, std::span<core::Value> out) -> Result<void> {
    if (!inst.may_leave) return canon_trap("cannot leave component instance");
    if (callee->inst == &inst && rt.policy().same_instance_calls_trap)
      return canon_trap("cannot enter component instance");
    CallScope subtask;
    LiftLowerContext cx{rt, *types, opts, inst, *env, &subtask};
    cx.borrow_strings = borrow_strings;
    CoreValueIter vi{args};
    WEFT_TRY(vals, lift_flat_values(cx, max_flat_params(opts), vi, *params));
    auto res = call_func(rt, *callee, &inst, vals);
    release_lenders(subtask);
    if (!res) return std::unexpected(res.error());
    std::optional<uint64_t> retptr;
    if (results_via_memory) retptr = vi.next().bits;
    WEFT_TRY(flat, lower_flat_values(cx, max_flat_results(opts), *res, *results, retptr));
    for (size_t i = 0; i < flat.size() && i < out.size(); ++i) out[i] = flat[i];
    return {};
  };
  return rt.store().add_host_func(std::move(flat), std::move(fn), "canon lower");
}

// spec: canon_resource_new
core::FuncAddr canon_resource_new(Runtime& rt, uint32_t rt_id, InstanceState& inst) {
  core::FuncType t{{core::ValType::I32}, {core::ValType::I32}};
  auto fn = [rt_id, &inst](core::HostContext&, std::span<const core::Value> args, std::span<core::Value> out) -> Result<void> {
    if (!inst.may_leave) return canon_trap("cannot leave component instance");
    WEFT_TRY(i, inst.handles.add(HandleEntry{rt_id, args[0].as_u32(), true, 0, nullptr}));
    out[0] = core::Value::i32(i);
    return {};
  };
  (void)rt;
  return rt.store().add_host_func(std::move(t), std::move(fn), "resource.new");
}

namespace {

// Runs the destructor of an owned resource (spec: the lifted dtor call of resource.drop).
Result<void> run_dtor(Runtime& rt, uint32_t rt_id, uint32_t rep, InstanceState* caller) {
  const ResourceTypeInst& r = rt.resource_type(rt_id);
  if (!r.impl) return r.host_dtor ? r.host_dtor(rep) : Result<void>{};
  if (!r.dtor) return {};
  if (!r.impl->may_enter_from(caller)) return canon_trap("cannot enter component instance");
  r.impl->enter_from(caller, true);
  core::Value arg = core::Value::i32(rep);
  WEFT_CHECK(call_core(rt, *r.dtor, std::span<const core::Value>(&arg, 1)));
  r.impl->enter_from(caller, false);
  return {};
}

}  // namespace

// spec: canon_resource_drop
core::FuncAddr canon_resource_drop(Runtime& rt, uint32_t rt_id, InstanceState& inst) {
  core::FuncType t{{core::ValType::I32}, {}};
  auto fn = [&rt, rt_id, &inst](core::HostContext&, std::span<const core::Value> args, std::span<core::Value>) -> Result<void> {
    if (!inst.may_leave) return canon_trap("cannot leave component instance");
    uint32_t i = args[0].as_u32();
    WEFT_TRY(h, inst.handles.get(i));
    WEFT_CHECK(check_handle_type(rt, i, *h, rt_id));
    if (h->num_lends != 0) return canon_trap("cannot remove owned resource while borrowed");
    WEFT_TRY(e, inst.handles.remove(i));
    if (!e.own) {
      if (e.borrow_scope) e.borrow_scope->num_borrows--;
      return {};
    }
    return run_dtor(rt, rt_id, e.rep, &inst);
  };
  return rt.store().add_host_func(std::move(t), std::move(fn), "resource.drop");
}

// spec: canon_resource_rep
core::FuncAddr canon_resource_rep(Runtime& rt, uint32_t rt_id, InstanceState& inst) {
  core::FuncType t{{core::ValType::I32}, {core::ValType::I32}};
  auto fn = [&rt, rt_id, &inst](core::HostContext&, std::span<const core::Value> args, std::span<core::Value> out) -> Result<void> {
    uint32_t i = args[0].as_u32();
    WEFT_TRY(h, inst.handles.get(i));
    WEFT_CHECK(check_handle_type(rt, i, *h, rt_id));
    out[0] = core::Value::i32(h->rep);
    return {};
  };
  return rt.store().add_host_func(std::move(t), std::move(fn), "resource.rep");
}

Result<void> drop_own(Runtime& rt, const Val& own, InstanceState* caller) {
  if (own.kind != ValKind::Own) return make_error(Phase::Usage, {}, "drop_own needs an own handle");
  return run_dtor(rt, own.resource, uint32_t(own.bits), caller);
}

}  // namespace weft::component

// Handle tables, instance entry flags and the resource-type registry.
// spec: CanonicalABI.md "Table State", "Component Instances"
#include "component/canon/state.h"

#include <fmt/format.h>

#include "core/interp/trap.h"

namespace weft::component {

std::unexpected<Error> canon_trap(std::string message) {
  return make_error(Phase::Execute, {}, std::move(message));
}

Result<std::vector<core::Value>> call_core(Runtime& rt, core::FuncAddr func, std::span<const core::Value> args) {
  auto r = rt.store().invoke(func, args);
  if (!r && r.error().phase == Phase::Execute && r.error().message == core::kUncaughtException) {
    Error e = std::move(r.error());
    e.message = "uncaught exception propagated out of component";
    return std::unexpected(std::move(e));
  }
  return r;
}

// spec: Table.get
Result<HandleEntry*> HandleTable::get(uint32_t i) {
  if (i >= array_.size() || !array_[i]) return canon_trap(fmt::format("unknown handle index {}", i));
  return &*array_[i];
}

// spec: Table.add
Result<uint32_t> HandleTable::add(const HandleEntry& e) {
  if (!free_.empty()) {
    uint32_t i = free_.back();
    free_.pop_back();
    array_[i] = e;
    return i;
  }
  if (array_.size() > kMaxLength) return canon_trap("handle table is full");
  array_.push_back(e);
  return uint32_t(array_.size() - 1);
}

// spec: Table.remove
Result<HandleEntry> HandleTable::remove(uint32_t i) {
  WEFT_TRY(h, get(i));
  HandleEntry e = *h;
  array_[i].reset();
  free_.push_back(i);
  return e;
}

namespace {
// Is `i` the caller or one of its ancestors? Chains are a few links long.
bool shared_with(const InstanceState* i, const InstanceState* caller) {
  for (const InstanceState* c = caller; c; c = c->parent)
    if (c == i) return true;
  return false;
}
}  // namespace

// spec: ComponentInstance.may_enter_from: every instance of entering_set(caller)
// (self and ancestors, minus those the caller is already inside) may be entered.
bool InstanceState::may_enter_from(const InstanceState* caller) const {
  for (const InstanceState* i = this; i; i = i->parent)
    if (!i->may_enter && !shared_with(i, caller)) return false;
  return true;
}

// spec: enter_from (entered = true) and leave_to (entered = false)
void InstanceState::enter_from(const InstanceState* caller, bool entered) {
  for (InstanceState* i = this; i; i = i->parent)
    if (!shared_with(i, caller)) i->may_enter = !entered;
}

std::optional<uint32_t> ResourceEnv::lookup(uint32_t root) const {
  for (const ResourceEnv* e = this; e; e = e->outer_.get())
    if (auto it = e->map_.find(root); it != e->map_.end()) return it->second;
  return std::nullopt;
}

uint32_t Runtime::new_resource_type(InstanceState* impl, std::optional<core::FuncAddr> dtor, std::string name) {
  resource_types_.push_back({impl, dtor, {}, std::move(name)});
  return uint32_t(resource_types_.size() - 1);
}

uint32_t Runtime::new_host_resource_type(std::string name, HostDtor dtor) {
  resource_types_.push_back({nullptr, std::nullopt, std::move(dtor), std::move(name)});
  return uint32_t(resource_types_.size() - 1);
}

InstanceState& Runtime::new_instance(InstanceState* parent, std::string name) {
  InstanceState& s = instances_.emplace_back();
  s.parent = parent;
  s.name = std::move(name);
  return s;
}

}  // namespace weft::component

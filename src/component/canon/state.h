// Run-time state of the canonical ABI: options, resource types, handle tables,
// component instance flags and the store-wide registry that owns them.
// spec: CanonicalABI.md "Component Instances", "Canonical ABI Options", "Table State",
// "Resource State"
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/runtime/store.h"
#include "support/error.h"

namespace weft::component {

// spec: canonopt string-encoding
enum class StringEncoding : uint8_t { Utf8, Utf16, Latin1Utf16 };

// spec: CanonicalOptions (sync subset; `async` is refused before a call is made)
struct CanonOptions {
  StringEncoding encoding = StringEncoding::Utf8;
  std::optional<core::MemAddr> memory;
  bool memory64 = false;  // memory.addrtype is i64
  std::optional<core::FuncAddr> realloc;
  std::optional<core::FuncAddr> post_return;
  // Wasmtime's GC ABI (the `gc` option): one core value per parameter and result, never
  // spilled to memory. Validation admits it only for scalars, whose values are the flat ABI's.
  bool gc = false;
};

struct InstanceState;

// A destructor the host supplies for a resource type it defines.
using HostDtor = std::function<Result<void>(uint32_t rep)>;

// spec: ResourceType. Identity is the index in Runtime::resource_types.
struct ResourceTypeInst {
  InstanceState* impl = nullptr;        // the defining component instance; null: the host
  std::optional<core::FuncAddr> dtor;   // guest destructor (core function)
  HostDtor host_dtor;                   // host destructor
  std::string name;                     // for messages
};

// spec: Task / Subtask borrow bookkeeping of one synchronous call.
struct CallScope {
  uint32_t num_borrows = 0;  // Task: borrow handles lowered into the callee, not yet dropped
  // Subtask: own handles of the caller lent to the callee for the call (instance, index).
  std::vector<std::pair<InstanceState*, uint32_t>> lenders;
};

// spec: ResourceHandle
struct HandleEntry {
  uint32_t rt = 0;
  uint32_t rep = 0;
  bool own = true;
  uint32_t num_lends = 0;
  CallScope* borrow_scope = nullptr;
};

// spec: Table, for resource handles (the only handles of the sync ABI). Index 0 is reserved.
class HandleTable {
 public:
  static constexpr uint32_t kMaxLength = (1u << 28) - 1;
  HandleTable() : array_(1) {}
  Result<HandleEntry*> get(uint32_t i);
  Result<uint32_t> add(const HandleEntry& e);
  Result<HandleEntry> remove(uint32_t i);
  size_t live() const { return array_.size() - 1 - free_.size(); }

 private:
  std::vector<std::optional<HandleEntry>> array_;
  std::vector<uint32_t> free_;
};

// spec: ComponentInstance (the fields the sync canonical ABI uses)
struct InstanceState {
  InstanceState* parent = nullptr;
  HandleTable handles;
  bool may_enter = true;
  bool may_leave = true;
  std::string name;  // for messages

  // spec: may_enter_from / enter_from / leave_to over entering_set(caller)
  bool may_enter_from(const InstanceState* caller) const;
  void enter_from(const InstanceState* caller, bool entered);
};

// Which run-time resource type each resource identity (a TypeArena root) of a
// component denotes in one instance: set as the instance is built, looked up by
// lift/lower. Chains to the environment the component was defined in (outer aliases).
class ResourceEnv {
 public:
  explicit ResourceEnv(std::shared_ptr<const ResourceEnv> outer = {}) : outer_(std::move(outer)) {}
  void bind(uint32_t root, uint32_t rt) { map_[root] = rt; }
  std::optional<uint32_t> lookup(uint32_t root) const;

 private:
  std::unordered_map<uint32_t, uint32_t> map_;
  std::shared_ptr<const ResourceEnv> outer_;
};

// The component half of the store: every resource type and component instance
// created over the core store's life. Owns nothing of the core store.
class Runtime {
 public:
  // Where embedders differ from the reference semantics (defaults: the spec).
  struct Policy {
    // Wasmtime traps when a component calls (through canon lower) a function lifted by
    // the same component instance; the spec lets such a call enter the instance.
    bool same_instance_calls_trap = false;
    // spec: MAX_STRING_BYTE_LENGTH; Wasmtime allows strings up to 2^31 - 1 bytes.
    uint64_t max_string_byte_length = (1ull << 28) - 1;
  };

  explicit Runtime(core::Store& store) : store_(store) {}
  Policy& policy() { return policy_; }
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  core::Store& store() { return store_; }
  uint32_t new_resource_type(InstanceState* impl, std::optional<core::FuncAddr> dtor, std::string name = {});
  uint32_t new_host_resource_type(std::string name, HostDtor dtor = {});
  const ResourceTypeInst& resource_type(uint32_t rt) const { return resource_types_[rt]; }
  InstanceState& new_instance(InstanceState* parent, std::string name = {});
  // Keeps a run-time entity of a higher layer (the linker's instance frames) alive for
  // the store's life, so that what refers to it may do so without owning it.
  void retain(std::shared_ptr<const void> entity) { retained_.push_back(std::move(entity)); }

 private:
  core::Store& store_;
  Policy policy_;
  std::deque<ResourceTypeInst> resource_types_;
  std::deque<InstanceState> instances_;
  std::vector<std::shared_ptr<const void>> retained_;
};

// A trap of the canonical ABI: an Execute error with the message.
std::unexpected<Error> canon_trap(std::string message);

// Calls core code of a component instance. A core exception may not cross a
// component boundary: one that nothing inside caught becomes a trap here, so
// that a caller's handlers never see it.
Result<std::vector<core::Value>> call_core(Runtime& rt, core::FuncAddr func, std::span<const core::Value> args);

}  // namespace weft::component

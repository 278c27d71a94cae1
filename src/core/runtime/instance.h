// Runtime entities owned by the store (function, table, global, element, data and
// module instances) and the store's private state. Shared by core/runtime and core/interp.
// spec: https://webassembly.github.io/spec/core/exec/runtime.html
#pragma once

#include <deque>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/runtime/engine.h"
#include "core/runtime/memory.h"
#include "core/runtime/store.h"

namespace weft::core {

struct ModuleInstance;

// spec: function instances. Wasm functions point at their instance and the
// engine's entry; host functions carry the callable.
struct FuncInst {
  FuncInst(FuncAddr a, const FuncType& t, uint32_t id) : addr(a), type(t), type_id(id) {}
  FuncInst(const FuncInst&) = delete;  // `type` may refer into the store
  FuncInst& operator=(const FuncInst&) = delete;

  FuncAddr addr = 0;
  // Never copied: a wasm function's type lives in its (shared, immutable) module,
  // which its instance keeps alive; a host function's lives in the store.
  const FuncType& type;
  uint32_t type_id = 0;  // the store's canonical id of `type`: equal ids, equal types
  EntryKind kind = EntryKind::Host;
  const void* entry = nullptr;       // engine code (wasm functions)
  ModuleInstance* instance = nullptr;  // wasm functions
  InstanceAddr instance_addr = kNoInstance;
  uint32_t index = 0;  // function index in its module
  HostFunc host;
  std::string debug_name;
};

// spec: table instances; elements are references.
struct TableInst {
  TableType type;  // limits.min tracks the current size
  std::vector<Ref> elems;
  uint64_t max_elems = 0;  // effective maximum (type max and store limit)

  uint32_t size() const { return uint32_t(elems.size()); }
  // spec: table.grow; returns the old size or -1.
  int64_t grow(uint64_t delta, Ref init);
  bool in_bounds(uint64_t offset, uint64_t length) const { return offset <= elems.size() && length <= elems.size() - offset; }
};

struct GlobalInst {
  GlobalType type;
  uint64_t bits = 0;  // same representation as Value::bits
};

// spec: tag instances. Identity is the address: two imports of one tag catch
// each other's exceptions, two definitions with one type do not.
struct TagInst {
  TagInst(const FuncType& t, uint32_t id) : type(t), type_id(id) {}
  const FuncType& type;  // lives in the defining module, kept alive by its instance
  uint32_t type_id = 0;  // the store's canonical id of `type`
};

// spec: exception instances: a tag and its payload, in slot representation.
// Once an exnref names one it lives as long as the store; one that never got
// an exnref is dropped when caught (so throwing in a loop does not grow the store).
struct ExnInst {
  TagAddr tag = 0;
  std::vector<uint64_t> payload;
  bool referenced = false;  // handed out as an exnref
};

// spec: element instances; dropping empties them. Active and declarative segments
// are dropped by instantiation, so only passive ones ever hold references.
struct ElemInst {
  ValType type = ValType::FuncRef;
  std::vector<Ref> refs;
};

// spec: data instances; bytes live in the (shared, immutable) module.
struct DataInst {
  std::span<const uint8_t> bytes;
};

// spec: module instances, plus direct pointers for the engine's hot paths. The index
// spaces (imports first) are spans into one allocation, `storage`; exports are
// the module's, resolved through them (see Store::find_export).
struct ModuleInstance {
  InstanceAddr addr = 0;
  ValidatedModulePtr module;
  std::shared_ptr<const ModuleCode> code;
  std::span<uint32_t> type_ids;  // canonical id of each type index
  std::span<FuncInst*> funcs;
  std::span<TableInst*> tables;
  std::span<MemoryInst*> memories;
  std::span<GlobalInst*> globals;
  std::span<TagAddr> tags;
  std::span<TableAddr> table_addrs;  // the same entities by store address
  std::span<MemAddr> memory_addrs;
  std::span<GlobalAddr> global_addrs;
  std::span<DataInst> datas;
  std::vector<ElemInst> elems;
  std::unique_ptr<uint64_t[]> storage;

  // The address of entity `index` of an index space.
  uint32_t addr_of(ExternKind kind, uint32_t index) const;
};

struct Store::Impl {
  explicit Impl(std::unique_ptr<Engine> e) : engine(std::move(e)) {}

  // Deques keep element addresses stable as the store grows.
  std::deque<FuncInst> funcs;
  std::vector<FuncInst*> func_table;  // funcs by address, for O(1) lookup from a funcref
  std::vector<std::unique_ptr<const FuncType>> host_func_types;  // what host FuncInsts refer to
  std::deque<TableInst> tables;
  std::deque<MemoryInst> memories;
  std::deque<GlobalInst> globals;
  std::deque<TagInst> tags;
  std::vector<ExnInst> exns;  // exnref bits: index + 1
  std::deque<ModuleInstance> instances;
  std::unordered_map<std::string, uint32_t> type_ids;  // interned function types
  std::unique_ptr<Engine> engine;
  std::vector<std::string> last_trace;

  uint32_t intern_type(const FuncType& type);
  // `type` must outlive the store's functions (see FuncInst::type).
  FuncInst& new_func(const FuncType& type, uint32_t type_id) {
    FuncInst& f = funcs.emplace_back(FuncAddr(funcs.size()), type, type_id);
    func_table.push_back(&f);
    return f;
  }
};

// spec: table.init and memory.init; false when a range is out of bounds (nothing is written then).
bool table_init(TableInst& table, const ElemInst& elem, uint64_t dst, uint64_t src, uint64_t n);
bool memory_init(MemoryInst& memory, const DataInst& data, uint64_t dst, uint64_t src, uint64_t n);

// A funcref value from a function address and back.
inline Ref func_ref(FuncAddr a) { return Ref{uint64_t(a) + 1}; }
inline FuncAddr ref_func_addr(Ref r) { return FuncAddr(r.bits - 1); }

}  // namespace weft::core

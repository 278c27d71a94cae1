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
#include "core/runtime/gc_heap.h"
#include "core/runtime/memory.h"
#include "core/runtime/store.h"

namespace weft::core {

struct ModuleInstance;

// spec: function instances. Wasm functions point at their instance and the
// engine's entry; host functions carry the callable.
struct FuncInst {
  FuncInst(FuncAddr a, const FuncType& t, const CanonType* c) : addr(a), type(t), canon(c) {}
  FuncInst(const FuncInst&) = delete;  // `type` may refer into the store
  FuncInst& operator=(const FuncInst&) = delete;

  FuncAddr addr = 0;
  // Never copied: a wasm function's type lives in its (shared, immutable) module,
  // which its instance keeps alive; a host function's lives in the store.
  const FuncType& type;
  const CanonType* canon = nullptr;  // `type`'s canonical entry: same entry, same type
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
  TableType type;  // limits.min tracks the current size; the element type is canonical
  std::vector<Ref> elems;
  uint64_t max_elems = 0;  // effective maximum (type max and store limit)

  uint32_t size() const { return uint32_t(elems.size()); }
  // spec: table.grow; returns the old size or -1.
  int64_t grow(uint64_t delta, Ref init);
  bool in_bounds(uint64_t offset, uint64_t length) const { return offset <= elems.size() && length <= elems.size() - offset; }
};

struct GlobalInst {
  GlobalType type;  // with canonical type ids (see canonical_type)
  uint64_t bits = 0;  // same representation as Value::bits
};

// spec: tag instances. Identity is the address: two imports of one tag catch
// each other's exceptions, two definitions with one type do not.
struct TagInst {
  TagInst(const FuncType& t, const CanonType* c) : type(t), canon(c) {}
  const FuncType& type;  // lives in the defining module, kept alive by its instance
  const CanonType* canon = nullptr;
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
  std::span<const CanonType* const> types;  // each type index's canonical entry (the module's)
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
  GcHeap gc;
  std::unique_ptr<Engine> engine;
  std::vector<std::string> last_trace;

  // `type` must outlive the store's functions (see FuncInst::type).
  FuncInst& new_func(const FuncType& type, const CanonType* canon) {
    FuncInst& f = funcs.emplace_back(FuncAddr(funcs.size()), type, canon);
    func_table.push_back(&f);
    return f;
  }
};

// A value type with its module's type indices replaced by canonical ids, so that
// types of different modules compare (store entities keep their types this way).
ValType canonical_type(ValType t, std::span<const CanonType* const> types);

// spec: table.init and memory.init; false when a range is out of bounds (nothing is written then).
bool table_init(TableInst& table, const ElemInst& elem, uint64_t dst, uint64_t src, uint64_t n);
bool memory_init(MemoryInst& memory, const DataInst& data, uint64_t dst, uint64_t src, uint64_t n);

// A funcref value from a function address and back.
inline Ref func_ref(FuncAddr a) { return Ref{uint64_t(a) + 1}; }
inline FuncAddr ref_func_addr(Ref r) { return FuncAddr(r.bits - 1); }

// The type a reference is tested against: (ref null? ht), ht a defined type
// (`def`) or else the abstract `abs`.
struct CastTarget {
  const CanonType* def = nullptr;
  AbsHeap abs = AbsHeap::Any;
  bool nullable = false;
};
// spec: the run-time type test of ref.test, ref.cast and br_on_cast.
bool ref_matches(const Store::Impl& store, Ref r, const CastTarget& target);

}  // namespace weft::core

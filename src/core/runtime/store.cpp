// The store's entities and accessors; instantiation lives in instantiate.cpp.
#include "core/runtime/store.h"

#include <fmt/format.h>

#include "core/runtime/aggregate.h"
#include "core/runtime/instance.h"
#include "core/validate/subtyping.h"

namespace weft::core {

Store::Store(StoreLimits limits, std::unique_ptr<Engine> engine)
    : limits_(limits), impl_(std::make_unique<Impl>(std::move(engine))) {
  impl_->gc.set_limit(limits.max_gc_heap_bytes);
}

void Store::interrupt() { impl_->engine->interrupt(); }

Store::~Store() = default;

namespace {

// A value from the host against a type with canonical ids: numbers by type,
// references by hierarchy and run-time type.
bool value_fits(const Store::Impl& store, const Value& v, ValType want) {
  if (!want.is_ref()) return v.type == want;
  const TypeSpace canon{};
  if (!v.type.is_ref() || top_heap(v.type.heap, canon) != top_heap(want.heap, canon)) return false;
  const CanonType* def = want.heap.is_abstract() ? nullptr : canon.def(want.heap);
  const AbsHeap abs = want.heap.is_abstract() ? want.heap.abstract() : AbsHeap::Any;
  return ref_matches(store, Ref{v.bits}, CastTarget{def, abs, want.nullable});
}

}  // namespace

ValType canonical_type(ValType t, std::span<const CanonType* const> types) {
  if (t.is_ref() && t.heap.is_index() && t.heap.value() < types.size()) {
    return ValType::ref(HeapType::canonical(types[t.heap.value()]->id), t.nullable);
  }
  return t;
}

int64_t TableInst::grow(uint64_t delta, Ref init) {
  const uint64_t old = elems.size();
  if (delta > max_elems - old) return -1;
  elems.resize(old + delta, init);
  type.limits.min = elems.size();
  return int64_t(old);
}

FuncAddr Store::add_host_func(FuncType type, HostFunc fn, std::string debug_name) {
  const FuncType& t = *impl_->host_func_types.emplace_back(std::make_unique<const FuncType>(std::move(type)));
  FuncInst& f = impl_->new_func(t, TypeRegistry::global().intern_func(t));
  f.kind = EntryKind::Host;
  f.host = std::move(fn);
  f.debug_name = std::move(debug_name);
  return f.addr;
}

Result<TableAddr> Store::add_table(TableType type, Ref init) {
  const uint64_t cap = std::min<uint64_t>(type.limits.max.value_or(0xffffffffu), limits_.max_table_elements);
  if (type.limits.min > cap) return make_error(Phase::Instantiate, {}, "table size exceeds the store limit");
  TableInst& t = impl_->tables.emplace_back();
  t.type = type;
  t.max_elems = cap;
  t.elems.assign(type.limits.min, init);
  return TableAddr(impl_->tables.size() - 1);
}

Result<MemAddr> Store::add_memory(MemoryType type) {
  MemoryInst& m = impl_->memories.emplace_back();
  if (auto r = m.init(type, limits_.max_memory_pages); !r) {
    impl_->memories.pop_back();
    return std::unexpected(r.error());
  }
  return MemAddr(impl_->memories.size() - 1);
}

GlobalAddr Store::add_global(GlobalType type, Value init) {
  impl_->globals.push_back(GlobalInst{type, init.bits});
  return GlobalAddr(impl_->globals.size() - 1);
}

std::optional<Extern> Store::find_export(InstanceAddr inst, std::string_view name) const {
  const ModuleInstance& mi = impl_->instances[inst];
  for (const Export& e : mi.module->module.exports) {
    if (e.name == name) return Extern{e.kind, mi.addr_of(e.kind, e.index)};
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, Extern>> Store::exports(InstanceAddr inst) const {
  const ModuleInstance& mi = impl_->instances[inst];
  std::vector<std::pair<std::string, Extern>> out;
  out.reserve(mi.module->module.exports.size());
  for (const Export& e : mi.module->module.exports) out.emplace_back(e.name, Extern{e.kind, mi.addr_of(e.kind, e.index)});
  return out;
}

const Module& Store::module_of(InstanceAddr inst) const { return impl_->instances[inst].module->module; }

const FuncType& Store::func_type(FuncAddr func) const { return impl_->funcs[func].type; }

const std::vector<std::string>& Store::last_trace() const { return impl_->last_trace; }

Result<std::vector<Value>> Store::invoke(FuncAddr func, std::span<const Value> args) {
  if (func >= impl_->funcs.size()) return make_error(Phase::Usage, {}, "unknown function");
  const FuncType& type = impl_->funcs[func].type;
  if (args.size() != type.params.size()) {
    return make_error(Phase::Usage, {}, fmt::format("expected {} arguments, got {}", type.params.size(), args.size()));
  }
  // A reference must belong to the parameter's hierarchy and pass its run-time
  // type test, so that no host value reaches code expecting another kind of object.
  const FuncInst& callee = impl_->funcs[func];
  const std::span<const CanonType* const> types =
      callee.instance ? callee.instance->types : std::span<const CanonType* const>{};
  for (size_t i = 0; i < args.size(); ++i) {
    const bool fits = value_fits(*impl_, args[i], canonical_type(type.params[i], types));
    if (!fits) return make_error(Phase::Usage, {}, fmt::format("argument {} has the wrong type", i));
  }
  std::vector<Value> results(type.results.size());
  for (size_t i = 0; i < results.size(); ++i) results[i].type = type.results[i];
  WEFT_CHECK(impl_->engine->call(*this, func, args, results));
  // Results leave the module: their types name canonical ids (see canonical_type).
  for (size_t i = 0; i < results.size(); ++i) {
    results[i].type = canonical_type(type.results[i], types);
    if (type.results[i] == ValType::I32 || type.results[i] == ValType::F32) results[i].bits &= 0xffffffffu;
  }
  return results;
}

Value Store::global_get(GlobalAddr g) const {
  const GlobalInst& gi = impl_->globals[g];
  Value v{gi.type.type, gi.bits};
  if (v.type == ValType::I32 || v.type == ValType::F32) v.bits &= 0xffffffffu;
  return v;
}

Result<void> Store::global_set(GlobalAddr g, Value v) {
  GlobalInst& gi = impl_->globals[g];
  if (!value_fits(*impl_, v, gi.type.type)) return make_error(Phase::Usage, {}, "global type mismatch");
  if (!gi.type.mut) return make_error(Phase::Usage, {}, "global is immutable");
  gi.bits = v.bits;
  return {};
}

GlobalType Store::global_type(GlobalAddr g) const { return impl_->globals[g].type; }

std::span<uint8_t> Store::memory_data(MemAddr m) { return impl_->memories[m].bytes(); }
uint64_t Store::memory_pages(MemAddr m) const { return impl_->memories[m].pages(); }
MemoryType Store::memory_type(MemAddr m) const { return impl_->memories[m].type(); }

TableType Store::table_type(TableAddr t) const { return impl_->tables[t].type; }

Result<Ref> Store::table_get(TableAddr t, uint32_t index) const {
  const TableInst& ti = impl_->tables[t];
  if (index >= ti.elems.size()) return make_error(Phase::Execute, {}, "out of bounds table access");
  return ti.elems[index];
}

}  // namespace weft::core

namespace weft::core {

bool table_init(TableInst& table, const ElemInst& elem, uint64_t dst, uint64_t src, uint64_t n) {
  if (src > elem.refs.size() || n > elem.refs.size() - src || !table.in_bounds(dst, n)) return false;
  std::copy_n(elem.refs.begin() + ptrdiff_t(src), n, table.elems.begin() + ptrdiff_t(dst));
  return true;
}

bool memory_init(MemoryInst& memory, const DataInst& data, uint64_t dst, uint64_t src, uint64_t n) {
  if (src > data.bytes.size() || n > data.bytes.size() - src || !memory.in_bounds(dst, n)) return false;
  if (n) std::memcpy(memory.data() + dst, data.bytes.data() + src, n);
  return true;
}

}  // namespace weft::core

namespace weft::core {

bool ref_matches(const Store::Impl& store, Ref r, const CastTarget& target) {
  if (r.is_null()) return target.nullable;
  if (const CanonType* want = target.def) {
    if (want->type.kind == CompKind::Func) {
      const FuncAddr f = ref_func_addr(r);
      return f < store.func_table.size() && canon_subtype(store.func_table[f]->canon, want);
    }
    return r.is_object() && canon_subtype(object_of(r)->type, want);
  }
  switch (target.abs) {
    case AbsHeap::Any: case AbsHeap::Func: case AbsHeap::Extern: case AbsHeap::Exn: return true;
    case AbsHeap::Eq: return r.is_i31() || r.is_object();
    case AbsHeap::I31: return r.is_i31();
    case AbsHeap::Struct: return r.is_object() && object_of(r)->type->type.kind == CompKind::Struct;
    case AbsHeap::Array: return r.is_object() && object_of(r)->type->type.kind == CompKind::Array;
    default: return false;  // the bottom types hold only null
  }
}

}  // namespace weft::core

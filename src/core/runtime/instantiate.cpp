// Module instantiation: linking imports, allocating entities, evaluating constant
// expressions, applying active segments in order, and running the start function.
// spec: https://webassembly.github.io/spec/core/exec/modules.html#instantiation
//
// This is on the path of every request of a serverless host (an instance per
// request), so it allocates little: the instance's index spaces share one block,
// functions refer to their module's types instead of copying them, and active
// element segments go straight from the module to the table.
#include <fmt/format.h>

#include <array>
#include <memory>

#include "core/binary/instr.h"
#include "core/runtime/aggregate.h"
#include "core/runtime/instance.h"

namespace weft::core {
namespace {

// The operand stack of a constant expression: nearly always one or two values.
class ConstStack {
 public:
  void push(uint64_t v) {
    if (size_ == capacity_) grow();
    data_[size_++] = v;
  }
  uint64_t pop() { return data_[--size_]; }
  uint64_t& top() { return data_[size_ - 1]; }

 private:
  void grow() {
    if (data_ == small_.data()) large_.assign(small_.begin(), small_.end());
    large_.resize(2 * capacity_);
    data_ = large_.data();
    capacity_ = large_.size();
  }
  std::array<uint64_t, 8> small_;
  std::vector<uint64_t> large_;  // once deeper than `small_`
  uint64_t* data_ = small_.data();
  size_t size_ = 0;
  size_t capacity_ = small_.size();
};

std::unexpected<Error> trap(uint32_t offset, std::string message) {
  return make_error(Phase::Instantiate, Span::at(offset), std::move(message));
}

// spec: evaluation of constant expressions (extended-const arithmetic and the
// GC allocations included).
Result<uint64_t> eval_const(Store::Impl& store, const ModuleInstance& inst, ConstExpr expr) {
  const Module& m = inst.module->module;
  Reader r(m.range(expr), expr.begin);
  Instr ins;
  std::vector<uint32_t> scratch;  // br_table targets: never used here, never allocates
  std::vector<uint64_t> values;
  ConstStack stack;
  auto pop_n = [&](size_t n) {
    values.resize(n);
    for (size_t i = n; i-- > 0;) values[i] = stack.pop();
  };
  auto push_object = [&](GcObject* o) -> Result<void> {
    if (!o) return trap(ins.offset, "out of GC heap memory");
    stack.push(object_ref(o).bits);
    return {};
  };
  while (true) {
    WEFT_CHECK(decode_instr(r, inst.module->features, ins, scratch));
    switch (ins.op) {
      case Opcode::I32Const: case Opcode::I64Const: case Opcode::F32Const: case Opcode::F64Const:
        stack.push(ins.value);
        break;
      case Opcode::RefNull: stack.push(0); break;
      case Opcode::RefFunc: stack.push(func_ref(inst.funcs[ins.a]->addr).bits); break;
      case Opcode::GlobalGet: stack.push(inst.globals[ins.a]->bits); break;
      case Opcode::RefI31: stack.push(Ref::i31(uint32_t(stack.pop())).bits); break;
      case Opcode::AnyConvertExtern: case Opcode::ExternConvertAny: break;  // one encoding (value.h)
      case Opcode::StructNew: case Opcode::StructNewDefault: {
        const CanonType* t = inst.types[ins.a];
        pop_n(ins.op == Opcode::StructNew ? t->type.fields.size() : 0);
        WEFT_CHECK(push_object(struct_new(store.gc, t, values)));
        break;
      }
      case Opcode::ArrayNew: case Opcode::ArrayNewDefault: {
        const uint32_t n = uint32_t(stack.pop());
        const uint64_t v = ins.op == Opcode::ArrayNew ? stack.pop() : 0;
        WEFT_CHECK(push_object(array_new(store.gc, inst.types[ins.a], n, v)));
        break;
      }
      case Opcode::ArrayNewFixed:
        pop_n(ins.b);
        WEFT_CHECK(push_object(array_new_fixed(store.gc, inst.types[ins.a], values)));
        break;
      case Opcode::End: return stack.top();
      default: {  // i32/i64 add, sub, mul (validated)
        uint64_t b = stack.pop();
        uint64_t& a = stack.top();
        bool is32 = ins.op == Opcode::I32Add || ins.op == Opcode::I32Sub || ins.op == Opcode::I32Mul;
        if (ins.op == Opcode::I32Add || ins.op == Opcode::I64Add) a += b;
        else if (ins.op == Opcode::I32Sub || ins.op == Opcode::I64Sub) a -= b;
        else a *= b;
        if (is32) a &= 0xffffffffu;
      }
    }
  }
}

// Carves an instance's arrays out of one zeroed block. The element types are
// trivially destructible and at most 8-byte aligned.
class Carver {
 public:
  template <class T>
  static size_t bytes(size_t n) {
    static_assert(std::is_trivially_destructible_v<T> && alignof(T) <= alignof(uint64_t));
    return (n * sizeof(T) + sizeof(uint64_t) - 1) / sizeof(uint64_t) * sizeof(uint64_t);
  }
  explicit Carver(uint64_t* block) : next_(reinterpret_cast<std::byte*>(block)) {}
  template <class T>
  std::span<T> take(size_t n) {
    T* p = std::uninitialized_value_construct_n(reinterpret_cast<T*>(next_), n) - n;
    next_ += bytes<T>(n);
    return {p, n};
  }

 private:
  std::byte* next_;
};

void make_index_spaces(ModuleInstance& inst, const Module& m) {
  const size_t funcs = m.func_count(), tables = m.table_count();
  const size_t memories = m.memory_count(), globals = m.global_count(), datas = m.datas.size();
  const size_t tags = m.tag_count();
  const size_t total = Carver::bytes<FuncInst*>(funcs) +
                       Carver::bytes<TableInst*>(tables) + Carver::bytes<MemoryInst*>(memories) +
                       Carver::bytes<GlobalInst*>(globals) + Carver::bytes<TableAddr>(tables) +
                       Carver::bytes<MemAddr>(memories) + Carver::bytes<GlobalAddr>(globals) +
                       Carver::bytes<DataInst>(datas) + Carver::bytes<TagAddr>(tags);
  inst.storage = std::make_unique_for_overwrite<uint64_t[]>(total / sizeof(uint64_t));
  Carver c(inst.storage.get());
  inst.types = inst.module->types;
  inst.funcs = c.take<FuncInst*>(funcs);
  inst.tables = c.take<TableInst*>(tables);
  inst.memories = c.take<MemoryInst*>(memories);
  inst.globals = c.take<GlobalInst*>(globals);
  inst.table_addrs = c.take<TableAddr>(tables);
  inst.memory_addrs = c.take<MemAddr>(memories);
  inst.global_addrs = c.take<GlobalAddr>(globals);
  inst.datas = c.take<DataInst>(datas);
  inst.tags = c.take<TagAddr>(tags);
  inst.elems.resize(m.elems.size());
}

class Instantiator {
 public:
  Instantiator(Store& store, ModuleInstance& inst) : store_(store), s_(store.impl()), inst_(inst), m_(inst.module->module) {}

  Result<void> run(std::span<const Extern> imports) {
    make_index_spaces(inst_, m_);
    link(imports);
    WEFT_CHECK(allocate());
    WEFT_CHECK(init_globals());
    WEFT_CHECK(init_segments());
    WEFT_CHECK(apply_elems());
    WEFT_CHECK(apply_datas());
    return start();
  }

 private:
  void link(std::span<const Extern> imports) {
    for (const Extern& e : imports) {
      switch (e.kind) {
        case ExternKind::Func: inst_.funcs[funcs_++] = s_.func_table[e.addr]; break;
        case ExternKind::Table: add_table(e.addr); break;
        case ExternKind::Memory: add_memory(e.addr); break;
        case ExternKind::Global: add_global(e.addr); break;
        case ExternKind::Tag: inst_.tags[tags_++] = e.addr; break;
      }
    }
  }

  void add_table(TableAddr a) {
    inst_.tables[tables_] = &s_.tables[a];
    inst_.table_addrs[tables_++] = a;
  }
  void add_memory(MemAddr a) {
    inst_.memories[memories_] = &s_.memories[a];
    inst_.memory_addrs[memories_++] = a;
  }
  void add_global(GlobalAddr a) {
    inst_.globals[globals_] = &s_.globals[a];
    inst_.global_addrs[globals_++] = a;
  }

  Result<void> allocate() {
    const EntryKind kind = inst_.code->entry_kind();
    for (uint32_t i = 0; i < m_.funcs.size(); ++i) {
      const uint32_t t = m_.funcs[i];
      FuncInst& f = s_.new_func(m_.types[t].func, inst_.types[t]);
      f.kind = kind;
      f.entry = inst_.code->entry(i);
      f.instance = &inst_;
      f.instance_addr = inst_.addr;
      f.index = m_.imported_funcs + i;
      inst_.funcs[funcs_++] = &f;
    }
    for (const MemoryType& mt : m_.memories) {
      if (mt.shared) return make_error(Phase::Instantiate, {}, "not supported yet: shared memory (threads)");
      WEFT_TRY(addr, store_.add_memory(mt));
      add_memory(addr);
    }
    for (const TagType& t : m_.tags) {
      inst_.tags[tags_++] = TagAddr(s_.tags.size());
      s_.tags.emplace_back(m_.types[t.type_index].func, inst_.types[t.type_index]);
    }
    return {};
  }

  // Each initialiser sees the imported globals and the globals defined before it.
  // Tables come after the globals: an initialiser may read any global.
  Result<void> init_globals() {
    for (const Global& g : m_.globals) {
      WEFT_TRY(bits, eval_const(s_, inst_, g.init));
      const GlobalType type{canonical_type(g.type.type, inst_.types), g.type.mut};
      add_global(store_.add_global(type, Value{type.type, bits}));
    }
    for (uint32_t i = 0; i < m_.tables.size(); ++i) {
      TableType t = m_.tables[i];
      t.elem = canonical_type(t.elem, inst_.types);
      Ref init;
      if (m_.table_inits[i].size()) {
        WEFT_TRY(bits, eval_const(s_, inst_, m_.table_inits[i]));
        init = Ref{bits};
      }
      WEFT_TRY(addr, store_.add_table(t, init));
      add_table(addr);
    }
    return {};
  }

  // spec: element and data instances. Active and declarative segments are dropped
  // once instantiation has applied them, so only passive ones get contents here;
  // active ones go straight from the module to the table or memory.
  Result<void> init_segments() {
    for (uint32_t i = 0; i < m_.elems.size(); ++i) {
      const ElemSegment& seg = m_.elems[i];
      ElemInst& e = inst_.elems[i];
      e.type = canonical_type(seg.type, inst_.types);
      if (seg.mode != SegmentMode::Passive) continue;
      e.refs.reserve(seg.size());
      for (uint32_t f : seg.func_indices) e.refs.push_back(func_ref(inst_.funcs[f]->addr));
      for (ConstExpr x : seg.exprs) {
        WEFT_TRY(bits, eval_const(s_, inst_, x));
        e.refs.push_back(Ref{bits});
      }
    }
    for (uint32_t i = 0; i < m_.datas.size(); ++i) {
      if (m_.datas[i].mode == SegmentMode::Passive) inst_.datas[i].bytes = m_.range(m_.datas[i].init);
    }
    return {};
  }

  // spec: table.init then elem.drop, for each active segment, straight from the module.
  Result<void> apply_elems() {
    for (uint32_t i = 0; i < m_.elems.size(); ++i) {
      const ElemSegment& seg = m_.elems[i];
      if (seg.mode != SegmentMode::Active) continue;
      // Constant expressions have no effects and read only immutable globals, so
      // evaluating these now gives what the spec's evaluating them all first gives.
      WEFT_TRY(offset, eval_const(s_, inst_, seg.offset));
      TableInst& table = *inst_.tables[seg.table];
      const uint64_t at = table.type.is64 ? offset : uint32_t(offset);
      if (!table.in_bounds(at, seg.size())) return trap(seg.offset_in_binary, "out of bounds table access");
      Ref* out = table.elems.data() + at;
      for (uint32_t f : seg.func_indices) *out++ = func_ref(inst_.funcs[f]->addr);
      for (ConstExpr x : seg.exprs) {
        WEFT_TRY(bits, eval_const(s_, inst_, x));
        *out++ = Ref{bits};
      }
    }
    return {};
  }

  // spec: memory.init then data.drop, for each active segment.
  Result<void> apply_datas() {
    for (uint32_t i = 0; i < m_.datas.size(); ++i) {
      const DataSegment& seg = m_.datas[i];
      if (seg.mode != SegmentMode::Active) continue;
      WEFT_TRY(offset, eval_const(s_, inst_, seg.offset));
      MemoryInst& memory = *inst_.memories[seg.memory];
      const uint64_t at = memory.is64() ? offset : uint32_t(offset);
      if (!memory_init(memory, DataInst{m_.range(seg.init)}, at, 0, seg.init.size())) {
        return trap(seg.offset_in_binary, "out of bounds memory access");
      }
    }
    return {};
  }

  Result<void> start() {
    if (!m_.start) return {};
    auto r = store_.invoke(inst_.funcs[*m_.start]->addr, {});
    if (!r) {
      Error e = r.error();
      if (e.phase == Phase::Execute) e.phase = Phase::Instantiate;
      return std::unexpected(std::move(e));
    }
    return {};
  }

  Store& store_;
  Store::Impl& s_;
  ModuleInstance& inst_;
  const Module& m_;
  // Entries of each index space filled so far.
  uint32_t funcs_ = 0, tables_ = 0, memories_ = 0, globals_ = 0, tags_ = 0;
};

}  // namespace

uint32_t ModuleInstance::addr_of(ExternKind kind, uint32_t index) const {
  switch (kind) {
    case ExternKind::Func: return funcs[index]->addr;
    case ExternKind::Table: return table_addrs[index];
    case ExternKind::Memory: return memory_addrs[index];
    case ExternKind::Global: return global_addrs[index];
    case ExternKind::Tag: return tags[index];
  }
  return 0;
}

Result<InstanceAddr> Store::instantiate(const ValidatedModulePtr& module, std::span<const Extern> imports) {
  const Module& m = module->module;
  if (imports.size() != m.imports.size()) {
    return make_error(Phase::Link, {}, fmt::format("expected {} imports, got {}", m.imports.size(), imports.size()));
  }
  for (size_t i = 0; i < imports.size(); ++i) WEFT_CHECK(match_import(*this, m.imports[i], *module, imports[i]));
  if (impl_->instances.size() >= limits_.max_instances)
    return make_error(Phase::Instantiate, {},
                      fmt::format("instance limit reached: a store may hold at most {} instances", limits_.max_instances));
  WEFT_TRY(code, impl_->engine->prepare(module));
  ModuleInstance& inst = impl_->instances.emplace_back();
  inst.addr = InstanceAddr(impl_->instances.size() - 1);
  inst.module = module;
  inst.code = std::move(code);
  Instantiator in(*this, inst);
  WEFT_CHECK(in.run(imports));
  return inst.addr;
}

}  // namespace weft::core

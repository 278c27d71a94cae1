// Module instantiation: linking imports, allocating entities, evaluating constant
// expressions, applying active segments in order, and running the start function.
// spec: https://webassembly.github.io/spec/core/exec/modules.html#instantiation
#include <fmt/format.h>

#include "core/binary/instr.h"
#include "core/runtime/instance.h"

namespace weft::core {
namespace {

// spec: evaluation of constant expressions (with extended-const arithmetic).
Result<uint64_t> eval_const(const ModuleInstance& inst, ConstExpr expr) {
  const Module& m = inst.module->module;
  Reader r(m.range(expr), expr.begin);
  Instr ins;
  std::vector<uint32_t> scratch;
  std::vector<uint64_t> stack;
  while (true) {
    WEFT_CHECK(decode_instr(r, inst.module->features, ins, scratch));
    switch (ins.op) {
      case Opcode::I32Const: case Opcode::I64Const: case Opcode::F32Const: case Opcode::F64Const:
        stack.push_back(ins.value);
        break;
      case Opcode::RefNull: stack.push_back(0); break;
      case Opcode::RefFunc: stack.push_back(func_ref(inst.funcs[ins.a]->addr).bits); break;
      case Opcode::GlobalGet: stack.push_back(inst.globals[ins.a]->bits); break;
      case Opcode::End: return stack.back();
      default: {  // i32/i64 add, sub, mul (validated)
        uint64_t b = stack.back();
        stack.pop_back();
        uint64_t& a = stack.back();
        bool is32 = ins.op == Opcode::I32Add || ins.op == Opcode::I32Sub || ins.op == Opcode::I32Mul;
        if (ins.op == Opcode::I32Add || ins.op == Opcode::I64Add) a += b;
        else if (ins.op == Opcode::I32Sub || ins.op == Opcode::I64Sub) a -= b;
        else a *= b;
        if (is32) a &= 0xffffffffu;
      }
    }
  }
}

std::unexpected<Error> trap(uint32_t offset, std::string message) {
  return make_error(Phase::Instantiate, Span::at(offset), std::move(message));
}

class Instantiator {
 public:
  Instantiator(Store& store, ModuleInstance& inst) : store_(store), s_(store.impl()), inst_(inst), m_(inst.module->module) {}

  Result<void> run(std::span<const Extern> imports) {
    link(imports);
    WEFT_CHECK(allocate());
    WEFT_CHECK(init_globals());
    WEFT_CHECK(init_segments());
    build_exports();
    WEFT_CHECK(apply_elems());
    WEFT_CHECK(apply_datas());
    return start();
  }

 private:
  void link(std::span<const Extern> imports) {
    for (size_t i = 0; i < imports.size(); ++i) {
      const Extern& e = imports[i];
      switch (e.kind) {
        case ExternKind::Func: inst_.funcs.push_back(&s_.funcs[e.addr]); break;
        case ExternKind::Table: add_table(e.addr); break;
        case ExternKind::Memory: add_memory(e.addr); break;
        case ExternKind::Global: add_global(e.addr); break;
        case ExternKind::Tag: break;
      }
    }
  }

  void add_table(TableAddr a) {
    inst_.tables.push_back(&s_.tables[a]);
    inst_.table_addrs.push_back(a);
  }
  void add_memory(MemAddr a) {
    inst_.memories.push_back(&s_.memories[a]);
    inst_.memory_addrs.push_back(a);
  }
  void add_global(GlobalAddr a) {
    inst_.globals.push_back(&s_.globals[a]);
    inst_.global_addrs.push_back(a);
  }

  Result<void> allocate() {
    for (const FuncType& t : m_.types) inst_.type_ids.push_back(s_.intern_type(t));
    for (uint32_t i = 0; i < m_.funcs.size(); ++i) {
      FuncInst& f = s_.new_func();
      f.type = m_.types[m_.funcs[i]];
      f.type_id = inst_.type_ids[m_.funcs[i]];
      f.kind = inst_.code->entry_kind();
      f.entry = inst_.code->entry(i);
      f.instance = &inst_;
      f.instance_addr = inst_.addr;
      f.index = m_.imported_funcs + i;
      inst_.funcs.push_back(&f);
    }
    for (const TableType& t : m_.tables) {
      WEFT_TRY(addr, store_.add_table(t));
      add_table(addr);
    }
    for (const MemoryType& mt : m_.memories) {
      WEFT_TRY(addr, store_.add_memory(mt));
      add_memory(addr);
    }
    return {};
  }

  // Each initialiser sees the imported globals and the globals defined before it.
  Result<void> init_globals() {
    for (const Global& g : m_.globals) {
      WEFT_TRY(bits, eval_const(inst_, g.init));
      add_global(store_.add_global(g.type, Value{g.type.type, bits}));
    }
    return {};
  }

  Result<void> init_segments() {
    for (const ElemSegment& seg : m_.elems) {
      ElemInst& e = inst_.elems.emplace_back();
      e.type = seg.type;
      for (uint32_t f : seg.func_indices) e.refs.push_back(func_ref(inst_.funcs[f]->addr));
      for (ConstExpr x : seg.exprs) {
        WEFT_TRY(bits, eval_const(inst_, x));
        e.refs.push_back(Ref{bits});
      }
    }
    for (const DataSegment& seg : m_.datas) inst_.datas.push_back(DataInst{m_.range(seg.init)});
    return {};
  }

  void build_exports() {
    for (const Export& e : m_.exports) {
      uint32_t addr = 0;
      switch (e.kind) {
        case ExternKind::Func: addr = inst_.funcs[e.index]->addr; break;
        case ExternKind::Table: addr = inst_.table_addrs[e.index]; break;
        case ExternKind::Memory: addr = inst_.memory_addrs[e.index]; break;
        case ExternKind::Global: addr = inst_.global_addrs[e.index]; break;
        case ExternKind::Tag: break;
      }
      inst_.exports.emplace_back(e.name, Extern{e.kind, addr});
    }
  }

  Result<void> apply_elems() {
    for (uint32_t i = 0; i < m_.elems.size(); ++i) {
      const ElemSegment& seg = m_.elems[i];
      if (seg.mode == SegmentMode::Active) {
        WEFT_TRY(offset, eval_const(inst_, seg.offset));
        if (!table_init(*inst_.tables[seg.table], inst_.elems[i], uint32_t(offset), 0, seg.size())) {
          return trap(seg.offset_in_binary, "out of bounds table access");
        }
      }
      if (seg.mode != SegmentMode::Passive) inst_.elems[i].refs.clear();  // elem.drop
    }
    return {};
  }

  Result<void> apply_datas() {
    for (uint32_t i = 0; i < m_.datas.size(); ++i) {
      const DataSegment& seg = m_.datas[i];
      if (seg.mode != SegmentMode::Active) continue;
      WEFT_TRY(offset, eval_const(inst_, seg.offset));
      if (!memory_init(*inst_.memories[seg.memory], inst_.datas[i], uint32_t(offset), 0, seg.init.size())) {
        return trap(seg.offset_in_binary, "out of bounds memory access");
      }
      inst_.datas[i].bytes = {};  // data.drop
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
};

}  // namespace

Result<InstanceAddr> Store::instantiate(const ValidatedModulePtr& module, std::span<const Extern> imports) {
  const Module& m = module->module;
  if (imports.size() != m.imports.size()) {
    return make_error(Phase::Link, {}, fmt::format("expected {} imports, got {}", m.imports.size(), imports.size()));
  }
  for (size_t i = 0; i < imports.size(); ++i) WEFT_CHECK(match_import(*this, m.imports[i], m, imports[i]));
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

// The interpreter loop: direct threading with computed goto over compiled code.
#include "core/interp/interpreter.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>

#include "core/interp/bulk.h"
#include "core/interp/gc_ops.h"
#include "core/interp/handlers.h"

namespace weft::core {
namespace {

constexpr size_t kStackBytes = size_t(128) << 20;  // reserved; committed as touched
const void* const* g_handlers = nullptr;

void* map_anonymous(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

const CompiledFunc* defined_funcs(const ModuleInstance* inst) {
  return static_cast<const CompiledModule&>(*inst->code).funcs.data();
}

// The target of ref.test/ref.cast from the instruction's words: a heap type of the
// instance's module (a type index or an abstract type) and whether null passes.
CastTarget cast_target(const ModuleInstance* inst, uint32_t heap_bits, uint32_t nullable) {
  const HeapType h{heap_bits};
  if (h.is_abstract()) return CastTarget{nullptr, h.abstract(), nullable != 0};
  return CastTarget{inst->types[h.value()], AbsHeap::Any, nullable != 0};
}

}  // namespace

const void* const* interp_handlers() { return Interpreter::handlers(); }

const void* const* Interpreter::handlers() {
  static const bool ready = (run(nullptr, nullptr, nullptr, nullptr), true);
  (void)ready;
  return g_handlers;
}

// Both stacks are reserved up front and only touched pages cost memory, so a
// generous call-depth limit is cheap until code actually recurses that deep.
Interpreter::Interpreter(const StoreLimits& limits) : max_depth_(limits.max_call_depth), fuel_(limits.fuel) {
  if (void* p = map_anonymous(kStackBytes)) {
    stack_ = static_cast<uint64_t*>(p);
    stack_bytes_ = kStackBytes;
    stack_end_ = stack_ + kStackBytes / sizeof(uint64_t);
  }
  stack_top_ = stack_;
  frames_bytes_ = (size_t(max_depth_) + 1) * sizeof(Frame);
  frames_ = static_cast<Frame*>(map_anonymous(frames_bytes_));
  if (!frames_) max_depth_ = 0;  // every call then reports exhaustion
}

// Unlimited fuel still runs in chunks, so interruption is noticed within one.
constexpr int64_t kBudgetChunk = int64_t{1} << 16;

void Interpreter::interrupt() {
  interrupted_.store(true, std::memory_order_relaxed);
  budget_.store(0, std::memory_order_relaxed);
}

Trap Interpreter::refuel() {
  if (interrupted_.exchange(false, std::memory_order_relaxed)) {
    budget_.store(0, std::memory_order_relaxed);
    return Trap::Interrupted;
  }
  // The unit being spent (budget_ went below zero) comes out of the next chunk.
  // An interrupt may have cut the last chunk short; it is counted as fully spent.
  int64_t next = kBudgetChunk;
  if (fuel_) {
    if (*fuel_ == 0) {
      budget_.store(0, std::memory_order_relaxed);
      return Trap::OutOfFuel;
    }
    next = int64_t(std::min<uint64_t>(*fuel_, kBudgetChunk));
    *fuel_ -= uint64_t(next);
  }
  budget_.store(next - 1, std::memory_order_relaxed);
  return Trap::None;
}

void Interpreter::make_exception(ModuleInstance* inst, uint32_t tag, const uint64_t* payload) {
  std::vector<ExnInst>& exns = store_->impl().exns;
  const TagAddr addr = inst->tags[tag];
  const size_t n = store_->impl().tags[addr].type.params.size();
  exns.push_back(ExnInst{addr, std::vector<uint64_t>(payload, payload + n)});
  exn_ = exns.size();
}

const CatchPad* Interpreter::catch_here(const CompiledFunc* func, const ModuleInstance* inst, const uint32_t* at) {
  const uint32_t pos = uint32_t(at - func->code);
  const ExnInst& exn = store_->impl().exns[exn_ - 1];
  for (const TryRange& r : func->try_ranges) {
    if (pos < r.begin || pos >= r.end) continue;
    for (uint32_t i = r.first_pad; i < r.first_pad + r.pad_count; ++i) {
      const CatchPad& c = func->catch_pads[i];
      const bool all = c.kind == CatchKind::CatchAll || c.kind == CatchKind::CatchAllRef;
      if (all || inst->tags[c.tag] == exn.tag) return &c;
    }
  }
  return nullptr;
}

void Interpreter::deliver(const CatchPad& pad, uint64_t* fp) {
  std::vector<ExnInst>& exns = store_->impl().exns;
  ExnInst& exn = exns[exn_ - 1];
  uint64_t* out = fp + pad.dst;
  if (pad.kind == CatchKind::Catch || pad.kind == CatchKind::CatchRef) {
    out = std::copy(exn.payload.begin(), exn.payload.end(), out);
  }
  if (pad.kind == CatchKind::CatchRef || pad.kind == CatchKind::CatchAllRef) {
    *out = exn_;
    exn.referenced = true;
  } else if (!exn.referenced && exn_ == exns.size()) {
    exns.pop_back();  // nothing can name it any more
  }
  exn_ = 0;
}

Interpreter::~Interpreter() {
  if (stack_) munmap(stack_, stack_bytes_);
  if (frames_) munmap(frames_, frames_bytes_);
}

Trap Interpreter::run(Interpreter* self, const CompiledFunc* func, ModuleInstance* inst, uint64_t* fp) {
  static const void* const kTable[] = {
#define WEFT_OP(name, prefix, code, text, sig, imm, fn, feat)                                          \
  &&L_##name, &&L_##name##Imm, &&L_##name##Mem, &&L_##name##JumpIf, &&L_##name##JumpIfImm, \
      &&L_##name##JumpUnless, &&L_##name##JumpUnlessImm, &&L_##name##AddrAdd, &&L_##name##AddrAddImm,  \
      &&L_##name##Mem64,
#include "core/binary/opcode.def"
#undef WEFT_OP
#define WEFT_IOP(name) &&L_##name,
      WEFT_INTERP_OPS(WEFT_IOP)
#undef WEFT_IOP
  };
  static_assert(std::size(kTable) == size_t(IOp::Count));
  if (!self) {
    g_handlers = kTable;
    return Trap::None;
  }

  const uint32_t* pc = func->code;
  uint32_t depth = self->depth_;
  Frame* const frames = self->frames_;
  const uint32_t max_depth = self->max_depth_;
  uint64_t* const stack_end = self->stack_end_;
  Store::Impl& store = self->store_->impl();
  std::vector<FuncInst*>& func_table = store.func_table;
  GcHeap& gc_heap = store.gc;
  const CompiledFunc* defined = nullptr;
  MemoryInst* mem0 = nullptr;
  uint8_t* mem = nullptr;
  uint64_t mem_size = 0;
  Trap trap = Trap::None;
  // State for the shared call paths.
  FuncInst* callee_inst = nullptr;
  const CompiledFunc* callee = nullptr;
  uint64_t* args = nullptr;
  const uint32_t* ret = nullptr;
  uint64_t table_index = 0;

  // Memory 0 of the current instance: its base never moves, its size may change
  // whenever other code ran (a call, memory.grow).
#define LOAD_INSTANCE()                              \
  do {                                               \
    defined = defined_funcs(inst);                   \
    mem0 = inst->memories.empty() ? nullptr : inst->memories[0]; \
    if (mem0) {                                      \
      mem = mem0->data();                            \
      mem_size = mem0->size();                       \
    }                                                \
  } while (0)
#define RELOAD_MEMORY_SIZE()              \
  do {                                    \
    if (mem0) mem_size = mem0->size();    \
  } while (0)
#define ZERO_LOCALS(f)                                                                \
  for (uint64_t *l_ = fp + (f)->param_count, *e_ = fp + (f)->local_count; l_ < e_; ++l_) *l_ = 0
#define DISPATCH()                           \
  do {                                       \
    const void* h_;                          \
    std::memcpy(&h_, pc, sizeof(h_));        \
    goto* h_;                                \
  } while (0)
#define NEXT(n)   \
  do {            \
    pc += (n);    \
    DISPATCH();   \
  } while (0)
#define TRAP(t)      \
  do {               \
    trap = (t);      \
    goto trapped;    \
  } while (0)
#define CHECK(expr)                                  \
  do {                                               \
    Trap t_ = (expr);                                \
    if (t_ != Trap::None) [[unlikely]] TRAP(t_);     \
  } while (0)
  // Every loop iteration and call spends one unit of the budget; an empty budget
  // takes the slow path (fuel accounting, interruption). Loop back-edges are
  // exactly the jumps that do not move forward.
#define SPEND()                                                    \
  do {                                                             \
    const int64_t b_ = self->budget_.load(std::memory_order_relaxed) - 1; \
    self->budget_.store(b_, std::memory_order_relaxed);            \
    if (b_ < 0) [[unlikely]] CHECK(self->refuel());                \
  } while (0)
#define JUMP_BY(delta)              \
  do {                              \
    const int32_t d_ = (delta);     \
    if (d_ <= 0) SPEND();           \
    pc += d_;                       \
    DISPATCH();                     \
  } while (0)

  // An operand of address type: i64 whole, i32 from the slot's low half.
#define ADDR(slot, wide) ((wide) ? fp[slot] : uint64_t(uint32_t(fp[slot])))

  LOAD_INSTANCE();
  DISPATCH();

  // --- the simple operators, generated from opcode.def ---
#define WEFT_OP(name, prefix, code, text, sig, imm, fn, feat)                                                  \
  L_##name : {                                                                                           \
    CHECK((handlers::simple<Opcode::name, ops::fn>(fp, pc, mem, mem_size)));                             \
    NEXT((handlers::simple_size<Opcode::name, ops::fn>()));                                              \
  }                                                                                                      \
  L_##name##Imm : {                                                                                      \
    CHECK((handlers::simple_imm<Opcode::name, ops::fn>(fp, pc)));                                        \
    NEXT(6);                                                                                             \
  }                                                                                                      \
  L_##name##Mem : {                                                                                      \
    MemoryInst* m_ = inst->memories[pc[5]];                                                              \
    CHECK((handlers::simple<Opcode::name, ops::fn>(fp, pc, m_->data(), m_->size())));                    \
    NEXT(6);                                                                                             \
  }                                                                                                      \
  L_##name##JumpIf : JUMP_BY((handlers::compare_jump<Opcode::name, ops::fn, true, false>(fp, pc)));      \
  L_##name##JumpIfImm : JUMP_BY((handlers::compare_jump<Opcode::name, ops::fn, true, true>(fp, pc)));    \
  L_##name##JumpUnless : JUMP_BY((handlers::compare_jump<Opcode::name, ops::fn, false, false>(fp, pc))); \
  L_##name##JumpUnlessImm : JUMP_BY((handlers::compare_jump<Opcode::name, ops::fn, false, true>(fp, pc)));\
  L_##name##AddrAdd : {                                                                                  \
    CHECK((handlers::addr_add<Opcode::name, ops::fn, false>(fp, pc, mem, mem_size)));                    \
    NEXT(6);                                                                                             \
  }                                                                                                      \
  L_##name##AddrAddImm : {                                                                               \
    CHECK((handlers::addr_add<Opcode::name, ops::fn, true>(fp, pc, mem, mem_size)));                     \
    NEXT(6);                                                                                             \
  }                                                                                                      \
  L_##name##Mem64 : {                                                                                    \
    MemoryInst* m_ = inst->memories[pc[6]];                                                              \
    CHECK((handlers::mem64<Opcode::name, ops::fn>(fp, pc, m_->data(), m_->size())));                     \
    NEXT(8);                                                                                             \
  }
#include "core/binary/opcode.def"
#undef WEFT_OP

  // --- moves, constants and branches ---
L_Move:
  fp[pc[2]] = fp[pc[3]];
  NEXT(4);
L_Move2:
  fp[pc[2]] = fp[pc[3]];
  fp[pc[4]] = fp[pc[5]];
  NEXT(6);
L_Const:
  fp[pc[2]] = handlers::imm64(pc + 4);
  NEXT(6);
L_Jump:
  JUMP_BY(int32_t(pc[2]));
L_JumpIf:
  JUMP_BY(uint32_t(fp[pc[2]]) ? int32_t(pc[3]) : 4);
L_JumpUnless:
  JUMP_BY(!uint32_t(fp[pc[2]]) ? int32_t(pc[3]) : 4);
L_JumpTable:
  JUMP_BY(int32_t(pc[4 + std::min(uint32_t(fp[pc[2]]), pc[3])]));
L_Choose:
  fp[pc[2]] = uint32_t(fp[pc[3]]) ? fp[pc[4]] : fp[pc[5]];
  NEXT(6);

  // --- calls: frames are records on frames_, never host recursion ---
L_Ret: {
  const Frame& f = frames[--depth];
  if (!f.ret) {
    self->depth_ = depth;
    return Trap::None;
  }
  pc = f.ret;
  fp = f.fp;
  func = f.func;
  if (f.inst != inst) {
    inst = f.inst;
    LOAD_INSTANCE();
  } else {
    RELOAD_MEMORY_SIZE();
  }
  DISPATCH();
}
L_CallDefined:
  callee = &defined[pc[2]];
  args = fp + pc[3];
  ret = pc + 4;
  callee_inst = nullptr;
  goto enter;
L_CallImport:
  callee_inst = inst->funcs[pc[2]];
  args = fp + pc[3];
  ret = pc + 4;
  goto call_func_inst;
L_CallTable64:
  table_index = fp[pc[5]];
  goto call_table;
L_CallTable:
  table_index = uint32_t(fp[pc[5]]);
call_table: {
  TableInst* t = inst->tables[pc[3]];
  const uint64_t i = table_index;
  if (i >= t->elems.size()) TRAP(Trap::UndefinedElement);
  const Ref r = t->elems[i];
  if (r.is_null()) {
    self->trap_element_ = i;
    TRAP(Trap::UninitializedElement);
  }
  callee_inst = func_table[r.bits - 1];
  if (callee_inst->canon != inst->types[pc[2]] && !canon_subtype(callee_inst->canon, inst->types[pc[2]])) {
    TRAP(Trap::IndirectCallTypeMismatch);
  }
  args = fp + pc[4];
  ret = pc + 6;
  goto call_func_inst;
}
L_CallFuncRef:  // {type, args, ref}
  if (!fp[pc[4]]) TRAP(Trap::NullFunctionReference);
  callee_inst = func_table[fp[pc[4]] - 1];
  args = fp + pc[3];
  ret = pc + 6;
  goto call_func_inst;
call_func_inst:
  if (callee_inst->kind == EntryKind::Host) {
    self->depth_ = depth;
    CHECK(self->call_host(*callee_inst, args, inst, fp + func->frame_size));
    RELOAD_MEMORY_SIZE();  // the host may have grown it
    pc = ret;
    DISPATCH();
  }
  callee = static_cast<const CompiledFunc*>(callee_inst->entry);
enter:
  if (depth >= max_depth || args + callee->frame_size > stack_end) [[unlikely]] TRAP(Trap::CallStackExhausted);
  SPEND();
  frames[depth++] = Frame{ret, fp, func, inst};
  fp = args;
  ZERO_LOCALS(callee);
  func = callee;
  pc = callee->code;
  if (callee_inst && callee_inst->instance != inst) {
    inst = callee_inst->instance;
    LOAD_INSTANCE();
  }
  DISPATCH();

  // Tail calls reuse the caller's frame: the arguments move to its bottom.
L_TailCallDefined:
  callee = &defined[pc[2]];
  args = fp + pc[3];
  callee_inst = nullptr;
  goto tail_enter;
L_TailCallImport:
  callee_inst = inst->funcs[pc[2]];
  args = fp + pc[3];
  goto tail_func_inst;
L_TailCallTable64:
  table_index = fp[pc[5]];
  goto tail_call_table;
L_TailCallTable:
  table_index = uint32_t(fp[pc[5]]);
tail_call_table: {
  TableInst* t = inst->tables[pc[3]];
  const uint64_t i = table_index;
  if (i >= t->elems.size()) TRAP(Trap::UndefinedElement);
  const Ref r = t->elems[i];
  if (r.is_null()) {
    self->trap_element_ = i;
    TRAP(Trap::UninitializedElement);
  }
  callee_inst = func_table[r.bits - 1];
  if (callee_inst->canon != inst->types[pc[2]] && !canon_subtype(callee_inst->canon, inst->types[pc[2]])) {
    TRAP(Trap::IndirectCallTypeMismatch);
  }
  args = fp + pc[4];
  goto tail_func_inst;
}
L_TailCallFuncRef:  // {type, args, ref}
  if (!fp[pc[4]]) TRAP(Trap::NullFunctionReference);
  callee_inst = func_table[fp[pc[4]] - 1];
  args = fp + pc[3];
  goto tail_func_inst;
tail_func_inst:
  if (callee_inst->kind == EntryKind::Host) {
    self->depth_ = depth;
    CHECK(self->call_host(*callee_inst, args, inst, fp + func->frame_size));
    std::memmove(fp, args, callee_inst->type.results.size() * sizeof(uint64_t));
    goto L_Ret;
  }
  callee = static_cast<const CompiledFunc*>(callee_inst->entry);
tail_enter:
  if (fp + callee->frame_size > stack_end) [[unlikely]] TRAP(Trap::CallStackExhausted);
  SPEND();
  std::memmove(fp, args, callee->param_count * sizeof(uint64_t));
  ZERO_LOCALS(callee);
  func = callee;
  pc = callee->code;
  if (callee_inst && callee_inst->instance != inst) {
    inst = callee_inst->instance;
    LOAD_INSTANCE();
  }
  DISPATCH();

  // --- variables and references ---
L_ReadGlobal:
  fp[pc[2]] = inst->globals[pc[3]]->bits;
  NEXT(4);
L_WriteGlobal:
  inst->globals[pc[2]]->bits = fp[pc[3]];
  NEXT(4);
L_IsNull:
  fp[pc[2]] = fp[pc[3]] == 0;
  NEXT(4);
L_MakeFuncRef:
  fp[pc[2]] = func_ref(inst->funcs[pc[3]]->addr).bits;
  NEXT(4);

  // --- typed references, i31, structs, arrays, casts (the work in gc_ops.cpp) ---
L_AsNonNull:  // {dst, src}
  if (!fp[pc[3]]) TRAP(Trap::NullReference);
  fp[pc[2]] = fp[pc[3]];
  NEXT(4);
L_SameRef:  // {dst, a, b}
  fp[pc[2]] = fp[pc[3]] == fp[pc[4]];
  NEXT(6);
L_JumpIfRef:  // {slot, rel}: whole 64-bit references, unlike JumpIf
  JUMP_BY(fp[pc[2]] ? int32_t(pc[3]) : 4);
L_JumpUnlessRef:
  JUMP_BY(!fp[pc[2]] ? int32_t(pc[3]) : 4);
L_MakeI31:  // {dst, src}
  fp[pc[2]] = Ref::i31(uint32_t(fp[pc[3]])).bits;
  NEXT(4);
L_ReadI31S:
  if (!fp[pc[3]]) TRAP(Trap::NullI31Reference);
  fp[pc[2]] = uint32_t(Ref{fp[pc[3]]}.i31_s());
  NEXT(4);
L_ReadI31U:
  if (!fp[pc[3]]) TRAP(Trap::NullI31Reference);
  fp[pc[2]] = Ref{fp[pc[3]]}.i31_u();
  NEXT(4);
L_NewStruct:  // {dst, type, args, defaults}
  CHECK(gc::struct_new(gc_heap, inst->types[pc[3]], pc[5] ? nullptr : fp + pc[4], fp[pc[2]]));
  NEXT(6);
L_GetField:  // {dst, ref, field}
  CHECK(gc::struct_get(fp[pc[3]], pc[4], gc::Extend::None, fp[pc[2]]));
  NEXT(6);
L_GetFieldS:
  CHECK(gc::struct_get(fp[pc[3]], pc[4], gc::Extend::Signed, fp[pc[2]]));
  NEXT(6);
L_GetFieldU:
  CHECK(gc::struct_get(fp[pc[3]], pc[4], gc::Extend::Unsigned, fp[pc[2]]));
  NEXT(6);
L_SetField:  // {ref, field, value}
  CHECK(gc::struct_set(fp[pc[2]], pc[3], fp[pc[4]]));
  NEXT(6);
L_NewArray:  // {dst, type, value, n, defaults}
  CHECK(gc::array_new(gc_heap, inst->types[pc[3]], pc[6] ? 0 : fp[pc[4]], uint32_t(fp[pc[5]]), fp[pc[2]]));
  NEXT(8);
L_NewArrayFixed:  // {dst, type, values, n}
  CHECK(gc::array_new_fixed(gc_heap, inst->types[pc[3]], fp + pc[4], pc[5], fp[pc[2]]));
  NEXT(6);
L_NewArrayData:  // {dst, type, data, offset, n}
  CHECK(gc::array_new_data(gc_heap, inst->types[pc[3]], inst->datas[pc[4]], uint32_t(fp[pc[5]]),
                           uint32_t(fp[pc[6]]), fp[pc[2]]));
  NEXT(8);
L_NewArrayElem:  // {dst, type, elem, offset, n}
  CHECK(gc::array_new_elem(gc_heap, inst->types[pc[3]], inst->elems[pc[4]], uint32_t(fp[pc[5]]),
                           uint32_t(fp[pc[6]]), fp[pc[2]]));
  NEXT(8);
L_GetElem:  // {dst, ref, index}
  CHECK(gc::array_get(fp[pc[3]], uint32_t(fp[pc[4]]), gc::Extend::None, fp[pc[2]]));
  NEXT(6);
L_GetElemS:
  CHECK(gc::array_get(fp[pc[3]], uint32_t(fp[pc[4]]), gc::Extend::Signed, fp[pc[2]]));
  NEXT(6);
L_GetElemU:
  CHECK(gc::array_get(fp[pc[3]], uint32_t(fp[pc[4]]), gc::Extend::Unsigned, fp[pc[2]]));
  NEXT(6);
L_SetElem:  // {ref, index, value}
  CHECK(gc::array_set(fp[pc[2]], uint32_t(fp[pc[3]]), fp[pc[4]]));
  NEXT(6);
L_ArrayLength:  // {dst, ref}
  CHECK(gc::array_len(fp[pc[3]], fp[pc[2]]));
  NEXT(4);
L_FillArray:  // {ref, offset, value, n}
  CHECK(gc::array_fill(fp[pc[2]], uint32_t(fp[pc[3]]), fp[pc[4]], uint32_t(fp[pc[5]])));
  NEXT(6);
L_CopyArray:  // {dst, dst_offset, src, src_offset, n}
  CHECK(gc::array_copy(fp[pc[2]], uint32_t(fp[pc[3]]), fp[pc[4]], uint32_t(fp[pc[5]]), uint32_t(fp[pc[6]])));
  NEXT(8);
L_InitArrayData:  // {data, ref, dst_offset, src_offset, n}
  CHECK(gc::array_init_data(fp[pc[3]], uint32_t(fp[pc[4]]), inst->datas[pc[2]], uint32_t(fp[pc[5]]),
                            uint32_t(fp[pc[6]])));
  NEXT(8);
L_InitArrayElem:  // {elem, ref, dst_offset, src_offset, n}
  CHECK(gc::array_init_elem(fp[pc[3]], uint32_t(fp[pc[4]]), inst->elems[pc[2]], uint32_t(fp[pc[5]]),
                            uint32_t(fp[pc[6]])));
  NEXT(8);
L_TestRef:  // {dst, ref, heap type bits (the module's), nullable}
  fp[pc[2]] = ref_matches(store, Ref{fp[pc[3]]}, cast_target(inst, pc[4], pc[5]));
  NEXT(6);
L_CastRef:
  if (!ref_matches(store, Ref{fp[pc[3]]}, cast_target(inst, pc[4], pc[5]))) TRAP(Trap::CastFailure);
  fp[pc[2]] = fp[pc[3]];
  NEXT(6);

  // --- memories ---
L_MemSize:
  fp[pc[2]] = inst->memories[pc[3]]->pages();
  NEXT(4);
L_MemGrow:
  fp[pc[2]] = uint32_t(int32_t(inst->memories[pc[4]]->grow(uint32_t(fp[pc[3]]))));
  RELOAD_MEMORY_SIZE();
  NEXT(6);
L_MemFill:
  CHECK(bulk::memory_fill(*inst->memories[pc[2]], uint32_t(fp[pc[3]]), uint8_t(fp[pc[4]]), uint32_t(fp[pc[5]])));
  NEXT(6);
L_MemCopy:
  CHECK(bulk::memory_copy(*inst->memories[pc[2]], *inst->memories[pc[3]], uint32_t(fp[pc[4]]), uint32_t(fp[pc[5]]),
                          uint32_t(fp[pc[6]])));
  NEXT(8);
L_MemInit:
  CHECK(bulk::memory_init(*inst->memories[pc[3]], inst->datas[pc[2]], uint32_t(fp[pc[4]]), uint32_t(fp[pc[5]]),
                          uint32_t(fp[pc[6]])));
  NEXT(8);
L_MemGrow64:
  fp[pc[2]] = uint64_t(inst->memories[pc[4]]->grow(fp[pc[3]]));
  RELOAD_MEMORY_SIZE();
  NEXT(6);
L_MemFill64:
  CHECK(bulk::memory_fill(*inst->memories[pc[2]], fp[pc[3]], uint8_t(fp[pc[4]]), fp[pc[5]]));
  NEXT(6);
L_MemCopy64:  // pc[7]: which of dst, src, n are i64 (bits 0, 1, 2); memories may differ in address type
  CHECK(bulk::memory_copy(*inst->memories[pc[2]], *inst->memories[pc[3]], ADDR(pc[4], pc[7] & 1),
                          ADDR(pc[5], pc[7] & 2), ADDR(pc[6], pc[7] & 4)));
  NEXT(8);
L_MemInit64:
  CHECK(bulk::memory_init(*inst->memories[pc[3]], inst->datas[pc[2]], fp[pc[4]], uint32_t(fp[pc[5]]),
                          uint32_t(fp[pc[6]])));
  NEXT(8);
L_DropData:
  inst->datas[pc[2]].bytes = {};
  NEXT(4);

  // --- tables ---
L_TabGet:
  CHECK(bulk::table_get(*inst->tables[pc[3]], uint32_t(fp[pc[4]]), fp[pc[2]]));
  NEXT(6);
L_TabSet:
  CHECK(bulk::table_set(*inst->tables[pc[2]], uint32_t(fp[pc[3]]), fp[pc[4]]));
  NEXT(6);
L_TabSize:
  fp[pc[2]] = inst->tables[pc[3]]->size();
  NEXT(4);
L_TabGrow:
  fp[pc[2]] = uint32_t(int32_t(inst->tables[pc[3]]->grow(uint32_t(fp[pc[5]]), Ref{fp[pc[4]]})));
  NEXT(6);
L_TabFill:
  CHECK(bulk::table_fill(*inst->tables[pc[2]], uint32_t(fp[pc[3]]), fp[pc[4]], uint32_t(fp[pc[5]])));
  NEXT(6);
L_TabCopy:
  CHECK(bulk::table_copy(*inst->tables[pc[2]], *inst->tables[pc[3]], uint32_t(fp[pc[4]]), uint32_t(fp[pc[5]]),
                         uint32_t(fp[pc[6]])));
  NEXT(8);
L_TabInit:
  CHECK(bulk::table_init(*inst->tables[pc[3]], inst->elems[pc[2]], uint32_t(fp[pc[4]]), uint32_t(fp[pc[5]]),
                         uint32_t(fp[pc[6]])));
  NEXT(8);
L_TabGet64:
  CHECK(bulk::table_get(*inst->tables[pc[3]], fp[pc[4]], fp[pc[2]]));
  NEXT(6);
L_TabSet64:
  CHECK(bulk::table_set(*inst->tables[pc[2]], fp[pc[3]], fp[pc[4]]));
  NEXT(6);
L_TabGrow64:
  fp[pc[2]] = uint64_t(inst->tables[pc[3]]->grow(fp[pc[5]], Ref{fp[pc[4]]}));
  NEXT(6);
L_TabFill64:
  CHECK(bulk::table_fill(*inst->tables[pc[2]], fp[pc[3]], fp[pc[4]], fp[pc[5]]));
  NEXT(6);
L_TabCopy64:  // pc[7] as for MemCopy64
  CHECK(bulk::table_copy(*inst->tables[pc[2]], *inst->tables[pc[3]], ADDR(pc[4], pc[7] & 1),
                         ADDR(pc[5], pc[7] & 2), ADDR(pc[6], pc[7] & 4)));
  NEXT(8);
L_TabInit64:
  CHECK(bulk::table_init(*inst->tables[pc[3]], inst->elems[pc[2]], fp[pc[4]], uint32_t(fp[pc[5]]),
                         uint32_t(fp[pc[6]])));
  NEXT(8);
L_DropElem:
  inst->elems[pc[2]].refs.clear();
  inst->elems[pc[2]].refs.shrink_to_fit();
  NEXT(4);

L_TrapUnreachable:
  TRAP(Trap::Unreachable);
L_Invalid:
  TRAP(Trap::Unreachable);

  // --- exceptions: throwing is a trap that handlers may stop (see `trapped`) ---
L_ThrowTag:
  self->make_exception(inst, pc[2], fp + pc[3]);
  TRAP(Trap::Exception);
L_ThrowExn:
  if (fp[pc[2]] == 0) TRAP(Trap::NullExceptionReference);
  self->exn_ = fp[pc[2]];
  TRAP(Trap::Exception);

trapped:
  // Unwinding: the nearest try_table around the throw, or around a call that is
  // still running when it threw, may catch it. The search leaves the machine as
  // it is until a clause matches, so an uncaught exception traces like a trap.
  if (trap == Trap::Exception) [[unlikely]] {
    uint32_t d = depth;
    const CompiledFunc* hf = func;
    const uint32_t* at = pc;
    uint64_t* hfp = fp;
    ModuleInstance* hinst = inst;
    while (true) {
      if (const CatchPad* c = self->catch_here(hf, hinst, at)) {
        depth = d;
        func = hf;
        fp = hfp;
        if (hinst != inst) {
          inst = hinst;
          LOAD_INSTANCE();
        } else {
          RELOAD_MEMORY_SIZE();
        }
        self->deliver(*c, fp);
        pc = func->code + c->pad;
        trap = Trap::None;
        DISPATCH();
      }
      const Frame& f = frames[d - 1];
      if (!f.ret) break;  // the function the host called: the exception leaves it
      --d;
      at = f.ret - 1;  // inside the call instruction
      hf = f.func;
      hfp = f.fp;
      hinst = f.inst;
    }
  }
  self->trap_func_ = func;
  self->trap_pc_ = pc;
  self->depth_ = depth;
  return trap;

#undef LOAD_INSTANCE
#undef RELOAD_MEMORY_SIZE
#undef ZERO_LOCALS
#undef DISPATCH
#undef NEXT
#undef TRAP
#undef CHECK
#undef SPEND
#undef JUMP_BY
#undef ADDR
}

}  // namespace weft::core

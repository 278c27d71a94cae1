// The adapter's exports: every preview-1 function, cabi_import_realloc and (command
// variant) wasi:cli/run. Each export first makes sure the state block and the shadow
// stack exist; it stays frame-less itself, so __stack_pointer is never used before.
#include "adapter.h"

// The global's definition (adapter.h only declares it); it starts at 0.
__asm__(".globl weft_adapter_state\nweft_adapter_state:\n");
__asm__(".globaltype __stack_pointer, i32\n");

static inline void set_state(uint32_t v) {
  __asm__ volatile("local.get %0\n\tglobal.set weft_adapter_state" : : "r"(v));
}
static inline void set_stack_pointer(uint32_t v) {
  __asm__ volatile("local.get %0\n\tglobal.set __stack_pointer" : : "r"(v));
}

void setup(void);  // state.c: stdio and preopens; runs on the new stack

enum {
  kPage = 65536,
  kStatePages = (sizeof(State) + CANARY_BYTES + kPage - 1) / kPage,
  kPages = ARENA_PAGES + STACK_PAGES + kStatePages,
};

// A region of our own at the end of memory: [arena][stack][state ... canary]. The
// persistent state sits highest, so that a guest allocation reaching into the region
// (see below) meets the scratch arena and the idle stack first.
static uint32_t grow_region(void) {
  int32_t first = __builtin_wasm_memory_grow(0, kPages);
  if (first < 0) __builtin_trap();
  return (uint32_t)first * kPage;
}

static void place(uint32_t base) {
  uint32_t state_at = base + (ARENA_PAGES + STACK_PAGES) * kPage;
  set_state(state_at);
  set_stack_pointer(state_at);  // the stack grows down from the state block
}

// wasi-libc before __heap_end (Debian's) makes everything from __heap_base to the end of
// memory its heap at its first malloc, which comes after our first calls: our region
// becomes part of its top chunk. dlmalloc then writes its top chunk's footer into the
// last bytes of memory, our canary; seeing it, we move to a fresh region, which (grown
// after that claim) is ours alone. Leaf and stack-free, like everything before setup().
__attribute__((noinline)) static void init(void) {
  State* st = state();
  if (st) {
    if (canary_intact(st)) return;
    uint32_t base = grow_region();
    State* moved = (State*)(uintptr_t)(base + (ARENA_PAGES + STACK_PAGES) * kPage);
    __builtin_memcpy(moved, st, sizeof(State));
    moved->arena_base = base;
    moved->arena_size = ARENA_PAGES * kPage;
    moved->canary = base + kPages * kPage - CANARY_BYTES;
    ++moved->relocations;
    place(base);
    return;
  }
  uint32_t base = grow_region();
  place(base);
  st = state();
  st->arena_base = base;
  st->arena_size = ARENA_PAGES * kPage;
  st->canary = base + kPages * kPage - CANARY_BYTES;
  setup();
}

static inline void enter(void) {
  init();
  State* st = state();
  st->arena_used = 0;
  st->pending_ptr = 0;
  st->pending_len = 0;
}

#define WASI_FUNC(name, params, args)                       \
  __attribute__((export_name(#name))) int32_t name params { \
    enter();                                                \
    return impl_##name args;                                \
  }
#include "functions.def"
#undef WASI_FUNC

__attribute__((export_name("proc_exit"))) void proc_exit(uint32_t code) {
  enter();
  cli_exit(code != 0);  // WASI 0.2's exit takes a result: any failure status is "error"
  __builtin_trap();
}

// The component lowers the lists and strings our WASI 0.2 imports return through this:
// into the caller's buffer when one is pending (fd_read's bytes land in place), else
// into the arena, which every preview-1 call resets.
__attribute__((export_name("cabi_import_realloc"))) void* cabi_import_realloc(void* old, uint32_t old_size,
                                                                              uint32_t align, uint32_t size) {
  if (old || old_size) __builtin_trap();  // lowering only ever allocates
  State* st = state();
  if (st->pending_ptr && size <= st->pending_len) {
    void* p = (void*)(uintptr_t)st->pending_ptr;
    st->pending_ptr = 0;
    st->pending_len = 0;
    return p;
  }
  return arena_alloc(size, align);
}

#ifdef WEFT_ADAPTER_COMMAND
IMPORT("__main_module__", "_start") void main_module_start(void);

__attribute__((export_name("wasi:cli/run@0.2.12#run"))) int32_t run(void) {
  enter();
  main_module_start();
  return 0;  // a failure status ends the run through proc_exit instead
}
#endif

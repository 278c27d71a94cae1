// Fuzz target: arbitrary text through the WAST script parser and the WAT module parser,
// and whatever the text parser encodes through the decoder and validator. A module
// that validates and needs no imports is instantiated and its exported functions
// are called with zero and null arguments under tight limits (fuel, memory, GC
// heap): seeded with the 3.0 suite, this runs mutated GC, exception and
// typed-reference code. Traps are fine; crashes and errors without a message are
// findings.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/runtime/store.h"
#include "core/text/script.h"
#include "core/validate/validator.h"

namespace {

using namespace weft::core;

void run_exports(const ValidatedModulePtr& vm) {
  if (!vm->module.imports.empty()) return;
  StoreLimits limits;
  limits.max_call_depth = 200;
  limits.max_memory_pages = 16;
  limits.max_table_elements = 1000;
  limits.fuel = 20000;
  limits.max_gc_heap_bytes = 16 << 20;
  Store store(limits);
  auto inst = store.instantiate(vm, {});
  if (!inst) {
    if (inst.error().message.empty()) __builtin_trap();
    return;
  }
  for (const auto& [name, ext] : store.exports(*inst)) {
    if (ext.kind != ExternKind::Func) continue;
    const FuncType& type = store.func_type(ext.addr);
    std::vector<Value> args;
    bool callable = true;
    for (ValType t : type.params) {
      if (t.is_ref() && !t.nullable) callable = false;  // no value to pass
      args.push_back(t.is_ref() ? Value::null(ValType::ref(t.heap.is_abstract() ? t.heap : HeapType::abs(AbsHeap::None), true))
                                : Value{t, 0});
    }
    if (!callable) continue;
    auto r = store.invoke(ext.addr, args);
    if (!r && r.error().message.empty()) __builtin_trap();
  }
}

void load_and_run(std::span<const uint8_t> bytes) {
  auto module = load_module(bytes);
  if (!module && module.error().message.empty()) __builtin_trap();
  if (module) run_exports(*module);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto script = weft::core::text::parse_script(text);
  if (!script && script.error().message.empty()) __builtin_trap();
  // Every module of a script (the spec suites are the seeds), then the text as one module.
  if (script) {
    for (const auto& c : script->commands) {
      const auto* m = std::get_if<weft::core::text::CmdModule>(&c.command);
      if (m && m->module.binary) load_and_run(*m->module.binary);
    }
  }
  auto bytes = weft::core::text::parse_wat_module(text);
  if (bytes) {
    load_and_run(*bytes);
  } else if (bytes.error().message.empty()) {
    __builtin_trap();
  }
  return 0;
}

// Import matching: external types against declared import types, with limits subtyping.
// spec: https://webassembly.github.io/spec/core/valid/types.html#import-subtyping
#include "core/runtime/instance.h"
#include "core/validate/subtyping.h"

namespace weft::core {
namespace {

// spec: limits {min n1, max m1?} match {min n2, max m2?} when n1 >= n2 and, if m2
// is present, m1 is present and m1 <= m2.
bool limits_match(const Limits& actual, const Limits& expected) {
  if (actual.min < expected.min) return false;
  if (!expected.max) return true;
  return actual.max && *actual.max <= *expected.max;
}

std::unexpected<Error> incompatible(const Import& import) {
  return make_error(Phase::Link, Span::at(import.offset), "incompatible import type");
}

}  // namespace

Result<void> match_import(const Store& store, const Import& import, const ValidatedModule& vm, Extern value) {
  if (value.kind != import.kind) return incompatible(import);
  const Store::Impl& s = store.impl();
  const TypeSpace canon{};  // store entities' types are canonical
  auto declared = [&](ValType t) { return canonical_type(t, vm.types); };
  switch (import.kind) {
    case ExternKind::Func:
      // spec: the function's type must be a subtype of the declared one.
      if (value.addr >= s.funcs.size() || !canon_subtype(s.funcs[value.addr].canon, vm.types[import.func_type])) {
        return incompatible(import);
      }
      return {};
    case ExternKind::Table: {
      if (value.addr >= s.tables.size()) return incompatible(import);
      const TableInst& t = s.tables[value.addr];
      if (!val_equal(t.type.elem, declared(import.table.elem), canon) || t.type.is64 != import.table.is64 ||
          !limits_match(t.type.limits, import.table.limits)) {
        return incompatible(import);
      }
      return {};
    }
    case ExternKind::Memory: {
      if (value.addr >= s.memories.size()) return incompatible(import);
      const MemoryType actual = s.memories[value.addr].type();
      if (actual.is64 != import.memory.is64 || actual.shared != import.memory.shared ||
          !limits_match(actual.limits, import.memory.limits)) {
        return incompatible(import);
      }
      return {};
    }
    case ExternKind::Global: {
      if (value.addr >= s.globals.size()) return incompatible(import);
      // spec: an immutable global is covariant, a mutable one invariant.
      const GlobalType& g = s.globals[value.addr].type;
      const ValType want = declared(import.global.type);
      if (g.mut != import.global.mut || !val_subtype(g.type, want, canon)) return incompatible(import);
      if (g.mut && !val_subtype(want, g.type, canon)) return incompatible(import);
      return {};
    }
    case ExternKind::Tag: {
      // spec: tag types match when their function types are equivalent.
      if (value.addr >= s.tags.size() || s.tags[value.addr].canon != vm.types[import.tag.type_index]) {
        return incompatible(import);
      }
      return {};
    }
  }
  return incompatible(import);
}

}  // namespace weft::core

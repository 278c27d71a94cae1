// Validation of canonical definitions: lift, lower, and the built-ins, with their
// options and the core function types they produce or require.
// spec: CanonicalABI.md "Canonical Definitions" ("canonopt Validation", "canon lift",
// "canon lower", and one section per built-in)
#include "component/binary/validator_impl.h"

#include "component/types/abi.h"

namespace weft::component::detail {
namespace {

using core::ValType;
using CFT = core::FuncType;

std::string debug_types(const std::vector<ValType>& ts) {
  std::string s = "[";
  for (size_t i = 0; i < ts.size(); ++i) {
    if (i) s += ", ";
    // wasm-tools' spelling (Rust's Debug of its ValType), so messages match its own.
    switch (ts[i].code) {
      case ValType::kI32: s += "I32"; break;
      case ValType::kI64: s += "I64"; break;
      case ValType::kF32: s += "F32"; break;
      case ValType::kF64: s += "F64"; break;
      case ValType::kV128: s += "V128"; break;
      default:
        if (ts[i] == ValType::FuncRef) s += "FuncRef";
        else if (ts[i] == ValType::ExternRef) s += "ExternRef";
        else if (ts[i] == ValType::ExnRef) s += "ExnRef";
        else s += core::valtype_name(ts[i]);
    }
  }
  return s + "]";
}

// The canonopts of one definition, after the checks every definition shares.
struct Options {
  std::optional<CanonOpt::Kind> encoding;
  std::optional<uint32_t> memory, realloc, post_return, callback;
  bool async = false;
  bool gc = false;               // Wasmtime's GC ABI
  std::optional<CFT> core_type;  // its `core-type`: the core function type a lowering gets
  bool memory64 = false;  // the memory's address type is i64: pointers and lengths are i64
  uint32_t offset = 0;
  ValType ptr() const { return memory64 ? ValType::I64 : ValType::I32; }
  FlattenOptions flatten() const { return {async, callback.has_value(), ptr()}; }
};

constexpr const char* encoding_name(CanonOpt::Kind k) {
  return k == CanonOpt::Kind::Utf8 ? "utf8" : k == CanonOpt::Kind::Utf16 ? "utf16" : "latin1-utf16";
}

// One value of Wasmtime's GC ABI: a scalar's core type must be the one it maps to;
// any other type is not supported (it would need GC reference types).
Result<void> gc_value(const TypeArena& arena, TypeRef t, ValType actual, uint32_t offset) {
  std::optional<ValType> want = gc_scalar_type(t);
  if (!want)
    return Validator::invalid(
        offset, fmt::format("not supported yet: the gc canonical ABI for `{}`", arena.describe(t)));
  if (*want != actual)
    return Validator::invalid(
        offset, fmt::format("expected to lower component `{}` type to core `{}` type, found `{}`",
                            arena.describe(t), core::valtype_name(*want), core::valtype_name(actual)));
  return {};
}

// Wasmtime's GC ABI for a whole function (wasm-tools' `lower_gc`): one core value per
// parameter and per result, no spilling to memory. `core` is the lifted core
// function's type, or a lowering's declared `core-type`.
Result<void> gc_functype(const TypeArena& arena, const FuncType& ft, const CFT& lowered, uint32_t offset) {
  if (lowered.params.size() != ft.params.size())
    return Validator::invalid(
        offset,
        fmt::format("declared `core-type` has {} parameters, but component function has {} parameters",
                    lowered.params.size(), ft.params.size()));
  for (size_t i = 0; i < ft.params.size(); ++i)
    WEFT_CHECK(gc_value(arena, ft.params[i].type, lowered.params[i], offset));
  const size_t results = ft.result ? 1 : 0;
  if (lowered.results.size() != results)
    return Validator::invalid(
        offset, fmt::format("declared `core-type` has {} results, but component function has {} results",
                            lowered.results.size(), results));
  if (ft.result) WEFT_CHECK(gc_value(arena, *ft.result, lowered.results[0], offset));
  return {};
}

}  // namespace

// spec: "canonopt Validation"
static Result<Options> options(Validator& v, const Canon& c) {
  Options o;
  o.offset = c.offset;
  uint32_t realloc_offset = 0;
  auto twice = [&](const CanonOpt& opt, const char* name) {
    return Validator::invalid(opt.offset, fmt::format("canonical option `{}` is specified more than once", name));
  };
  for (const CanonOpt& opt : c.opts) {
    switch (opt.kind) {
      case CanonOpt::Kind::Utf8: case CanonOpt::Kind::Utf16: case CanonOpt::Kind::Latin1Utf16:
        if (o.encoding)
          return Validator::invalid(opt.offset, fmt::format("canonical encoding option `{}` conflicts with option `{}`",
                                                            encoding_name(*o.encoding), encoding_name(opt.kind)));
        o.encoding = opt.kind;
        break;
      case CanonOpt::Kind::Memory: {
        if (o.memory) return Validator::invalid(opt.offset, "`memory` is specified more than once");
        WEFT_TRY(m, v.memory_at(opt.index, opt.offset));
        o.memory = opt.index;
        o.memory64 = m.is64;
        break;
      }
      case CanonOpt::Kind::Realloc: {
        if (o.realloc) return twice(opt, "realloc");
        WEFT_CHECK(v.core_func_at(opt.index, opt.offset));
        o.realloc = opt.index;
        realloc_offset = opt.offset;
        break;
      }
      case CanonOpt::Kind::PostReturn: {
        if (o.post_return) return twice(opt, "post-return");
        WEFT_TRY(f, v.core_func_at(opt.index, opt.offset));
        (void)f;
        o.post_return = opt.index;
        break;
      }
      case CanonOpt::Kind::Async:
        if (o.async) return twice(opt, "async");
        o.async = true;
        break;
      case CanonOpt::Kind::Callback: {
        if (o.callback) return twice(opt, "callback");
        WEFT_TRY(f, v.core_func_at(opt.index, opt.offset));
        if (f != CFT{{ValType::I32, ValType::I32, ValType::I32}, {ValType::I32}})
          return Validator::invalid(opt.offset, "canonical option `callback` uses a core function with an incorrect signature");
        o.callback = opt.index;
        break;
      }
      case CanonOpt::Kind::CoreType: {  // wasm-tools spells this one `core type` in its messages
        if (!v.features().cm_gc)
          return Validator::invalid(opt.offset, "canonical option `core type` requires the component model gc feature");
        if (o.core_type) return twice(opt, "core type");
        WEFT_TRY(t, v.core_type_at(opt.index, opt.offset));
        if (!t->is_func())
          return Validator::invalid(opt.offset,
                                    "canonical option `core type` must reference a core function type");
        o.core_type = t->func;
        break;
      }
      case CanonOpt::Kind::Gc:
        if (!v.features().cm_gc) return Validator::invalid(opt.offset, "canonical option `gc` requires the `cm-gc` feature");
        if (o.gc) return twice(opt, "gc");
        o.gc = true;
        break;
    }
  }
  if (o.realloc && !o.memory)
    return Validator::invalid(c.offset, "canonical option `realloc` requires `memory` to also be specified");
  if (o.realloc) {  // spec: realloc is (ptr ptr ptr ptr) -> ptr in the memory's address type
    WEFT_TRY(f, v.core_func_at(*o.realloc, realloc_offset));
    const ValType p = o.ptr();
    if (f != CFT{{p, p, p, p}, {p}})
      return Validator::invalid(realloc_offset,
                                "canonical option `realloc` uses a core function with an incorrect signature");
  }
  if (o.callback && !o.async) return Validator::invalid(c.offset, "cannot specify callback without async");
  if (o.post_return && o.async) return Validator::invalid(c.offset, "cannot specify post-return function in async");
  if (o.core_type && !o.gc) return Validator::invalid(c.offset, "cannot specify `core-type` without `gc`");
  return o;
}

// Whatever lowers (canon lower, and the built-ins that take options) names the core
// function type it gets under the GC ABI.
static Result<void> gc_needs_core_type(const Options& o) {
  if (o.gc && !o.core_type)
    return Validator::invalid(o.offset,
                              "cannot specify `gc` without also specifying a `core-type` for lowerings");
  return {};
}

// A built-in's core signature is fixed: a declared `core-type` must be exactly it.
static Result<void> fixed_core_type(const Options& o, const CFT& actual) {
  WEFT_CHECK(gc_needs_core_type(o));
  if (!o.core_type) return {};
  if (o.core_type->params != actual.params)
    return Validator::invalid(
        o.offset,
        fmt::format(
            "declared core type has `{}` parameter types, but actual lowering has `{}` parameter types",
            debug_types(o.core_type->params), debug_types(actual.params)));
  if (o.core_type->results != actual.results)
    return Validator::invalid(
        o.offset,
        fmt::format("declared core type has `{}` result types, but actual lowering has `{}` result types",
                    debug_types(o.core_type->results), debug_types(actual.results)));
  return {};
}

// Only the listed options may appear (built-ins take an ad hoc subset).
static Result<void> only(const Options& o, bool memory, bool realloc, bool encoding, bool async, const char* what) {
  auto no = [&](const char* opt) {
    return Validator::invalid(o.offset, fmt::format("canonical option `{}` cannot be specified for `{}`", opt, what));
  };
  if (o.memory && !memory) return no("memory");
  if (o.realloc && !realloc) return no("realloc");
  if (o.encoding && !encoding) return no("string-encoding");
  if (o.async && !async) return no("async");
  if (o.post_return) return no("post-return");
  if (o.callback) return no("callback");
  return {};
}

static Result<void> require(const Options& o, bool memory, bool realloc) {
  if (memory && !o.memory) return Validator::invalid(o.offset, "canonical option `memory` is required");
  if (realloc && !o.realloc) return Validator::invalid(o.offset, "canonical option `realloc` is required");
  return {};
}

Result<void> Validator::canon(const Canon& c) {
  Scope& sc = scope();
  auto core_func = [&](CFT t) -> Result<void> {
    sc.spaces.core_funcs.push_back(std::move(t));
    return {};
  };
  auto resource = [&](bool local) -> Result<uint32_t> {
    WEFT_TRY(t, type_at(c.type, c.offset));
    if (t.kind != TypeKind::Resource) return invalid(c.offset, fmt::format("type index {} is not a resource type", c.type));
    if (local && !sc.local.count(arena_.resource_root(t.index))) return invalid(c.offset, "not a local resource");
    return t.index;
  };
  auto async_type = [&](DefinedKind want) -> Result<const DefinedType*> {
    WEFT_TRY(t, type_at(c.type, c.offset));
    const char* what = want == DefinedKind::Stream ? "stream" : "future";
    if (t.kind != TypeKind::Defined || arena_.defined(t.index).kind != want)
      return invalid(c.offset, fmt::format("type index {} is not a {} type", c.type, what));
    return &arena_.defined(t.index);
  };
  const ValType i32 = ValType::I32;
  switch (c.op) {
    case 0x00: {  // spec: canon lift
      WEFT_TRY(core, core_func_at(c.func, c.offset));
      WEFT_TRY(t, type_at(c.type, c.offset));
      if (t.kind != TypeKind::Func) return invalid(c.offset, fmt::format("type index {} is not a function type", c.type));
      const FuncType& ft = arena_.func(t.index);
      WEFT_TRY(o, options(*this, c));
      if (o.core_type)
        return invalid(c.offset, "canonical option `core-type` is not allowed in `canon lift`");
      if (o.async && !ft.async) return invalid(c.offset, "the `async` canonical option requires an async function type");
      if (o.gc) {  // the core function's own type must be the GC ABI's lowering of `ft`
        if (o.post_return) {
          WEFT_TRY(pr, core_func_at(*o.post_return, c.offset));
          if (pr != CFT{core.results, {}})
            return invalid(c.offset,
                           "canonical option `post-return` uses a core function with an incorrect signature");
        }
        WEFT_CHECK(gc_functype(arena_, ft, core, c.offset));
        sc.spaces.funcs.push_back(t);
        return {};
      }
      bool params_memory = false, result_memory = false;
      for (const Field& p : ft.params) params_memory |= arena_.info(p.type).needs_memory;
      if (ft.result) result_memory = arena_.info(*ft.result).needs_memory;
      auto flat_params = flatten_types(arena_, param_types(ft), i32, kMaxFlatParams + 1);
      auto flat_results = flatten_types(arena_, result_types(ft), i32, kMaxFlatParams + 1);
      bool many_params = flat_params.size() > kMaxFlatParams;
      bool many_results = flat_results.size() > (o.async ? kMaxFlatParams : kMaxFlatResults);
      WEFT_CHECK(require(o, params_memory || result_memory || many_params || many_results, params_memory || many_params));
      CFT expected = flatten_functype(arena_, ft, o.flatten(), FlattenContext::Lift);
      if (core.params != expected.params)
        return invalid(c.offset, fmt::format("lowered parameter types `{}` do not match parameter types `{}` of core function {}",
                                             debug_types(expected.params), debug_types(core.params), c.func));
      if (core.results != expected.results)
        return invalid(c.offset, fmt::format("lowered result types `{}` do not match result types `{}` of core function {}",
                                             debug_types(expected.results), debug_types(core.results), c.func));
      if (o.post_return) {
        WEFT_TRY(pr, core_func_at(*o.post_return, c.offset));
        if (pr != CFT{expected.results, {}})
          return invalid(c.offset, "canonical option `post-return` uses a core function with an incorrect signature");
      }
      sc.spaces.funcs.push_back(t);
      return {};
    }
    case 0x01: {  // spec: canon lower
      WEFT_TRY(f, func_at(c.func, c.offset));
      const FuncType& ft = arena_.func(f.index);
      WEFT_TRY(o, options(*this, c));
      if (o.post_return) return invalid(c.offset, "canonical option `post-return` cannot be specified for lowerings");
      if (o.callback) return invalid(c.offset, "canonical option `callback` cannot be specified for lowerings");
      WEFT_CHECK(gc_needs_core_type(o));
      if (o.async && !ft.async) return invalid(c.offset, "the `async` canonical option requires an async function type");
      if (o.gc) {  // the declared core type, if it is the GC ABI's lowering of `ft`
        WEFT_CHECK(gc_functype(arena_, ft, *o.core_type, c.offset));
        return core_func(*o.core_type);
      }
      bool params_memory = false, result_memory = false;
      for (const Field& p : ft.params) params_memory |= arena_.info(p.type).needs_memory;
      if (ft.result) result_memory = arena_.info(*ft.result).needs_memory;
      auto flat_params = flatten_types(arena_, param_types(ft), i32, kMaxFlatParams + 1);
      auto flat_results = flatten_types(arena_, result_types(ft), i32, kMaxFlatParams + 1);
      bool many_params = flat_params.size() > (o.async ? kMaxFlatAsyncParams : kMaxFlatParams);
      bool many_results = flat_results.size() > (o.async ? 0 : kMaxFlatResults);
      WEFT_CHECK(require(o, params_memory || result_memory || many_params || many_results, result_memory));
      return core_func(flatten_functype(arena_, ft, o.flatten(), FlattenContext::Lower));
    }
    case 0x02: {  // resource.new
      WEFT_TRY(r, resource(true));
      return core_func({{*arena_.resource(r).rep}, {i32}});
    }
    case 0x03: WEFT_CHECK(resource(false)); return core_func({{i32}, {}});  // resource.drop
    case 0x04: {  // resource.rep
      WEFT_TRY(r, resource(true));
      return core_func({{i32}, {*arena_.resource(r).rep}});
    }
    case 0x24: case 0x25: case 0x05: return core_func({});  // backpressure.inc/dec, task.cancel
    case 0x09: {  // task.return
      WEFT_TRY(o, options(*this, c));
      WEFT_CHECK(only(o, true, false, true, false, "task.return"));
      FuncType ft;
      if (c.result) {
        WEFT_TRY(t, valtype(*c.result, c.offset));
        if (arena_.info(t).contains_borrow) return invalid(c.offset, "function result cannot contain a `borrow` type");
        ft.params.push_back({"v", t});
      }
      WEFT_CHECK(gc_needs_core_type(o));
      if (o.gc) {
        WEFT_CHECK(gc_functype(arena_, ft, *o.core_type, c.offset));
        return core_func(*o.core_type);
      }
      bool memory = false;
      if (!ft.params.empty()) {
        memory = arena_.info(ft.params[0].type).needs_memory ||
                 flatten_types(arena_, param_types(ft), i32, kMaxFlatParams + 1).size() > kMaxFlatParams;
      }
      WEFT_CHECK(require(o, memory, false));
      return core_func(flatten_functype(arena_, ft, {false, false, o.ptr()}, FlattenContext::Lower));
    }
    case 0x0a: case 0x0b: {  // context.get / context.set
      if (c.ctx_type != i32) return invalid(c.offset, "context.get/set only support i32 slots");
      if (c.ctx_index >= 2) return invalid(c.offset, fmt::format("context slot {} is out of bounds", c.ctx_index));
      if (sc.context_type && *sc.context_type != c.ctx_type) return invalid(c.offset, "context.get/set must all use the same type");
      sc.context_type = c.ctx_type;
      return core_func(c.op == 0x0a ? CFT{{}, {c.ctx_type}} : CFT{{c.ctx_type}, {}});
    }
    case 0x06: return core_func({{i32}, {i32}});  // subtask.cancel
    case 0x0d: return core_func({{i32}, {}});     // subtask.drop
    case 0x0e: WEFT_CHECK(async_type(DefinedKind::Stream)); return core_func({{}, {ValType::I64}});
    case 0x15: WEFT_CHECK(async_type(DefinedKind::Future)); return core_func({{}, {ValType::I64}});
    case 0x0f: case 0x10: case 0x16: case 0x17: {  // stream/future read/write
      bool stream = c.op == 0x0f || c.op == 0x10;
      bool read = c.op == 0x0f || c.op == 0x16;
      WEFT_TRY(d, async_type(stream ? DefinedKind::Stream : DefinedKind::Future));
      WEFT_TRY(o, options(*this, c));
      WEFT_CHECK(only(o, true, true, true, true, stream ? (read ? "stream.read" : "stream.write") : (read ? "future.read" : "future.write")));
      if (d->elem) {
        bool needs = arena_.info(*d->elem).needs_memory;
        WEFT_CHECK(require(o, true, read && needs));
      }
      CFT sig = stream ? CFT{{i32, i32, i32}, {i32}} : CFT{{i32, i32}, {i32}};
      WEFT_CHECK(fixed_core_type(o, sig));
      return core_func(std::move(sig));
    }
    case 0x11: case 0x12: WEFT_CHECK(async_type(DefinedKind::Stream)); return core_func({{i32}, {i32}});
    case 0x18: case 0x19: WEFT_CHECK(async_type(DefinedKind::Future)); return core_func({{i32}, {i32}});
    case 0x13: case 0x14: WEFT_CHECK(async_type(DefinedKind::Stream)); return core_func({{i32}, {}});
    case 0x1a: case 0x1b: WEFT_CHECK(async_type(DefinedKind::Future)); return core_func({{i32}, {}});
    case 0x1c: case 0x1d: {  // error-context.new / debug-message
      WEFT_TRY(o, options(*this, c));
      bool debug = c.op == 0x1d;
      WEFT_CHECK(only(o, true, debug, true, false, debug ? "error-context.debug-message" : "error-context.new"));
      WEFT_CHECK(require(o, true, debug));
      CFT sig = debug ? CFT{{i32, i32}, {}} : CFT{{i32, i32}, {i32}};
      WEFT_CHECK(fixed_core_type(o, sig));
      return core_func(std::move(sig));
    }
    case 0x1e: case 0x22: return core_func({{i32}, {}});  // error-context.drop, waitable-set.drop
    case 0x1f: return core_func({{}, {i32}});              // waitable-set.new
    case 0x20: case 0x21: {                                // waitable-set.wait / poll
      WEFT_CHECK(memory_at(c.memory, c.offset));
      return core_func({{i32, i32}, {i32}});
    }
    case 0x23: return core_func({{i32, i32}, {}});  // waitable.join
    case 0x26: return core_func({{}, {i32}});       // thread.index
    case 0x27: {                                    // thread.new-indirect
      WEFT_TRY(ct, core_type_at(c.type, c.offset));
      if (!ct->is_func() || ct->func != CFT{{i32}, {}})
        return invalid(c.offset, "thread.new-indirect requires a core function type [i32] -> []");
      WEFT_TRY(table, table_at(c.table, c.offset));
      if (table.elem != ValType::FuncRef) return invalid(c.offset, "thread.new-indirect requires a funcref table");
      return core_func({{i32, i32}, {i32}});
    }
    case 0x28: return core_func({{i32}, {}});  // thread.resume-later
    case 0x29: case 0x0c: return core_func({{}, {i32}});  // thread.suspend, thread.yield
    case 0x2a: case 0x2b: case 0x2c: case 0x2d: return core_func({{i32}, {i32}});
    case 0x40: case 0x41: case 0x42:
      return invalid(c.offset, "not supported yet: shared-everything threads built-ins");
  }
  return invalid(c.offset, "unknown canonical function");
}

}  // namespace weft::component::detail

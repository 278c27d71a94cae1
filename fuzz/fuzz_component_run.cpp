// Fuzz target: arbitrary bytes through the component decoder and validator, then
// instantiation and canonical ABI calls. Every import the component declares gets a
// host definition built from its type (functions return default values, resources
// are host resource types); every exported function, at the top level and inside
// exported instances, is called with default arguments. Errors and traps are fine;
// only crashes, sanitizer reports and hangs are bugs.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "component/binary/validator.h"
#include "component/canon/call.h"
#include "component/canon/state.h"
#include "component/canon/value.h"
#include "component/link/item.h"
#include "core/runtime/store.h"

namespace {

using namespace weft;
using namespace weft::component;

// Bounds how much a fuzzer-chosen type may make us build (list<T, N> with a large N).
constexpr uint64_t kMaxDefaultItems = 4096;
constexpr int kMaxInstanceDepth = 16;

// The run-time resource types the host made for imported resources, by resource identity.
using HostResources = std::map<std::pair<const TypeArena*, uint32_t>, uint32_t>;

struct Ctx {
  Runtime& rt;
  HostResources resources;
  uint64_t budget = kMaxDefaultItems;  // Vals left to build for the current value
};

// The simplest value of type `t`; nullopt when there is none we can make (a handle
// of a resource the guest defines, streams, futures, error contexts) or it is too big.
std::optional<Val> default_val(Ctx& cx, const TypeArena& types, ValType t) {
  if (cx.budget == 0) return std::nullopt;
  --cx.budget;
  if (t.kind == TypeKind::Prim) {
    switch (t.as_prim()) {
      case PrimValType::Bool: return Val::boolean(false);
      case PrimValType::S8: return Val{ValKind::S8};
      case PrimValType::U8: return Val{ValKind::U8};
      case PrimValType::S16: return Val{ValKind::S16};
      case PrimValType::U16: return Val{ValKind::U16};
      case PrimValType::S32: return Val{ValKind::S32};
      case PrimValType::U32: return Val{ValKind::U32};
      case PrimValType::S64: return Val{ValKind::S64};
      case PrimValType::U64: return Val{ValKind::U64};
      case PrimValType::F32: return Val::f32(0);
      case PrimValType::F64: return Val::f64(0);
      case PrimValType::Char: return Val::character(U'a');
      case PrimValType::String: return Val::string("");
      default: return std::nullopt;
    }
  }
  if (t.kind != TypeKind::Defined) return std::nullopt;
  const DefinedType& d = types.defined(t.index);
  auto all = [&](auto&& range, auto&& type_of) -> std::optional<std::vector<Val>> {
    std::vector<Val> out;
    for (const auto& x : range) {
      auto v = default_val(cx, types, type_of(x));
      if (!v) return std::nullopt;
      out.push_back(std::move(*v));
    }
    return out;
  };
  auto payload = [&](const std::optional<ValType>& p) -> std::optional<std::vector<Val>> {
    if (!p) return std::vector<Val>{};
    auto v = default_val(cx, types, *p);
    if (!v) return std::nullopt;
    return std::vector<Val>{std::move(*v)};
  };
  switch (d.kind) {
    case DefinedKind::Record: {
      auto f = all(d.fields, [](const Field& x) { return x.type; });
      return f ? std::optional(Val::record(std::move(*f))) : std::nullopt;
    }
    case DefinedKind::Tuple: {
      auto f = all(d.types, [](const ValType& x) { return x; });
      return f ? std::optional(Val::tuple(std::move(*f))) : std::nullopt;
    }
    case DefinedKind::Variant: {
      if (d.cases.empty()) return std::nullopt;
      auto p = payload(d.cases[0].type);
      return p ? std::optional(Val::variant(0, std::move(*p))) : std::nullopt;
    }
    case DefinedKind::List:
    case DefinedKind::Map: return Val::list({});
    case DefinedKind::FixedList: {
      if (!d.elem || d.length > cx.budget) return std::nullopt;
      std::vector<Val> items;
      for (uint32_t i = 0; i < d.length; ++i) {
        auto v = default_val(cx, types, *d.elem);
        if (!v) return std::nullopt;
        items.push_back(std::move(*v));
      }
      return Val::list(std::move(items));
    }
    case DefinedKind::Flags: return Val::flags(0);
    case DefinedKind::Enum: return Val::enumeration(0);
    case DefinedKind::Option: return Val::none();
    case DefinedKind::Result: {
      auto p = payload(d.elem);
      return p ? std::optional(Val::ok(std::move(*p))) : std::nullopt;
    }
    case DefinedKind::Own:
    case DefinedKind::Borrow: {
      auto r = cx.resources.find({&types, types.resource_root(d.resource)});
      if (r == cx.resources.end()) return std::nullopt;
      return d.kind == DefinedKind::Own ? Val::own(r->second, 1) : Val::borrow(r->second, 1);
    }
    default: return std::nullopt;
  }
}

std::optional<Val> fresh_default(Ctx& cx, const TypeArena& types, ValType t) {
  cx.budget = kMaxDefaultItems;
  return default_val(cx, types, t);
}

HostFunc host_func(Ctx& cx, std::shared_ptr<const TypeArena> types, TypeRef type) {
  return [&cx, types, type](Runtime&, InstanceState*, std::span<const Val>, std::vector<Val>& results) -> Result<void> {
    const FuncType& ft = types->func(type.index);
    if (!ft.result) return {};
    auto v = fresh_default(cx, *types, *ft.result);
    if (!v) return make_error(Phase::Execute, {}, "fuzz host: no default value for the result");
    results.push_back(std::move(*v));
    return {};
  };
}

// A host definition for an import of type `type`; nullopt for what the host cannot
// make (core modules, components), which makes instantiation fail to link.
std::optional<RtItem> host_item(Ctx& cx, const std::shared_ptr<const TypeArena>& types, const ExternType& type,
                                int depth) {
  switch (type.kind) {
    case ExternKind::Func: return RtItem::of(make_host_func(types, type.type, host_func(cx, types, type.type)));
    case ExternKind::Type: {
      if (type.type.kind != TypeKind::Resource) return implicit_item(*types, type);
      uint32_t root = types->resource_root(type.type.index);
      auto [it, fresh] = cx.resources.try_emplace({types.get(), root}, 0);
      if (fresh) it->second = cx.rt.new_host_resource_type("fuzz-resource");
      return RtItem::type(it->second);
    }
    case ExternKind::Value: {
      if (!type.type.is_valtype()) return std::nullopt;
      auto v = fresh_default(cx, *types, type.type);
      if (!v) return std::nullopt;
      RtItem i;
      i.kind = ExternKind::Value;
      i.value = std::move(*v);
      return i;
    }
    case ExternKind::Instance: {
      if (depth > kMaxInstanceDepth) return std::nullopt;
      auto inst = std::make_shared<RtInstance>();
      for (const NamedExtern& e : types->instance(type.type.index).exports) {
        auto item = host_item(cx, types, e.type, depth + 1);
        if (!item) return std::nullopt;
        inst->exports.emplace_back(e.name, std::move(*item));
      }
      return RtItem::of(RtInstancePtr(std::move(inst)));
    }
    default: return std::nullopt;
  }
}

void call_exports(Ctx& cx, const RtInstance& inst, int depth) {
  if (depth > kMaxInstanceDepth) return;
  for (const auto& [name, item] : inst.exports) {
    if (item.kind == ExternKind::Instance && item.instance) {
      call_exports(cx, *item.instance, depth + 1);
      continue;
    }
    if (item.kind != ExternKind::Func || !item.func) continue;
    const FuncInst& f = *item.func;
    std::vector<Val> args;
    bool ok = true;
    for (const ValType& p : f.params) {
      auto v = fresh_default(cx, *f.types, p);
      if (!v) {
        ok = false;
        break;
      }
      args.push_back(std::move(*v));
    }
    if (!ok) continue;
    auto r = call_func(cx.rt, f, nullptr, args);
    if (!r && r.error().message.empty()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto vc = load_component(std::span<const uint8_t>(data, size));
  if (!vc) {
    if (vc.error().message.empty()) __builtin_trap();
    return 0;
  }
  core::StoreLimits limits;
  limits.fuel = 100000;
  limits.max_memory_pages = 64;
  limits.max_table_elements = 10000;
  limits.max_call_depth = 500;
  core::Store store(limits);
  Runtime rt(store);
  Ctx cx{rt, {}};

  Imports imports;
  const ComponentType& ct = (*vc)->types->component((*vc)->info.type.index);
  for (const NamedExtern& imp : ct.imports) {
    auto item = host_item(cx, (*vc)->types, imp.type, 0);
    if (!item) return 0;  // a core module or component import: nothing to link
    imports.emplace_back(imp.name, std::move(*item));
  }
  auto inst = instantiate(rt, *vc, imports);
  if (!inst) {
    if (inst.error().message.empty()) __builtin_trap();
    return 0;
  }
  call_exports(cx, **inst, 0);
  return 0;
}

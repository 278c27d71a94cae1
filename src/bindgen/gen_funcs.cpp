// The generated source: canonical ABI glue for every import and export of the world,
// resource intrinsics, cabi_realloc, post-return functions and the component-type
// custom section; and the driver that writes both files.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "bindgen/gen.h"
#include "component/wit/decode.h"

namespace weft::bindgen {

namespace {

constexpr const char* kPrelude = R"(
namespace {

template <class T>
inline void weft_store(uint8_t* p, T v) { __builtin_memcpy(p, &v, sizeof v); }
template <class T>
inline T weft_load(const uint8_t* p) {
  T v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

// Memory a call needs besides its arguments (arrays of lists whose C++ layout is
// not the canonical one), freed together: after an import returns, or by the
// post-return function of an export.
struct WeftAllocs {
  std::vector<void*> blocks;
  void* alloc(size_t size, size_t align) {
    if (size == 0) return reinterpret_cast<void*>(align);
    void* p = malloc(size);
    if (!p) __builtin_trap();
    blocks.push_back(p);
    return p;
  }
  void release() {
    for (void* p : blocks) free(p);
    blocks.clear();
  }
  ~WeftAllocs() { release(); }
};

WeftAllocs weft_post_allocs;

}  // namespace

// The allocator the host uses to pass strings and lists into this component.
extern "C" __attribute__((export_name("cabi_realloc"))) void* cabi_realloc(void* ptr, size_t old_size, size_t align,
                                                                          size_t new_size) {
  if (new_size == 0) return reinterpret_cast<void*>(align);
  void* p = realloc(old_size == 0 ? nullptr : ptr, new_size);
  if (!p) __builtin_trap();
  return p;
}
)";

// spec: flatten_functype: the flat parameters and results, and whether either goes
// through memory instead.
struct FlatSignature {
  std::vector<Flat> params, results;
  bool spill_params = false, spill_result = false;
};

FlatSignature flat_signature(const Resolve& r, const Function& f) {
  FlatSignature out;
  for (const Param& p : f.params) flatten(r, p.type, out.params);
  if (f.result) flatten(r, *f.result, out.results);
  out.spill_params = out.params.size() > kMaxFlatParams;
  out.spill_result = out.results.size() > kMaxFlatResults;
  return out;
}

}  // namespace

std::string Generator::core_symbol(const std::string& module, const std::string& name) {
  std::string base = "weft_";
  for (char ch : module + "_" + name) base += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  std::string out = base;
  for (int i = 2; symbols_.count(out); ++i) out = base + "_" + std::to_string(i);
  symbols_.insert(out);
  return out;
}

// The core signature's parameter list: "int32_t, int64_t" or, with names, "int32_t p0, ...".
static std::string core_params(const std::vector<Flat>& flats, bool named) {
  std::string out;
  for (size_t i = 0; i < flats.size(); ++i)
    out += fmt::format("{}{}{}", i ? ", " : "", flat_ctype(flats[i]), named ? fmt::format(" p{}", i) : "");
  return out;
}

Result<void> Generator::import_function(std::string& cpp, const Function& f, const std::string& module,
                                        const std::string& cpp_name) {
  auto [pflat, rflat, spill_params, spill_result] = flat_signature(r_, f);
  std::vector<Flat> core = spill_params ? std::vector<Flat>{Flat::I32} : pflat;
  if (spill_result) core.push_back(Flat::I32);
  std::string sym = core_symbol(module, f.name);
  cpp += fmt::format("extern \"C\" __attribute__((import_module(\"{}\"), import_name(\"{}\"))) {} {}({});\n",
                     module, f.name, spill_result || rflat.empty() ? "void" : flat_ctype(rflat[0]), sym,
                     core_params(core, false));
  // Defined at global scope: no leading `::`, which would join the return type's name.
  const std::string def_name = cpp_name.starts_with("::") ? cpp_name.substr(2) : cpp_name;
  auto sig = function_signature(f, false, def_name);
  if (!sig) return std::unexpected(sig.error());
  // A constructor returning own<r> is a C++ constructor: it fills *this.
  const bool ctor = f.kind == Function::Kind::Constructor && !cpp_name.ends_with("::create");
  cpp += (ctor ? sig->substr(sig->find(def_name + "(")) : *sig) +
         (f.kind == Function::Kind::Method ? " const" : "") + " {\n";
  int counter = 0;
  Code c;
  c.counter = &counter;
  c.line("WeftAllocs allocs;");
  std::vector<std::string> args;
  auto param_expr = [&](size_t i) {
    return i == 0 && f.kind == Function::Kind::Method ? std::string("(*this)") : snake(f.params[i].name);
  };
  if (spill_params) {
    uint32_t align = 1, size = 0;
    for (const Param& p : f.params) {
      align = std::max(align, align_of(r_, p.type));
      size = align_to(size, align_of(r_, p.type)) + size_of(r_, p.type);
    }
    c.line(fmt::format("uint8_t* args = static_cast<uint8_t*>(allocs.alloc({}, {}));", align_to(size, align),
                       align));
    uint32_t off = 0;
    for (size_t i = 0; i < f.params.size(); ++i) {
      off = align_to(off, align_of(r_, f.params[i].type));
      WEFT_CHECK(store(c, f.params[i].type, fmt::format("(args + {})", off), param_expr(i), "allocs"));
      off += size_of(r_, f.params[i].type);
    }
    args.push_back("int32_t(uintptr_t(args))");
  } else {
    std::vector<FlatVal> vals;
    for (size_t i = 0; i < f.params.size(); ++i)
      WEFT_CHECK(lower_flat(c, f.params[i].type, param_expr(i), vals, "allocs"));
    for (const FlatVal& v : vals) args.push_back(v.expr);
  }
  std::string result;
  if (spill_result) {
    c.line(fmt::format("alignas(8) uint8_t ret[{}];", size_of(r_, *f.result)));
    args.push_back("int32_t(uintptr_t(ret))");
    c.line(fmt::format("{}({});", sym, fmt::join(args, ", ")));
    auto e = load(c, *f.result, "ret", Dir::ImportResult);
    if (!e) return std::unexpected(e.error());
    result = *e;
  } else if (!rflat.empty()) {
    c.line(fmt::format("{} ret = {}({});", flat_ctype(rflat[0]), sym, fmt::join(args, ", ")));
    std::vector<FlatVal> in{{rflat[0], "ret"}};
    size_t pos = 0;
    auto e = lift_flat(c, *f.result, in, pos, Dir::ImportResult);
    if (!e) return std::unexpected(e.error());
    result = *e;
  } else {
    c.line(fmt::format("{}({});", sym, fmt::join(args, ", ")));
  }
  if (ctor)
    c.line(fmt::format("*this = {};", result));
  else if (!result.empty()) {
    // `return std::move(local)` would prevent copy elision.
    if (result.starts_with("std::move(") && result.find_first_of("(.[*", 10) == std::string::npos)
      result = result.substr(10, result.size() - 11);
    c.line(fmt::format("return {};", result));
  }
  cpp += c.text + "}\n\n";
  return {};
}

Result<void> Generator::export_function(std::string& cpp, const Function& f, const std::string& export_name,
                                        const std::string& cpp_name) {
  auto [pflat, rflat, spill_params, spill_result] = flat_signature(r_, f);
  std::vector<Flat> core = spill_params ? std::vector<Flat>{Flat::I32} : pflat;
  std::string sym = core_symbol("export", export_name);
  std::string keep = sym + "_result", area = sym + "_ret";
  std::string rtype = "void";
  if (f.result) {
    auto t = cpp_type(*f.result, Dir::ExportResult);
    if (!t) return std::unexpected(t.error());
    rtype = *t;
  }
  if (spill_result) {
    cpp += fmt::format("alignas(8) static uint8_t {}[{}];\nstatic std::optional<{}> {};\n", area,
                       size_of(r_, *f.result), rtype, keep);
  }
  cpp += fmt::format("extern \"C\" __attribute__((export_name(\"{}\"))) {} {}({}) {{\n", export_name,
                     spill_result    ? "int32_t"
                     : rflat.empty() ? "void"
                                     : flat_ctype(rflat[0]),
                     sym, core_params(core, true));
  int counter = 0;
  Code c;
  c.counter = &counter;
  std::vector<std::string> args;
  auto bind = [&](const std::string& e) {
    std::string a = c.tmp("a");
    c.line(fmt::format("auto&& {} = {};", a, e));
    args.push_back(fmt::format("std::forward<decltype({0})>({0})", a));
  };
  if (spill_params) {
    c.line("uint8_t* args = reinterpret_cast<uint8_t*>(uintptr_t(p0));");
    uint32_t off = 0, size = 0, align = 1;
    for (const Param& p : f.params) {
      off = align_to(off, align_of(r_, p.type));
      auto e = load(c, p.type, fmt::format("(args + {})", off), Dir::ExportParam);
      if (!e) return std::unexpected(e.error());
      bind(*e);
      off += size_of(r_, p.type);
      align = std::max(align, align_of(r_, p.type));
    }
    size = align_to(off, align);
    c.line(fmt::format("if ({} != 0) free(args);", size));
  } else {
    std::vector<FlatVal> in;
    for (size_t i = 0; i < pflat.size(); ++i) in.push_back({pflat[i], fmt::format("p{}", i)});
    size_t pos = 0;
    for (const Param& p : f.params) {
      auto e = lift_flat(c, p.type, in, pos, Dir::ExportParam);
      if (!e) return std::unexpected(e.error());
      bind(*e);
    }
  }
  std::string call;
  if (f.kind == Function::Kind::Method) {
    std::string self = args.front();
    args.erase(args.begin());
    call = fmt::format("{}.{}({})", self, cpp_name, fmt::join(args, ", "));
  } else {
    call = fmt::format("{}({})", cpp_name, fmt::join(args, ", "));
  }
  if (!f.result) {
    c.line(call + ";");
  } else if (!spill_result) {
    c.line(fmt::format("{} result = {};", rtype, call));
    std::vector<FlatVal> vals;
    WEFT_CHECK(lower_flat(c, *f.result, "result", vals, "weft_post_allocs"));
    c.line(fmt::format("return {};", vals[0].expr));
  } else {
    // The result stays alive until post-return: lowered strings and lists point into it.
    c.line(fmt::format("{}.emplace({});", keep, call));
    WEFT_CHECK(store(c, *f.result, area, "*" + keep, "weft_post_allocs"));
    c.line(fmt::format("return int32_t(uintptr_t({}));", area));
  }
  cpp += c.text + "}\n";
  if (spill_result) {
    cpp +=
        fmt::format("extern \"C\" __attribute__((export_name(\"cabi_post_{}\"))) void {}_post(int32_t) {{\n",
                    export_name, sym);
    cpp += fmt::format("  {}.reset();\n  weft_post_allocs.release();\n}}\n", keep);
  }
  cpp += "\n";
  return {};
}

Result<void> Generator::resource_glue(std::string& cpp, TypeId resource, const std::string& module,
                                      bool exported) {
  std::string q = qualified(resource), name = r_[resource].name;
  if (!exported) {
    cpp += fmt::format(
        "extern \"C\" __attribute__((import_module(\"{0}\"), import_name(\"[resource-drop]{1}\"))) void "
        "{2}(int32_t);\n"
        "void {3}::reset() {{\n  if (owned_ && handle_ != -1) {2}(handle_);\n  handle_ = -1;\n}}\n\n",
        module, name, intrinsic(resource, "drop"), q);
    return {};
  }
  cpp += fmt::format(
      "extern \"C\" __attribute__((import_module(\"[export]{0}\"), import_name(\"[resource-new]{1}\"))) "
      "int32_t "
      "{2}(int32_t);\n"
      "extern \"C\" __attribute__((import_module(\"[export]{0}\"), import_name(\"[resource-rep]{1}\"))) "
      "int32_t "
      "{3}(int32_t);\n"
      "extern \"C\" __attribute__((import_module(\"[export]{0}\"), import_name(\"[resource-drop]{1}\"))) "
      "void "
      "{4}(int32_t);\n"
      "extern \"C\" __attribute__((export_name(\"{5}[dtor]{1}\"))) void {4}_dtor(int32_t rep) {{\n"
      "  auto* p = reinterpret_cast<{6}*>(uintptr_t(rep));\n  if (!p->weft_detached_) delete p;\n}}\n"
      "// An owned handle passed in: its object moves to the guest, the handle is dropped.\n"
      "[[maybe_unused]] static std::unique_ptr<{6}> {7}(int32_t handle) {{\n"
      "  auto* p = reinterpret_cast<{6}*>(uintptr_t({3}(handle)));\n"
      "  p->weft_detached_ = true;\n  {4}(handle);\n  p->weft_detached_ = false;\n"
      "  return std::unique_ptr<{6}>(p);\n}}\n\n",
      module, name, intrinsic(resource, "new"), intrinsic(resource, "rep"), intrinsic(resource, "drop"),
      module == "$root" ? "" : module + "#", q, intrinsic(resource, "take"));
  return {};
}

Generator::Generator(const Resolve& r, WorldId world, const CppOptions& options)
    : r_(r), world_(world), options_(options) {
  for (const WorldItem& item : r_[world_].exports)
    if (item.kind == WorldItem::Kind::Interface) exported_interfaces_.insert(item.interface.index);
}

// The C++ name the glue calls or defines for function `f` of a resource or interface.
static std::string function_cpp_name(const Generator& g, const Resolve& r, const Function& f,
                                     const std::string& ns, bool exported) {
  if (f.kind == Function::Kind::Freestanding) return "::" + ns + "::" + Generator::snake(f.name);
  std::string q = g.qualified(g.resource_of(f.resource));
  if (f.kind == Function::Kind::Method)
    return exported ? Generator::snake(f.item_name()) : q + "::" + Generator::snake(f.item_name());
  if (f.kind == Function::Kind::Static) return q + "::" + Generator::snake(f.item_name());
  // Constructor: a C++ constructor for imports returning own<r>, else `create`.
  if (!exported && f.result && unalias(r, *f.result).is_def() &&
      std::holds_alternative<Handle>(r[unalias(r, *f.result).def].kind))
    return q + "::" + Generator::pascal(r[g.resource_of(f.resource)].name);
  return q + "::create";
}

Result<std::vector<GeneratedFile>> Generator::run() {
  const World& w = r_[world_];
  const PackageName& pkg = r_[w.package].name;
  std::string stem = options_.file_stem.empty() ? snake(w.name) : options_.file_stem;
  std::string h = fmt::format(
      "// Generated by `weft bindgen cpp` for world {}/{}. Do not edit: regenerate.\n#pragma once\n\n"
      "#include <array>\n#include <cstddef>\n#include <cstdint>\n#include <expected>\n#include <memory>\n"
      "#include <optional>\n#include <span>\n#include <string>\n#include <string_view>\n#include <tuple>\n"
      "#include <utility>\n#include <variant>\n#include <vector>\n\n",
      pkg.to_string(), w.name);
  std::string cpp = fmt::format(
      "// Generated by `weft bindgen cpp` for world {}/{}: the canonical ABI glue. Do not edit.\n"
      "#include \"{}.h\"\n\n#include <bit>\n#include <cstdlib>\n#include <cstring>\n{}\n",
      pkg.to_string(), w.name, stem, kPrelude);
  std::string world_types, world_imports, world_exports;
  for (const WorldItem& item : w.imports) {
    if (item.kind == WorldItem::Kind::Interface) {
      WEFT_CHECK(declare_interface(h, item.interface, false));
    } else if (item.kind == WorldItem::Kind::Type) {
      WEFT_CHECK(declare_type(world_types, item.type, false, {}));
    } else {
      auto sig = function_signature(item.function, false, snake(item.function.name));
      if (!sig) return std::unexpected(sig.error());
      world_imports += *sig + ";\n";
    }
  }
  if (!world_types.empty() || !world_imports.empty())
    h += fmt::format("namespace {} {{\n\n{}{}\n}}  // namespace {}\n\n", world_ns(false), world_types,
                     world_imports, world_ns(false));
  for (const WorldItem& item : w.exports) {
    if (item.kind == WorldItem::Kind::Interface) {
      WEFT_CHECK(declare_interface(h, item.interface, true));
    } else if (item.kind == WorldItem::Kind::Function) {
      auto sig = function_signature(item.function, true, snake(item.function.name));
      if (!sig) return std::unexpected(sig.error());
      world_exports += *sig + ";\n";
    }
  }
  if (!world_exports.empty())
    h +=
        fmt::format("// Define these: the world's own exports.\nnamespace {} {{\n\n{}\n}}  // namespace {}\n",
                    world_ns(true), world_exports, world_ns(true));

  // Glue: resources first (their intrinsics are used by functions), then functions.
  for (bool exported : {false, true}) {
    for (const WorldItem& item : exported ? w.exports : w.imports) {
      if (item.kind != WorldItem::Kind::Interface) continue;
      for (const auto& [name, type] : r_[item.interface].types)
        if (std::holds_alternative<Resource>(r_[type].kind))
          WEFT_CHECK(resource_glue(cpp, type, r_.key_name(item.key), exported));
    }
  }
  for (const WorldItem& item : w.imports) {
    if (item.kind == WorldItem::Kind::Interface) {
      for (const Function& f : r_[item.interface].functions)
        WEFT_CHECK(import_function(cpp, f, r_.key_name(item.key),
                                   function_cpp_name(*this, r_, f, interface_ns(item.interface), false)));
    } else if (item.kind == WorldItem::Kind::Function) {
      WEFT_CHECK(import_function(cpp, item.function, "$root",
                                 function_cpp_name(*this, r_, item.function, world_ns(false), false)));
    }
  }
  for (const WorldItem& item : w.exports) {
    if (item.kind == WorldItem::Kind::Interface) {
      for (const Function& f : r_[item.interface].functions)
        WEFT_CHECK(export_function(cpp, f, r_.key_name(item.key) + "#" + f.name,
                                   function_cpp_name(*this, r_, f, interface_ns(item.interface), true)));
    } else if (item.kind == WorldItem::Kind::Function) {
      WEFT_CHECK(export_function(cpp, item.function, item.function.name,
                                 function_cpp_name(*this, r_, item.function, world_ns(true), true)));
    }
  }
  if (options_.command)
    cpp +=
        "// The program's entry: what wasi-libc's crt1-command does, without wrapping other exports.\n"
        "extern \"C\" void __wasm_call_ctors(void);\nextern \"C\" int __original_main(void);\n"
        "extern \"C\" __attribute__((export_name(\"_start\"))) void weft_start(void) {\n"
        "  __wasm_call_ctors();\n  exit(__original_main());\n}\n\n";
  auto metadata = component::wit::encode_world_metadata(r_, world_);
  if (!metadata) return std::unexpected(metadata.error());
  // A custom section from C++ needs assembly: clang puts section-attributed data in a data segment.
  cpp += fmt::format(
      "// The world, for `weft componentize` (wit-component's component-type custom section).\n"
      "__asm__(\".section \\\".custom_section.component-type:{}\\\",\\\"\\\",@\\n\"",
      w.name);
  for (size_t i = 0; i < metadata->size(); i += 32) {
    cpp += "\n        \".ascii \\\"";
    for (size_t j = i; j < std::min(metadata->size(), i + 32); ++j)
      cpp += fmt::format("\\\\x{:02x}", (*metadata)[j]);
    cpp += "\\\"\\n\"";
  }
  cpp += "\n        \".text\\n\");\n";
  return std::vector<GeneratedFile>{{stem + ".h", std::move(h)}, {stem + ".cpp", std::move(cpp)}};
}

Result<std::vector<GeneratedFile>> generate_cpp(const Resolve& resolve, WorldId world,
                                                const CppOptions& options) {
  return Generator(resolve, world, options).run();
}

}  // namespace weft::bindgen

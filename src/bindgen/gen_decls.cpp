// The generated header: the world's types, resource classes and function declarations.
#include <fmt/format.h>

#include <algorithm>

#include "bindgen/gen.h"

namespace weft::bindgen {

namespace {

const char* enum_base(size_t n) { return n <= 256 ? "uint8_t" : n <= 65536 ? "uint16_t" : "uint32_t"; }

const char* flags_base(size_t n) {
  return n <= 8 ? "uint8_t" : n <= 16 ? "uint16_t" : n <= 32 ? "uint32_t" : "uint64_t";
}

}  // namespace

Result<std::string> Generator::function_signature(const Function& f, bool exported,
                                                  const std::string& name) const {
  const Dir pdir = exported ? Dir::ExportParam : Dir::ImportParam;
  std::string params;
  for (size_t i = 0; i < f.params.size(); ++i) {
    if (i == 0 && f.kind == Function::Kind::Method) continue;  // `self` is the object
    auto t = cpp_type(f.params[i].type, pdir);
    if (!t) return t;
    params += fmt::format("{}{} {}", params.empty() ? "" : ", ", *t, snake(f.params[i].name));
  }
  std::string result = "void";
  if (f.result) {
    auto t = cpp_type(*f.result, exported ? Dir::ExportResult : Dir::ImportResult);
    if (!t) return t;
    result = *t;
  }
  return fmt::format("{} {}({})", result, name, params);
}

// An imported resource: a move-only owner of a handle, dropped with the object.
// An exported resource: an abstract class the guest implements; its objects are
// the resource's representations.
Result<void> Generator::declare_resource(std::string& h, TypeId id, const std::vector<const Function*>& funcs,
                                         bool exported) {
  std::string name = pascal(r_[id].name);
  h += fmt::format("class {} {{\n public:\n", name);
  if (exported) h += fmt::format("  virtual ~{}() = default;\n", name);
  for (const Function* f : funcs) {
    std::string item = snake(f->item_name());
    if (f->kind == Function::Kind::Constructor) {
      bool returns_handle = f->result && unalias(r_, *f->result).is_def() &&
                            std::holds_alternative<Handle>(r_[unalias(r_, *f->result).def].kind);
      if (exported) {
        auto sig = function_signature(*f, true, "create");
        if (!sig) return std::unexpected(sig.error());
        if (!returns_handle) {  // result<r, e>: the user returns the object or the error
          h += "  // [constructor]: define it to make the object, or to fail.\n  static " + *sig + ";\n";
          continue;
        }
        // The constructor's result is own<r>: the user returns the new object.
        size_t paren = sig->find(" create(");
        h += fmt::format(
            "  // [constructor]: define it to make the object.\n  static std::unique_ptr<{}>{};\n", name,
            sig->substr(paren));
        continue;
      }
      auto sig = function_signature(*f, false, name);
      if (!sig) return std::unexpected(sig.error());
      if (returns_handle) {
        h += "  explicit " + sig->substr(sig->find(name + "(")) + ";\n";
      } else {
        auto s2 = function_signature(*f, false, "create");
        if (!s2) return std::unexpected(s2.error());
        h += "  static " + *s2 + ";\n";
      }
    } else if (f->kind == Function::Kind::Static) {
      auto sig = function_signature(*f, exported, item);
      if (!sig) return std::unexpected(sig.error());
      h += "  static " + *sig + ";\n";
    } else {
      auto sig = function_signature(*f, exported, item);
      if (!sig) return std::unexpected(sig.error());
      h += exported ? "  virtual " + *sig + " = 0;\n" : "  " + *sig + " const;\n";
    }
  }
  if (exported) {
    h += "  // Set by the bindings while ownership of the object moves into the guest.\n";
    h += "  bool weft_detached_ = false;\n};\n\n";
    return {};
  }
  h += fmt::format(
      "  {0}() = default;\n"
      "  {0}({0}&& o) noexcept : handle_(o.handle_), owned_(o.owned_) {{ o.handle_ = -1; }}\n"
      "  {0}& operator=({0}&& o) noexcept {{\n"
      "    if (this != &o) {{\n      reset();\n      handle_ = o.handle_;\n      owned_ = o.owned_;\n"
      "      o.handle_ = -1;\n    }}\n    return *this;\n  }}\n"
      "  {0}(const {0}&) = delete;\n  {0}& operator=(const {0}&) = delete;\n"
      "  ~{0}() {{ reset(); }}\n"
      "  // The handle, -1 when empty; release() gives up ownership of it.\n"
      "  int32_t handle() const {{ return handle_; }}\n"
      "  int32_t release() {{\n    int32_t h = handle_;\n    handle_ = -1;\n    return h;\n  }}\n"
      "  explicit operator bool() const {{ return handle_ != -1; }}\n"
      "  // Drops the resource now if this object owns it.\n  void reset();\n"
      "  static {0} from_handle(int32_t h) {{\n    {0} r;\n    r.handle_ = h;\n    r.owned_ = true;\n    "
      "return r;\n  }}\n"
      "  static {0} borrowed(int32_t h) {{\n    {0} r;\n    r.handle_ = h;\n    return r;\n  }}\n\n"
      " private:\n  int32_t handle_ = -1;\n  bool owned_ = false;\n}};\n\n",
      name);
  return {};
}

Result<void> Generator::declare_type(std::string& h, TypeId id, bool exported,
                                     const std::vector<const Function*>& resource_funcs) {
  const TypeDef& def = r_[id];
  std::string name = pascal(def.name);
  if (const auto* a = std::get_if<Alias>(&def.kind)) {
    auto t = cpp_type(a->target, Dir::ImportResult);
    if (!t) return std::unexpected(t.error());
    h += fmt::format("using {} = {};\n\n", name, *t);
    return {};
  }
  if (const auto* rec = std::get_if<Record>(&def.kind)) {
    h += fmt::format("struct {} {{\n", name);
    for (const Field& f : rec->fields) {
      auto t = cpp_type(f.type, Dir::ImportResult);
      if (!t) return std::unexpected(t.error());
      h += fmt::format("  {} {};\n", *t, snake(f.name));
    }
    h += "};\n\n";
    return {};
  }
  if (const auto* var = std::get_if<Variant>(&def.kind)) {
    h += fmt::format("struct {} {{\n", name);
    std::string alts;
    for (const Case& c : var->cases) {
      if (c.type) {
        auto t = cpp_type(*c.type, Dir::ImportResult);
        if (!t) return std::unexpected(t.error());
        h += fmt::format("  struct {} {{\n    {} value;\n  }};\n", pascal(c.name), *t);
      } else {
        h += fmt::format("  struct {} {{}};\n", pascal(c.name));
      }
      alts += (alts.empty() ? "" : ", ") + pascal(c.name);
    }
    h += fmt::format("  std::variant<{}> value;\n}};\n\n", alts);
    return {};
  }
  if (const auto* e = std::get_if<Enum>(&def.kind)) {
    h += fmt::format("enum class {} : {} {{\n", name, enum_base(e->cases.size()));
    for (const EnumCase& c : e->cases) h += fmt::format("  {},\n", pascal(c.name));
    h += "};\n\n";
    return {};
  }
  if (const auto* f = std::get_if<Flags>(&def.kind)) {
    if (f->flags.size() > 64) return std::unexpected(unsupported("flags with more than 64 members"));
    const char* base = flags_base(f->flags.size());
    h += fmt::format("enum class {} : {} {{\n  None = 0,\n", name, base);
    for (size_t i = 0; i < f->flags.size(); ++i)
      h += fmt::format("  {} = {}(1) << {},\n", pascal(f->flags[i].name), base, i);
    h += "};\n";
    for (const char* op : {"|", "&", "^"})
      h += fmt::format("constexpr {0} operator{1}({0} a, {0} b) {{ return {0}({2}(a) {1} {2}(b)); }}\n", name,
                       op, base);
    h += fmt::format("constexpr {0} operator~({0} a) {{ return {0}(~{1}(a)); }}\n", name, base);
    h += fmt::format("constexpr bool has({0} set, {0} flag) {{ return ({1}(set) & {1}(flag)) != 0; }}\n\n",
                     name, base);
    return {};
  }
  if (std::holds_alternative<Resource>(def.kind)) return declare_resource(h, id, resource_funcs, exported);
  auto t = cpp_type(Type::of(id), Dir::Definition);  // a named list, option, tuple, ...
  if (!t) return std::unexpected(t.error());
  h += fmt::format("using {} = {};\n\n", name, *t);
  return {};
}

Result<void> Generator::declare_interface(std::string& h, InterfaceId id, bool exported) {
  const Interface& iface = r_[id];
  h += fmt::format("namespace {} {{\n\n", interface_ns(id));
  std::vector<TypeId> types;
  for (const auto& [name, type] : iface.types) {
    types.push_back(type);
    if (std::holds_alternative<Resource>(r_[type].kind)) h += fmt::format("class {};\n", pascal(name));
  }
  std::sort(types.begin(), types.end());  // definitions before uses
  for (TypeId t : types) {
    std::vector<const Function*> funcs;
    for (const Function& f : iface.functions)
      if (f.kind != Function::Kind::Freestanding && r_.follow_aliases(f.resource) == t) funcs.push_back(&f);
    WEFT_CHECK(declare_type(h, t, exported, funcs));
  }
  for (const Function& f : iface.functions) {
    if (f.kind != Function::Kind::Freestanding) continue;
    auto sig = function_signature(f, exported, snake(f.name));
    if (!sig) return std::unexpected(sig.error());
    h += *sig + ";\n";
  }
  h += fmt::format("\n}}  // namespace {}\n\n", interface_ns(id));
  return {};
}

}  // namespace weft::bindgen

// Static composition (compose.h): wiring the instances of a graph and writing the
// component that nests and instantiates them.
#include "compose/compose.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "component/binary/validator.h"
#include "component/types/semver.h"
#include "component/wit/decode.h"
#include "component/wit/encode.h"
#include "core/text/writer.h"

namespace weft::compose {
namespace {

namespace wit = component::wit;
using core::text::write_name;
using core::text::write_u32;
using Bytes = std::vector<uint8_t>;
using Kind = component::ExternKind;

constexpr uint8_t kComponentSection = 4, kInstanceSection = 5, kAliasSection = 6, kExportSection = 11;
constexpr uint8_t kSortFunc = 0x01, kSortType = 0x03, kSortComponent = 0x04, kSortInstance = 0x05;
constexpr size_t kNone = size_t(-1);

Error fail(std::string message, const Origin& origin = {}) {
  Error e{Phase::Link, {}, std::move(message), origin.file, 0, {}};
  if (origin.line) e.span = Span::text(origin.line, origin.column);
  return e;
}

std::string kind_name(Kind k) { return std::string(component::extern_kind_name(k)); }
const char* article(Kind k) { return k == Kind::Instance ? "an" : "a"; }

// The sort an item of kind `k` is aliased and passed as; 0 for kinds not composed yet.
uint8_t sort_of(Kind k) {
  switch (k) {
    case Kind::Func: return kSortFunc;
    case Kind::Type: return kSortType;
    case Kind::Component: return kSortComponent;
    case Kind::Instance: return kSortInstance;
    default: return 0;
  }
}

// One import or export of a component: its kind from the validator, and its WIT
// world item when the component's world could be decoded (needed only to write the
// type of an import left to the composition).
struct Item {
  std::string name;
  Kind kind_ = Kind::Func;
  const wit::WorldItem* wit = nullptr;
  Kind kind() const { return kind_; }
};

struct Decl {
  std::vector<Item> imports, exports;
  std::optional<Error> wit_error;  // why the world could not be decoded
  const Item* find_export(std::string_view name) const {
    for (const Item& e : exports)
      if (e.name == name) return &e;
    return nullptr;
  }
};

// Where one instance's import comes from.
struct Arg {
  const Item* import = nullptr;
  size_t from = kNone;  // an instance of the graph, or kNone: an outer import
  std::string export_name;
  size_t outer = kNone;
};

struct Outer {
  std::string name;
  Kind kind = Kind::Instance;
  wit::InterfaceId iface;
  const wit::Function* func = nullptr;
  bool types_only = false;  // imported only for the types others use from it
  std::vector<std::pair<wit::InterfaceId, std::pair<size_t, std::string>>> deps;  // -> instance export
  std::vector<size_t> outer_deps;
  uint32_t index = 0;  // instance or function index once emitted
  bool emitted = false;
};

class Composer {
 public:
  explicit Composer(const Graph& g) : g_(g) {}

  Result<Composed> run() {
    WEFT_CHECK(decode());
    WEFT_CHECK(index_instances());
    for (size_t i = 0; i < g_.instances.size(); ++i) WEFT_CHECK(wire(i));
    WEFT_CHECK(check_used());
    for (size_t o = 0; o < outers_.size(); ++o) WEFT_CHECK(outer_deps(o));
    WEFT_CHECK(emit());
    return std::move(out_);
  }

 private:
  Result<void> decode() {
    std::vector<std::optional<wit::WorldId>> worlds;
    for (const Input& in : g_.components) {
      static constexpr uint8_t kCoreVersion[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
      if (in.bytes.size() >= 8 && std::equal(kCoreVersion, kCoreVersion + 8, in.bytes.begin()))
        return std::unexpected(fail(fmt::format(
            "{} is a core module, not a component (make it one with `weft componentize`)", in.name)));
      auto vc = component::load_component(in.bytes);
      if (!vc) {
        Error e = vc.error();
        e.file = in.name;
        return std::unexpected(std::move(e));
      }
      const component::ComponentType& ct = (*vc)->types->component((*vc)->info.type.index);
      Decl decl;
      for (const component::NamedExtern& e : ct.imports)
        decl.imports.push_back({e.name, e.type.kind, nullptr});
      for (const component::NamedExtern& e : ct.exports)
        decl.exports.push_back({e.name, e.type.kind, nullptr});
      // The WIT world (decode_wasm leaves the shared model as it was when it fails).
      auto d = wit::decode_wasm(resolve_, in.bytes);
      std::optional<wit::WorldId> world;
      if (!d)
        decl.wit_error = d.error();
      else if (d->kind != wit::Decoded::Kind::Component)
        return std::unexpected(fail(fmt::format("{} is a WIT package, not a component", in.name)));
      else
        world = d->world;
      worlds.push_back(world);
      decls_.push_back(std::move(decl));
    }
    // Only now: the worlds no longer grow, so item pointers stay valid.
    for (size_t c = 0; c < decls_.size(); ++c) {
      if (!worlds[c]) continue;
      const wit::World& w = resolve_[*worlds[c]];
      for (Item& item : decls_[c].imports)
        for (const wit::WorldItem& it : w.imports)
          if (resolve_.key_name(it.key) == item.name) item.wit = &it;
    }
    return {};
  }

  Result<void> index_instances() {
    for (size_t i = 0; i < g_.instances.size(); ++i) {
      const InstanceSpec& s = g_.instances[i];
      if (s.component >= g_.components.size())
        return std::unexpected(fail(fmt::format("instance `{}` names no component", s.name), s.origin));
      if (!by_name_.emplace(s.name, i).second)
        return std::unexpected(fail(fmt::format("two instances are called `{}`", s.name), s.origin));
    }
    if (g_.instances.empty()) return std::unexpected(fail("the composition has no instances"));
    return {};
  }

  const Decl& decl(size_t instance) const { return decls_[g_.instances[instance].component]; }
  const std::string& iname(size_t instance) const { return g_.instances[instance].name; }

  std::string export_list(size_t instance) const {
    std::string s;
    for (const Item& e : decl(instance).exports) s += (s.empty() ? "" : ", ") + e.name;
    return s.empty() ? "none" : s;
  }

  // The instance whose export serves `import` of instance `i` in plug mode: exactly
  // the name, or else the highest semver-compatible version; kNone when none does.
  Result<std::pair<size_t, std::string>> plug_source(size_t i, const Item& import) const {
    std::vector<std::pair<size_t, std::string>> found;
    for (size_t j = 0; j < g_.instances.size(); ++j) {
      if (j == i || !g_.instances[j].serves) continue;
      if (const Item* e = decl(j).find_export(import.name); e && e->kind() == import.kind())
        found.emplace_back(j, e->name);
    }
    if (found.empty()) {
      if (auto want = component::split_version(import.name)) {
        for (size_t j = 0; j < g_.instances.size(); ++j) {
          if (j == i || !g_.instances[j].serves) continue;
          std::optional<std::pair<component::PlainVersion, std::string>> best;
          for (const Item& e : decl(j).exports) {
            auto have = component::split_version(e.name);
            if (!have || have->first != want->first || e.kind() != import.kind()) continue;
            if (!component::version_serves(want->second, have->second)) continue;
            if (!best || have->second > best->first) best = std::pair{have->second, e.name};
          }
          if (best) found.emplace_back(j, best->second);
        }
      }
    }
    if (found.size() > 1)
      return std::unexpected(fail(fmt::format(
          "`{}` imports `{}`, and both `{}` and `{}` export it; wire it explicitly in a composition file",
          iname(i), import.name, iname(found[0].first), iname(found[1].first))));
    if (found.empty()) return std::pair{kNone, std::string{}};
    return found[0];
  }

  Result<void> wire(size_t i) {
    const InstanceSpec& s = g_.instances[i];
    for (const auto& [name, ref] : s.with) {
      bool known = std::any_of(decl(i).imports.begin(), decl(i).imports.end(),
                               [&](const Item& it) { return it.name == name; });
      if (!known)
        return std::unexpected(
            fail(fmt::format("`{}` ({}) has no import `{}`", s.name, g_.components[s.component].name, name),
                 s.origin));
    }
    std::vector<Arg> args;
    for (const Item& imp : decl(i).imports) {
      if (!sort_of(imp.kind()))
        return std::unexpected(
            fail(fmt::format("not supported yet: composing `{}`, which imports the {} `{}`", s.name,
                             kind_name(imp.kind()), imp.name)));
      Arg a;
      a.import = &imp;
      if (auto w = s.with.find(imp.name); w != s.with.end()) {
        auto src = by_name_.find(w->second.instance);
        if (src == by_name_.end())
          return std::unexpected(
              fail(fmt::format("`{}`'s import `{}` names the instance `{}`, which does not exist", s.name,
                               imp.name, w->second.instance),
                   s.origin));
        const Item* e = decl(src->second).find_export(w->second.export_name);
        if (!e)
          return std::unexpected(
              fail(fmt::format("`{}`'s import `{}`: instance `{}` has no export `{}` (it exports {})", s.name,
                               imp.name, w->second.instance, w->second.export_name, export_list(src->second)),
                   s.origin));
        if (e->kind() != imp.kind())
          return std::unexpected(
              fail(fmt::format("`{}`'s import `{}` is {} {}, and `{}`'s export `{}` is {} {}", s.name,
                               imp.name, article(imp.kind()), kind_name(imp.kind()), w->second.instance,
                               e->name, article(e->kind()), kind_name(e->kind())),
                   s.origin));
        a.from = src->second;
        a.export_name = e->name;
        if (src->second == i)
          return std::unexpected(
              fail(fmt::format("`{}`'s import `{}` cannot come from `{}` itself", s.name, imp.name, s.name),
                   s.origin));
      } else if (s.plug) {
        WEFT_TRY(src, plug_source(i, imp));
        a.from = src.first;
        a.export_name = src.second;
      }
      if (a.from != kNone) {
        used_.insert(a.from);
      } else {
        WEFT_TRY(o, outer_for(i, imp));
        a.outer = o;
      }
      out_.wires.push_back(
          {s.name, imp.name,
           a.from == kNone ? std::nullopt : std::optional<Ref>(Ref{iname(a.from), a.export_name})});
      args.push_back(std::move(a));
    }
    args_.push_back(std::move(args));
    return {};
  }

  // The output's import for `imp` of instance `i`: one per name, shared.
  Result<size_t> outer_for(size_t i, const Item& imp) {
    if (imp.kind() != Kind::Instance && imp.kind() != Kind::Func)
      return std::unexpected(
          fail(fmt::format("not supported yet: `{}` imports the {} `{}`, which nothing in the "
                           "composition serves; plug or wire it",
                           iname(i), kind_name(imp.kind()), imp.name)));
    if (!imp.wit) {
      std::string why = decl(i).wit_error ? decl(i).wit_error->message : "its world has no such import";
      return std::unexpected(
          fail(fmt::format("`{}`'s import `{}` stays an import of the composition, and its type "
                           "cannot be written: the component's WIT world does not decode ({}); "
                           "plug or wire it",
                           iname(i), imp.name, why)));
    }
    if (auto it = outer_by_name_.find(imp.name); it != outer_by_name_.end()) {
      Outer& o = outers_[it->second];
      bool same = o.kind == imp.kind() && (imp.kind() != Kind::Instance || o.iface == imp.wit->interface);
      if (!same)
        return std::unexpected(fail(fmt::format(
            "not supported yet: `{}` and another instance both import `{}`, and with different types",
            iname(i), imp.name)));
      o.types_only = false;
      return it->second;
    }
    Outer o;
    o.name = imp.name;
    o.kind = imp.kind();
    if (o.kind == Kind::Instance)
      o.iface = imp.wit->interface;
    else
      o.func = &imp.wit->function;
    outers_.push_back(std::move(o));
    importer_.push_back(i);
    outer_by_name_[imp.name] = outers_.size() - 1;
    return outers_.size() - 1;
  }

  Result<void> check_used() const {
    for (const std::string& name : g_.must_be_used) {
      auto it = by_name_.find(name);
      if (it == by_name_.end() || used_.count(it->second)) continue;
      std::string wanted;
      for (size_t i = 0; i < args_.size(); ++i)
        for (const Arg& a : args_[i])
          if (a.from == kNone) wanted += (wanted.empty() ? "" : ", ") + a.import->name;
      return std::unexpected(fail(fmt::format(
          "the plug {} serves none of the imports: it exports {}; {}", name, export_list(it->second),
          wanted.empty() ? "no import is left to serve" : "the imports left are " + wanted)));
    }
    return {};
  }

  // The interfaces an imported interface takes types from must be there before it:
  // where its importer gets them (an instance's export or another import), or else
  // imported for their types alone.
  Result<void> outer_deps(size_t o) {
    if (outers_[o].kind != Kind::Instance) return {};
    for (wit::InterfaceId dep : resolve_.interface_direct_deps(outers_[o].iface)) {
      std::string name = resolve_.interface_path(dep);
      const Arg* via = nullptr;
      for (const Arg& a : args_[importer_[o]])
        if (a.import->kind() == Kind::Instance && a.import->wit && a.import->wit->interface == dep) via = &a;
      if (via && via->from != kNone) {
        outers_[o].deps.push_back({dep, {via->from, via->export_name}});
        continue;
      }
      size_t d;
      if (via) {
        d = via->outer;
      } else if (auto it = outer_by_name_.find(name); it != outer_by_name_.end()) {
        d = it->second;
      } else {
        Outer t;
        t.name = name;
        t.iface = dep;
        t.types_only = true;
        outers_.push_back(std::move(t));
        importer_.push_back(importer_[o]);
        outer_by_name_[name] = d = outers_.size() - 1;
        WEFT_CHECK(outer_deps(d));
      }
      outers_[o].outer_deps.push_back(d);
    }
    return {};
  }

  // --- writing -------------------------------------------------------------------

  // Takes the next index of the sort of `kind` in the output's index spaces.
  uint32_t next_index(Kind kind) {
    switch (kind) {
      case Kind::Instance: return enc_.outer().instances++;
      case Kind::Type: return enc_.outer().types++;
      case Kind::Component: return components_++;
      default: return funcs_++;
    }
  }

  uint32_t alias(size_t instance, const std::string& name, Kind kind) {
    auto key = std::tuple{instance, name, kind};
    if (auto it = aliases_.find(key); it != aliases_.end()) return it->second;
    Bytes& item = enc_.outer().item(kAliasSection);
    item.push_back(sort_of(kind));
    item.push_back(0x00);  // export of a component instance
    write_u32(item, instance_index_[instance]);
    write_name(item, name);
    uint32_t index = next_index(kind);
    aliases_[key] = index;
    return index;
  }

  bool ready(const Outer& o) const {
    for (size_t d : o.outer_deps)
      if (!outers_[d].emitted) return false;
    for (const auto& [iface, src] : o.deps)
      if (instance_index_[src.first] == kUnset) return false;
    return true;
  }

  bool ready(size_t i) const {
    for (const Arg& a : args_[i])
      if (a.from != kNone ? instance_index_[a.from] == kUnset : !outers_[a.outer].emitted) return false;
    return true;
  }

  Result<void> emit_outer(Outer& o) {
    if (o.kind == Kind::Func) {
      enc_.set_interface(std::nullopt);
      enc_.set_import_types(true);
      auto type = enc_.encode_func(*o.func);
      enc_.set_import_types(false);
      if (!type) return std::unexpected(type.error());
      wit::TypeEncoder::declare(enc_.outer(), 0x03, o.name, wit::kFuncDesc, *type);
      o.index = funcs_++;
    } else {
      for (const auto& [iface, src] : o.deps)
        enc_.set_instance(iface, alias(src.first, src.second, Kind::Instance));
      for (size_t d : o.outer_deps) enc_.set_instance(outers_[d].iface, outers_[d].index);
      enc_.set_interface(o.iface);
      static const std::vector<std::string> kNoFunctions;
      auto type = enc_.encode_instance(o.iface, true, o.types_only ? &kNoFunctions : nullptr);
      if (!type) return std::unexpected(type.error());
      o.index = enc_.outer().instances;
      enc_.declare_instance(0x03, o.iface, o.name, *type);
    }
    o.emitted = true;
    out_.imports.push_back(o.name);
    return {};
  }

  void emit_instance(size_t i) {
    std::vector<std::tuple<std::string, uint8_t, uint32_t>> with;
    for (const Arg& a : args_[i]) {
      uint32_t index =
          a.from != kNone ? alias(a.from, a.export_name, a.import->kind()) : outers_[a.outer].index;
      with.emplace_back(a.import->name, sort_of(a.import->kind()), index);
    }
    Bytes& item = enc_.outer().item(kInstanceSection);
    item.push_back(0x00);
    write_u32(item, uint32_t(g_.instances[i].component));
    write_u32(item, uint32_t(with.size()));
    for (const auto& [name, sort, index] : with) {
      write_name(item, name);
      item.push_back(sort);
      write_u32(item, index);
    }
    instance_index_[i] = enc_.outer().instances++;
  }

  Result<void> emit() {
    wit::TypeScope& s = enc_.outer();
    for (const Input& in : g_.components) s.item(kComponentSection) = in.bytes;
    components_ = uint32_t(g_.components.size());
    instance_index_.assign(g_.instances.size(), kUnset);
    size_t left = outers_.size() + g_.instances.size();
    while (left > 0) {
      size_t before = left;
      for (Outer& o : outers_)
        if (!o.emitted && ready(o)) {
          WEFT_CHECK(emit_outer(o));
          --left;
        }
      for (size_t i = 0; i < g_.instances.size(); ++i)
        if (instance_index_[i] == kUnset && ready(i)) {
          emit_instance(i);
          --left;
        }
      if (left == before) {
        std::string cycle;
        for (size_t i = 0; i < g_.instances.size(); ++i)
          if (instance_index_[i] == kUnset) cycle += (cycle.empty() ? "" : ", ") + iname(i);
        if (!cycle.empty())
          return std::unexpected(
              fail(fmt::format("the instances {} depend on each other in a cycle", cycle)));
        for (const Outer& o : outers_)
          if (!o.emitted) cycle += (cycle.empty() ? "" : ", ") + o.name;
        return std::unexpected(fail(fmt::format("the imports {} use each other's types in a cycle", cycle)));
      }
    }
    WEFT_CHECK(emit_exports());
    Bytes bytes{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    s.write_sections(bytes);
    auto valid = component::load_component(bytes);
    if (!valid) {
      std::string why = valid.error().message;
      if (why.find("not valid to be used as export") != std::string::npos)
        why +=
            "; an export whose type uses a record, variant, enum, flags or resource type of another "
            "instance (not one of the composition's imports) is not supported yet: weft compose writes "
            "no export type ascriptions";
      return std::unexpected(fail(fmt::format("the composed component does not validate: {}", why)));
    }
    out_.bytes = std::move(bytes);
    return {};
  }

  Result<void> emit_exports() {
    std::vector<std::pair<std::string, Ref>> exports;
    for (const std::string& name : g_.export_all) {
      auto it = by_name_.find(name);
      if (it == by_name_.end())
        return std::unexpected(
            fail(fmt::format("the exports name the instance `{}`, which does not exist", name)));
      for (const Item& e : decl(it->second).exports) exports.push_back({e.name, Ref{name, e.name}});
    }
    exports.insert(exports.end(), g_.exports.begin(), g_.exports.end());
    std::set<std::string> seen;
    for (const auto& [name, ref] : exports) {
      auto it = by_name_.find(ref.instance);
      if (it == by_name_.end())
        return std::unexpected(fail(
            fmt::format("export `{}` names the instance `{}`, which does not exist", name, ref.instance)));
      const Item* e = decl(it->second).find_export(ref.export_name);
      if (!e)
        return std::unexpected(
            fail(fmt::format("export `{}`: instance `{}` has no export `{}` (it exports {})", name,
                             ref.instance, ref.export_name, export_list(it->second))));
      if (!sort_of(e->kind()))
        return std::unexpected(fail(fmt::format("not supported yet: re-exporting the {} `{}`",
                                                kind_name(e->kind()), ref.export_name)));
      if (!seen.insert(name).second)
        return std::unexpected(fail(fmt::format("`{}` is exported twice", name)));
      uint32_t index = alias(it->second, e->name, e->kind());
      Bytes& item = enc_.outer().item(kExportSection);
      item.push_back(0x00);
      write_name(item, name);
      item.push_back(sort_of(e->kind()));
      write_u32(item, index);
      item.push_back(0x00);   // no ascribed type
      next_index(e->kind());  // an export is a new index of its sort
      out_.exports.push_back(name);
    }
    return {};
  }

  static constexpr uint32_t kUnset = uint32_t(-1);
  const Graph& g_;
  wit::Resolve resolve_;
  std::vector<Decl> decls_;
  std::map<std::string, size_t, std::less<>> by_name_;
  std::vector<std::vector<Arg>> args_;
  std::vector<Outer> outers_;
  std::vector<size_t> importer_;  // per outer: the first instance importing it
  std::map<std::string, size_t, std::less<>> outer_by_name_;
  std::set<size_t> used_;
  wit::TypeEncoder enc_{resolve_, true};
  std::vector<uint32_t> instance_index_;
  uint32_t funcs_ = 0, components_ = 0;
  std::map<std::tuple<size_t, std::string, Kind>, uint32_t> aliases_;
  Composed out_;
};

}  // namespace

Graph plug_graph(Input socket, std::vector<Input> plugs) {
  Graph g;
  std::set<std::string> names;
  auto add = [&](Input in, bool is_socket) {
    std::string name = in.name;
    for (int n = 2; !names.insert(name).second; ++n) name = fmt::format("{}#{}", in.name, n);
    InstanceSpec s;
    s.name = name;
    s.component = g.components.size();
    s.plug = true;
    s.serves = !is_socket;
    g.components.push_back(std::move(in));
    g.instances.push_back(std::move(s));
    return name;
  };
  for (Input& p : plugs) g.must_be_used.push_back(add(std::move(p), false));
  g.export_all.push_back(add(std::move(socket), true));
  return g;
}

Result<Composed> compose(const Graph& graph) { return Composer(graph).run(); }

}  // namespace weft::compose

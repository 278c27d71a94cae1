// Test helper: renders our model and wit-parser's JSON the same way for comparison.
#include "wit_describe.h"

#include <fmt/format.h>

namespace weft::component::wit::testing {
namespace {

using Json = nlohmann::ordered_json;

std::string docs_text(const std::optional<std::string>& d) { return d ? " docs=" + Json(*d).dump() : ""; }

std::string stability_text(const Stability& s) {
  std::string out;
  if (s.kind == Stability::Kind::Stable) out = " since=" + s.since.to_string();
  if (s.kind == Stability::Kind::Unstable) out = " unstable=" + s.feature;
  if (s.deprecated) out += " deprecated=" + s.deprecated->to_string();
  return out;
}

// Our side.
class ModelDescriber {
 public:
  explicit ModelDescriber(const Resolve& r) : r_(r) {
    for (uint32_t i = 0, anon = 0; i < r.interfaces.size(); ++i)
      iface_names_.push_back(r.interfaces[i].name.empty()
                                 ? fmt::format("anon#{}", anon++)
                                 : r.packages[r.interfaces[i].package.index].name.to_string() + "/" +
                                       r.interfaces[i].name);
  }

  std::string type(Type t) const {
    if (!t.is_def()) return std::string(primitive_name(t.kind));
    const TypeDef& def = r_[t.def];
    if (def.name.empty()) return kind(def.kind, false);
    return owner(def.owner) + "." + def.name;
  }

  std::string owner(const TypeOwner& o) const {
    if (o.kind == TypeOwner::Kind::Interface) return "iface:" + iface_names_[o.interface.index];
    if (o.kind == TypeOwner::Kind::World) return "world:" + world_name(o.world);
    return "none";
  }

  std::string world_name(WorldId id) const {
    const World& w = r_[id];
    return r_[w.package].name.to_string() + "/" + w.name;
  }

  std::string opt(const std::optional<Type>& t) const { return t ? type(*t) : "_"; }

  std::string kind(const TypeDefKind& k, bool with_docs) const {
    auto d = [&](const Docs& docs) { return with_docs ? docs_text(docs.contents) : ""; };
    if (const auto* a = std::get_if<Alias>(&k)) return "type(" + type(a->target) + ")";
    if (std::holds_alternative<Resource>(k)) return "resource";
    if (const auto* h = std::get_if<Handle>(&k))
      return fmt::format("{}({})", h->kind == Handle::Kind::Own ? "own" : "borrow", type(Type::of(h->resource)));
    std::string out;
    if (const auto* rec = std::get_if<Record>(&k)) {
      for (const Field& f : rec->fields) out += f.name + ": " + type(f.type) + d(f.docs) + ", ";
      return "record{" + out + "}";
    }
    if (const auto* fl = std::get_if<Flags>(&k)) {
      for (const Flag& f : fl->flags) out += f.name + d(f.docs) + ", ";
      return "flags{" + out + "}";
    }
    if (const auto* v = std::get_if<Variant>(&k)) {
      for (const Case& c : v->cases) out += c.name + (c.type ? ": " + type(*c.type) : "") + d(c.docs) + ", ";
      return "variant{" + out + "}";
    }
    if (const auto* e = std::get_if<Enum>(&k)) {
      for (const EnumCase& c : e->cases) out += c.name + d(c.docs) + ", ";
      return "enum{" + out + "}";
    }
    if (const auto* t = std::get_if<Tuple>(&k)) {
      for (Type m : t->types) out += type(m) + ", ";
      return "tuple(" + out + ")";
    }
    if (const auto* o = std::get_if<Option>(&k)) return "option(" + type(o->type) + ")";
    if (const auto* res = std::get_if<ResultType>(&k)) return "result(" + opt(res->ok) + ", " + opt(res->err) + ")";
    if (const auto* l = std::get_if<List>(&k)) return "list(" + type(l->element) + ")";
    if (const auto* l = std::get_if<FixedList>(&k)) return fmt::format("list({}, {})", type(l->element), l->length);
    if (const auto* m = std::get_if<Map>(&k)) return "map(" + type(m->key) + ", " + type(m->value) + ")";
    if (const auto* f = std::get_if<Future>(&k)) return "future(" + opt(f->payload) + ")";
    if (const auto* s = std::get_if<Stream>(&k)) return "stream(" + opt(s->payload) + ")";
    return "?";
  }

  std::string function(const Function& f) const {
    static constexpr const char* kKinds[] = {"freestanding", "method", "static", "constructor"};
    std::string kind = kKinds[int(f.kind)];
    if (f.kind != Function::Kind::Freestanding) kind += "(" + type(Type::of(f.resource)) + ")";
    std::string params;
    for (const Param& p : f.params) params += p.name + ": " + type(p.type) + ", ";
    return fmt::format("{} {}{} ({}) -> {}{}{}", f.name, f.is_async ? "async " : "", kind, params,
                       f.result ? type(*f.result) : "none", stability_text(f.stability), docs_text(f.docs.contents));
  }

  std::string item(const WorldItem& it) const {
    std::string key = it.key.is_interface() ? iface_names_[it.key.interface.index] : it.key.name;
    switch (it.kind) {
      case WorldItem::Kind::Interface:
        return key + ": interface " + iface_names_[it.interface.index] + stability_text(it.stability);
      case WorldItem::Kind::Function: return key + ": function " + function(it.function);
      case WorldItem::Kind::Type: return key + ": type " + type(Type::of(it.type));
    }
    return key;
  }

  std::vector<std::string> run() const {
    std::vector<std::string> out;
    for (const Package& p : r_.packages) {
      std::string ifaces, worlds;
      for (const auto& [name, id] : p.interfaces) ifaces += name + "=" + iface_names_[id.index] + " ";
      for (const auto& [name, id] : p.worlds) worlds += name + "=" + world_name(id) + " ";
      out.push_back(fmt::format("package {}{} interfaces[{}] worlds[{}]", p.name.to_string(), docs_text(p.docs.contents),
                                ifaces, worlds));
    }
    for (uint32_t i = 0; i < r_.interfaces.size(); ++i) {
      const Interface& iface = r_.interfaces[i];
      out.push_back(fmt::format("interface {} in {}{}{}", iface_names_[i], r_[iface.package].name.to_string(),
                                stability_text(iface.stability), docs_text(iface.docs.contents)));
      for (const auto& [name, id] : iface.types) out.push_back("  type " + name + " -> " + type(Type::of(id)));
      for (const Function& f : iface.functions) out.push_back("  func " + function(f));
    }
    for (uint32_t i = 0; i < r_.worlds.size(); ++i) {
      const World& w = r_.worlds[i];
      out.push_back(fmt::format("world {}{}{}", world_name(WorldId{i}), stability_text(w.stability),
                                docs_text(w.docs.contents)));
      for (const WorldItem& it : w.imports) out.push_back("  import " + item(it));
      for (const WorldItem& it : w.exports) out.push_back("  export " + item(it));
    }
    for (const TypeDef& def : r_.types) {
      if (def.name.empty()) continue;
      out.push_back(fmt::format("typedef {}.{} = {}{}{}", owner(def.owner), def.name, kind(def.kind, true),
                                stability_text(def.stability), docs_text(def.docs.contents)));
    }
    return out;
  }

 private:
  const Resolve& r_;
  std::vector<std::string> iface_names_;
};

}  // namespace

std::vector<std::string> describe_model(const Resolve& resolve) { return ModelDescriber(resolve).run(); }

std::string diff_lines(const std::vector<std::string>& expected, const std::vector<std::string>& actual) {
  size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  if (i == expected.size() && i == actual.size()) return "";
  std::string out = fmt::format("first difference at line {} (expected {} lines, got {}):\n", i + 1, expected.size(),
                                actual.size());
  for (size_t k = i >= 2 ? i - 2 : 0; k < i; ++k) out += "    " + expected[k] + "\n";
  out += "  - " + (i < expected.size() ? expected[i] : std::string("<end>")) + "\n";
  out += "  + " + (i < actual.size() ? actual[i] : std::string("<end>")) + "\n";
  return out;
}

}  // namespace weft::component::wit::testing

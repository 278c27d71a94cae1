// Test helper: wit-parser's JSON (`Resolve` serialized by serde) rendered like our model.
#include <fmt/format.h>

#include "wit_describe.h"

namespace weft::component::wit::testing {
namespace {

using Json = nlohmann::ordered_json;

std::string docs_of(const Json& j) {
  if (!j.is_object() || !j.contains("docs") || !j["docs"].contains("contents") || j["docs"]["contents"].is_null())
    return "";
  return " docs=" + j["docs"]["contents"].dump();
}

std::string stability_of(const Json& j) {
  if (!j.is_object() || !j.contains("stability")) return "";
  const Json& s = j["stability"];
  const Json* inner = nullptr;
  std::string out;
  if (s.contains("stable")) {
    inner = &s["stable"];
    out = " since=" + (*inner)["since"].get<std::string>();
  } else if (s.contains("unstable")) {
    inner = &s["unstable"];
    out = " unstable=" + (*inner)["feature"].get<std::string>();
  }
  if (inner && inner->contains("deprecated") && !(*inner)["deprecated"].is_null())
    out += " deprecated=" + (*inner)["deprecated"].get<std::string>();
  return out;
}

class JsonDescriber {
 public:
  explicit JsonDescriber(const Json& j) : j_(j) {
    uint32_t anon = 0;
    for (const Json& iface : j["interfaces"]) {
      if (iface["name"].is_null()) {
        ifaces_.push_back(fmt::format("anon#{}", anon++));
      } else {
        ifaces_.push_back(package_name(iface["package"].get<uint32_t>()) + "/" + iface["name"].get<std::string>());
      }
    }
  }

  std::string package_name(uint32_t i) const { return j_["packages"][i]["name"].get<std::string>(); }
  std::string world_name(uint32_t i) const {
    const Json& w = j_["worlds"][i];
    return package_name(w["package"].get<uint32_t>()) + "/" + w["name"].get<std::string>();
  }

  std::string type(const Json& t) const {
    if (t.is_string()) return t.get<std::string>();
    const Json& def = j_["types"][t.get<uint32_t>()];
    if (def["name"].is_null()) return kind(def["kind"], false);
    return owner(def["owner"]) + "." + def["name"].get<std::string>();
  }

  std::string owner(const Json& o) const {
    if (o.is_null()) return "none";
    if (o.contains("interface")) return "iface:" + ifaces_[o["interface"].get<uint32_t>()];
    return "world:" + world_name(o["world"].get<uint32_t>());
  }

  std::string opt(const Json& t) const { return t.is_null() ? "_" : type(t); }

  std::string kind(const Json& k, bool with_docs) const {
    if (k.is_string()) return k.get<std::string>();  // "resource"
    auto d = [&](const Json& x) { return with_docs ? docs_of(x) : ""; };
    auto first = k.begin();
    const std::string name = first.key();
    const Json& v = first.value();
    std::string out;
    if (name == "type") return "type(" + type(v) + ")";
    if (name == "handle") return v.contains("own") ? "own(" + type(v["own"]) + ")" : "borrow(" + type(v["borrow"]) + ")";
    if (name == "record") {
      for (const Json& f : v["fields"]) out += f["name"].get<std::string>() + ": " + type(f["type"]) + d(f) + ", ";
      return "record{" + out + "}";
    }
    if (name == "flags") {
      for (const Json& f : v["flags"]) out += f["name"].get<std::string>() + d(f) + ", ";
      return "flags{" + out + "}";
    }
    if (name == "variant") {
      for (const Json& c : v["cases"])
        out += c["name"].get<std::string>() + (c["type"].is_null() ? "" : ": " + type(c["type"])) + d(c) + ", ";
      return "variant{" + out + "}";
    }
    if (name == "enum") {
      for (const Json& c : v["cases"]) out += c["name"].get<std::string>() + d(c) + ", ";
      return "enum{" + out + "}";
    }
    if (name == "tuple") {
      for (const Json& m : v["types"]) out += type(m) + ", ";
      return "tuple(" + out + ")";
    }
    if (name == "option") return "option(" + type(v) + ")";
    if (name == "result") return "result(" + opt(v["ok"]) + ", " + opt(v["err"]) + ")";
    if (name == "list") return "list(" + type(v) + ")";
    if (name == "fixed-length-list") return fmt::format("list({}, {})", type(v[0]), v[1].get<uint32_t>());
    if (name == "map") return "map(" + type(v[0]) + ", " + type(v[1]) + ")";
    if (name == "future") return "future(" + opt(v) + ")";
    if (name == "stream") return "stream(" + opt(v) + ")";
    return "?" + name;
  }

  std::string function(const Json& f) const {
    std::string kind;
    bool is_async = false;
    const Json& k = f["kind"];
    auto strip_async = [&](std::string s) {
      if (s.starts_with("async-")) {
        is_async = true;
        s = s.substr(6);
      }
      return s;
    };
    if (k.is_string()) {
      kind = strip_async(k.get<std::string>());
    } else {
      auto first = k.begin();
      kind = strip_async(first.key()) + "(" + type(first.value()) + ")";
    }
    std::string params;
    for (const Json& p : f["params"]) params += p["name"].get<std::string>() + ": " + type(p["type"]) + ", ";
    std::string result = f.contains("result") && !f["result"].is_null() ? type(f["result"]) : "none";
    return fmt::format("{} {}{} ({}) -> {}{}{}", f["name"].get<std::string>(), is_async ? "async " : "", kind, params,
                       result, stability_of(f), docs_of(f));
  }

  std::string item(const std::string& key, const Json& it) const {
    std::string name = key;
    if (key.starts_with("interface-")) name = ifaces_[std::stoul(key.substr(10))];
    if (it.contains("interface")) {
      const Json& i = it["interface"];
      return name + ": interface " + ifaces_[i["id"].get<uint32_t>()] + stability_of(i);
    }
    if (it.contains("function")) return name + ": function " + function(it["function"]);
    return name + ": type " + type(it["type"]);
  }

  std::vector<std::string> run() const {
    std::vector<std::string> out;
    for (const Json& p : j_["packages"]) {
      std::string ifaces, worlds;
      for (const auto& [name, id] : p["interfaces"].items()) ifaces += name + "=" + ifaces_[id.get<uint32_t>()] + " ";
      for (const auto& [name, id] : p["worlds"].items()) worlds += name + "=" + world_name(id.get<uint32_t>()) + " ";
      out.push_back(fmt::format("package {}{} interfaces[{}] worlds[{}]", p["name"].get<std::string>(), docs_of(p),
                                ifaces, worlds));
    }
    for (size_t i = 0; i < ifaces_.size(); ++i) {
      const Json& iface = j_["interfaces"][i];
      out.push_back(fmt::format("interface {} in {}{}{}", ifaces_[i], package_name(iface["package"].get<uint32_t>()),
                                stability_of(iface), docs_of(iface)));
      for (const auto& [name, id] : iface["types"].items()) out.push_back("  type " + name + " -> " + type(id));
      for (const auto& [name, f] : iface["functions"].items()) out.push_back("  func " + function(f));
    }
    for (uint32_t i = 0; i < j_["worlds"].size(); ++i) {
      const Json& w = j_["worlds"][i];
      out.push_back(fmt::format("world {}{}{}", world_name(i), stability_of(w), docs_of(w)));
      for (const auto& [key, it] : w["imports"].items()) out.push_back("  import " + item(key, it));
      for (const auto& [key, it] : w["exports"].items()) out.push_back("  export " + item(key, it));
    }
    for (const Json& def : j_["types"]) {
      if (def["name"].is_null()) continue;
      out.push_back(fmt::format("typedef {}.{} = {}{}{}", owner(def["owner"]), def["name"].get<std::string>(),
                                kind(def["kind"], true), stability_of(def), docs_of(def)));
    }
    return out;
  }

 private:
  const Json& j_;
  std::vector<std::string> ifaces_;
};

}  // namespace

std::vector<std::string> describe_json(const Json& json) { return JsonDescriber(json).run(); }

}  // namespace weft::component::wit::testing

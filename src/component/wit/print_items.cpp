// The WIT printer: `use` groups, type definitions, resources, functions and worlds.
#include <fmt/format.h>

#include "component/wit/printer.h"
#include "component/wit/printer_impl.h"

namespace weft::component::wit {
namespace {

bool multi_line(const TypeDef& def, size_t funcs) {
  return std::holds_alternative<Record>(def.kind) || std::holds_alternative<Flags>(def.kind) ||
         std::holds_alternative<Variant>(def.kind) || std::holds_alternative<Enum>(def.kind) ||
         (std::holds_alternative<Resource>(def.kind) && funcs > 0);
}

template <class T, class F>
std::string join(const std::vector<T>& items, F&& f) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + f(items[i]);
  return out;
}

}  // namespace

std::string Printer::type(Type t) {
  if (!t.is_def()) return std::string(primitive_name(t.kind));
  const TypeDef& def = r_[t.def];
  if (!def.name.empty()) return print_ident(def.name);
  return kind_text(def.kind);
}

// How a type definition is written after `type x = `, or inline when anonymous.
std::string Printer::kind_text(const TypeDefKind& kind) {
  auto opt = [&](const std::optional<Type>& t, std::string_view base) {
    return t ? fmt::format("{}<{}>", base, type(*t)) : std::string(base);
  };
  if (const auto* a = std::get_if<Alias>(&kind)) return type(a->target);
  if (const auto* h = std::get_if<Handle>(&kind)) {
    // An anonymous `own<r>` is written `r`; `own<r>` only when it has a name.
    std::string r = type(Type::of(h->resource));
    return h->kind == Handle::Kind::Own ? r : "borrow<" + r + ">";
  }
  if (const auto* l = std::get_if<List>(&kind)) return "list<" + type(l->element) + ">";
  if (const auto* l = std::get_if<FixedList>(&kind)) return fmt::format("list<{}, {}>", type(l->element), l->length);
  if (const auto* o = std::get_if<Option>(&kind)) return "option<" + type(o->type) + ">";
  if (const auto* res = std::get_if<ResultType>(&kind)) {
    if (!res->ok && !res->err) return "result";
    if (!res->err) return "result<" + type(*res->ok) + ">";
    return fmt::format("result<{}, {}>", res->ok ? type(*res->ok) : "_", type(*res->err));
  }
  if (const auto* tup = std::get_if<Tuple>(&kind)) return "tuple<" + join(tup->types, [&](Type m) { return type(m); }) + ">";
  if (const auto* m = std::get_if<Map>(&kind)) return fmt::format("map<{}, {}>", type(m->key), type(m->value));
  if (const auto* f = std::get_if<Future>(&kind)) return opt(f->payload, "future");
  if (const auto* s = std::get_if<Stream>(&kind)) return opt(s->payload, "stream");
  return "<unnamed type>";
}

std::string Printer::signature(const Function& f) {
  size_t skip = f.kind == Function::Kind::Method ? 1 : 0;
  std::string params;
  for (size_t i = skip; i < f.params.size(); ++i)
    params += fmt::format("{}{}: {}", i > skip ? ", " : "", print_ident(f.params[i].name), type(f.params[i].type));
  std::string sig = fmt::format("{}func({})", f.is_async ? "async " : "", params);
  if (f.result) sig += " -> " + type(*f.result);
  return sig;
}

// Types in order: consecutive `use`d types from one interface (and gate) as one
// `use`, the others as definitions, resources with their functions.
void Printer::type_items(const std::vector<TypeId>& types, const FuncsOf& funcs_of) {
  bool prev_big = true;
  for (size_t i = 0; i < types.size();) {
    const TypeDef& first = r_[types[i]];
    if (auto dep = r_.type_interface_dep(types[i])) {
      std::vector<std::string> names;
      size_t j = i;
      for (; j < types.size() && r_.type_interface_dep(types[j]) == dep && r_[types[j]].stability == first.stability;
           ++j) {
        const TypeDef& def = r_[types[j]];
        const std::string& orig = r_[std::get<Alias>(def.kind).target.def].name;
        names.push_back(orig == def.name ? print_ident(orig)
                                         : fmt::format("{} as {}", print_ident(orig), print_ident(def.name)));
      }
      if (i == 0) blank();
      gate(first.stability, {});
      line(fmt::format("use {}.{{{}}};", interface_ref(*dep), join(names, [](const std::string& s) { return s; })));
      i = j;
      prev_big = false;
      continue;
    }
    std::vector<const Function*> funcs = funcs_of(types[i]);
    bool big = multi_line(first, funcs.size()) || first.docs.contents || first.stability.kind != Stability::Kind::Unknown;
    if (i == 0 || big || prev_big) blank();
    typedef_item(types[i], funcs);
    prev_big = big;
    ++i;
  }
}

void Printer::typedef_item(TypeId id, const std::vector<const Function*>& funcs) {
  const TypeDef& def = r_[id];
  docs(def.docs);
  gate(def.stability, {});
  std::string name = print_ident(def.name);
  auto body = [&](std::string_view keyword, const auto& items, auto&& item_line) {
    if (items.empty()) return line(fmt::format("{} {} {{}}", keyword, name));
    line(fmt::format("{} {} {{", keyword, name));
    ++indent_;
    for (const auto& it : items) {
      docs(it.docs);
      line(item_line(it) + ",");
    }
    --indent_;
    line("}");
  };
  if (const auto* rec = std::get_if<Record>(&def.kind)) {
    body("record", rec->fields, [&](const Field& f) { return print_ident(f.name) + ": " + type(f.type); });
  } else if (const auto* flags = std::get_if<Flags>(&def.kind)) {
    body("flags", flags->flags, [&](const Flag& f) { return print_ident(f.name); });
  } else if (const auto* var = std::get_if<Variant>(&def.kind)) {
    body("variant", var->cases, [&](const Case& c) {
      return c.type ? fmt::format("{}({})", print_ident(c.name), type(*c.type)) : print_ident(c.name);
    });
  } else if (const auto* e = std::get_if<Enum>(&def.kind)) {
    body("enum", e->cases, [&](const EnumCase& c) { return print_ident(c.name); });
  } else if (std::holds_alternative<Resource>(def.kind)) {
    if (funcs.empty()) return line(fmt::format("resource {};", name));
    line(fmt::format("resource {} {{", name));
    ++indent_;
    for (const Function* f : funcs) resource_func(*f);
    --indent_;
    line("}");
  } else if (const auto* h = std::get_if<Handle>(&def.kind); h && h->kind == Handle::Kind::Own) {
    line(fmt::format("type {} = own<{}>;", name, type(Type::of(h->resource))));
  } else {
    line(fmt::format("type {} = {};", name, kind_text(def.kind)));
  }
}

void Printer::resource_func(const Function& f) {
  docs(f.docs);
  gate(f.stability, f.external_id);
  if (f.kind == Function::Kind::Constructor) {
    std::string params = join(f.params, [&](const Param& p) { return print_ident(p.name) + ": " + type(p.type); });
    bool fallible = f.result && f.result->is_def() && std::holds_alternative<ResultType>(r_[f.result->def].kind);
    line(fallible ? fmt::format("constructor({}) -> {};", params, type(*f.result)) : fmt::format("constructor({});", params));
    return;
  }
  std::string_view is_static = f.kind == Function::Kind::Static ? "static " : "";
  line(fmt::format("{}: {}{};", print_ident(f.item_name()), is_static, signature(f)));
}

void Printer::world(WorldId id) {
  const World& w = r_[id];
  docs(w.docs);
  gate(w.stability, {});
  if (w.imports.empty() && w.exports.empty()) return line(fmt::format("world {} {{}}", print_ident(w.name)));
  line(fmt::format("world {} {{", print_ident(w.name)));
  ++indent_;
  std::vector<TypeId> types;
  for (const WorldItem& item : w.imports) {
    if (item.kind == WorldItem::Kind::Interface) world_interface(item, "import");
    if (item.kind == WorldItem::Kind::Type) types.push_back(item.type);
  }
  type_items(types, [&](TypeId resource) {
    std::vector<const Function*> funcs;
    for (const WorldItem& item : w.imports)
      if (item.kind == WorldItem::Kind::Function && item.function.kind != Function::Kind::Freestanding &&
          item.function.resource == resource)
        funcs.push_back(&item.function);
    return funcs;
  });
  for (const auto* items : {&w.imports, &w.exports}) {
    std::string_view keyword = items == &w.imports ? "import" : "export";
    bool first = true;
    for (const WorldItem& item : *items) {
      if (items == &w.exports && item.kind == WorldItem::Kind::Interface) world_interface(item, keyword);
      if (item.kind != WorldItem::Kind::Function || item.function.kind != Function::Kind::Freestanding) continue;
      if (first || item.function.docs.contents) blank();
      first = false;
      docs(item.function.docs);
      gate(item.function.stability, item.external_id ? item.external_id : item.function.external_id);
      line(fmt::format("{} {}: {};", keyword, print_ident(item.key.name), signature(item.function)));
    }
  }
  --indent_;
  line("}");
}

void Printer::world_interface(const WorldItem& item, std::string_view keyword) {
  if (item.key.is_interface()) {
    gate(item.stability, item.external_id);
    line(fmt::format("{} {};", keyword, interface_ref(item.interface)));
    return;
  }
  const Interface& iface = r_[item.interface];
  if (!iface.name.empty()) {
    gate(item.stability, item.external_id);
    line(fmt::format("{} {}: {};", keyword, print_ident(item.key.name), interface_ref(item.interface)));
    return;
  }
  blank();
  docs(iface.docs);
  gate(item.stability, item.external_id);
  if (iface.types.empty() && iface.functions.empty())
    return line(fmt::format("{} {}: interface {{}}", keyword, print_ident(item.key.name)));
  line(fmt::format("{} {}: interface {{", keyword, print_ident(item.key.name)));
  interface_body(item.interface);
  line("}");
}

}  // namespace weft::component::wit

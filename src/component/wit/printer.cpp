// The WIT printer: packages, interfaces and worlds, with docs and feature gates.
#include "component/wit/printer.h"

#include <fmt/format.h>

#include <algorithm>

#include "component/wit/lexer.h"
#include "component/wit/printer_impl.h"

namespace weft::component::wit {

std::string print_ident(std::string_view name) {
  return is_keyword(name) ? "%" + std::string(name) : std::string(name);
}

std::string print_type(const Resolve& resolve, Type type) { return Printer(resolve).type(type); }

std::string print_wit(const Resolve& resolve, std::optional<PackageId> main) {
  if (resolve.packages.empty()) return {};
  PackageId root = main ? *main : PackageId{uint32_t(resolve.packages.size() - 1)};
  std::vector<PackageId> others;
  for (uint32_t i = 0; i < resolve.packages.size(); ++i)
    if (i != root.index) others.push_back(PackageId{i});
  std::sort(others.begin(), others.end(),
            [&](PackageId a, PackageId b) { return resolve[a].name < resolve[b].name; });
  Printer p(resolve);
  p.package(root, false);
  for (PackageId id : others) {
    p.blank();
    p.package(id, true);
  }
  return p.take();
}

std::string print_package(const Resolve& resolve, PackageId id) {
  if (id.index >= resolve.packages.size()) return {};
  Printer p(resolve);
  p.package(id, false);
  return p.take();
}

void Printer::line(std::string_view text) {
  if (!text.empty()) out_.append(size_t(indent_) * 2, ' ');
  out_ += text;
  out_ += '\n';
}

void Printer::blank() {
  if (!out_.empty() && !out_.ends_with("\n\n") && !out_.ends_with("{\n")) out_ += '\n';
}

void Printer::docs(const Docs& d) {
  if (!d.contents) return;
  std::string_view text = *d.contents;
  while (true) {
    size_t nl = text.find('\n');
    std::string_view l = text.substr(0, nl);
    line(l.empty() ? "///" : fmt::format("/// {}", l));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

void Printer::gate(const Stability& s, const std::optional<std::string>& external_id) {
  if (external_id) line(fmt::format("@external-id({})", quote(*external_id)));
  if (s.kind == Stability::Kind::Stable) line(fmt::format("@since(version = {})", s.since.to_string()));
  if (s.kind == Stability::Kind::Unstable) line(fmt::format("@unstable(feature = {})", print_ident(s.feature)));
  if (s.deprecated) line(fmt::format("@deprecated(version = {})", s.deprecated->to_string()));
}

std::string Printer::quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\u{{{:x}}}", c);
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

std::string Printer::package_name(const PackageName& name) {
  std::string s = print_ident(name.ns) + ":" + print_ident(name.name);
  if (name.version) s += "@" + name.version->to_string();
  return s;
}

void Printer::package(PackageId id, bool nested) {
  const Package& pkg = r_[id];
  current_ = id;
  docs(pkg.docs);
  if (!nested) {
    line(fmt::format("package {};", package_name(pkg.name)));
  } else {
    line(fmt::format("package {} {{", package_name(pkg.name)));
    ++indent_;
  }
  for (const auto& [name, iface] : pkg.interfaces) {
    blank();
    const Interface& i = r_[iface];
    docs(i.docs);
    gate(i.stability, {});
    if (i.types.empty() && i.functions.empty()) {
      line(fmt::format("interface {} {{}}", print_ident(name)));
      continue;
    }
    line(fmt::format("interface {} {{", print_ident(name)));
    interface_body(iface);
    line("}");
  }
  for (const auto& [name, world_id] : pkg.worlds) {
    blank();
    world(world_id);
  }
  if (nested) {
    --indent_;
    line("}");
  }
}

// `name` for an interface of the package being printed, the full path otherwise.
std::string Printer::interface_ref(InterfaceId id) {
  const Interface& iface = r_[id];
  if (iface.package == current_) return print_ident(iface.name);
  return fmt::format("{}:{}/{}{}", print_ident(r_[iface.package].name.ns), print_ident(r_[iface.package].name.name),
                     print_ident(iface.name),
                     r_[iface.package].name.version ? "@" + r_[iface.package].name.version->to_string() : "");
}

void Printer::interface_body(InterfaceId id) {
  ++indent_;
  const Interface& iface = r_[id];
  std::vector<TypeId> types;
  for (const auto& [name, type] : iface.types) types.push_back(type);
  type_items(types, [&](TypeId resource) {
    std::vector<const Function*> funcs;
    for (const Function& f : iface.functions)
      if (f.kind != Function::Kind::Freestanding && f.resource == resource) funcs.push_back(&f);
    return funcs;
  });
  bool first = true;
  for (const Function& f : iface.functions) {
    if (f.kind != Function::Kind::Freestanding) continue;
    if (first || f.docs.contents) blank();
    first = false;
    docs(f.docs);
    gate(f.stability, f.external_id);
    line(fmt::format("{}: {};", print_ident(f.name), signature(f)));
  }
  --indent_;
}

}  // namespace weft::component::wit

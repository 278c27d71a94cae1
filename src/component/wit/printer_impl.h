// The WIT printer's state, shared by its two source files. Internal to the library.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "component/wit/model.h"

namespace weft::component::wit {

class Printer {
 public:
  explicit Printer(const Resolve& r) : r_(r) {}

  // --- packages and interfaces (printer.cpp) ---
  void package(PackageId id, bool nested);
  void blank();
  std::string take() { return std::move(out_); }

  // --- types, functions and worlds (print_items.cpp) ---
  std::string type(Type t);

 private:
  using FuncsOf = std::function<std::vector<const Function*>(TypeId)>;

  void line(std::string_view text);
  void docs(const Docs& d);
  void gate(const Stability& s, const std::optional<std::string>& external_id);
  static std::string quote(std::string_view s);
  static std::string package_name(const PackageName& name);
  std::string interface_ref(InterfaceId id);
  void interface_body(InterfaceId id);

  void type_items(const std::vector<TypeId>& types, const FuncsOf& funcs_of);
  void typedef_item(TypeId id, const std::vector<const Function*>& funcs);
  void resource_func(const Function& f);
  std::string kind_text(const TypeDefKind& kind);
  std::string signature(const Function& f);
  void world(WorldId id);
  void world_interface(const WorldItem& item, std::string_view keyword);

  const Resolve& r_;
  std::string out_;
  int indent_ = 0;
  PackageId current_;
};

}  // namespace weft::component::wit

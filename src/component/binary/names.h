// Import/export name syntax and strong uniqueness.
// spec: Explainer.md "Import and Export Definitions", "Name Uniqueness"
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "component/types/subtype.h"

namespace weft::component {

// spec: label — kebab case with words and acronyms.
bool is_kebab_label(std::string_view s);
// spec: valid semver (https://semver.org), with wasm-tools' messages on failure.
Check check_semver(std::string_view s);

// A parsed externname.
struct ParsedName {
  enum class Kind : uint8_t { Label, Constructor, Method, Static, Interface } kind = Kind::Label;
  std::string resource;   // Constructor/Method/Static: the resource label
  std::string label;      // Label: the name; Method/Static: the function label
  std::string canonical;  // for strong uniqueness (spec: "Canonicalize each name")
};

// spec: externname ::= plainname | interfacename
std::expected<ParsedName, std::string> parse_extern_name(std::string_view name);
// spec: interfacename
Check check_interface_name(std::string_view name);

// Names already used in one scope (imports or exports of a component or type).
class NameSet {
 public:
  // `what` is "import" or "export" for the message.
  Check add(const ParsedName& name, std::string_view original, std::string_view what);

 private:
  std::map<std::string, std::string> canonical_;  // canonical -> original
};

}  // namespace weft::component

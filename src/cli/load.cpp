// Reading a module or component file: binary as is, WAT text (core or component) encoded first.
#include <fmt/format.h>

#include "cli/commands.h"
#include "component/text/component_wat.h"
#include "core/text/script.h"

namespace weft::cli {

namespace {

// Component text: "(component" after whitespace and comments.
bool is_component_text(std::string_view t) {
  for (;;) {
    const size_t start = t.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return false;
    t.remove_prefix(start);
    if (t.starts_with(";;")) {
      const size_t eol = t.find('\n');
      if (eol == std::string_view::npos) return false;
      t.remove_prefix(eol);
    } else if (t.starts_with("(;")) {
      const size_t end = t.find(";)");  // nested block comments are rare enough here
      if (end == std::string_view::npos) return false;
      t.remove_prefix(end + 2);
    } else {
      break;
    }
  }
  if (!t.starts_with("(")) return false;
  t.remove_prefix(1);
  const size_t word = t.find_first_not_of(" \t\r\n");
  return word != std::string_view::npos && t.substr(word).starts_with("component");
}

}  // namespace

Result<std::vector<uint8_t>> read_module_bytes(const std::string& path) {
  WEFT_TRY(data, read_file(path));
  if (data.size() >= 4 && data.compare(0, 4, std::string_view("\0asm", 4)) == 0) {
    return std::vector<uint8_t>(data.begin(), data.end());
  }
  auto bytes = is_component_text(data) ? component::text::parse_component_wat(data)
                                       : core::text::parse_wat_module(data);
  if (!bytes) {
    Error e = bytes.error();
    e.file = path;
    return std::unexpected(e);
  }
  return bytes;
}

}  // namespace weft::cli

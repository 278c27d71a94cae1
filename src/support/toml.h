// Reading TOML files (weft.toml, composition files) with toml++, header-only and
// without exceptions, and the errors every reader gives: file:line:column, and
// unknown keys refused so that a typo is never a silent default.
#pragma once

#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include <fmt/format.h>
#include <toml++/toml.h>

#include <set>
#include <string>
#include <string_view>

#include "support/error.h"

namespace weft {

// An error at `where` in the TOML file `path`.
inline Error toml_error(const std::string& path, const toml::source_region& where, std::string message) {
  return Error{Phase::Text, Span::text(where.begin.line, where.begin.column), std::move(message), path, 0,
               {}};
}

// Every key of `table` must be one of `known`; `where` names the table in the message
// ("unknown key `x` in [package]").
inline Result<void> toml_check_keys(const std::string& path, const toml::table& table, std::string_view where,
                                    const std::set<std::string_view>& known) {
  for (const auto& [key, value] : table)
    if (!known.count(key.str()))
      return std::unexpected(
          toml_error(path, key.source(), fmt::format("unknown key `{}` in {}", key.str(), where)));
  return {};
}

}  // namespace weft

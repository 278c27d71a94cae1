// Canonical WIT text from the resolved model.
//
// The output is stable: printing, parsing and resolving it, and printing again gives
// the same text. Worlds are printed elaborated (every import explicit, no `include`),
// references to other packages are fully qualified (no top-level `use`), and each
// interface lists its `use`s, then its types, then its functions.
#pragma once

#include <optional>
#include <string>

#include "component/wit/model.h"

namespace weft::component::wit {

// Prints every package of `resolve`: `main` (or, without one, the last package) as
// the file's own package, the others after it as `package x { ... }` blocks in name
// order, so the text stands alone.
std::string print_wit(const Resolve& resolve, std::optional<PackageId> main);

// Prints package `id` alone (other packages are referred to by full names), the way
// wit-component prints what it decodes from a binary.
std::string print_package(const Resolve& resolve, PackageId id);

// The WIT spelling of a type reference in the scope it is used from.
std::string print_type(const Resolve& resolve, Type type);

// `name`, or `%name` when it is spelled like a WIT keyword.
std::string print_ident(std::string_view name);

}  // namespace weft::component::wit

// Which version of an interface serves an import of another version: the rule the
// Linker (host definitions, run-time links) and `weft compose` (plugs) both apply.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace weft::component {

using PlainVersion = std::array<uint64_t, 3>;

// "pkg:name/iface@1.2.3" -> ("pkg:name/iface", {1, 2, 3}); nullopt without a
// plain numeric version (prereleases and build metadata only match exactly).
std::optional<std::pair<std::string_view, PlainVersion>> split_version(std::string_view name);

// Semver compatibility as Wasmtime's linker applies it: 1.x.y serves 1.a.b,
// 0.x.y serves 0.x.b (x > 0), 0.0.y only itself.
bool version_serves(const PlainVersion& want, const PlainVersion& have);

}  // namespace weft::component

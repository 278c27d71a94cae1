// A depth-first topological sort with wit-parser's error reporting, without recursion.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "support/error.h"

namespace weft::component::wit {

// An edge to `node`, written at `span` as `name`; `node == kMissing` names nothing.
struct TopoDep {
  static constexpr uint32_t kMissing = ~uint32_t{0};
  uint32_t node = kMissing;
  Span span;
  std::string name;
  const std::string* file = nullptr;  // where the edge is written, when it matters
};

// Orders nodes 0..n-1 so each comes after its dependencies, visiting nodes and their
// edges in the given order (so an already sorted list is left as it is). On failure,
// returns the edge that closes a cycle or names nothing; `missing` says which.
struct TopoFailure {
  TopoDep dep;
  bool missing = false;
};
std::expected<std::vector<uint32_t>, TopoFailure> toposort(const std::vector<std::vector<TopoDep>>& deps);

}  // namespace weft::component::wit

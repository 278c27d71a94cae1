// Topological sorting of interfaces, worlds, types and packages.
#include "component/wit/toposort.h"

namespace weft::component::wit {

// The recursive algorithm is: visit(n) { for each edge e of n: if e.node is on the
// current path, fail at e; visit(e.node) } then append n. Roots are not marked as on
// the path, as in wit-parser, which decides which edge a cycle is reported at.
std::expected<std::vector<uint32_t>, TopoFailure> toposort(const std::vector<std::vector<TopoDep>>& deps) {
  size_t n = deps.size();
  std::vector<uint8_t> done(n, 0), on_path(n, 0);
  std::vector<uint32_t> order;
  order.reserve(n);
  struct Frame {
    uint32_t node;
    uint32_t next_edge;
  };
  std::vector<Frame> stack;
  for (uint32_t root = 0; root < n; ++root) {
    if (done[root]) continue;
    stack.push_back({root, 0});
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next_edge < deps[f.node].size()) {
        const TopoDep& dep = deps[f.node][f.next_edge++];
        if (dep.node == TopoDep::kMissing || dep.node >= n) return std::unexpected(TopoFailure{dep, true});
        if (on_path[dep.node]) return std::unexpected(TopoFailure{dep, false});
        if (done[dep.node]) continue;
        on_path[dep.node] = 1;
        stack.push_back({dep.node, 0});
        continue;
      }
      uint32_t node = f.node;
      stack.pop_back();
      if (!done[node]) {
        done[node] = 1;
        order.push_back(node);
      }
      on_path[node] = 0;
    }
  }
  return order;
}

}  // namespace weft::component::wit

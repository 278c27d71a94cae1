// A store with one component instance made from text, for the link tests.
#pragma once

#include <string>
#include <vector>

#include "component/link/linker.h"
#include "component/text/component_wat.h"

namespace weft::component::test {

struct Env {
  core::Store store;
  Runtime rt{store};
  Linker linker;
  RtInstancePtr inst;

  Result<void> load(const std::string& wat) {
    WEFT_TRY(bytes, text::parse_component_wat(wat));
    WEFT_TRY(vc, load_component(bytes));
    WEFT_TRY(i, linker.instantiate(rt, vc));
    inst = i;
    return {};
  }
  // Calls export `name` as the host does.
  Result<std::vector<Val>> call(const std::string& name, std::vector<Val> args) {
    const RtItem* f = inst->find(name);
    if (!f || !f->func) return make_error(Phase::Usage, {}, "no export " + name);
    return call_func(rt, *f->func, nullptr, args);
  }
};

}  // namespace weft::component::test

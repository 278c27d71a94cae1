// Regressions found by fuzz_component_run: untrusted components must give errors or
// traps and must not leak or crash.
#include <gtest/gtest.h>

#include "component/link/item.h"
#include "component/text/component_wat.h"

namespace weft::component {
namespace {

// A component defining a nested component: the instance frame held the nested
// closure, which held the frame, so neither (nor the validated component) was ever
// freed. Frames now live exactly as long as the Runtime.
TEST(ComponentLinkFuzz, NestedComponentDoesNotLeakItsFrame) {
  auto bytes = text::parse_component_wat(R"((component
    (component $inner)
    (instance $i (instantiate $inner))
    (export "c" (component $inner))))");
  ASSERT_TRUE(bytes) << bytes.error().to_string();
  std::weak_ptr<const ValidatedComponent> watch;
  {
    auto vc = load_component(*bytes);
    ASSERT_TRUE(vc) << vc.error().to_string();
    watch = *vc;
    core::Store store;
    Runtime rt(store);
    auto inst = instantiate(rt, *vc, {});
    ASSERT_TRUE(inst) << inst.error().to_string();
    // The exported closure is still usable while the Runtime lives.
    const RtItem* c = (*inst)->find("c");
    ASSERT_TRUE(c && c->component);
    auto again = instantiate(rt, c->component, {}, nullptr);
    EXPECT_TRUE(again) << again.error().to_string();
  }
  EXPECT_TRUE(watch.expired());
}

}  // namespace
}  // namespace weft::component

// A core exception may not cross a component boundary: one that nothing inside
// the callee caught reaches the caller as a trap its handlers cannot catch.
#include <gtest/gtest.h>

#include "component/link/linker.h"
#include "component/text/component_wat.h"

namespace weft::component {
namespace {

constexpr const char* kTwoComponents = R"((component
  (component $A
    (core module $m
      (tag $t)
      (func (export "f") (throw $t)))
    (core instance $i (instantiate $m))
    (func (export "f") (canon lift (core func $i "f"))))
  (component $B
    (import "f" (func $f))
    (core func $f-core (canon lower (func $f)))
    (core module $m
      (import "" "f" (func $f))
      (func (export "run") (result i32)
        (block $caught
          (try_table (catch_all $caught)
            (call $f))
          (return (i32.const 0)))
        (i32.const 1)))
    (core instance $i (instantiate $m
      (with "" (instance (export "f" (func $f-core))))))
    (func (export "run") (result u32) (canon lift (core func $i "run"))))
  (instance $a (instantiate $A))
  (instance $b (instantiate $B (with "f" (func $a "f"))))
  (export "run" (func $b "run"))
))";

TEST(ComponentExceptions, UncaughtCoreExceptionTrapsAtTheBoundary) {
  core::Store store;
  Runtime rt{store};
  Linker linker;
  auto bytes = text::parse_component_wat(kTwoComponents);
  ASSERT_TRUE(bytes) << bytes.error().to_string();
  auto vc = load_component(*bytes);
  ASSERT_TRUE(vc) << vc.error().to_string();
  auto inst = linker.instantiate(rt, *vc);
  ASSERT_TRUE(inst) << inst.error().to_string();
  const RtItem* f = (*inst)->find("run");
  ASSERT_TRUE(f && f->func);
  auto r = call_func(rt, *f->func, nullptr, {});
  ASSERT_FALSE(r);  // B's catch_all never ran (it would have returned 1)
  EXPECT_EQ(r.error().phase, Phase::Execute);
  EXPECT_EQ(r.error().message, "uncaught exception propagated out of component");
}

}  // namespace
}  // namespace weft::component

// The component script runner's Wasmtime profile (`weft wast --wasmtime`): the GC-ABI
// canonical options are refused unless the script turns Wasmtime's
// `component_model_gc` on, as Wasmtime's harness does; weft's own default accepts them.
#include <gtest/gtest.h>

#include "wast/runner.h"

namespace weft::wast {
namespace {

const char* kGcScript = R"(
(component
  (core module $m (func (export "f") (param i32) (result i32) (local.get 0)))
  (core instance $i (instantiate $m))
  (func (export "f") (param "x" u32) (result u32) (canon lift (core func $i "f") gc)))
(assert_return (invoke "f" (u32.const 5)) (u32.const 5))
)";

WastReport run(const std::string& source, bool wasmtime) {
  WastOptions options;
  options.wasmtime = wasmtime;
  auto r = run_wast_source(source, "gc.wast", options);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : WastReport{};
}

TEST(WastComponentRunner, GcOptionsFollowWasmtimesSetting) {
  WastReport plain = run(kGcScript, false);
  EXPECT_EQ(plain.passed, 2u);
  EXPECT_EQ(plain.failed, 0u);

  WastReport on = run(std::string(";;! component_model_gc = true\n") + kGcScript, true);
  EXPECT_EQ(on.passed, 2u);
  EXPECT_EQ(on.failed, 0u);

  // Off: the unit is refused (and the action on it fails), with wasm-tools' words.
  WastReport off = run(kGcScript, true);
  EXPECT_EQ(off.passed, 0u);
  ASSERT_FALSE(off.failures.empty());
  EXPECT_NE(off.failures[0].find("canonical option `gc` requires the `cm-gc` feature"), std::string::npos)
      << off.failures[0];
  // The first of the two options names the feature, in a nested component too.
  WastReport nested = run(R"((component (component
    (import "f" (func $f))
    (core type $ty (func))
    (core func (canon lower (func $f) (core-type $ty) gc)))))",
                          true);
  ASSERT_EQ(nested.failures.size(), 1u);
  EXPECT_NE(nested.failures[0].find("canonical option `core type` requires the component model gc feature"),
            std::string::npos)
      << nested.failures[0];
}

}  // namespace
}  // namespace weft::wast

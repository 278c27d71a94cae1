// Linker: which host definition serves an import (exact name, or the highest
// semver-compatible version), and host definitions of unknown imports as traps.
#include "component/link/linker.h"

#include <gtest/gtest.h>

#include "component/text/component_wat.h"

namespace weft::component {
namespace {

// A component importing `name` as an instance with one function `f`, and exporting it as "i".
ValidatedComponentPtr importer(const std::string& name) {
  auto bytes = text::parse_component_wat("(component (import \"" + name +
                                         "\" (instance $i (export \"f\" (func (result u32)))))"
                                         " (export \"i\" (instance $i)))");
  EXPECT_TRUE(bytes) << bytes.error().to_string();
  auto vc = load_component(*bytes);
  EXPECT_TRUE(vc) << vc.error().to_string();
  return *vc;
}

HostFunc returns(uint32_t v) {
  return [v](Runtime&, InstanceState*, std::span<const Val>, std::vector<Val>& out) -> Result<void> {
    out.push_back(Val::u32(v));
    return {};
  };
}

// The value f of whichever definition served the import, or nullopt when none did.
std::optional<uint32_t> served(const Linker& linker, const std::string& import) {
  core::Store store;
  Runtime rt(store);
  auto inst = linker.instantiate(rt, importer(import));
  if (!inst) return std::nullopt;
  const RtItem* i = (*inst)->find("i");
  if (!i || !i->instance) return std::nullopt;
  auto r = call_func(rt, *i->instance->find("f")->func, nullptr, {});
  if (!r) return std::nullopt;
  return uint32_t((*r)[0].bits);
}

TEST(Linker, SemverCompatibleVersionsServeAnImport) {
  Linker l;
  l.define_func("a:b/c@0.2.3", "f", returns(3));
  l.define_func("a:b/c@0.2.12", "f", returns(12));
  l.define_func("a:b/c@1.4.0", "f", returns(140));
  l.define_func("a:b/c@0.0.5", "f", returns(5));
  l.define_func("a:b/c@0.3.0-rc", "f", returns(30));
  EXPECT_EQ(served(l, "a:b/c@0.2.3"), 3u);   // exact wins
  EXPECT_EQ(served(l, "a:b/c@0.2.0"), 12u);  // else the highest 0.2.x
  EXPECT_EQ(served(l, "a:b/c@0.2.99"), 12u);
  EXPECT_EQ(served(l, "a:b/c@1.0.0"), 140u);  // 1.x.y: same major
  EXPECT_EQ(served(l, "a:b/c@0.0.5"), 5u);
  EXPECT_EQ(served(l, "a:b/c@0.0.6"), std::nullopt);  // 0.0.x: exact only
  EXPECT_EQ(served(l, "a:b/c@0.3.0"), std::nullopt);  // another minor of 0.x
  EXPECT_EQ(served(l, "a:b/c@0.3.0-rc"), 30u);        // prereleases: exact only
  EXPECT_EQ(served(l, "a:b/c@2.0.0"), std::nullopt);
  EXPECT_EQ(served(l, "a:b/d@0.2.12"), std::nullopt);
}

TEST(Linker, UnknownImportsCanBeDefinedAsTraps) {
  core::Store store;
  Runtime rt(store);
  Linker l;
  l.define_func("x:y/defined@1.0.0", "f", returns(1));
  auto vc = importer("x:y/missing@1.0.0");
  auto names =
      l.define_unknown_imports_as_traps(rt, vc, [](std::string_view n) { return n.starts_with("x:"); });
  EXPECT_EQ(names, std::vector<std::string>{"x:y/missing@1.0.0"});
  auto inst = l.instantiate(rt, vc);
  ASSERT_TRUE(inst) << inst.error().to_string();
  auto r = call_func(rt, *(*inst)->find("i")->instance->find("f")->func, nullptr, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "not supported yet: x:y/missing@1.0.0#f");
  // Not selected: still a link error.
  Linker strict;
  strict.define_unknown_imports_as_traps(rt, vc, [](std::string_view) { return false; });
  EXPECT_FALSE(strict.instantiate(rt, vc));
}

}  // namespace
}  // namespace weft::component

// Run-time linking: a function another component exports, supplied for an import
// (Linker::define), must have the import's type. The two were validated apart, in
// different type arenas, so the linker compares them (component/link/type_match.h).
#include <gtest/gtest.h>

#include "component/link/linker.h"
#include "component/text/component_wat.h"

namespace weft::component {
namespace {

ValidatedComponentPtr parse(const std::string& wat) {
  auto bytes = text::parse_component_wat(wat);
  EXPECT_TRUE(bytes) << bytes.error().to_string();
  if (!bytes) return nullptr;
  auto vc = load_component(*bytes);
  EXPECT_TRUE(vc) << vc.error().to_string();
  return vc ? *vc : nullptr;
}

// A component importing resource `r`, a type `t` defined as `t_def` and a function
// `f` of type `func_type`, and exporting all three.
ValidatedComponentPtr passthrough(const std::string& t_def, const std::string& func_type) {
  return parse("(component (import \"r\" (type $r (sub resource))) (type $t' " + t_def +
               ") (import \"t\" (type $t (eq $t'))) (import \"f\" (func $f " + func_type +
               ")) (export \"r\" (type $r)) (export \"f\" (func $f)))");
}

// Links a consumer declaring (t_want, f_want) to a provider exporting (t_have, f_have);
// "" when it links, else the link error. Both get the same host resource for `r`.
std::string link(const std::string& t_have, const std::string& f_have, const std::string& t_want,
                 const std::string& f_want) {
  core::Store store;
  Runtime rt(store);
  Linker host;
  const uint32_t r = rt.new_host_resource_type("r");
  host.define_resource("", "r", r);
  host.define_func(
      "f",
      [](Runtime&, InstanceState*, std::span<const Val>, std::vector<Val>&) -> Result<void> { return {}; });
  auto provider_vc = passthrough(t_have, f_have), consumer_vc = passthrough(t_want, f_want);
  if (!provider_vc || !consumer_vc) return "(does not validate)";
  auto provider = host.instantiate(rt, provider_vc);
  if (!provider) return "provider: " + provider.error().message;
  const RtItem* f = (*provider)->find("f");
  if (!f) return "(the provider exports no f)";
  Linker linker;
  linker.define("f", *f);
  linker.define("r", RtItem::type(r));
  auto consumer = linker.instantiate(rt, consumer_vc);
  return consumer ? "" : consumer.error().message;
}

constexpr const char* kRecord = "(record (field \"x\" u32) (field \"y\" (list string)))";

TEST(RunTimeLink, EqualTypesLink) {
  EXPECT_EQ(link(kRecord, "(param \"p\" $t) (result (option $t))", kRecord,
                 "(param \"p\" $t) (result (option $t))"),
            "");
  EXPECT_EQ(link("(enum \"a\" \"b\")", "(param \"p\" (own $r)) (param \"q\" (borrow $r))",
                 "(enum \"a\" \"b\")", "(param \"p\" (own $r)) (param \"q\" (borrow $r))"),
            "");
}

TEST(RunTimeLink, DifferentTypesAreLinkErrors) {
  const std::string prefix = "import `f`: function type mismatch: ";
  EXPECT_EQ(link(kRecord, "(param \"p\" $t)", kRecord, "(param \"q\" $t)"),
            prefix + "expected parameter named `q`, found `p`");
  EXPECT_EQ(link(kRecord, "(param \"p\" u32)", kRecord, "(param \"p\" s32)"),
            prefix + "type mismatch in function parameter `p`: expected s32, found u32");
  EXPECT_EQ(link("(record (field \"x\" u32))", "(param \"p\" $t)", "(record (field \"z\" u32))",
                 "(param \"p\" $t)"),
            prefix + "type mismatch in function parameter `p`: expected field name `z`, found `x`");
  EXPECT_EQ(link(kRecord, "(param \"p\" (list u8))", kRecord, "(param \"p\" string)"),
            prefix + "type mismatch in function parameter `p`: expected string, found list");
  EXPECT_EQ(link("(enum \"a\" \"b\")", "(result $t)", "(enum \"a\" \"c\")", "(result $t)"),
            prefix + "type mismatch in result: mismatch in enum elements");
  EXPECT_EQ(link(kRecord, "(result (result u32 (error string)))", kRecord, "(result (result u32))"),
            prefix + "type mismatch in result: expected no err type, found one");
  EXPECT_EQ(link(kRecord, "(param \"p\" (own $r))", kRecord, "(param \"p\" (borrow $r))"),
            prefix + "type mismatch in function parameter `p`: expected borrow, found own");
  EXPECT_EQ(link(kRecord, "(param \"p\" (own $r))", kRecord, "(param \"p\" u32)"),
            prefix + "type mismatch in function parameter `p`: expected u32, found own");
}

}  // namespace
}  // namespace weft::component

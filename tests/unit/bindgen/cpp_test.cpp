// The C++ bindings generator on small worlds: names, signatures, the custom section,
// and clear errors for what is not supported. (Generated code is compiled and run
// against weft and jco in tests/e2e/bindgen_test.cpp.)
#include "bindgen/cpp.h"

#include <gtest/gtest.h>

#include "component/wit/wit.h"

namespace weft::bindgen {
namespace {

namespace wit = component::wit;

struct Out {
  std::string header, glue;
};

Result<Out> generate(std::string_view text, const std::string& world, CppOptions options = {}) {
  auto loaded = wit::load_text(text);
  if (!loaded) return std::unexpected(loaded.error());
  auto w = wit::select_world(*loaded, world);
  if (!w) return std::unexpected(w.error());
  auto files = generate_cpp(loaded->resolve, *w, options);
  if (!files) return std::unexpected(files.error());
  return Out{(*files)[0].contents, (*files)[1].contents};
}

constexpr std::string_view kCalc = R"(package cyber:math;
interface operations { add: func(a: u32, b: u32) -> u32; }
world calculator-provider { export operations; }
world calculator-consumer { import operations; export run: func() -> string; }
)";

TEST(BindgenCpp, ExportsAreDeclaredForTheUserAndGlueExportsCoreNames) {
  auto out = generate(kCalc, "calculator-provider");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NE(out->header.find("namespace exports::cyber::math::operations {"), std::string::npos);
  EXPECT_NE(out->header.find("uint32_t add(uint32_t a, uint32_t b);"), std::string::npos);
  EXPECT_NE(out->glue.find("export_name(\"cyber:math/operations#add\")"), std::string::npos);
  EXPECT_NE(out->glue.find("export_name(\"cabi_realloc\")"), std::string::npos);
  EXPECT_NE(out->glue.find(".custom_section.component-type:calculator-provider"), std::string::npos);
  EXPECT_EQ(out->glue.find("_start"), std::string::npos);
}

TEST(BindgenCpp, ImportsAreDefinedAndResultsInMemoryGetPostReturn) {
  auto out = generate(kCalc, "calculator-consumer");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NE(out->glue.find("import_module(\"cyber:math/operations\"), import_name(\"add\")"),
            std::string::npos);
  // run() -> string does not fit one flat result: it returns a pointer and has a post-return.
  EXPECT_NE(out->glue.find("export_name(\"run\"))) int32_t"), std::string::npos);
  EXPECT_NE(out->glue.find("export_name(\"cabi_post_run\")"), std::string::npos);
  EXPECT_NE(out->header.find("namespace exports::calculator_consumer {"), std::string::npos);
}

TEST(BindgenCpp, KeywordsAndKebabNamesBecomeValidCpp) {
  auto out = generate(R"(package a:b;
interface i { record class { new: u32, this-one: string } enum switch { case, default } }
world w { import i; }
)",
                      "w");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NE(out->header.find("struct Class {"), std::string::npos);
  EXPECT_NE(out->header.find("uint32_t new_;"), std::string::npos);
  EXPECT_NE(out->header.find("std::string this_one;"), std::string::npos);
  EXPECT_NE(out->header.find("enum class Switch : uint8_t {"), std::string::npos);
}

TEST(BindgenCpp, MoreThanSixteenFlatParametersGoThroughMemory) {
  auto out = generate(R"(package a:b;
world w { import f: func(a: tuple<u64, u64, u64, u64, u64, u64, u64, u64, u64>, b: tuple<u32, u32, u32, u32, u32, u32, u32, u32>); }
)",
                      "w");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NE(out->glue.find("import_module(\"$root\"), import_name(\"f\"))) void weft__root_f(int32_t);"),
            std::string::npos)
      << out->glue;
}

TEST(BindgenCpp, CommandsDefineStart) {
  auto out = generate("package a:b;\nworld w {}\n", "w", CppOptions{"", true});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NE(out->glue.find("export_name(\"_start\")"), std::string::npos);
}

TEST(BindgenCpp, AsyncTypesAreNotSupportedYet) {
  auto out = generate("package a:b;\nworld w { import f: func() -> stream<u8>; }\n", "w");
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().message.find("not supported yet"), std::string::npos) << out.error().message;
}

// A fallible constructor of an exported resource returns the object or the error (the
// glue stores a std::expected); an infallible one returns the object.
TEST(BindgenCpp, ExportedConstructorsMayFail) {
  auto out = generate(R"(package a:b;
interface i {
  resource conn { constructor(addr: string) -> result<conn, string>; }
  resource plain { constructor(); }
}
world w { export i; }
)",
                      "w");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NE(out->header.find("static std::expected<std::unique_ptr<::exports::a::b::i::Conn>, std::string> "
                             "create(std::string addr);"),
            std::string::npos)
      << out->header;
  EXPECT_NE(out->header.find("static std::unique_ptr<Plain> create();"), std::string::npos) << out->header;
}

}  // namespace
}  // namespace weft::bindgen

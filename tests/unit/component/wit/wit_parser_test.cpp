// Unit tests of the WIT lexer, parser, resolver and printer on small texts.
#include <gtest/gtest.h>

#include "component/wit/lexer.h"
#include "component/wit/parser.h"
#include "component/wit/printer.h"
#include "component/wit/wit.h"

namespace weft::component::wit {
namespace {

Loaded must_load(std::string_view text, const ResolveOptions& options = {}) {
  auto loaded = load_text(text, "t.wit", options);
  EXPECT_TRUE(loaded) << render_error(loaded.error(), text);
  return loaded ? std::move(*loaded) : Loaded{};
}

Error must_fail(std::string_view text) {
  auto loaded = load_text(text, "t.wit");
  EXPECT_FALSE(loaded);
  return loaded ? Error{} : loaded.error();
}

std::vector<std::string> import_names(const Resolve& r, const World& w) {
  std::vector<std::string> out;
  for (const WorldItem& item : w.imports) out.push_back(r.key_name(item.key));
  return out;
}

TEST(WitVersion, ParsesAndOrdersLikeSemver) {
  EXPECT_TRUE(Version::parse("0.2.12"));
  EXPECT_TRUE(Version::parse("1.0.0-rc.1+build.5"));
  EXPECT_FALSE(Version::parse("1.0"));
  EXPECT_FALSE(Version::parse("01.0.0"));
  EXPECT_FALSE(Version::parse("1.0.0-"));
  EXPECT_FALSE(Version::parse("1.0.0-01"));
  EXPECT_LT(*Version::parse("1.0.0-alpha"), *Version::parse("1.0.0"));
  EXPECT_LT(*Version::parse("1.0.0-2"), *Version::parse("1.0.0-10"));
  EXPECT_LT(*Version::parse("1.0.0-10"), *Version::parse("1.0.0-a"));
  EXPECT_EQ(Version::parse("1.2.3-x.7+b")->to_string(), "1.2.3-x.7+b");
}

TEST(WitLexer, TokensCommentsAndPlaces) {
  auto toks = lex("// hi\n%record: func() -> u32; /* a /* nested */ b */ x");
  ASSERT_TRUE(toks);
  const auto& t = toks->tokens;
  ASSERT_GE(t.size(), 9u);
  EXPECT_EQ(t[0].kind, TokenKind::ExplicitId);
  EXPECT_EQ(t[0].line, 2u);
  EXPECT_EQ(t[0].comments_end - t[0].comments_begin, 1u);
  EXPECT_EQ(t[1].kind, TokenKind::Colon);
  EXPECT_TRUE(t[2].keyword);
  EXPECT_EQ(t[5].kind, TokenKind::Arrow);
  EXPECT_EQ(t[8].text, "x");
  EXPECT_EQ(toks->comments.size(), 2u);
  EXPECT_EQ(t.back().kind, TokenKind::Eof);
}

TEST(WitLexer, RejectsControlCharactersAndBidiOverrides) {
  auto control = lex("interface a {}\n\x01");
  ASSERT_FALSE(control);
  EXPECT_EQ(control.error().span.line, 2u);
  EXPECT_FALSE(lex("// \xe2\x80\xae evil"));  // U+202E
  EXPECT_FALSE(lex("\xff"));
  EXPECT_FALSE(lex("/* open"));
}

TEST(WitParser, SyntaxErrorsHaveLineAndColumn) {
  auto file = parse_file("package a:b;\ninterface i {\n  f: func(x u32);\n}\n", "t.wit");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().file, "t.wit");
  EXPECT_EQ(file.error().span.line, 3u);
  EXPECT_EQ(file.error().span.column, 13u);
  EXPECT_EQ(file.error().message, "expected ':', found keyword `u32`");
}

TEST(WitParser, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "package a:b;\ninterface i {\n  type t = ";
  for (int i = 0; i < 5000; ++i) deep += "list<";
  auto file = parse_file(deep, "t.wit");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().message, "type nesting too deep");
  std::string packages = "package a:b;\n";
  for (int i = 0; i < 5000; ++i) packages += "package a:b{\n";
  EXPECT_FALSE(parse_file(packages, "t.wit"));
}

TEST(WitResolve, UseAliasesAndOwnHandles) {
  Loaded l = must_load(R"(package local:demo;
interface types {
  resource file { read: func(n: u32) -> list<u8>; }
}
interface fs {
  use types.{file as handle};
  open: func(name: string) -> handle;
}
)");
  const Resolve& r = l.resolve;
  ASSERT_EQ(r.interfaces.size(), 2u);
  const Interface& fs = r.interfaces[1];
  TypeId handle = *fs.find_type("handle");
  EXPECT_TRUE(std::holds_alternative<Alias>(r[handle].kind));
  EXPECT_TRUE(std::holds_alternative<Resource>(r[r.follow_aliases(handle)].kind));
  const Function& open = fs.functions[0];
  ASSERT_TRUE(open.result && open.result->is_def());
  const auto& own = std::get<Handle>(r[open.result->def].kind);
  EXPECT_EQ(own.kind, Handle::Kind::Own);
  EXPECT_EQ(own.resource, handle);
  const Function& read = r.interfaces[0].functions[0];
  EXPECT_EQ(read.name, "[method]file.read");
  EXPECT_EQ(read.params[0].name, "self");
}

// The spec's example: exporting `b` imports the `a` it uses.
TEST(WitResolve, WorldElaborationImportsWhatExportsUse) {
  Loaded l = must_load(R"(package local:demo;
interface a { resource r; }
interface b { use a.{r}; foo: func() -> r; }
world w1 { export b; }
world w2 { import a; export b; }
)");
  const Resolve& r = l.resolve;
  EXPECT_EQ(import_names(r, r.worlds[0]), (std::vector<std::string>{"local:demo/a"}));
  EXPECT_EQ(import_names(r, r.worlds[0]), import_names(r, r.worlds[1]));
  EXPECT_EQ(print_wit(r, l.main).find("include"), std::string::npos);
}

TEST(WitResolve, IncludeWithRenames) {
  Loaded l = must_load(R"(package local:demo;
world one { import a: func(); }
world two { import a: func(); }
world both {
  include one;
  include two with { a as b }
}
)");
  EXPECT_EQ(import_names(l.resolve, l.resolve.worlds[2]), (std::vector<std::string>{"a", "b"}));
}

TEST(WitResolve, ErrorsNameThePlace) {
  Error e = must_fail("package a:b;\n\ninterface i {\n  type t = nope;\n}\n");
  EXPECT_EQ(e.message, "type `nope` does not exist");
  EXPECT_EQ(e.span.line, 4u);
  EXPECT_EQ(e.span.column, 12u);
  std::string rendered = render_error(e, "package a:b;\n\ninterface i {\n  type t = nope;\n}\n");
  EXPECT_NE(rendered.find("t.wit:4:12"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("\n             ^"), std::string::npos) << rendered;
  EXPECT_EQ(must_fail("package a:b;\nworld w { import x: func(); import x: func(); }").message,
            "import `x` conflicts with prior func of same name");
  EXPECT_EQ(must_fail("package a:b;\ninterface i { use j.{t}; }\ninterface j { use i.{t}; }").message,
            "interface or world `j` depends on itself");
}

TEST(WitResolve, FeatureGates) {
  std::string_view text = R"(package a:b@1.0.0;
interface i {
  @unstable(feature = fancy)
  f: func();
  @since(version = 1.0.0)
  g: func();
}
)";
  EXPECT_EQ(must_load(text).resolve.interfaces[0].functions.size(), 1u);
  ResolveOptions fancy;
  fancy.features = {"fancy"};
  EXPECT_EQ(must_load(text, fancy).resolve.interfaces[0].functions.size(), 2u);
  ResolveOptions all;
  all.all_features = true;
  EXPECT_EQ(must_load(text, all).resolve.interfaces[0].functions.size(), 2u);
  EXPECT_NE(must_fail("package a:b@1.0.0;\n@since(version = 2.0.0)\ninterface i {}").message.find("unreleased"),
            std::string::npos);
}

TEST(WitPrinter, EscapesKeywordsAndKeepsDocs) {
  std::string_view text = R"(package a:b;
/// Records.
interface %record {
  /// A thing.
  record %type { %list: list<u8, 4>, m: map<string, option<u32>> }
  %func: async func(%enum: %type) -> result<_, string>;
}
)";
  Loaded l = must_load(text);
  std::string printed = print_wit(l.resolve, l.main);
  EXPECT_NE(printed.find("interface %record {"), std::string::npos) << printed;
  EXPECT_NE(printed.find("  /// A thing.\n  record %type {"), std::string::npos) << printed;
  EXPECT_NE(printed.find("%list: list<u8, 4>,"), std::string::npos) << printed;
  EXPECT_NE(printed.find("%func: async func(%enum: %type) -> result<_, string>;"), std::string::npos) << printed;
  Loaded again = must_load(printed);
  EXPECT_EQ(print_wit(again.resolve, again.main), printed);
}

TEST(WitPrinter, DependenciesBecomeNestedPackages) {
  Loaded l = must_load(R"(package a:main;
world w { import z:dep/i@1.0.0; }
package z:dep@1.0.0 { interface i { type t = u8; } }
)");
  std::string printed = print_wit(l.resolve, l.main);
  EXPECT_TRUE(printed.starts_with("package a:main;\n")) << printed;
  EXPECT_NE(printed.find("import z:dep/i@1.0.0;"), std::string::npos) << printed;
  EXPECT_NE(printed.find("package z:dep@1.0.0 {"), std::string::npos) << printed;
}

}  // namespace
}  // namespace weft::component::wit

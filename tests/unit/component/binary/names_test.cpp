// Import/export name syntax: interface names, annotated function names, bad input.
#include <gtest/gtest.h>

#include "component/binary/names.h"

namespace weft::component {
namespace {

TEST(ComponentNames, InterfaceNamesWithAndWithoutVersion) {
  EXPECT_TRUE(check_interface_name("wasi:http/types"));
  EXPECT_TRUE(check_interface_name("wasi:http/types@0.2.0"));
  EXPECT_TRUE(check_interface_name("a-b:c-d/e-f@1.0.0-rc.1+build.5"));
}

TEST(ComponentNames, AcronymsAreKebabWords) { EXPECT_TRUE(check_interface_name("a:b/HTTP-client")); }

TEST(ComponentNames, NestedNamespacesAreGated) {
  auto c = check_interface_name("foo:bar:baz/qux");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), "expected `/` after package name");
}

TEST(ComponentNames, MalformedInterfaceNamesFailWithoutThrowing) {
  for (const char* bad : {"a/b:c", "a:b", ":b/c", "a:/c", "a:b/", "a:b/c/d", "a:b/c@", "a:b/c@1", "/:", ":", "a:b/c-", "a:b/-c"})
    EXPECT_FALSE(check_interface_name(bad)) << bad;
}

TEST(ComponentNames, AnnotatedFunctionNames) {
  auto m = parse_extern_name("[method]file.read");
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->kind, ParsedName::Kind::Method);
  EXPECT_EQ(m->resource, "file");
  EXPECT_EQ(m->label, "read");
  auto c = parse_extern_name("[constructor]file");
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->kind, ParsedName::Kind::Constructor);
  EXPECT_FALSE(parse_extern_name("[method]file"));
  EXPECT_FALSE(parse_extern_name("[bogus]file.read"));
  EXPECT_FALSE(parse_extern_name("Not-Kebab"));
}

}  // namespace
}  // namespace weft::component

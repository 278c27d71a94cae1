// External visibility of types in imports and exports (spec: Explainer.md "External
// Visibility of Types"), on components written in text.
#include <gtest/gtest.h>

#include "component/binary/validator.h"
#include "component/text/component_wat.h"

namespace weft::component {
namespace {

std::string validate(std::string_view wat) {
  auto bytes = text::parse_component_wat(wat);
  if (!bytes) return "text: " + bytes.error().message;
  auto r = load_component(*bytes);
  return r ? std::string("valid") : r.error().message;
}

bool rejected(std::string_view wat, std::string_view why) {
  std::string e = validate(wat);
  return e.find(why) != std::string::npos;
}

TEST(ComponentVisibility, AnImportedTypeNamesOnlyItsNewIndex) {
  // $Rec' names the record; $Rec, equal in structure, stays unnamed.
  EXPECT_EQ(validate(R"((component
    (type $Rec (record (field "x" u32)))
    (import "rec" (type $Rec' (eq $Rec)))
    (type $Rec2 (record (field "r" $Rec')))
    (import "t" (type (eq $Rec2)))))"),
            "valid");
  EXPECT_TRUE(rejected(R"((component
    (type $Rec (record (field "x" u32)))
    (import "rec" (type $Rec' (eq $Rec)))
    (type $Rec2 (record (field "r" $Rec)))
    (import "t" (type (eq $Rec2)))))",
                       "type not valid to be used as import"));
}

TEST(ComponentVisibility, InstanceTypesAsTypeImportsAndExportsAreChecked) {
  const char* body = R"((type $I (instance
      (type $Rec (record (field "x" u32)))
      (type $Rec2 (record (field "r" $Rec)))
      (export "t" (type (eq $Rec2))))))";
  EXPECT_EQ(validate(std::string("(component ") + body + ")"), "valid");  // defining it is fine
  EXPECT_TRUE(rejected(std::string("(component ") + body + R"( (import "i" (type (eq $I)))))",
                       "type not valid to be used as import"));
  EXPECT_TRUE(rejected(std::string("(component ") + body + R"( (export "i" (type $I))))",
                       "type not valid to be used as export"));
}

TEST(ComponentVisibility, ComponentTypesAreCheckedEagerly) {
  EXPECT_TRUE(rejected(R"((component (type (component
      (type $Rec (record (field "x" u32)))
      (export "f" (func (param "x" $Rec)))))))",
                       "func not valid to be used as export"));
  // An import may not use a resource a preceding export named.
  EXPECT_TRUE(rejected(R"((component (type (component
      (export "r" (type $R (sub resource)))
      (import "f" (func (result (own $R))))))))",
                       "func not valid to be used as import"));
}

TEST(ComponentVisibility, LocalInstancesMayExportUnnamedTypes) {
  EXPECT_EQ(validate(R"((component
    (type $Rec (record (field "x" u32)))
    (type $Rec2 (record (field "r" $Rec)))
    (instance (export "t" (type $Rec2)))))"),
            "valid");
}

TEST(ComponentVisibility, InstantiationSubstitutesTypeImports) {
  // $C's export "t2" mentions its import "t"; instantiated with the outer $Rec', the
  // re-exported type mentions $Rec', which is named.
  EXPECT_EQ(validate(R"((component
    (type $Rec (record (field "x" u32)))
    (import "t" (type $Rec' (eq $Rec)))
    (component $C
      (type $Rec (record (field "x" u32)))
      (import "t" (type $Rec' (eq $Rec)))
      (type $Rec2 (record (field "r" $Rec')))
      (export "t2" (type $Rec2)))
    (instance $c (instantiate $C (with "t" (type $Rec'))))
    (export "t2" (type $c "t2"))))"),
            "valid");
  // Given the unnamed $Rec instead, it is not.
  EXPECT_TRUE(rejected(R"((component
    (type $Rec (record (field "x" u32)))
    (component $C
      (type $Rec (record (field "x" u32)))
      (import "t" (type $Rec' (eq $Rec)))
      (type $Rec2 (record (field "r" $Rec')))
      (export "t2" (type $Rec2)))
    (instance $c (instantiate $C (with "t" (type $Rec))))
    (export "t2" (type $c "t2"))))",
                       "type not valid to be used as export"));
}

}  // namespace
}  // namespace weft::component

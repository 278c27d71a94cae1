// GC (3.0) core types in a component's core type section: a non-final `sub` takes
// a 0x00 prefix there (0x50 alone is a module type), rec groups take an index
// each, and supertypes are checked. Reference types to defined types in them are
// not supported yet and say so.
#include <gtest/gtest.h>

#include "component/binary/decoder.h"
#include "component/binary/validator.h"
#include "component_builder.h"

namespace weft::component {
namespace {

using namespace test;

// A component whose core type sections hold the given entries, one section each.
std::string error_of(std::initializer_list<Bytes> types) {
  ComponentBuilder c;
  for (const Bytes& t : types) c.vec(kCoreType, {t});
  auto r = load_component(c.bytes);
  return r ? std::string("valid") : r.error().message;
}

const Bytes kFunc = {0x60, 0x00, 0x00};                    // (func)
const Bytes kOpenFunc = {0x00, 0x50, 0x00, 0x60, 0x00, 0x00};  // (sub (func)): 0x00-prefixed
const Bytes kOpenStruct = {0x00, 0x50, 0x00, 0x5f, 0x01, 0x7f, 0x00};  // (sub (struct (field i32)))

TEST(ComponentGcCoreTypes, SubtypesRecGroupsStructsAndArrays) {
  EXPECT_EQ(error_of({kFunc, kOpenFunc}), "valid");
  // (sub final 1 (func)) extends the open function type at index 1.
  EXPECT_EQ(error_of({kFunc, kOpenFunc, {0x4f, 0x01, 0x01, 0x60, 0x00, 0x00}}), "valid");
  // A struct extending a struct with more fields; an array; a rec group of two.
  EXPECT_EQ(error_of({kOpenStruct, {0x4f, 0x01, 0x00, 0x5f, 0x02, 0x7f, 0x00, 0x7e, 0x01}}), "valid");
  EXPECT_EQ(error_of({{0x5e, 0x78, 0x01}}), "valid");
  EXPECT_EQ(error_of({{0x4e, 0x02, 0x60, 0x00, 0x00, 0x5f, 0x00}}), "valid");
}

TEST(ComponentGcCoreTypes, SupertypesAreChecked) {
  // A plain function type is final: nothing extends it.
  EXPECT_EQ(error_of({kFunc, {0x4f, 0x01, 0x00, 0x60, 0x00, 0x00}}), "sub type cannot have a final super type");
  // A struct cannot extend a function type, nor drop a field of its supertype.
  EXPECT_EQ(error_of({kOpenFunc, {0x4f, 0x01, 0x00, 0x5f, 0x00}}), "sub type must match super type");
  EXPECT_EQ(error_of({kOpenStruct, {0x4f, 0x01, 0x00, 0x5f, 0x00}}), "sub type must match super type");
  EXPECT_EQ(error_of({{0x4f, 0x01, 0x05, 0x60, 0x00, 0x00}}), "unknown core type 5: type index out of bounds");
  EXPECT_EQ(error_of({kOpenFunc, {0x4f, 0x02, 0x00, 0x00, 0x60, 0x00, 0x00}}), "multiple supertypes");
}

TEST(ComponentGcCoreTypes, StructsAreNotFunctionTypes) {
  // (core type (struct)) (core type (module (import "a" "b" (func (type 0))))): the
  // module type's own space has no type 0, and a struct there would not be a function.
  ComponentBuilder c;
  c.vec(kCoreType, {{0x50, 0x02, 0x01, 0x5f, 0x00, 0x00, 0x01, 0x61, 0x01, 0x62, 0x00, 0x00}});
  auto r = load_component(c.bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "type index 0 is not a function type");
}

TEST(ComponentGcCoreTypes, DefinedReferenceTypesAreNotSupportedYet) {
  // (sub (func (param (ref 0)))): a reference to a defined type.
  auto e = error_of({{0x00, 0x50, 0x00, 0x60, 0x01, 0x64, 0x00, 0x00}});
  EXPECT_NE(e.find("not supported yet"), std::string::npos) << e;
  // A 0x00 prefix must be followed by 0x50.
  EXPECT_NE(error_of({{0x00, 0x60, 0x00, 0x00}}), "valid");
}

}  // namespace
}  // namespace weft::component

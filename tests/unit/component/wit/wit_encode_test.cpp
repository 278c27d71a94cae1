// Encoding WIT packages as components: the bytes of the spec's own example, and the
// outer structure (one component type export per interface and world, named as in
// the package) for every passing suite case and every WASI 0.2.12 package.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "component/wit/encode.h"
#include "component/wit/wit.h"

namespace weft::component::wit {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

Bytes bytes_of(std::initializer_list<int> list) {
  Bytes out;
  for (int b : list) out.push_back(uint8_t(b));
  return out;
}

void append(Bytes& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

// WIT.md "Package Format": `world the-world { export test: func(); export run: func(); }`
// is `(type (export "the-world") (component (export "local:demo/the-world" (component
// (export "test" (func)) (export "run" (func))))))`, written out by hand from Binary.md.
TEST(WitEncode, SpecExampleWorld) {
  auto loaded = load_text("package local:demo;\nworld the-world { export test: func(); export run: func(); }\n");
  ASSERT_TRUE(loaded) << render_error(loaded.error());
  auto bytes = encode_package(loaded->resolve, *loaded->main);
  ASSERT_TRUE(bytes) << render_error(bytes.error());

  Bytes world = bytes_of({0x41, 4, 0x01, 0x40, 0, 0x01, 0x00, 0x04, 0x00, 4});
  append(world, "test");
  world.insert(world.end(), {0x01, 0, 0x01, 0x40, 0, 0x01, 0x00, 0x04, 0x00, 3});
  append(world, "run");
  world.insert(world.end(), {0x01, 1});
  Bytes wrapper = bytes_of({0x41, 2, 0x01});
  wrapper.insert(wrapper.end(), world.begin(), world.end());
  wrapper.insert(wrapper.end(), {0x04, 0x00, 20});
  append(wrapper, "local:demo/the-world");
  wrapper.insert(wrapper.end(), {0x04, 0});

  Bytes expected = bytes_of({0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00});
  expected.push_back(7);  // type section
  expected.push_back(uint8_t(wrapper.size() + 1));
  expected.push_back(1);
  expected.insert(expected.end(), wrapper.begin(), wrapper.end());
  Bytes exports = bytes_of({1, 0x00, 9});
  append(exports, "the-world");
  exports.insert(exports.end(), {0x03, 0, 0x00});
  expected.push_back(11);  // export section
  expected.push_back(uint8_t(exports.size()));
  expected.insert(expected.end(), exports.begin(), exports.end());
  EXPECT_EQ(*bytes, expected);
}

// A minimal reader of the encoding's outer layer: (type section, export section) pairs.
struct Reader {
  const Bytes& b;
  size_t pos = 0;
  uint32_t u32() {
    uint32_t v = 0;
    for (int shift = 0; pos < b.size(); shift += 7) {
      uint8_t byte = b[pos++];
      v |= uint32_t(byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
    return v;
  }
  std::string name() {
    uint32_t n = u32();
    std::string s(b.begin() + long(pos), b.begin() + long(std::min(b.size(), pos + n)));
    pos += n;
    return s;
  }
};

// Checks `bytes` exports, in order, a component type named after each interface and
// world of `pkg`, and that each wraps an export of the item's full name.
void expect_package_layout(const Resolve& r, PackageId pkg, const Bytes& bytes) {
  std::vector<std::pair<std::string, std::string>> items;  // kebab name, full name
  const PackageName& name = r[pkg].name;
  std::string version = name.version ? "@" + name.version->to_string() : "";
  for (const auto& [n, id] : r[pkg].interfaces) items.emplace_back(n, name.ns + ":" + name.name + "/" + n + version);
  for (const auto& [n, id] : r[pkg].worlds) items.emplace_back(n, name.ns + ":" + name.name + "/" + n + version);
  Reader rd{bytes};
  ASSERT_GE(bytes.size(), 8u);
  rd.pos = 8;
  for (size_t i = 0; i < items.size(); ++i) {
    ASSERT_EQ(bytes.at(rd.pos++), 7) << "item " << i;
    size_t size = rd.u32(), end = rd.pos + size;
    EXPECT_EQ(rd.u32(), 1u);
    EXPECT_EQ(bytes.at(rd.pos++), 0x41) << "not a component type";
    // The full name is exported last in the wrapper: find it.
    std::string body(bytes.begin() + long(rd.pos), bytes.begin() + long(end));
    EXPECT_NE(body.find(items[i].second), std::string::npos) << items[i].second;
    rd.pos = end;
    ASSERT_EQ(bytes.at(rd.pos++), 11);
    rd.u32();
    EXPECT_EQ(rd.u32(), 1u);
    EXPECT_EQ(bytes.at(rd.pos++), 0x00);
    EXPECT_EQ(rd.name(), items[i].first);
    EXPECT_EQ(bytes.at(rd.pos++), 0x03);  // sort: type
    EXPECT_EQ(rd.u32(), 2 * i);           // each export is a type index too
    EXPECT_EQ(bytes.at(rd.pos++), 0x00);
  }
  EXPECT_EQ(rd.pos, bytes.size());
}

TEST(WitEncode, EveryWasiPackage) {
  fs::path dir = fs::path(WEFT_WIT_SHARED_DIR) / "wit" / "wasi-0.2.12";
  auto loaded = load_path(dir.string());
  ASSERT_TRUE(loaded) << render_error(loaded.error());
  for (uint32_t i = 0; i < loaded->resolve.packages.size(); ++i) {
    SCOPED_TRACE(loaded->resolve.packages[i].name.to_string());
    auto bytes = encode_package(loaded->resolve, PackageId{i});
    ASSERT_TRUE(bytes) << render_error(bytes.error());
    expect_package_layout(loaded->resolve, PackageId{i}, *bytes);
  }
}

TEST(WitEncode, EveryPassingSuiteCase) {
  fs::path suite = fs::path(WEFT_WIT_SHARED_DIR) / "testsuite" / "wit-parser";
  ResolveOptions options;
  options.features = {"active"};
  size_t encoded = 0;
  for (const auto& entry : fs::directory_iterator(suite)) {
    fs::path p = entry.path();
    if (p.extension() != ".wit" && !(entry.is_directory() && fs::exists(p.string() + ".wit.json"))) continue;
    auto loaded = load_path(p.string(), options);
    if (!loaded) continue;  // kinds-of-deps: see the suite test
    SCOPED_TRACE(p.filename().string());
    for (uint32_t i = 0; i < loaded->resolve.packages.size(); ++i) {
      auto bytes = encode_package(loaded->resolve, PackageId{i});
      ASSERT_TRUE(bytes) << render_error(bytes.error());
      expect_package_layout(loaded->resolve, PackageId{i}, *bytes);
    }
    ++encoded;
  }
  EXPECT_GE(encoded, 72u);
}

}  // namespace
}  // namespace weft::component::wit

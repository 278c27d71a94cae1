// Component text against golden bytes from the reference encoder (goldens.txt,
// written by gen_goldens.mjs with jco's wasm-tools): one case per section kind,
// abbreviation family and index space. Custom sections are dropped before the
// comparison; `valid` cases must also pass weft's component validator, and
// their validated index spaces are checked where a case is about them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "component/binary/validator.h"
#include "component/text/component_wat.h"

namespace weft::component::text {
namespace {

using Bytes = std::vector<uint8_t>;

struct Golden {
  std::string name;
  bool valid = false;
  std::string text;
  Bytes bytes;
};

Bytes from_hex(std::string_view hex) {
  Bytes out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(uint8_t(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

std::vector<Golden> read_goldens() {
  std::ifstream in(std::filesystem::path(WEFT_SOURCE_DIR) / "tests/unit/component/text/goldens.txt");
  std::vector<Golden> out;
  Golden* cur = nullptr;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("## ")) {
      std::istringstream head(line.substr(3));
      Golden g;
      std::string kind;
      head >> g.name >> kind;
      g.valid = kind == "valid";
      out.push_back(std::move(g));
      cur = &out.back();
    } else if (cur && line.starts_with("= ")) {
      cur->bytes = from_hex(line.substr(2));
      cur = nullptr;
    } else if (cur) {
      cur->text += line + "\n";
    }
  }
  return out;
}

std::string hex(const Bytes& b) {
  std::string out;
  for (uint8_t x : b) out += "0123456789abcdef"[x >> 4], out += "0123456789abcdef"[x & 15];
  return out;
}

uint64_t read_leb(const Bytes& b, size_t& i) {
  uint64_t v = 0;
  for (int shift = 0; i < b.size(); shift += 7) {
    uint8_t byte = b[i++];
    v |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80)) break;
  }
  return v;
}

// Drops custom sections at every level, as gen_goldens.mjs does; returns the
// custom sections' names seen, for the name-section test.
Bytes strip_custom(const Bytes& b, std::vector<std::string>* names = nullptr) {
  if (b.size() < 8) return b;
  bool component = b[4] == 0x0d;
  Bytes out(b.begin(), b.begin() + 8);
  for (size_t i = 8; i < b.size();) {
    uint8_t id = b[i++];
    size_t size = read_leb(b, i);
    Bytes body(b.begin() + ptrdiff_t(i), b.begin() + ptrdiff_t(std::min(b.size(), i + size)));
    i += size;
    if (id == 0) {
      size_t k = 0;
      size_t len = read_leb(body, k);
      if (names) names->emplace_back(body.begin() + ptrdiff_t(k), body.begin() + ptrdiff_t(k + len));
      continue;
    }
    if (component && (id == 1 || id == 4)) body = strip_custom(body, names);
    out.push_back(id);
    for (uint64_t v = body.size();;) {
      uint8_t byte = v & 0x7f;
      v >>= 7;
      out.push_back(uint8_t(byte | (v ? 0x80 : 0)));
      if (!v) break;
    }
    out.insert(out.end(), body.begin(), body.end());
  }
  return out;
}

TEST(ComponentTextGoldens, MatchTheReferenceBytes) {
  std::vector<Golden> goldens = read_goldens();
  ASSERT_GE(goldens.size(), 19u);
  for (const Golden& g : goldens) {
    SCOPED_TRACE(g.name);
    ASSERT_FALSE(g.bytes.empty()) << "no `= hex` line: run gen_goldens.mjs";
    auto r = parse_component_wat(g.text);
    ASSERT_TRUE(r.has_value()) << r.error().span.line << ":" << r.error().span.column << " " << r.error().message;
    Bytes mine = strip_custom(*r);
    EXPECT_EQ(mine, g.bytes) << "weft: " << hex(mine) << "\n jco: " << hex(g.bytes);
    if (g.valid) {
      auto v = load_component(*r);
      EXPECT_TRUE(v.has_value()) << (v ? "" : v.error().to_string());
    }
  }
}

const Golden& golden(const std::vector<Golden>& all, std::string_view name) {
  for (const Golden& g : all)
    if (g.name == name) return g;
  static Golden none;
  ADD_FAILURE() << "no golden " << name;
  return none;
}

// The validator's view of the ids case: every index space got the entries its
// $ids named, in order.
TEST(ComponentTextGoldens, IdsFillEveryIndexSpace) {
  auto goldens = read_goldens();
  auto r = parse_component_wat(golden(goldens, "ids-in-every-space").text);
  ASSERT_TRUE(r.has_value());
  auto v = load_component(*r);
  ASSERT_TRUE(v.has_value()) << v.error().to_string();
  const IndexSpaces& s = (*v)->info.spaces;
  // An export adds an entry to its sort's index space.
  EXPECT_EQ(s.core_modules.size(), 3u);    // $M $N, export "m"
  EXPECT_EQ(s.core_instances.size(), 3u);  // $CI $BUNDLE and the instantiation of $N
  EXPECT_EQ(s.core_funcs.size(), 2u);      // $CF $LOWERED
  EXPECT_EQ(s.core_tables.size(), 1u);
  EXPECT_EQ(s.core_memories.size(), 1u);
  EXPECT_EQ(s.core_globals.size(), 1u);
  EXPECT_EQ(s.core_types.size(), 1u);  // $CTY
  EXPECT_EQ(s.components.size(), 1u);
  EXPECT_EQ(s.funcs.size(), 1u);      // $F
  EXPECT_EQ(s.instances.size(), 2u);  // $I, export "i"
  EXPECT_EQ(s.types.size(), 2u);      // $T $U
}

// Core modules keep the function names of their $ids in a `name` section; the
// component itself gets no `component-name` section (see docs/component-text.md).
TEST(ComponentTextGoldens, CoreModulesCarryANameSection) {
  auto goldens = read_goldens();
  auto r = parse_component_wat(golden(goldens, "core-module-names").text);
  ASSERT_TRUE(r.has_value());
  std::vector<std::string> names;
  strip_custom(*r, &names);
  EXPECT_EQ(names, std::vector<std::string>{"name"});
  std::string s(r->begin(), r->end());
  EXPECT_NE(s.find("named"), std::string::npos);
}

}  // namespace
}  // namespace weft::component::text

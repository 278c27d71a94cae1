// The WIT decoder: decode(encode(x)) prints like x for every wit-parser suite case and
// every WASI 0.2.12 package; worlds embedded in core modules decode back; malformed
// binaries give errors (never crashes).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "component/text/component_wat.h"
#include "component/wit/decode.h"
#include "component/wit/encode.h"
#include "component/wit/printer.h"
#include "component/wit/wit.h"

namespace weft::component::wit {
namespace {

namespace fs = std::filesystem;

const fs::path kShared = WEFT_WIT_SHARED_DIR;
const fs::path kSuite = kShared / "testsuite" / "wit-parser";

// The binary format keeps neither docs nor feature gates yet (wit-component keeps
// them in a `package-docs` custom section): compare without them.
Resolve strip(Resolve r) {
  for (Package& p : r.packages) p.docs = {};
  for (Interface& i : r.interfaces) {
    i.docs = {};
    i.stability = {};
    for (Function& f : i.functions) f.docs = {}, f.stability = {}, f.external_id.reset();
  }
  for (World& w : r.worlds) {
    w.docs = {};
    w.stability = {};
    for (auto* items : {&w.imports, &w.exports})
      for (WorldItem& item : *items) {
        item.stability = {};
        item.external_id.reset();
        item.function.docs = {};
        item.function.stability = {};
        item.function.external_id.reset();
      }
  }
  for (TypeDef& t : r.types) {
    t.docs = {};
    t.stability = {};
    if (auto* rec = std::get_if<Record>(&t.kind))
      for (Field& f : rec->fields) f.docs = {};
    if (auto* var = std::get_if<Variant>(&t.kind))
      for (Case& c : var->cases) c.docs = {};
    if (auto* e = std::get_if<Enum>(&t.kind))
      for (EnumCase& c : e->cases) c.docs = {};
    if (auto* f = std::get_if<Flags>(&t.kind))
      for (Flag& flag : f->flags) flag.docs = {};
  }
  return r;
}

std::span<const uint8_t> span_of(const std::vector<uint8_t>& v) { return v; }

// Encodes package `pkg`, decodes it into a fresh model and prints both. Two kinds of
// package cannot round-trip, here as in wit-component: an empty package (its name
// lives only in the names of its items) and one with an empty record (the binary
// format wants a field); both are reported as skipped.
void expect_round_trip(const Resolve& r, PackageId pkg, const std::string& what, int& skipped) {
  if (r[pkg].interfaces.empty() && r[pkg].worlds.empty()) {
    ++skipped;
    return;
  }
  auto bytes = encode_package(r, pkg);
  ASSERT_TRUE(bytes) << what << ": " << bytes.error().to_string();
  Resolve decoded;
  auto d = decode_wasm(decoded, span_of(*bytes));
  if (!d && d.error().message == "record type must have at least one field") {
    ++skipped;
    return;
  }
  ASSERT_TRUE(d) << what << ": " << d.error().to_string();
  EXPECT_EQ(d->kind, Decoded::Kind::Package);
  EXPECT_EQ(print_package(decoded, d->package), print_package(strip(r), pkg)) << what;
  // Decoding again into the same model merges by name: nothing new appears.
  size_t interfaces = decoded.interfaces.size(), packages = decoded.packages.size();
  auto d2 = decode_wasm(decoded, span_of(*bytes));
  ASSERT_TRUE(d2) << what << ": " << d2.error().to_string();
  EXPECT_EQ(decoded.interfaces.size(), interfaces) << what;
  EXPECT_EQ(decoded.packages.size(), packages) << what;
}

std::vector<std::string> suite_cases() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kSuite, ec)) {
    fs::path p = entry.path();
    std::string stem = p.extension() == ".wit" || p.extension() == ".wat" ? p.stem().string() : p.filename().string();
    if (p.filename() == "parse-fail" || (!entry.is_directory() && p.extension() != ".wit" && p.extension() != ".wat"))
      continue;
    if (fs::exists(kSuite / (stem + ".wit.json"))) out.push_back(p.filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

ResolveOptions suite_options() {
  ResolveOptions o;
  o.features = {"active"};
  return o;
}

class WitDecodeSuite : public ::testing::TestWithParam<std::string> {};

TEST_P(WitDecodeSuite, DecodeOfEncodePrintsTheSame) {
  if (GetParam() == "kinds-of-deps" && !fs::exists(kSuite / GetParam() / "deps" / "e.wasm"))
    GTEST_SKIP() << "deps/e.wasm is missing from the shared suite (wit_suite_test.cpp supplies it)";
  auto loaded = load_path((kSuite / GetParam()).string(), suite_options());
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  int skipped = 0;
  for (uint32_t i = 0; i < loaded->resolve.packages.size(); ++i)
    expect_round_trip(loaded->resolve, PackageId{i}, GetParam() + " " + loaded->resolve.packages[i].name.to_string(),
                      skipped);
  if (skipped == int(loaded->resolve.packages.size())) GTEST_SKIP() << "empty package or empty record only";
}

INSTANTIATE_TEST_SUITE_P(Suite, WitDecodeSuite, ::testing::ValuesIn(suite_cases()),
                         [](const auto& info) {
                           std::string s = info.param;
                           for (char& c : s)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return s;
                         });

TEST(WitDecode, WasiPackagesRoundTrip) {
  auto loaded = load_path((kShared / "wit" / "wasi-0.2.12").string());
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  ASSERT_GE(loaded->resolve.packages.size(), 7u);
  int skipped = 0;
  for (uint32_t i = 0; i < loaded->resolve.packages.size(); ++i)
    expect_round_trip(loaded->resolve, PackageId{i}, loaded->resolve.packages[i].name.to_string(), skipped);
  EXPECT_EQ(skipped, 0);
}

// An empty core module with world `w` embedded decodes to that world.
TEST(WitDecode, EmbeddedWorldsDecode) {
  auto loaded = load_path((kShared / "wit" / "wasi-0.2.12").string());
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  const std::vector<uint8_t> empty{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  for (uint32_t w = 0; w < loaded->resolve.worlds.size(); ++w) {
    const World& world = loaded->resolve.worlds[w];
    auto module = embed_world(empty, loaded->resolve, WorldId{w});
    ASSERT_TRUE(module) << module.error().to_string();
    Resolve decoded;
    auto d = decode_wasm(decoded, span_of(*module));
    ASSERT_TRUE(d) << world.name << ": " << d.error().to_string();
    EXPECT_EQ(d->kind, Decoded::Kind::Module);
    ASSERT_TRUE(d->world);
    EXPECT_EQ(decoded[*d->world].name, world.name);
    EXPECT_EQ(decoded[*d->world].imports.size(), world.imports.size()) << world.name;
    EXPECT_EQ(decoded[*d->world].exports.size(), world.exports.size()) << world.name;
    // Embedding twice is refused.
    EXPECT_FALSE(embed_world(*module, loaded->resolve, WorldId{w}));
  }
}

TEST(WitDecode, SuiteComponentTextDecodes) {
  auto loaded = load_path((kSuite / "simple-wasm-text.wat").string());
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(print_package(loaded->resolve, *loaded->main), "package a:b;\n\ninterface x {}\n");
}

TEST(WitDecode, MalformedInputsAreErrors) {
  Resolve r;
  EXPECT_FALSE(decode_wasm(r, {}));
  const std::vector<uint8_t> junk{'h', 'e', 'l', 'l', 'o', 0, 0, 0, 0};
  EXPECT_FALSE(decode_wasm(r, span_of(junk)));
  const std::vector<uint8_t> bare_module{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  auto no_section = decode_wasm(r, span_of(bare_module));
  ASSERT_FALSE(no_section);
  EXPECT_NE(no_section.error().message.find("component-type"), std::string::npos);
  // Every truncation and every single-byte change of a real encoding either
  // decodes or fails cleanly; a failure leaves the model untouched.
  auto loaded = load_text(
      "package a:b@1.0.0;\ninterface i { resource r { constructor(); m: func() -> list<option<r>>; }\n"
      "  type t = result<tuple<u8, string>, r>; record p { a: t, b: borrow<r> } f: func(p: p) -> t; }\n"
      "world w { import i; export g: func(x: u32); }\n");
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  auto bytes = encode_package(loaded->resolve, *loaded->main);
  ASSERT_TRUE(bytes);
  for (size_t n = 0; n < bytes->size(); ++n) {
    Resolve fresh;
    std::vector<uint8_t> cut(bytes->begin(), bytes->begin() + long(n));
    auto d = decode_wasm(fresh, span_of(cut));
    if (!d) EXPECT_TRUE(fresh.packages.empty());
    for (uint8_t flip : {uint8_t(0x01), uint8_t(0x40), uint8_t(0xff)}) {
      std::vector<uint8_t> changed = *bytes;
      changed[n] ^= flip;
      Resolve other;
      (void)decode_wasm(other, span_of(changed));
    }
  }
}

// Each level instantiates the one inside twice: walking every instantiation would
// take 2^40 steps; the decoder gives up with an error instead.
TEST(WitDecode, NestedInstantiationsAreBounded) {
  std::string text = "(component)";
  for (int i = 0; i < 40; ++i)
    text = "(component " + text + " (instance (instantiate 0)) (instance (instantiate 0)))";
  auto bytes = weft::component::text::parse_component_wat(text);
  ASSERT_TRUE(bytes) << bytes.error().to_string();
  Resolve r;
  auto d = decode_wasm(r, span_of(*bytes));
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("too large"), std::string::npos) << d.error().to_string();
}

TEST(WitDecode, ParsesItemPaths) {
  auto p = parse_item_path("wasi:io/streams@0.2.12");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->package.to_string(), "wasi:io@0.2.12");
  EXPECT_EQ(p->name, "streams");
  EXPECT_FALSE(parse_item_path("streams"));
  EXPECT_FALSE(parse_item_path("a:b/"));
  EXPECT_FALSE(parse_item_path("a:b/c@x"));
}

}  // namespace
}  // namespace weft::component::wit

// The wit-parser test suite: every passing case resolves to the model in its .wit.json,
// every parse-fail case is rejected at the line its .wit.result names, and printing is
// a fixed point. The suite is read in place from ../shared, never copied.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "component/wit/encode.h"
#include "component/wit/printer.h"
#include "component/wit/wit.h"
#include "wit_describe.h"

namespace weft::component::wit {
namespace {

namespace fs = std::filesystem;

const fs::path kShared = WEFT_WIT_SHARED_DIR;
const fs::path kSuite = kShared / "testsuite" / "wit-parser";

// The features wit-parser's own test runner turns on.
ResolveOptions suite_options() {
  ResolveOptions o;
  o.features = {"active"};
  return o;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Cases are `x.wit` files, `x.wat` files and directories, next to `x.wit.json`
// (or `x.wit.result` in parse-fail/).
std::vector<std::string> list_cases(const fs::path& dir, std::string_view expected_suffix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    fs::path p = entry.path();
    std::string name = p.filename().string();
    if (p.extension() == ".wit" || p.extension() == ".wat") name = p.stem().string();
    else if (!entry.is_directory() || name == "parse-fail") continue;
    if (fs::exists(dir / (name + std::string(expected_suffix)))) out.push_back(p.filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s = info.param;
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

std::string case_stem(const std::string& entry) {
  fs::path p(entry);
  return p.extension() == ".wit" || p.extension() == ".wat" ? p.stem().string() : entry;
}

// The path of a case. The shared copy of `kinds-of-deps` lacks `deps/e.wasm` (a
// binary package `e:e` with an empty interface `e`, which the .wit.json expects):
// without it the case is run from a scratch copy with weft's encoding of that package.
void make_writable(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    fs::permissions(e.path(), fs::perms::owner_all, fs::perm_options::add, ec);
}

std::string case_path(const std::string& name) {
  fs::path path = kSuite / name;
  if (name != "kinds-of-deps" || fs::exists(path / "deps" / "e.wasm")) return path.string();
  fs::path copy = fs::path(WEFT_TEST_BINARY_DIR) / "wit-suite-kinds-of-deps";
  make_writable(copy);
  fs::remove_all(copy);
  fs::create_directories(copy.parent_path());
  fs::copy(path, copy, fs::copy_options::recursive);
  make_writable(copy);
  auto e = load_text("package e:e;\ninterface e {}\n");
  if (e) {
    auto bytes = encode_package(e->resolve, *e->main);
    if (bytes) std::ofstream(copy / "deps" / "e.wasm", std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes->data()), std::streamsize(bytes->size()));
  }
  return copy.string();
}

// Loads a case (binaries among them: `.wat` component text and `deps/*.wasm`).
#define WEFT_LOAD_CASE(loaded)                                         \
  auto loaded = load_path(case_path(GetParam()), suite_options()); \
  ASSERT_TRUE(loaded) << render_error(loaded.error())

// --- passing cases ---

class WitParserCase : public ::testing::TestWithParam<std::string> {};

TEST_P(WitParserCase, ResolvesLikeWitParser) {
  WEFT_LOAD_CASE(loaded);
  auto json = nlohmann::ordered_json::parse(slurp(kSuite / (case_stem(GetParam()) + ".wit.json")));
  auto diff = testing::diff_lines(testing::describe_json(json), testing::describe_model(loaded->resolve));
  EXPECT_EQ(diff, "");
}

TEST_P(WitParserCase, PrintIsAFixedPoint) {
  WEFT_LOAD_CASE(loaded);
  std::string first = print_wit(loaded->resolve, loaded->main);
  auto again = load_text(first, "printed.wit", suite_options());
  ASSERT_TRUE(again) << render_error(again.error(), first) << "\n" << first;
  EXPECT_EQ(first, print_wit(again->resolve, again->main));
}

// The suite is really there: a missing or moved folder must not pass as "no cases".
// Counts as of the pinned suite: 74 passing cases, 150 parse-fail.
TEST(WitParserSuite, IsPresentAndComplete) {
  EXPECT_GE(list_cases(kSuite, ".wit.json").size(), 74u) << kSuite;
  EXPECT_GE(list_cases(kSuite / "parse-fail", ".wit.result").size(), 150u) << kSuite;
}

INSTANTIATE_TEST_SUITE_P(WitParser, WitParserCase, ::testing::ValuesIn(list_cases(kSuite, ".wit.json")), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(WitParserCase);

// --- parse-fail cases ---

struct ExpectedPlace {
  std::string file;  // relative to parse-fail/
  uint32_t line = 0;
};

// wit-parser's message names the place as `--> tests/ui/parse-fail/F:LINE:COL` (or,
// without a snippet, just `tests/ui/parse-fail/F:LINE:COL`).
std::optional<ExpectedPlace> expected_place(const std::string& result) {
  static const std::regex kPlace(R"(parse-fail/([^\s:]+):(\d+):(\d+))");
  std::smatch m;
  if (!std::regex_search(result, m, kPlace)) return std::nullopt;
  return ExpectedPlace{m[1].str(), uint32_t(std::stoul(m[2].str()))};
}

class WitParseFailCase : public ::testing::TestWithParam<std::string> {};

TEST_P(WitParseFailCase, IsRejectedAtTheRightLine) {
  fs::path dir = kSuite / "parse-fail";
  auto loaded = load_path((dir / GetParam()).string(), suite_options());
  ASSERT_FALSE(loaded) << "accepted:\n" << print_wit(loaded->resolve, loaded->main);
  const Error& e = loaded.error();
  std::string result = slurp(dir / (case_stem(GetParam()) + ".wit.result"));
  auto place = expected_place(result);
  if (!place) {
    // wit-parser gives no place either; at least the name it complains about must match.
    static const std::regex kQuoted("`([^`]+)`");
    std::smatch m;
    if (std::regex_search(result, m, kQuoted)) {
      EXPECT_NE(e.message.find(m[1].str()), std::string::npos) << "expected: " << result << "\ngot: " << e.message;
    }
    return;
  }
  std::string source = e.file.empty() ? "" : slurp(e.file);
  EXPECT_EQ(e.span.line, place->line) << "expected: " << result << "\ngot: " << render_error(e, source);
  EXPECT_TRUE(e.file.ends_with(place->file)) << "expected file " << place->file << ", got " << e.file;
}

INSTANTIATE_TEST_SUITE_P(WitParser, WitParseFailCase,
                         ::testing::ValuesIn(list_cases(kSuite / "parse-fail", ".wit.result")), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(WitParseFailCase);

// --- WASI ---

class WasiWit : public ::testing::TestWithParam<std::string> {};

TEST_P(WasiWit, ResolvesAsAWhole) {
  fs::path dir = kShared / "wit" / GetParam();
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " is missing";
  auto loaded = load_path(dir.string());
  ASSERT_TRUE(loaded) << render_error(loaded.error());
  const Resolve& r = loaded->resolve;
  EXPECT_GE(r.packages.size(), 7u);
  auto http = std::find_if(r.packages.begin(), r.packages.end(), [](const Package& p) { return p.name.ns == "wasi" && p.name.name == "http"; });
  ASSERT_NE(http, r.packages.end());
  auto proxy = http->find_world("proxy");
  ASSERT_TRUE(proxy);
  // The proxy world imports what its handler and types need, dependencies first.
  std::vector<std::string> imports;
  for (const WorldItem& item : r[*proxy].imports) imports.push_back(r.key_name(item.key));
  auto pos = [&](std::string_view prefix) {
    return std::find_if(imports.begin(), imports.end(), [&](const std::string& s) { return s.starts_with(prefix); });
  };
  ASSERT_NE(pos("wasi:io/streams"), imports.end());
  ASSERT_NE(pos("wasi:http/types"), imports.end());
  EXPECT_LT(pos("wasi:io/streams"), pos("wasi:http/types"));
}

TEST_P(WasiWit, PrintIsAFixedPoint) {
  fs::path dir = kShared / "wit" / GetParam();
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " is missing";
  auto loaded = load_path(dir.string());
  ASSERT_TRUE(loaded) << render_error(loaded.error());
  std::string first = print_wit(loaded->resolve, loaded->main);
  auto again = load_text(first, "printed.wit");
  ASSERT_TRUE(again) << render_error(again.error(), first);
  EXPECT_EQ(first, print_wit(again->resolve, again->main));
  EXPECT_EQ(again->resolve.packages.size(), loaded->resolve.packages.size());
  EXPECT_EQ(again->resolve.interfaces.size(), loaded->resolve.interfaces.size());
  EXPECT_EQ(again->resolve.worlds.size(), loaded->resolve.worlds.size());
}

INSTANTIATE_TEST_SUITE_P(Wit, WasiWit, ::testing::Values("wasi-0.2.12", "wasi-0.2.10"), test_name);

}  // namespace
}  // namespace weft::component::wit

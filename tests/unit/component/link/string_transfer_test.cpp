// Strings passed from one component to another: the callee's store reads them straight
// from the caller's memory (Val::view), validating as it transcodes, for every pair of
// encodings; and the string limit of Runtime::Policy.
#include <gtest/gtest.h>

#include "component/link/linker.h"
#include "component/text/component_wat.h"
#include "component_env.h"

namespace weft::component {
namespace {

// $B's run(n) passes the n bytes at 0 of its memory ("h\c3\a9llo" then an invalid
// byte) as a string, encoded as `caller`, to $A's count, which takes it as `callee` and
// returns the code units it received. $B's memory has `pages` pages; $A's realloc traps
// for more than 1 MiB.
std::string pair(const std::string& caller, const std::string& callee, uint32_t pages = 1) {
  return R"((component
    (component $A
      (core module $m
        (memory (export "mem") 1)
        (global $next (mut i32) (i32.const 1024))
        (func (export "realloc") (param i32 i32 i32 i32) (result i32)
          (local $r i32)
          (if (i32.gt_u (local.get 3) (i32.const 0x100000)) (then unreachable))
          (local.set $r (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                                 (i32.sub (i32.const 0) (local.get 2))))
          (global.set $next (i32.add (local.get $r) (local.get 3)))
          (local.get $r))
        (func (export "count") (param i32 i32) (result i32) (local.get 1)))
      (core instance $i (instantiate $m))
      (func (export "count") (param "s" string) (result u32)
        (canon lift (core func $i "count") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))
          string-encoding=)" +
         callee + R"()))
    (instance $a (instantiate $A))
    (component $B
      (import "count" (func $count (param "s" string) (result u32)))
      (core module $libc (memory (export "mem") )" +
         std::to_string(pages) + R"())
      (core instance $libc (instantiate $libc))
      (core func $count' (canon lower (func $count) (memory (core memory $libc "mem")) string-encoding=)" +
         caller + R"())
      (core module $m
        (import "" "mem" (memory 1))
        (import "" "count" (func $count (param i32 i32) (result i32)))
        (data (i32.const 0) "h\c3\a9llo\ff")
        (func (export "run") (param i32) (result i32) (call $count (i32.const 0) (local.get 0))))
      (core instance $i (instantiate $m (with "" (instance (export "mem" (memory $libc "mem")) (export "count" (func $count'))))))
      (func (export "run") (param "n" u32) (result u32) (canon lift (core func $i "run"))))
    (instance $b (instantiate $B (with "count" (func $a "count"))))
    (export "run" (func $b "run"))))";
}

// Loads `wat` into `env` and returns run(n)'s result (the callee's code units) or the
// trap's message.
struct Env : test::Env {
  void load(const std::string& wat) {
    auto ok = test::Env::load(wat);
    ASSERT_TRUE(ok) << ok.error().message;
  }
  std::string run(uint32_t n) {
    auto r = call("run", {Val::u32(n)});
    return r ? std::to_string((*r)[0].as_u32()) : r.error().message;
  }
};

TEST(StringTransfer, EveryEncodingPairTranscodesAndValidates) {
  // "h\c3\a9llo" is "héllo": 6 UTF-8 bytes, 5 code points, all Latin-1.
  struct Case {
    const char* callee;
    std::string units;
  } cases[] = {{"utf8", "6"}, {"utf16", "5"}, {"latin1+utf16", "5"}};
  for (const Case& c : cases) {
    Env env;
    env.load(pair("utf8", c.callee));
    EXPECT_EQ(env.run(6), c.units) << c.callee;
    Env bad;
    bad.load(pair("utf8", c.callee));
    std::string e = bad.run(7);  // ends in a byte that is not UTF-8
    EXPECT_NE(e.find("invalid utf-8"), std::string::npos) << c.callee << ": " << e;
  }
}

TEST(StringTransfer, Utf16AndLatin1CallersReachEveryCallee) {
  // The same bytes read as UTF-16 (3 code units) and as Latin-1 (6 characters, é
  // being two of them: U+00C3 U+00A9).
  for (const char* callee : {"utf8", "utf16", "latin1+utf16"}) {
    Env u16;
    u16.load(pair("utf16", callee));
    std::string got = u16.run(3);
    // U+C368 U+6CA9 U+6F6C: 3 UTF-16 units, 9 UTF-8 bytes, not Latin-1 (so the
    // latin1+utf16 callee gets 3 with the UTF-16 tag bit, 1 << 31).
    std::string want = std::string(callee) == "utf8"    ? "9"
                       : std::string(callee) == "utf16" ? "3"
                                                        : "2147483651";
    EXPECT_EQ(got, want) << "utf16 -> " << callee;
    Env l1;
    l1.load(pair("latin1+utf16", callee));
    got = l1.run(6);
    want = std::string(callee) == "utf8" ? "8" : "6";  // Ã and © take two UTF-8 bytes each
    EXPECT_EQ(got, want) << "latin1 -> " << callee;
  }
}

TEST(StringTransfer, TheSpecLimitTrapsBeforeTheCalleesRealloc) {
  // 2^28 bytes in bounds of a 4097-page memory: the spec's limit is 2^28 - 1.
  Env env;
  env.load(pair("utf8", "utf8", 4097));
  EXPECT_NE(env.run(1u << 28).find("string content out-of-bounds"), std::string::npos);
}

TEST(StringTransfer, AWiderPolicyCallsTheCalleesReallocFirst) {
  // Under Wasmtime's limit the callee's realloc runs before any byte is read; it traps
  // for more than 1 MiB, so nothing of the 256 MiB is copied.
  Env env;
  env.rt.policy().max_string_byte_length = (1ull << 31) - 1;
  env.load(pair("utf8", "utf8", 4097));
  EXPECT_NE(env.run(1u << 28).find("unreachable"), std::string::npos);
}

}  // namespace
}  // namespace weft::component

// Instantiating components written in WAT and calling their exports through the
// canonical ABI: values of every kind round-trip host -> guest export -> host import
// -> guest -> host; strings in all three encodings; resources; ABI violations trap.
#include <gtest/gtest.h>

#include "component/link/linker.h"
#include "component/text/component_wat.h"
#include "component_env.h"

namespace weft::component {

// For readable gtest failures.
void PrintTo(const Val& v, std::ostream* os) {
  *os << "Val(" << int(v.kind) << ", " << v.bits;
  if (v.kind == ValKind::String) *os << ", \"" << v.str << "\"";
  for (const Val& i : v.items) {
    *os << ", ";
    PrintTo(i, os);
  }
  *os << ")";
}

namespace {

using test::Env;

// A bump allocator module every test component uses as its libc.
constexpr const char* kLibc = R"(
  (core module $Libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param $old i32) (param $osize i32) (param $align i32) (param $nsize i32) (result i32)
      (local $r i32)
      (global.set $next (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                                 (i32.xor (i32.sub (local.get $align) (i32.const 1)) (i32.const -1))))
      (local.set $r (global.get $next))
      (global.set $next (i32.add (global.get $next) (local.get $nsize)))
      (if (local.get $old) (then (memory.copy (local.get $r) (local.get $old) (local.get $osize))))
      (local.get $r)))
  (core instance $libc (instantiate $Libc))
)";

TEST(ComponentLink, AddExport) {
  Env env;
  auto ok = env.load(R"((component
    (core module $m (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
    (core instance $i (instantiate $m))
    (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))))");
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto r = env.call("add", {Val::u32(2), Val::u32(40)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, std::vector<Val>{Val::u32(42)});
  // u32 wraps like the core i32.add
  r = env.call("add", {Val::u32(0xffffffff), Val::u32(2)});
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, std::vector<Val>{Val::u32(1)});
}

// The guest passes its parameter to the host import `f` and returns what `f` returns:
// every value crosses lower (host->guest), lift (guest->host import), lower (host
// result into guest memory) and lift (guest result) once.
std::string round_trip_component(const std::string& type, const std::string& flat_params, int nflat,
                                 bool flat_result, const std::string& encoding = "utf8") {
  std::string gets;
  for (int i = 0; i < nflat; ++i) gets += " local.get " + std::to_string(i);
  std::string opts = " string-encoding=" + encoding +
                     " (memory (core memory $libc \"mem\")) (realloc (core func $libc \"realloc\"))";
  std::string result = flat_result ? flat_params.substr(0, flat_params.find(' ')) : "";
  std::string core_import = flat_result ? "(param " + flat_params + ") (result " + result + ")"
                                        : "(param " + flat_params + " i32)";
  std::string body = flat_result ? gets + " call $f" : gets + " i32.const 256 call $f i32.const 256";
  std::string core_result = flat_result ? result : "i32";
  return "(component\n  (type $T0 " + type + ")\n  (import \"t\" (type $T (eq $T0)))\n" +
         "  (import \"f\" (func $f (param \"x\" $T) (result $T)))\n" + kLibc +
         "  (core func $f' (canon lower (func $f)" + opts + "))\n" +
         "  (core module $m (import \"libc\" \"mem\" (memory 1)) (import \"host\" \"f\" (func $f " + core_import +
         "))\n    (func (export \"run\") (param " + flat_params + ") (result " + core_result + ")" + body + "))\n" +
         "  (core instance $i (instantiate $m (with \"libc\" (instance $libc)) (with \"host\" (instance (export \"f\" (func $f'))))))\n" +
         "  (export $T1 \"t1\" (type $T))\n" +
         "  (func (export \"run\") (param \"x\" $T1) (result $T1) (canon lift (core func $i \"run\")" + opts + ")))";
}

void expect_round_trip(const std::string& type, const std::string& flat, int nflat, bool flat_result,
                       const Val& v, const std::string& encoding = "utf8") {
  Env env;
  Val seen;
  env.linker.define_func("f", [&seen](Runtime&, InstanceState*, std::span<const Val> args, std::vector<Val>& out) -> Result<void> {
    seen = args[0];
    out.push_back(args[0]);
    return {};
  });
  auto ok = env.load(round_trip_component(type, flat, nflat, flat_result, encoding));
  ASSERT_TRUE(ok) << type << ": " << ok.error().to_string();
  auto r = env.call("run", {v});
  ASSERT_TRUE(r) << type << ": " << r.error().to_string();
  EXPECT_EQ(seen, v) << type;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0], v) << type;
}

TEST(ComponentLink, RoundTripEveryValueKind) {
  expect_round_trip("(record (field \"a\" u8) (field \"b\" string))", "i32 i32 i32", 3, false,
                    Val::record({Val::u8(200), Val::string("zoë")}));
  expect_round_trip("(tuple s8 s16 s32 s64)", "i32 i32 i32 i64", 4, false,
                    Val::tuple({Val::s8(-5), Val::s16(-300), Val::s32(-70000), Val::s64(-(int64_t(1) << 40))}));
  expect_round_trip("(tuple f32 f64 char bool)", "f32 f64 i32 i32", 4, false,
                    Val::tuple({Val::f32(1.5f), Val::f64(-2.25), Val::character(U'🍰'), Val::boolean(true)}));
  expect_round_trip("(list u16)", "i32 i32", 2, false, Val::list({Val::u16(1), Val::u16(65535), Val::u16(7)}));
  expect_round_trip("(list string)", "i32 i32", 2, false, Val::list({Val::string("a"), Val::string(""), Val::string("☃")}));
  expect_round_trip("(variant (case \"a\" u32) (case \"b\" f32) (case \"c\"))", "i32 i32", 2, false,
                    Val::variant(1, {Val::f32(3.25f)}));
  expect_round_trip("(variant (case \"a\" u32) (case \"b\" f32) (case \"c\"))", "i32 i32", 2, false, Val::variant(2));
  expect_round_trip("(option string)", "i32 i32 i32", 3, false, Val::some(Val::string("yes")));
  expect_round_trip("(option string)", "i32 i32 i32", 3, false, Val::none());
  expect_round_trip("(result u64 (error string))", "i32 i64 i32", 3, false, Val::err({Val::string("bad")}));
  expect_round_trip("(result u64 (error string))", "i32 i64 i32", 3, false, Val::ok({Val::u64(1ull << 63)}));
  expect_round_trip("(flags \"r\" \"w\" \"x\")", "i32", 1, true, Val::flags(0b101));
  expect_round_trip("(enum \"red\" \"green\" \"blue\")", "i32", 1, true, Val::enumeration(2));
  expect_round_trip("(list u8 4)", "i32 i32 i32 i32", 4, false,
                    Val::list({Val::u8(1), Val::u8(2), Val::u8(3), Val::u8(4)}));
}

TEST(ComponentLink, StringsInEveryEncoding) {
  for (std::string enc : {"utf8", "utf16", "latin1+utf16"}) {
    for (std::string s : {"", "plain ascii", "latin1 é ü", "snow ☃ cake 🍰"}) {
      expect_round_trip("(record (field \"s\" string))", "i32 i32", 2, false, Val::record({Val::string(s)}), enc);
    }
  }
}

TEST(ComponentLink, BadCharTraps) {
  Env env;
  auto ok = env.load(R"((component
    (core module $m (func (export "c") (result i32) i32.const 0xD800))
    (core instance $i (instantiate $m))
    (func (export "c") (result char) (canon lift (core func $i "c")))))");
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto r = env.call("c", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "invalid `char` bit pattern");
}

TEST(ComponentLink, StringOutOfBoundsTraps) {
  Env env;
  auto ok = env.load(R"((component
    (core module $m (memory (export "mem") 1)
      (func (export "s") (result i32) (i32.store (i32.const 0) (i32.const 65530)) (i32.store (i32.const 4) (i32.const 10)) i32.const 0))
    (core instance $i (instantiate $m))
    (func (export "s") (result string) (canon lift (core func $i "s") (memory (core memory $i "mem"))))))");
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto r = env.call("s", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "string content out-of-bounds");
}

TEST(ComponentLink, ResourcesNewRepDropWithDestructor) {
  Env env;
  auto ok = env.load(R"((component
    (core module $d (global (export "dropped") (mut i32) (i32.const 0))
      (func (export "dtor") (param i32) (global.set 0 (local.get 0))))
    (core instance $d (instantiate $d))
    (type $r (resource (rep i32) (dtor (func $d "dtor"))))
    (core func $new (canon resource.new $r))
    (core func $rep (canon resource.rep $r))
    (core func $drop (canon resource.drop $r))
    (core module $m
      (import "" "new" (func $new (param i32) (result i32)))
      (import "" "rep" (func $rep (param i32) (result i32)))
      (import "" "drop" (func $drop (param i32)))
      (import "" "dropped" (global $dropped (mut i32)))
      (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
      ;; a borrow passed to the resource's own instance arrives as the rep itself
      (func (export "rep-of") (param i32) (result i32) (local.get 0))
      (func (export "new-rep") (param i32) (result i32) (call $rep (call $new (local.get 0))))
      (func (export "consume") (param i32) (result i32) (call $drop (local.get 0)) (global.get $dropped)))
    (core instance $i (instantiate $m (with "" (instance
      (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))
      (export "dropped" (global $d "dropped"))))))
    (export $R "r" (type $r))
    (func (export "make") (param "rep" u32) (result (own $R)) (canon lift (core func $i "make")))
    (func (export "rep-of") (param "h" (borrow $R)) (result u32) (canon lift (core func $i "rep-of")))
    (func (export "new-rep") (param "rep" u32) (result u32) (canon lift (core func $i "new-rep")))
    (func (export "consume") (param "h" (own $R)) (result u32) (canon lift (core func $i "consume")))))");
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto h = env.call("make", {Val::u32(77)});
  ASSERT_TRUE(h) << h.error().to_string();
  ASSERT_EQ((*h)[0].kind, ValKind::Own);
  EXPECT_EQ((*h)[0].bits, 77u);
  Val borrow = Val::borrow((*h)[0].resource, 77);
  auto rep = env.call("rep-of", {borrow});
  ASSERT_TRUE(rep) << rep.error().to_string();
  EXPECT_EQ(*rep, std::vector<Val>{Val::u32(77)});
  auto nr = env.call("new-rep", {Val::u32(5)});
  ASSERT_TRUE(nr) << nr.error().to_string();
  EXPECT_EQ(*nr, std::vector<Val>{Val::u32(5)});
  auto dropped = env.call("consume", {(*h)[0]});
  ASSERT_TRUE(dropped) << dropped.error().to_string();
  EXPECT_EQ(*dropped, std::vector<Val>{Val::u32(77)});  // the destructor saw rep 77
}

TEST(ComponentLink, MissingImportIsALinkError) {
  Env env;
  auto ok = env.load(R"((component (import "f" (func))))");
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().phase, Phase::Link);
  EXPECT_NE(ok.error().message.find("missing import `f`"), std::string::npos);
}

TEST(ComponentLink, NestedComponentsAndReentrance) {
  Env env;
  auto ok = env.load(R"((component
    (component $inner
      (core module $m (func (export "two") (result i32) i32.const 2))
      (core instance $i (instantiate $m))
      (func (export "two") (result u32) (canon lift (core func $i "two"))))
    (instance $a (instantiate $inner))
    (instance $b (instantiate $inner))
    (alias export $a "two" (func $two))
    (core func $two' (canon lower (func $two)))
    (core module $m (import "" "two" (func $two (result i32)))
      (func (export "four") (result i32) (i32.add (call $two) (call $two))))
    (core instance $i (instantiate $m (with "" (instance (export "two" (func $two'))))))
    (func (export "four") (result u32) (canon lift (core func $i "four")))
    (export "b" (instance $b))))");
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto r = env.call("four", {});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, std::vector<Val>{Val::u32(4)});
  const RtItem* b = env.inst->find("b");
  ASSERT_TRUE(b && b->instance);
  auto two = call_func(env.rt, *b->instance->find("two")->func, nullptr, {});
  ASSERT_TRUE(two);
  EXPECT_EQ(*two, std::vector<Val>{Val::u32(2)});
}

}  // namespace
}  // namespace weft::component

namespace weft::component {
namespace {

// A host resource crosses both ways: the guest gets an own handle from a host
// constructor, lends it to a host method as a borrow, hands it back to the host
// as an own (the host drops it: its destructor runs), all through host imports.
TEST(ComponentLink, HostResourceThroughImports) {
  Env env;
  std::vector<uint32_t> dropped;
  uint32_t rt = env.rt.new_host_resource_type("counter", [&dropped](uint32_t rep) -> Result<void> {
    dropped.push_back(rep);
    return {};
  });
  env.linker.define_resource("host", "counter", rt);
  env.linker.define_func("host", "[constructor]counter", [rt](Runtime&, InstanceState*, std::span<const Val> a, std::vector<Val>& out) -> Result<void> {
    out.push_back(Val::own(rt, uint32_t(a[0].bits)));
    return {};
  });
  env.linker.define_func("host", "[method]counter.get", [rt](Runtime&, InstanceState*, std::span<const Val> a, std::vector<Val>& out) -> Result<void> {
    if (a[0].kind != ValKind::Borrow || a[0].resource != rt) return make_error(Phase::Host, {}, "not a borrowed counter");
    out.push_back(Val::u32(uint32_t(a[0].bits) * 2));
    return {};
  });
  env.linker.define_func("host", "[static]counter.consume", [](Runtime& r, InstanceState*, std::span<const Val> a, std::vector<Val>& out) -> Result<void> {
    out.push_back(Val::u32(uint32_t(a[0].bits)));
    return drop_own(r, a[0]);
  });
  auto ok = env.load(R"((component
    (import "host" (instance $host
      (export "counter" (type $c (sub resource)))
      (export "[constructor]counter" (func (param "start" u32) (result (own $c))))
      (export "[method]counter.get" (func (param "self" (borrow $c)) (result u32)))
      (export "[static]counter.consume" (func (param "c" (own $c)) (result u32)))))
    (alias export $host "counter" (type $c))
    (core func $new (canon lower (func $host "[constructor]counter")))
    (core func $get (canon lower (func $host "[method]counter.get")))
    (core func $consume (canon lower (func $host "[static]counter.consume")))
    (core module $m
      (import "" "new" (func $new (param i32) (result i32)))
      (import "" "get" (func $get (param i32) (result i32)))
      (import "" "consume" (func $consume (param i32) (result i32)))
      (func (export "run") (param $start i32) (result i32)
        (local $h i32)
        (local.set $h (call $new (local.get $start)))
        ;; get (a borrow of $h) + consume (moves $h to the host)
        (i32.add (call $get (local.get $h)) (call $consume (local.get $h)))))
    (core instance $i (instantiate $m (with "" (instance
      (export "new" (func $new)) (export "get" (func $get)) (export "consume" (func $consume))))))
    (func (export "run") (param "start" u32) (result u32) (canon lift (core func $i "run")))))");
  ASSERT_TRUE(ok) << ok.error().to_string();
  auto r = env.call("run", {Val::u32(21)});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, std::vector<Val>{Val::u32(21 * 2 + 21)});
  EXPECT_EQ(dropped, std::vector<uint32_t>{21});
  // The handle moved out of the guest's table: using it again traps.
  EXPECT_EQ(env.inst->state->handles.live(), 0u);
}

}  // namespace
}  // namespace weft::component

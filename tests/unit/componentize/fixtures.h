// Core modules written to wit-component's naming contract, and the worlds they embed:
// shared by the componentize unit tests and the e2e cross-checks with jco.
#pragma once

#include <string_view>

namespace weft::componentize::fixtures {

inline constexpr std::string_view kWit = R"(package cyber:math;

interface operations {
  add: func(a: u32, b: u32) -> u32;
}

interface text {
  echo: func(s: string) -> string;
  sum: func(l: list<u32>) -> u32;
}

interface shapes {
  record point { x: s32, y: s32 }
  variant shape { circle(u32), rect(point), none }
  area: func(s: shape) -> u32;
  origin: func() -> point;
}

interface counters {
  resource counter {
    constructor(start: u32);
    get: func() -> u32;
  }
}

interface store {
  resource blob {
    constructor();
    size: func() -> u32;
  }
}

interface geometry {
  use shapes.{point};
  use store.{blob};
  norm: func(p: point) -> u32;
  weigh: func(b: borrow<blob>) -> u32;
}

world calculator-provider { export operations; }
world geometry-provider { export geometry; }
world thing-user {
  resource thing {
    constructor(n: u32);
    size: func() -> u32;
  }
  export measure: func() -> u32;
}
world calculator-consumer { import operations; export run: func() -> string; }
world text-provider { export text; }
world shapes-provider { export shapes; }
world counter-provider { export counters; }
world blob-user { import store; export measure: func() -> u32; }
world reactor { export operations; }
)";

// A bump allocator aligned as `cabi_realloc` is asked.
#define WEFT_FIXTURE_REALLOC                                                                      \
  "(global $heap (mut i32) (i32.const 1024))\n"                                                   \
  "(func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (local $p i32)\n"         \
  "  (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))\n" \
  "                         (i32.sub (i32.const 0) (local.get 2))))\n"                            \
  "  (global.set $heap (i32.add (local.get $p) (local.get 3)))\n"                                 \
  "  (local.get $p))\n"

inline constexpr std::string_view kProvider = R"((module
  (memory (export "memory") 1)
  (func (export "cyber:math/operations#add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
)";

// run() returns the string of length add(2, 3) at offset 16: "hello".
inline constexpr std::string_view kConsumer =
    "(module\n"
    "(import \"cyber:math/operations\" \"add\" (func $add (param i32 i32) (result i32)))\n"
    "(memory (export \"memory\") 1)\n"
    "(data (i32.const 16) \"hello, world\")\n" WEFT_FIXTURE_REALLOC
    "(func (export \"run\") (result i32)\n"
    "  (i32.store (i32.const 100) (i32.const 16))\n"
    "  (i32.store (i32.const 104) (call $add (i32.const 2) (i32.const 3)))\n"
    "  i32.const 100)\n"
    "(func (export \"cabi_post_run\") (param i32)))\n";

inline constexpr std::string_view kText =
    "(module\n"
    "(memory (export \"memory\") 1)\n" WEFT_FIXTURE_REALLOC
    "(func (export \"cyber:math/text#echo\") (param i32 i32) (result i32)\n"
    "  (i32.store (i32.const 8) (local.get 0)) (i32.store (i32.const 12) (local.get 1)) i32.const 8)\n"
    "(func (export \"cabi_post_cyber:math/text#echo\") (param i32))\n"
    "(func (export \"cyber:math/text#sum\") (param $p i32) (param $n i32) (result i32) (local $s i32)\n"
    "  (block $done (loop $l\n"
    "    (br_if $done (i32.eqz (local.get $n)))\n"
    "    (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))\n"
    "    (local.set $p (i32.add (local.get $p) (i32.const 4)))\n"
    "    (local.set $n (i32.sub (local.get $n) (i32.const 1)))\n"
    "    (br $l)))\n"
    "  local.get $s))\n";

inline constexpr std::string_view kShapes = R"((module
  (memory (export "memory") 1)
  (func (export "cyber:math/shapes#area") (param $d i32) (param $a i32) (param $b i32) (result i32)
    (if (result i32) (i32.eqz (local.get $d))
      (then (i32.mul (i32.const 3) (i32.mul (local.get $a) (local.get $a))))
      (else (if (result i32) (i32.eq (local.get $d) (i32.const 1))
        (then (i32.mul (local.get $a) (local.get $b)))
        (else (i32.const 0))))))
  (func (export "cyber:math/shapes#origin") (result i32)
    (i32.store (i32.const 16) (i32.const -1)) (i32.store (i32.const 20) (i32.const 7)) i32.const 16))
)";

// Each counter's rep is the address of its value; the destructor counts drops at 0.
inline constexpr std::string_view kCounters = R"((module
  (import "[export]cyber:math/counters" "[resource-new]counter" (func $new (param i32) (result i32)))
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 64))
  (func (export "cyber:math/counters#[constructor]counter") (param i32) (result i32) (local $rep i32)
    (local.set $rep (global.get $next))
    (global.set $next (i32.add (global.get $next) (i32.const 4)))
    (i32.store (local.get $rep) (local.get 0))
    (call $new (local.get $rep)))
  (func (export "cyber:math/counters#[method]counter.get") (param i32) (result i32)
    (i32.load (local.get 0)))
  (func (export "cyber:math/counters#[dtor]counter") (param i32)
    (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))))
)";

inline constexpr std::string_view kBlobUser = R"((module
  (import "cyber:math/store" "[constructor]blob" (func $new (result i32)))
  (import "cyber:math/store" "[method]blob.size" (func $size (param i32) (result i32)))
  (import "cyber:math/store" "[resource-drop]blob" (func $drop (param i32)))
  (func (export "measure") (result i32) (local $h i32) (local $s i32)
    (local.set $h (call $new))
    (local.set $s (call $size (local.get $h)))
    (call $drop (local.get $h))
    (local.get $s)))
)";

// `_initialize` stores 40 where `add` reads it: add(a, b) = a + b + 40 only once it ran.
inline constexpr std::string_view kReactor = R"((module
  (memory (export "memory") 1)
  (func (export "_initialize") (i32.store (i32.const 0) (i32.const 40)))
  (func (export "cyber:math/operations#add") (param i32 i32) (result i32)
    (i32.add (i32.load (i32.const 0)) (i32.add (local.get 0) (local.get 1)))))
)";

// An exported interface whose functions use another interface's record and resource.
inline constexpr std::string_view kGeometry = R"((module
  (import "cyber:math/store" "[method]blob.size" (func $size (param i32) (result i32)))
  (func (export "cyber:math/geometry#norm") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "cyber:math/geometry#weigh") (param i32) (result i32) (call $size (local.get 0))))
)";

// A resource the world itself imports (`$root`).
inline constexpr std::string_view kThingUser = R"((module
  (import "$root" "[constructor]thing" (func $new (param i32) (result i32)))
  (import "$root" "[method]thing.size" (func $size (param i32) (result i32)))
  (import "$root" "[resource-drop]thing" (func $drop (param i32)))
  (func (export "measure") (result i32) (local $h i32) (local $s i32)
    (local.set $h (call $new (i32.const 3)))
    (local.set $s (call $size (local.get $h)))
    (call $drop (local.get $h))
    (local.get $s)))
)";

// The newer `cm32p2` names: imports from `cm32p2|IFACE`, exports `cm32p2||f` with
// `_post`, `cm32p2_memory`, `cm32p2_realloc`, `cm32p2_initialize`.
inline constexpr std::string_view kConsumerCm32p2 = R"((module
  (import "cm32p2|cyber:math/operations" "add" (func $add (param i32 i32) (result i32)))
  (memory (export "cm32p2_memory") 1)
  (data (i32.const 16) "hello, world")
  (global $base (mut i32) (i32.const 0))
  (func (export "cm32p2_realloc") (param i32 i32 i32 i32) (result i32) i32.const 1024)
  (func (export "cm32p2_initialize") (global.set $base (i32.const 16)))
  (func (export "cm32p2||run") (result i32)
    (i32.store (i32.const 100) (global.get $base))
    (i32.store (i32.const 104) (call $add (i32.const 2) (i32.const 3)))
    i32.const 100)
  (func (export "cm32p2||run_post") (param i32)))
)";

#undef WEFT_FIXTURE_REALLOC

}  // namespace weft::componentize::fixtures

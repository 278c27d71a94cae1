// End-to-end: resource limits of `weft run` (memory, tables, instances, the GC heap) on top of fuel and timeouts.
#include <gtest/gtest.h>

#include "process.h"

namespace weft::e2e {
namespace {

constexpr const char* kGrowMemory =
    "(module (memory (export \"memory\") 2)"
    " (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0))))";
constexpr const char* kGrowTable =
    "(module (table 8 funcref)"
    " (func (export \"grow\") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))";

TEST(WasiLimits, MaxMemory) {
  auto path = write_file("limits_memory.wat", kGrowMemory);
  auto too_small = run_weft({"run", "--max-memory", "64KiB", "--invoke", "grow", path, "1"});
  EXPECT_EQ(too_small.exit_code, 1);
  EXPECT_NE(too_small.err.find("memory size exceeds the store limit"), std::string::npos) << too_small.err;
  // 1 MiB is 16 pages: growing from 2 to 16 works, to 17 does not.
  auto fits = run_weft({"run", "--max-memory", "1MiB", "--invoke", "grow", path, "14"});
  EXPECT_EQ(fits.exit_code, 0) << fits.err;
  EXPECT_EQ(fits.out, "2\n");
  auto beyond = run_weft({"run", "--invoke", "grow", path, "--max-memory", "1048576", "15"});
  EXPECT_EQ(beyond.exit_code, 0) << beyond.err;
  EXPECT_EQ(beyond.out, "-1\n");
  EXPECT_EQ(run_weft({"run", "--invoke", "grow", path, "15"}).out, "2\n");
  auto bad = run_weft({"run", "--max-memory", "lots", path});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("--max-memory"), std::string::npos) << bad.err;
}

TEST(WasiLimits, MaxTableElements) {
  auto path = write_file("limits_table.wat", kGrowTable);
  auto too_small = run_weft({"run", "--max-table-elements", "4", "--invoke", "grow", path, "1"});
  EXPECT_EQ(too_small.exit_code, 1);
  EXPECT_NE(too_small.err.find("table size exceeds the store limit"), std::string::npos) << too_small.err;
  auto fits = run_weft({"run", "--max-table-elements", "10", "--invoke", "grow", path, "2"});
  EXPECT_EQ(fits.out, "8\n") << fits.err;
  auto beyond = run_weft({"run", "--max-table-elements", "10", "--invoke", "grow", path, "3"});
  EXPECT_EQ(beyond.out, "-1\n") << beyond.err;
}

// --max-instances bounds the core instances a guest creates: a component with
// three core instances needs three.
TEST(WasiLimits, MaxInstances) {
  auto path = write_file("three_instances.component.wat", R"((component
  (core module $m (func (export "one") (result i32) i32.const 1))
  (core instance $a (instantiate $m))
  (core instance $b (instantiate $m))
  (core instance $c (instantiate $m))
  (func (export "one") (result u32) (canon lift (core func $c "one")))
))");
  auto fits = run_weft({"run", "--max-instances", "3", "--invoke", "one()", path});
  EXPECT_EQ(fits.exit_code, 0) << fits.err;
  EXPECT_EQ(fits.out, "1\n");
  auto too_many = run_weft({"run", "--max-instances", "2", "--invoke", "one()", path});
  EXPECT_EQ(too_many.exit_code, 1);
  EXPECT_NE(too_many.err.find("instance limit reached: a store may hold at most 2 instances"), std::string::npos)
      << too_many.err;
}

// A linked list of `n` GC structs (3.0): 32 bytes each in the store's GC heap.
constexpr const char* kList = R"((module
  (type $node (struct (field i32) (field (ref null $node))))
  (func (export "list") (param $n i32) (result i32)
    (local $l (ref null $node))
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $l (struct.new $node (local.get $n) (local.get $l)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $more)))
    (struct.get $node 0 (local.get $l)))))";

TEST(WasiLimits, MaxGcHeap) {
  auto path = write_file("limits_gc.wat", kList);
  auto fits = run_weft({"run", "--max-gc-heap", "1MiB", "--invoke", "list", path, "1000"});
  EXPECT_EQ(fits.exit_code, 0) << fits.err;
  EXPECT_EQ(fits.out, "1\n");
  auto beyond = run_weft({"run", "--max-gc-heap", "1MiB", "--invoke", "list", path, "100000"});
  EXPECT_EQ(beyond.exit_code, 1);
  EXPECT_NE(beyond.err.find("out of GC heap memory"), std::string::npos) << beyond.err;
  EXPECT_EQ(run_weft({"run", "--invoke", "list", path, "100000"}).out, "1\n");  // the default: 1 GiB
}

}  // namespace
}  // namespace weft::e2e

// MemoryPool: reused reservations read as zero, expose exactly their size, obey
// the limits, and survive many instances and concurrent stores.
#include "core/runtime/memory_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "core/runtime/instance.h"
#include "wat_instance.h"

namespace weft::core::test {
namespace {

constexpr uint64_t kPage = kPageSize;

// The protection ("rw-p", "---p", ...) of the mapping holding `p`, from /proc/self/maps.
std::string protection_at(const void* p) {
  const auto addr = reinterpret_cast<uintptr_t>(p);
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    unsigned long begin = 0, end = 0;
    char perms[5] = {};
    if (std::sscanf(line.c_str(), "%lx-%lx %4s", &begin, &end, perms) == 3 && begin <= addr && addr < end) return perms;
  }
  return "unmapped";
}

bool all_zero(const uint8_t* p, uint64_t n) {
  return std::all_of(p, p + n, [](uint8_t b) { return b == 0; });
}

TEST(MemoryPool, ReusedReservationReadsZeroAndExposesExactlyItsSize) {
  MemoryPool pool;
  uint8_t* a = pool.acquire(2 * kPage);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(protection_at(a), "rw-p");
  EXPECT_EQ(protection_at(a + 2 * kPage), "---p");
  std::memset(a, 0xab, 2 * kPage);
  pool.release(a, 2 * kPage);
  EXPECT_EQ(pool.stats().idle, 1u);

  uint8_t* b = pool.acquire(2 * kPage);
  EXPECT_EQ(b, a);
  EXPECT_EQ(pool.stats().reused, 1u);
  EXPECT_TRUE(all_zero(b, 2 * kPage));
  std::memset(b, 0xcd, 2 * kPage);
  pool.release(b, 2 * kPage);

  // Smaller than last time: the rest is inaccessible again.
  uint8_t* c = pool.acquire(kPage);
  EXPECT_EQ(c, a);
  EXPECT_EQ(protection_at(c + kPage - 1), "rw-p");
  EXPECT_EQ(protection_at(c + kPage), "---p");
  EXPECT_TRUE(all_zero(c, kPage));
  pool.release(c, kPage);

  // Larger: the pages committed again read as zero too.
  uint8_t* d = pool.acquire(3 * kPage);
  EXPECT_EQ(d, a);
  EXPECT_EQ(protection_at(d + 3 * kPage - 1), "rw-p");
  EXPECT_EQ(protection_at(d + 3 * kPage), "---p");
  EXPECT_TRUE(all_zero(d, 3 * kPage));
  pool.release(d, 3 * kPage);
}

TEST(MemoryPool, PagesBeyondTheInPlaceLimitAreZeroedByTheKernel) {
  MemoryPool pool(MemoryPoolLimits{.max_idle = 4, .zero_in_place_bytes = kPage});
  uint8_t* a = pool.acquire(4 * kPage);
  ASSERT_NE(a, nullptr);
  std::memset(a, 0x5a, 4 * kPage);
  pool.release(a, 4 * kPage);
  uint8_t* b = pool.acquire(4 * kPage);
  ASSERT_EQ(b, a);
  EXPECT_TRUE(all_zero(b, 4 * kPage));
  pool.release(b, 4 * kPage);
}

TEST(MemoryPool, PrefersAReservationOfTheSameSize) {
  MemoryPool pool;
  uint8_t* one = pool.acquire(kPage);
  uint8_t* two = pool.acquire(2 * kPage);
  ASSERT_TRUE(one && two);
  pool.release(one, kPage);
  pool.release(two, 2 * kPage);
  EXPECT_EQ(pool.acquire(kPage), one);
  EXPECT_EQ(pool.acquire(2 * kPage), two);
  pool.release(one, kPage);
  pool.release(two, 2 * kPage);
}

TEST(MemoryPool, KeepsAtMostMaxIdleAndTrimsWhenTheLimitDrops) {
  MemoryPool pool(MemoryPoolLimits{.max_idle = 2});
  uint8_t* r[3];
  for (auto& p : r) ASSERT_NE(p = pool.acquire(kPage), nullptr);
  for (auto* p : r) pool.release(p, kPage);
  MemoryPoolStats s = pool.stats();
  EXPECT_EQ(s.idle, 2u);
  EXPECT_EQ(s.mapped, 3u);
  EXPECT_EQ(s.unmapped, 1u);
  EXPECT_EQ(protection_at(r[2]), "unmapped");  // the surplus went back to the OS

  pool.set_limits(MemoryPoolLimits{.max_idle = 1});
  EXPECT_EQ(pool.stats().idle, 1u);
  EXPECT_EQ(pool.stats().unmapped, 2u);

  pool.set_limits(MemoryPoolLimits{.max_idle = 0});  // disabled: nothing is kept
  uint8_t* p = pool.acquire(kPage);
  ASSERT_NE(p, nullptr);
  pool.release(p, kPage);
  EXPECT_EQ(pool.stats().idle, 0u);
  pool.trim();
}

TEST(MemoryPool, ConcurrentAcquireAndRelease) {
  MemoryPool pool(MemoryPoolLimits{.max_idle = 3});
  std::vector<std::thread> threads;
  std::atomic<int> dirty{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const uint64_t bytes = (1 + (i + t) % 3) * kPage;
        uint8_t* p = pool.acquire(bytes);
        if (!p) continue;
        if (!all_zero(p, bytes)) ++dirty;
        std::memset(p, 0xff, bytes);
        pool.release(p, bytes);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(dirty.load(), 0);
  MemoryPoolStats s = pool.stats();
  EXPECT_LE(s.idle, 3u);
  EXPECT_EQ(s.reused + s.mapped, 800u);
  EXPECT_EQ(s.mapped, s.unmapped + s.idle);
}

// --- Through stores: memories come from and go back to the global pool ---

constexpr std::string_view kModule = R"((module
  (memory (export "mem") 1 4)
  (data (i32.const 8) "weft")
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))))";

TEST(MemoryPool, ReusedMemoryOfAnInstanceReadsZeroBesideItsData) {
  {  // an instance that dirties every byte it can reach, then grows
    WatInstance w(kModule);
    auto mem = w.store.find_export(w.inst, "mem");
    ASSERT_TRUE(mem);
    EXPECT_EQ(w.value("grow", {i32(2)}), 1u);
    auto bytes = w.store.memory_data(mem->addr);
    std::memset(bytes.data(), 0xee, bytes.size());
  }
  const uint64_t reused_before = MemoryPool::global().stats().reused;
  WatInstance w(kModule);
  EXPECT_GT(MemoryPool::global().stats().reused, reused_before);
  auto mem = w.store.find_export(w.inst, "mem");
  ASSERT_TRUE(mem);
  auto bytes = w.store.memory_data(mem->addr);
  ASSERT_EQ(bytes.size(), kPage);
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(bytes.data()) + 8, 4), "weft");
  EXPECT_TRUE(all_zero(bytes.data(), 8));
  EXPECT_TRUE(all_zero(bytes.data() + 12, kPage - 12));
  // Its size is its own, not the previous instance's.
  EXPECT_EQ(protection_at(bytes.data() + kPage), "---p");
  EXPECT_EQ(w.trap("load", {i32(kPage)}), "out of bounds memory access");
  EXPECT_EQ(w.trap("store", {i32(kPage), i32(1)}), "out of bounds memory access");
  // Growing works again, and the pages the previous instance dirtied read as zero.
  EXPECT_EQ(w.value("grow", {i32(3)}), 1u);
  EXPECT_EQ(w.value("load", {i32(kPage)}), 0u);
  EXPECT_EQ(w.value("load", {i32(4 * kPage - 1)}), 0u);
  EXPECT_TRUE(all_zero(w.store.memory_data(mem->addr).data() + kPage, 3 * kPage));
  EXPECT_EQ(w.trap("load", {i32(4 * kPage)}), "out of bounds memory access");
  EXPECT_EQ(w.value("grow", {i32(1)}), uint32_t(-1));  // the declared maximum still holds
}

TEST(MemoryPool, ManyStoresInSequence) {
  auto vm = load_wat(kModule);
  ASSERT_TRUE(vm);
  const MemoryPoolStats before = MemoryPool::global().stats();
  for (int i = 0; i < 1000; ++i) {
    Store store;
    auto inst = store.instantiate(*vm, {});
    ASSERT_TRUE(inst);
    auto bytes = store.memory_data(store.find_export(*inst, "mem")->addr);
    ASSERT_EQ(bytes[8], 'w');
    ASSERT_EQ(bytes[100], 0) << "iteration " << i;
    bytes[100] = uint8_t(i | 1);
  }
  const MemoryPoolStats after = MemoryPool::global().stats();
  EXPECT_GE(after.reused - before.reused, 999u);
  EXPECT_LE(after.idle, MemoryPool::global().limits().max_idle);
}

TEST(MemoryPool, ManyInstancesInOneStoreBeyondThePool) {
  auto vm = load_wat(kModule);
  ASSERT_TRUE(vm);
  const size_t n = MemoryPool::global().limits().max_idle + 50;
  {
    Store store;
    for (size_t i = 0; i < n; ++i) {
      auto inst = store.instantiate(*vm, {});
      ASSERT_TRUE(inst) << inst.error().to_string();
      store.memory_data(store.find_export(*inst, "mem")->addr)[200] = 1;
    }
  }  // releases n memories: the pool keeps its limit and unmaps the rest
  EXPECT_EQ(MemoryPool::global().stats().idle, MemoryPool::global().limits().max_idle);
}

TEST(MemoryPool, ConcurrentStores) {
  auto vm = load_wat(kModule);
  ASSERT_TRUE(vm);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        Store store;
        auto inst = store.instantiate(*vm, {});
        if (!inst) {
          ++failures;
          continue;
        }
        auto mem = store.find_export(*inst, "mem")->addr;
        auto bytes = store.memory_data(mem);
        if (bytes[8] != 'w' || !all_zero(bytes.data() + 12, bytes.size() - 12)) ++failures;
        auto grow = store.find_export(*inst, "grow")->addr;
        if (!store.invoke(grow, std::vector<Value>{i32(1 + i % 3)})) ++failures;
        bytes = store.memory_data(mem);
        if (!all_zero(bytes.data() + kPage, bytes.size() - kPage)) ++failures;
        std::memset(bytes.data(), 0x77, bytes.size());
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

// Instances share their module's data instead of copying it.
TEST(Instantiate, FunctionsReferToTheirModulesTypes) {
  auto vm = load_wat(R"((module (func (export "f") (param i32) (result i32) (local.get 0))))");
  ASSERT_TRUE(vm);
  Store store;
  auto a = store.instantiate(*vm, {});
  auto b = store.instantiate(*vm, {});
  ASSERT_TRUE(a && b);
  const FuncType& ta = store.func_type(store.find_export(*a, "f")->addr);
  const FuncType& tb = store.func_type(store.find_export(*b, "f")->addr);
  EXPECT_EQ(&ta, &(*vm)->module.types[0].func);
  EXPECT_EQ(&tb, &ta);
}

}  // namespace
}  // namespace weft::core::test

// Test helpers for WASI: a guest memory as a plain vector, captured stdio, fake clocks and randomness.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "wasi/functions.h"
#include "wasi/streams.h"
#include "wasi/wasi_ctx.h"

namespace weft::wasi::test {

// Clocks that only move when the guest sleeps, and remember every sleep.
class FakeClocks final : public Clocks {
 public:
  uint64_t realtime = 1700000000ull * 1000000000ull;
  uint64_t monotonic = 5000;
  uint64_t cputime = 42;
  std::vector<uint64_t> sleeps;

  WasiResult<uint64_t> resolution(ClockId id) override {
    if (uint32_t(id) > 3) return std::unexpected(Errno::Inval);
    return uint64_t(1000);
  }
  WasiResult<uint64_t> now(ClockId id) override {
    switch (id) {
      case ClockId::Realtime: return realtime;
      case ClockId::Monotonic: return monotonic;
      case ClockId::ProcessCputime:
      case ClockId::ThreadCputime: return cputime;
    }
    return std::unexpected(Errno::Inval);
  }
  void sleep(uint64_t ns) override {
    sleeps.push_back(ns);
    monotonic += ns;
    realtime += ns;
  }
};

// Counts up from 1, so tests can tell which bytes were filled.
class FakeRandom final : public RandomSource {
 public:
  WasiResult<void> fill(std::span<uint8_t> out) override {
    for (auto& b : out) b = ++next_;
    return {};
  }

 private:
  uint8_t next_ = 0;
};

class WasiTest : public ::testing::Test {
 protected:
  static constexpr uint32_t kMemorySize = 65536;

  // `configure` adds grants (directories, listeners) to the configuration; denials
  // are collected in denials_.
  explicit WasiTest(std::string stdin_data = "hello\nworld\n",
                    std::vector<std::string> args = {"prog", "a1", "bb2"},
                    std::vector<std::string> env = {"HOME=/home/me", "X="},
                    const std::function<void(WasiConfig&)>& configure = {})
      : stdin_(std::make_shared<MemoryInput>(std::move(stdin_data))),
        stdout_(std::make_shared<MemoryOutput>()),
        stderr_(std::make_shared<MemoryOutput>()),
        clocks_(std::make_shared<FakeClocks>()),
        denials_(std::make_shared<std::vector<std::string>>()),
        ctx_(make_config(std::move(args), std::move(env), configure)),
        memory_(kMemorySize) {}

  WasiConfig make_config(std::vector<std::string> args, std::vector<std::string> env,
                         const std::function<void(WasiConfig&)>& configure) {
    WasiConfig c;
    c.args = std::move(args);
    c.env = std::move(env);
    c.stdin_stream = stdin_;
    c.stdout_stream = stdout_;
    c.stderr_stream = stderr_;
    c.clocks = clocks_;
    c.random = std::make_shared<FakeRandom>();
    c.on_denied = [denials = denials_](std::string_view what) { denials->emplace_back(what); };
    if (configure) configure(c);
    return c;
  }

  // Calls a WASI function by name with i32 / i64 arguments chosen by its signature.
  Result<Errno> call(std::string_view name, std::initializer_list<uint64_t> args) {
    const WasiFunction* fn = find_wasi_function(name);
    EXPECT_NE(fn, nullptr) << name;
    if (!fn) return Errno::NoSys;
    std::vector<core::Value> values;
    size_t i = 0;
    for (uint64_t a : args) {
      bool wide = i < fn->type.params.size() && fn->type.params[i] == core::ValType::I64;
      values.push_back(wide ? core::Value::i64(a) : core::Value::i32(uint32_t(a)));
      ++i;
    }
    return call_wasi_function(ctx_, *fn, std::span<uint8_t>(memory_), values);
  }
  // The errno of a call that must not trap or exit.
  Errno errno_of(std::string_view name, std::initializer_list<uint64_t> args) {
    auto r = call(name, args);
    EXPECT_TRUE(r.has_value()) << name << ": " << (r ? "" : r.error().to_string());
    return r.value_or(Errno::Io);
  }

  uint32_t u32_at(uint32_t p) const {
    uint32_t v;
    std::memcpy(&v, &memory_[p], 4);
    return v;
  }
  uint64_t u64_at(uint32_t p) const {
    uint64_t v;
    std::memcpy(&v, &memory_[p], 8);
    return v;
  }
  uint16_t u16_at(uint32_t p) const {
    uint16_t v;
    std::memcpy(&v, &memory_[p], 2);
    return v;
  }
  void put_u32(uint32_t p, uint32_t v) { std::memcpy(&memory_[p], &v, 4); }
  void put_u64(uint32_t p, uint64_t v) { std::memcpy(&memory_[p], &v, 8); }
  void put_string(uint32_t p, std::string_view s) { std::memcpy(&memory_[p], s.data(), s.size()); }
  std::string string_at(uint32_t p, uint32_t len) const {
    return std::string(memory_.begin() + p, memory_.begin() + p + len);
  }
  // A (c)iovec at `p` naming `len` bytes at `buf`.
  void put_iovec(uint32_t p, uint32_t buf, uint32_t len) {
    put_u32(p, buf);
    put_u32(p + 4, len);
  }

  std::shared_ptr<MemoryInput> stdin_;
  std::shared_ptr<MemoryOutput> stdout_;
  std::shared_ptr<MemoryOutput> stderr_;
  std::shared_ptr<FakeClocks> clocks_;
  std::shared_ptr<std::vector<std::string>> denials_;
  WasiCtx ctx_;
  std::vector<uint8_t> memory_;
};

}  // namespace weft::wasi::test

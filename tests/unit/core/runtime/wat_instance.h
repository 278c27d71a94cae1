// Test helper: instantiates a WAT module in a fresh store and calls its exports.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/runtime/store.h"
#include "core/text/script.h"

namespace weft::core::test {

inline Result<ValidatedModulePtr> load_wat(std::string_view wat) {
  WEFT_TRY(bytes, text::parse_wat_module(wat));
  return load_module(bytes);
}

struct WatInstance {
  explicit WatInstance(std::string_view wat, StoreLimits limits = {}, std::vector<Extern> imports = {})
      : store(limits) {
    auto vm = load_wat(wat);
    if (!vm) {
      ADD_FAILURE() << "module did not load: " << vm.error().to_string();
      return;
    }
    auto i = store.instantiate(*vm, imports);
    if (!i) {
      ADD_FAILURE() << "module did not instantiate: " << i.error().to_string();
      return;
    }
    inst = *i;
  }

  Result<std::vector<Value>> call(std::string_view name, std::vector<Value> args = {}) {
    auto e = store.find_export(inst, name);
    if (!e) return make_error(Phase::Usage, {}, "no export " + std::string(name));
    return store.invoke(e->addr, args);
  }
  // The single i32/i64 result of a call, or a sentinel when it trapped.
  uint64_t value(std::string_view name, std::vector<Value> args = {}) {
    auto r = call(name, std::move(args));
    if (!r) {
      ADD_FAILURE() << name << " trapped: " << r.error().message;
      return ~0ull;
    }
    return r->empty() ? 0 : (*r)[0].bits;
  }
  // The trap message of a call that must trap.
  std::string trap(std::string_view name, std::vector<Value> args = {}) {
    auto r = call(name, std::move(args));
    if (r) return "no trap";
    EXPECT_EQ(r.error().phase, Phase::Execute);
    return r.error().message;
  }

  Store store;
  InstanceAddr inst = kNoInstance;
};

inline Value i32(uint32_t v) { return Value::i32(v); }
inline Value i64(uint64_t v) { return Value::i64(v); }

}  // namespace weft::core::test

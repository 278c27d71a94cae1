// The spectest module as the reference interpreter defines it.
#include "wast/spectest.h"

namespace weft::wast {

using core::ValType;
using core::Value;

ExportMap make_spectest(core::Store& store) {
  ExportMap m;
  auto print = [&](const char* name, std::vector<ValType> params) {
    auto fn = [](core::HostContext&, std::span<const Value>, std::span<Value>) -> Result<void> { return {}; };
    m[name] = {core::ExternKind::Func, store.add_host_func(core::FuncType{std::move(params), {}}, fn, name)};
  };
  print("print", {});
  print("print_i32", {ValType::I32});
  print("print_i64", {ValType::I64});
  print("print_f32", {ValType::F32});
  print("print_f64", {ValType::F64});
  print("print_i32_f32", {ValType::I32, ValType::F32});
  print("print_f64_f64", {ValType::F64, ValType::F64});
  auto global = [&](const char* name, ValType t, Value v) {
    m[name] = {core::ExternKind::Global, store.add_global(core::GlobalType{t, false}, v)};
  };
  global("global_i32", ValType::I32, Value::i32(666));
  global("global_i64", ValType::I64, Value::i64(666));
  global("global_f32", ValType::F32, Value::f32(666.6f));
  global("global_f64", ValType::F64, Value::f64(666.6));
  if (auto t = store.add_table(core::TableType{ValType::FuncRef, core::Limits{10, 20}})) {
    m["table"] = {core::ExternKind::Table, *t};
  }
  if (auto t = store.add_table(core::TableType{ValType::FuncRef, core::Limits{10, 20}, true})) {
    m["table64"] = {core::ExternKind::Table, *t};
  }
  if (auto mem = store.add_memory(core::MemoryType{core::Limits{1, 2}})) {
    m["memory"] = {core::ExternKind::Memory, *mem};
  }
  return m;
}

}  // namespace weft::wast

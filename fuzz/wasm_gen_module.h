// What the module generator has decided so far, shared by the module-level and
// function-body halves of the generator (fuzz/wasm_gen*.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/binary/types.h"
#include "wasm_gen.h"

namespace weft::fuzz {

using core::FuncType;
using core::ValType;

// Appends binary-format encodings to a byte vector.
struct Emitter {
  std::vector<uint8_t> bytes;

  void u8(uint8_t b) { bytes.push_back(b); }
  void u32(uint64_t v);  // unsigned LEB128
  void s64(int64_t v);   // signed LEB128 (also s32 and s33)
  void f32(uint32_t bits);
  void f64(uint64_t bits);
  // Numbers and nullable abstract references (the only types the generator makes)
  // are one byte each.
  void type(ValType t) { u8(t.is_ref() ? uint8_t(t.heap.abstract()) : t.code); }
  void name(std::string_view s);
  void append(std::span<const uint8_t> b) { bytes.insert(bytes.end(), b.begin(), b.end()); }
};

struct GenTable {
  ValType elem = ValType::FuncRef;
  uint32_t min = 0;
  std::optional<uint32_t> max;
  bool imported = false;
};

struct GenMemory {
  uint32_t min = 0;
  std::optional<uint32_t> max;
  bool imported = false;
};

struct GenGlobal {
  ValType type = ValType::I32;
  bool mut = false;
  bool imported = false;
  std::vector<uint8_t> init;  // constant expression including its `end`
};

struct GenElem {
  enum class Mode : uint8_t { Active, Passive, Declarative } mode = Mode::Passive;
  ValType type = ValType::FuncRef;
  uint32_t table = 0;
  std::vector<uint8_t> offset;        // active: constant expression
  bool uses_exprs = false;            // expression form (flags 4-7) or function indices
  bool explicit_form = false;         // flags 2/6 for table 0 instead of 0/4
  std::vector<uint32_t> funcs;        // !uses_exprs
  std::vector<std::vector<uint8_t>> exprs;
};

struct GenData {
  bool active = false;
  uint32_t memory = 0;
  bool explicit_memory = false;  // flag 2 for memory 0 instead of 0
  std::vector<uint8_t> offset;
  std::vector<uint8_t> init;
};

struct ModuleDesc {
  std::vector<FuncType> types;
  std::vector<uint32_t> func_types;  // per function index, imports first
  uint32_t imported_funcs = 0;
  std::vector<GenTable> tables;      // imports first
  std::vector<GenMemory> memories;   // imports first
  std::vector<GenGlobal> globals;    // imports first
  std::vector<GenElem> elems;
  std::vector<GenData> datas;
  std::optional<uint32_t> start;
  std::vector<std::vector<uint8_t>> bodies;  // per defined function: locals and code

  // The index of `t` in the type section, added when missing.
  uint32_t type_index(const FuncType& t);
  const FuncType& func_type(uint32_t func) const { return types[func_types[func]]; }
  uint32_t imported_globals() const;
};

// Constants, biased toward the values where arithmetic and bounds checks change behaviour.
uint32_t interesting_i32(ByteSource& src);
uint64_t interesting_i64(ByteSource& src);
uint32_t interesting_f32(ByteSource& src);
uint64_t interesting_f64(ByteSource& src);
// Any value type, numbers (i32 most of all) more often than references.
ValType random_valtype(ByteSource& src);

// Generates the body (local declarations and code) of defined function `func`.
std::vector<uint8_t> generate_body(ByteSource& src, ModuleDesc& m, uint32_t func, const GenLimits& limits,
                                   uint32_t& instr_budget);

}  // namespace weft::fuzz

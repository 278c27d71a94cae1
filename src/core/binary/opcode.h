// Opcode enum and per-opcode metadata, generated from opcode.def.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/binary/features.h"
#include "core/binary/types.h"

namespace weft::core {

enum class Opcode : uint16_t {
#define WEFT_OP(name, prefix, code, text, sig, imm, fn, feat) name,
#include "core/binary/opcode.def"
#undef WEFT_OP
};

constexpr size_t kOpcodeCount = 0
#define WEFT_OP(name, prefix, code, text, sig, imm, fn, feat) +1
#include "core/binary/opcode.def"
#undef WEFT_OP
    ;

// What follows an opcode in the binary (and in the text format).
enum class ImmKind : uint8_t {
  None,
  BlockType,     // block type: empty, value type or type index (s33)
  Label,         // label index
  BrTable,       // vec(labelidx) labelidx
  Func,          // funcidx
  CallIndirect,  // typeidx tableidx
  SelectT,       // vec(valtype)
  Local,
  Global,
  Table,         // tableidx
  Memory,        // memidx (memory.size/grow/fill)
  MemArg1, MemArg2, MemArg4, MemArg8,  // memarg with natural alignment 1/2/4/8 bytes
  I32, I64, F32, F64,
  HeapType,      // ref.null's heap type
  MemoryInit,    // dataidx memidx
  Data,          // dataidx
  MemoryCopy,    // memidx memidx
  TableInit,     // elemidx tableidx
  Elem,          // elemidx
  TableCopy,     // tableidx tableidx
  Tag,           // tagidx (throw)
  TryTable,      // block type, vec(catch)
  Type,          // typeidx (call_ref, struct.new, array.get, ...)
  TypeField,     // typeidx fieldidx
  TypeCount,     // typeidx u32 (array.new_fixed)
  TypeData,      // typeidx dataidx
  TypeElem,      // typeidx elemidx
  TypeType,      // typeidx typeidx (array.copy: dst, src)
  BrOnCast,      // castflags labelidx heaptype heaptype
};

// A simple operator's type: up to three params and one result.
struct OpSig {
  bool simple = false;  // false: the validator has a hand-written rule
  uint8_t param_count = 0;
  uint8_t result_count = 0;
  std::array<ValType, 3> params{};
  ValType result{};
};

struct OpInfo {
  std::string_view name;  // the enum name, e.g. "I32Add"
  uint8_t prefix;         // 0 or 0xFC
  uint32_t code;
  std::string_view text;  // e.g. "i32.add"
  OpSig sig;
  ImmKind imm;
  Feature feature;  // the proposal that introduced it
};

namespace detail {
constexpr ValType sig_char(char c) {
  switch (c) {
    case 'i': return ValType::I32;
    case 'l': return ValType::I64;
    case 'f': return ValType::F32;
    default: return ValType::F64;
  }
}
constexpr OpSig parse_sig(std::string_view s) {
  OpSig sig;
  if (s.empty()) return sig;
  sig.simple = true;
  size_t i = 0;
  for (; s[i] != ':'; ++i) sig.params[sig.param_count++] = sig_char(s[i]);
  for (++i; i < s.size(); ++i) {
    sig.result = sig_char(s[i]);
    sig.result_count = 1;
  }
  return sig;
}
}  // namespace detail

inline constexpr std::array<OpInfo, kOpcodeCount> kOpInfo = {{
#define WEFT_OP(name, prefix, code, text, sig, imm, fn, feat) \
  OpInfo{#name, prefix, code, text, detail::parse_sig(sig), ImmKind::imm, Feature::feat},
#include "core/binary/opcode.def"
#undef WEFT_OP
}};

constexpr const OpInfo& op_info(Opcode op) { return kOpInfo[static_cast<size_t>(op)]; }
constexpr std::string_view op_text(Opcode op) { return op_info(op).text; }

// Decoding: single-byte opcodes, the 0xFC-prefixed ones and the 0xFB-prefixed (GC) ones.
std::optional<Opcode> opcode_from_byte(uint8_t byte);
std::optional<Opcode> opcode_from_misc(uint32_t code);
std::optional<Opcode> opcode_from_gc(uint32_t code);
// Text lookup ("i32.add" -> I32Add). "select" maps to Select; the text parser
// picks SelectT when a result type follows. "ref.test" and "ref.cast" map to the
// non-null forms; the parser picks the null forms from the type.
std::optional<Opcode> opcode_from_text(std::string_view text);

// Appends the binary encoding of the opcode (without immediates).
template <class Out>
void encode_opcode(Out& out, Opcode op) {
  const OpInfo& info = op_info(op);
  if (info.prefix != 0) {
    out.push_back(info.prefix);
    uint32_t v = info.code;  // LEB128 u32
    do {
      uint8_t b = v & 0x7f;
      v >>= 7;
      out.push_back(static_cast<uint8_t>(b | (v ? 0x80 : 0)));
    } while (v);
  } else {
    out.push_back(static_cast<uint8_t>(info.code));
  }
}

}  // namespace weft::core

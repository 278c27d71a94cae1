// One decoded instruction (opcode + immediates), and the one routine that decodes them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/binary/features.h"
#include "core/binary/opcode.h"
#include "core/binary/reader.h"

namespace weft::core {

// spec: https://webassembly.github.io/spec/core/binary/instructions.html#control-instructions
struct BlockType {
  enum class Kind : uint8_t { Empty, Value, Index };
  Kind kind = Kind::Empty;
  ValType value = ValType::I32;
  uint32_t index = 0;
};

// spec: try_table's catch clauses, with their binary encodings.
enum class CatchKind : uint8_t { Catch = 0, CatchRef = 1, CatchAll = 2, CatchAllRef = 3 };
struct Catch {
  CatchKind kind = CatchKind::Catch;
  uint32_t tag = 0;    // Catch, CatchRef
  uint32_t label = 0;  // relative to the try_table's enclosing block
};

struct Instr {
  Opcode op = Opcode::Nop;
  uint32_t offset = 0;  // absolute byte offset of the opcode
  // Index immediates: label, func, local, global, table, memory, type, data, elem.
  // Two-index forms: call_indirect (a=type, b=table), memory.init (a=data, b=memory),
  // memory.copy (a=dst, b=src), table.init (a=elem, b=table), table.copy (a=dst, b=src).
  // Loads and stores: a = memory index. throw: a = tag index.
  // GC: struct.get/set (a=type, b=field), array.new_fixed (a=type, b=count),
  // array.new_data/init_data (a=type, b=data), array.new_elem/init_elem (a=type,
  // b=elem), array.copy (a=dst type, b=src type), br_on_cast (a=label).
  uint32_t a = 0;
  uint32_t b = 0;
  uint64_t value = 0;   // constant bits (i32/f32 in the low 32 bits); memarg offset
  uint32_t align = 0;   // memarg: log2 of the alignment
  BlockType block;      // block, loop, if, try_table
  // ref.null, ref.test, ref.cast: (ref null ht), the opcode says whether null
  // passes; select t: the type; br_on_cast: the operand's type (type2: the target's).
  ValType type = ValType::I32;
  ValType type2 = ValType::I32;
  uint32_t select_arity = 0;          // select t: number of types given
  std::span<const uint32_t> targets;  // br_table: labels, the default last
  std::span<const Catch> catches;     // try_table
};

// Decodes the opcode and immediates at the reader's position into `out`.
// `scratch` backs `out.targets`, `catch_scratch` backs `out.catches`. Errors are
// Phase::Decode with the spec's messages.
Result<void> decode_instr(Reader& r, const Features& features, Instr& out, std::vector<uint32_t>& scratch,
                          std::vector<Catch>& catch_scratch);
// The same for code that has no try_table to expect (constant expressions): one is malformed there.
Result<void> decode_instr(Reader& r, const Features& features, Instr& out, std::vector<uint32_t>& scratch);

}  // namespace weft::core

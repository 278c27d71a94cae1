// The decoded (not yet validated) module: what the binary says, section by section.
// spec: https://webassembly.github.io/spec/core/syntax/modules.html
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/binary/types.h"

namespace weft::core {

// A byte range inside Module::bytes. Code and constant expressions stay as bytes:
// the single function-body decoder (core/validate) reads them.
struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;  // exclusive
  uint32_t size() const { return end - begin; }
};

// A constant expression's bytes, including the final `end`.
using ConstExpr = ByteRange;

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type = 0;  // kind == Func: type index
  TableType table;         // kind == Table
  MemoryType memory;       // kind == Memory
  GlobalType global;       // kind == Global
  TagType tag;             // kind == Tag
  uint32_t offset = 0;     // byte offset of the import entry, for errors
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
  uint32_t offset = 0;
};

enum class SegmentMode : uint8_t { Passive, Active, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Passive;
  uint32_t table = 0;
  ConstExpr offset;  // Active only
  ValType type = ValType::FuncRef;
  // Either plain function indices (the elemkind 0x00 forms) or expressions.
  bool uses_exprs = false;
  std::vector<uint32_t> func_indices;
  std::vector<ConstExpr> exprs;
  uint32_t size() const { return uses_exprs ? uint32_t(exprs.size()) : uint32_t(func_indices.size()); }
  uint32_t offset_in_binary = 0;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Passive;
  uint32_t memory = 0;
  ConstExpr offset;  // Active only
  ByteRange init;
  uint32_t offset_in_binary = 0;
};

// A function body: declared locals (run-length as in the binary) and the code bytes.
struct Code {
  std::vector<std::pair<uint32_t, ValType>> locals;  // (count, type)
  uint64_t local_count = 0;                          // sum of counts
  ByteRange body;                                    // instructions, final `end` included
};

struct CustomSection {
  std::string name;
  ByteRange data;
};

struct Module {
  // The binary the module was decoded from; every ByteRange points into it.
  std::vector<uint8_t> bytes;

  // The type section, rec groups flattened (each SubType knows its group).
  std::vector<SubType> types;
  std::vector<Import> imports;
  std::vector<uint32_t> funcs;  // type index of each defined function
  std::vector<TableType> tables;
  // Per defined table: its initialiser (typed function references), or an empty
  // range when it has none (the table starts out null).
  std::vector<ConstExpr> table_inits;
  std::vector<MemoryType> memories;
  std::vector<Global> globals;
  std::vector<TagType> tags;  // defined tags (exception handling)
  uint32_t tag_section_offset = 0;  // for errors about defined tags
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::optional<uint32_t> data_count;
  std::vector<Code> codes;
  std::vector<DataSegment> datas;
  std::vector<CustomSection> customs;

  // From the custom "name" section, when present and well-formed.
  std::string module_name;
  std::map<uint32_t, std::string> func_names;

  // Index spaces: imports come first. The imported entities' types, in import order.
  std::vector<uint32_t> imported_func_types;
  std::vector<TableType> imported_table_types;
  std::vector<MemoryType> imported_memory_types;
  std::vector<GlobalType> imported_global_types;
  std::vector<TagType> imported_tag_types;
  uint32_t imported_funcs = 0, imported_tables = 0, imported_memories = 0, imported_globals = 0;
  uint32_t imported_tags = 0;

  uint32_t func_count() const { return imported_funcs + uint32_t(funcs.size()); }
  uint32_t table_count() const { return imported_tables + uint32_t(tables.size()); }
  uint32_t memory_count() const { return imported_memories + uint32_t(memories.size()); }
  uint32_t global_count() const { return imported_globals + uint32_t(globals.size()); }
  uint32_t tag_count() const { return imported_tags + uint32_t(tags.size()); }

  // The type of any function in the index space (imported or defined); index must be valid.
  uint32_t func_type_index(uint32_t func) const {
    return func < imported_funcs ? imported_func_types[func] : funcs[func - imported_funcs];
  }
  const FuncType& func_type(uint32_t func) const { return types[func_type_index(func)].func; }
  // Whether type index `t` exists and is a function type.
  bool is_func_type(uint32_t t) const { return t < types.size() && types[t].kind == CompKind::Func; }
  const TableType& table_type(uint32_t t) const {
    return t < imported_tables ? imported_table_types[t] : tables[t - imported_tables];
  }
  const MemoryType& memory_type(uint32_t m) const {
    return m < imported_memories ? imported_memory_types[m] : memories[m - imported_memories];
  }
  const GlobalType& global_type(uint32_t g) const {
    return g < imported_globals ? imported_global_types[g] : globals[g - imported_globals].type;
  }

  const TagType& tag_type(uint32_t t) const {
    return t < imported_tags ? imported_tag_types[t] : tags[t - imported_tags];
  }

  std::span<const uint8_t> range(ByteRange r) const { return {bytes.data() + r.begin, r.size()}; }
  // A function's name for traces: the name section, else an export name, else "func[N]".
  std::string func_name(uint32_t func) const;
};

}  // namespace weft::core

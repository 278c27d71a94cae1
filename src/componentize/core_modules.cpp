// Writes the shim and fixup core modules (see core_modules.h) in the core binary format.
// spec: https://webassembly.github.io/spec/core/binary/modules.html
#include "componentize/core_modules.h"

#include <map>
#include <string>

#include "core/text/writer.h"

namespace weft::componentize {
namespace {

using Bytes = std::vector<uint8_t>;
using core::text::write_name;
using core::text::write_section;
using core::text::write_u32;

const Bytes kPreamble{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

// The distinct signatures, in order of first use, and each slot's type index.
struct Types {
  std::vector<core::FuncType> types;
  std::vector<uint32_t> of_slot;
  explicit Types(const std::vector<core::FuncType>& slots) {
    for (const core::FuncType& t : slots) {
      uint32_t i = 0;
      while (i < types.size() && !(types[i] == t)) ++i;
      if (i == types.size()) types.push_back(t);
      of_slot.push_back(i);
    }
  }
  void write(Bytes& out) const {
    Bytes body;
    for (const core::FuncType& t : types) core::text::write_functype(body, t);
    write_section(out, 1, uint32_t(types.size()), body);
  }
};

void put_table_type(Bytes& out, uint32_t size) {
  out.insert(out.end(), {0x70, 0x01});  // funcref, min and max
  write_u32(out, size);
  write_u32(out, size);
}

}  // namespace

Bytes shim_module(const std::vector<core::FuncType>& slots) {
  Types types(slots);
  Bytes out = kPreamble;
  uint32_t n = uint32_t(slots.size());
  types.write(out);
  Bytes funcs;
  for (uint32_t t : types.of_slot) write_u32(funcs, t);
  write_section(out, 3, n, funcs);
  Bytes table;
  put_table_type(table, n);
  write_section(out, 4, 1, table);
  Bytes exports;
  for (uint32_t i = 0; i < n; ++i) {
    write_name(exports, std::to_string(i));
    exports.push_back(0x00);
    write_u32(exports, i);
  }
  write_name(exports, "$imports");
  exports.push_back(0x01);
  write_u32(exports, 0);
  write_section(out, 7, n + 1, exports);
  Bytes code;
  for (uint32_t i = 0; i < n; ++i) {
    Bytes body{0x00};  // no locals
    for (uint32_t p = 0; p < slots[i].params.size(); ++p) {
      body.push_back(0x20);  // local.get
      write_u32(body, p);
    }
    body.push_back(0x41);  // i32.const
    core::text::write_s32(body, int32_t(i));
    body.push_back(0x11);  // call_indirect
    write_u32(body, types.of_slot[i]);
    body.push_back(0x00);
    body.push_back(0x0b);
    write_u32(code, uint32_t(body.size()));
    code.insert(code.end(), body.begin(), body.end());
  }
  write_section(out, 10, n, code);
  return out;
}

Bytes fixup_module(const std::vector<core::FuncType>& slots, bool initialize) {
  std::vector<core::FuncType> sigs = slots;
  if (initialize) sigs.push_back({});
  Types types(sigs);
  Bytes out = kPreamble;
  uint32_t n = uint32_t(slots.size());
  types.write(out);
  Bytes imports;
  uint32_t count = 0;
  if (n) {
    write_name(imports, "");
    write_name(imports, "$imports");
    imports.push_back(0x01);
    put_table_type(imports, n);
    ++count;
  }
  for (uint32_t i = 0; i < sigs.size(); ++i) {
    write_name(imports, "");
    write_name(imports, i < n ? std::to_string(i) : "_initialize");
    imports.push_back(0x00);
    write_u32(imports, types.of_slot[i]);
    ++count;
  }
  write_section(out, 2, count, imports);
  if (initialize) {
    Bytes start;
    write_u32(start, n);
    out.push_back(8);
    write_u32(out, uint32_t(start.size()));
    out.insert(out.end(), start.begin(), start.end());
  }
  if (n) {
    Bytes elem{0x00, 0x41, 0x00, 0x0b};  // active, table 0, offset (i32.const 0)
    write_u32(elem, n);
    for (uint32_t i = 0; i < n; ++i) write_u32(elem, i);
    write_section(out, 9, 1, elem);
  }
  return out;
}

}  // namespace weft::componentize

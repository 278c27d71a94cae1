// Appending binary-format primitives (LEB128, floats, names, vectors) to a byte buffer.
// spec: https://webassembly.github.io/spec/core/binary/values.html
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/binary/types.h"

namespace weft::core::text {

using Bytes = std::vector<uint8_t>;

inline void write_u64(Bytes& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(uint8_t(b | (v ? 0x80 : 0)));
  } while (v);
}

inline void write_u32(Bytes& out, uint32_t v) { write_u64(out, v); }

inline void write_s64(Bytes& out, int64_t v) {
  while (true) {
    uint8_t b = v & 0x7f;
    v >>= 7;  // arithmetic shift
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    out.push_back(uint8_t(b | (done ? 0 : 0x80)));
    if (done) return;
  }
}

inline void write_s32(Bytes& out, int32_t v) { write_s64(out, v); }

inline void write_fixed(Bytes& out, uint64_t bits, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(uint8_t(bits >> (8 * i)));
}

inline void write_bytes(Bytes& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

inline void write_name(Bytes& out, std::string_view s) {
  write_u32(out, uint32_t(s.size()));
  write_bytes(out, s);
}

// spec: heaptype: an abstract type's byte, or a type index as s33.
inline void write_heap_type(Bytes& out, core::HeapType h) {
  if (h.is_abstract()) out.push_back(uint8_t(h.abstract()));
  else write_s64(out, int64_t(h.value()));
}

// spec: valtype, with the one-byte short forms of nullable abstract references.
inline void write_valtype(Bytes& out, core::ValType t) {
  if (!t.is_ref()) {
    out.push_back(t.code);
  } else if (t.nullable && t.heap.is_abstract()) {
    out.push_back(uint8_t(t.heap.abstract()));
  } else {
    out.push_back(t.nullable ? 0x63 : 0x64);
    write_heap_type(out, t.heap);
  }
}

// spec: a function type (0x60, params, results).
inline void write_functype(Bytes& out, const core::FuncType& t) {
  out.push_back(0x60);
  write_u32(out, uint32_t(t.params.size()));
  for (core::ValType v : t.params) write_valtype(out, v);
  write_u32(out, uint32_t(t.results.size()));
  for (core::ValType v : t.results) write_valtype(out, v);
}

// spec (GC): a subtype: the plain composite type when final with no supertype.
inline void write_subtype(Bytes& out, const core::SubType& t) {
  using core::CompKind;
  if (!t.final || t.super != core::SubType::kNoSuper) {
    out.push_back(t.final ? 0x4f : 0x50);
    if (t.super == core::SubType::kNoSuper) {
      out.push_back(0);
    } else {
      out.push_back(1);
      write_u32(out, t.super);
    }
  }
  if (t.kind == CompKind::Func) return write_functype(out, t.func);
  out.push_back(uint8_t(t.kind));
  if (t.kind == CompKind::Struct) write_u32(out, uint32_t(t.fields.size()));
  for (const core::FieldType& f : t.fields) {
    if (f.packed != core::Packed::None) out.push_back(uint8_t(f.packed));
    else write_valtype(out, f.type);
    out.push_back(f.mut ? 1 : 0);
  }
}

// A section: id, byte size, then the `count` entries already encoded in `body`.
inline void write_section(Bytes& out, uint8_t id, uint32_t count, const Bytes& body) {
  Bytes head;
  write_u32(head, count);
  out.push_back(id);
  write_u32(out, uint32_t(head.size() + body.size()));
  out.insert(out.end(), head.begin(), head.end());
  out.insert(out.end(), body.begin(), body.end());
}

}  // namespace weft::core::text

// Decoding of value, reference, heap, storage and defined types.
#include "core/binary/type_reader.h"

namespace weft::core {
namespace {

// The feature an abstract heap type came with.
bool abs_heap_enabled(AbsHeap h, const Features& f) {
  switch (h) {
    case AbsHeap::Func: case AbsHeap::Extern: return f.reference_types;
    case AbsHeap::Exn: case AbsHeap::NoExn: return f.exceptions;
    default: return f.gc;
  }
}

Result<FieldType> read_field_type(Reader& r, const Features& f) {
  FieldType field;
  WEFT_TRY(b, r.peek());
  if (b == uint8_t(Packed::I8) || b == uint8_t(Packed::I16)) {
    r.skip(1);
    field.packed = Packed(b);
    field.type = ValType::I32;
  } else {
    WEFT_TRY(t, read_val_type(r, f));
    field.type = t;
  }
  WEFT_TRY(mut, r.u8());
  if (mut > 1) return r.fail_at(r.offset() - 1, "malformed mutability");
  field.mut = mut == 1;
  return field;
}

Result<void> read_result_types(Reader& r, const Features& f, std::vector<ValType>& out) {
  WEFT_TRY(n, r.u32());
  if (n > r.remaining()) return r.fail("unexpected end of section or function");
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    WEFT_TRY(t, read_val_type(r, f));
    out.push_back(t);
  }
  return {};
}

// spec: comptype ::= 0x5e fieldtype | 0x5f vec(fieldtype) | 0x60 functype.
Result<void> read_comp_type(Reader& r, const Features& f, SubType& t) {
  const uint32_t at = r.offset();
  WEFT_TRY(form, r.u8());
  switch (form) {
    case 0x60:
      t.kind = CompKind::Func;
      WEFT_CHECK(read_result_types(r, f, t.func.params));
      return read_result_types(r, f, t.func.results);
    case 0x5f: {
      if (!f.gc) break;
      t.kind = CompKind::Struct;
      WEFT_TRY(n, r.u32());
      if (n > r.remaining()) return r.fail("unexpected end of section or function");
      t.fields.reserve(n);
      for (uint32_t i = 0; i < n; ++i) {
        WEFT_TRY(field, read_field_type(r, f));
        t.fields.push_back(field);
      }
      return {};
    }
    case 0x5e: {
      if (!f.gc) break;
      t.kind = CompKind::Array;
      WEFT_TRY(field, read_field_type(r, f));
      t.fields.push_back(field);
      return {};
    }
    default: break;
  }
  return r.fail_at(at, f.gc ? "malformed composite type" : "malformed functype");
}

// spec: subtype ::= 0x50 vec(typeidx) comptype | 0x4f vec(typeidx) comptype | comptype.
// More than one supertype is kept as an invalid index for the validator to refuse.
Result<SubType> read_sub_type(Reader& r, const Features& f) {
  SubType t;
  WEFT_TRY(b, r.peek());
  if (f.gc && (b == 0x50 || b == 0x4f)) {
    r.skip(1);
    t.final = b == 0x4f;
    WEFT_TRY(n, r.u32());
    if (n > r.remaining()) return r.fail("unexpected end of section or function");
    for (uint32_t i = 0; i < n; ++i) {
      WEFT_TRY(super, r.u32());
      t.super = n == 1 ? super : SubType::kTooManySupers;
    }
  }
  WEFT_CHECK(read_comp_type(r, f, t));
  return t;
}

}  // namespace

Result<HeapType> read_heap_type(Reader& r, const Features& f) {
  const uint32_t at = r.offset();
  WEFT_TRY(v, r.s33());
  if (v < 0) {
    auto h = v >= -64 ? abs_heap_from_byte(uint8_t(0x80 + v)) : std::nullopt;
    if (!h || !abs_heap_enabled(*h, f)) return r.fail_at(at, "malformed heap type");
    return HeapType::abs(*h);
  }
  if (!f.function_references || v >= (int64_t(1) << 30)) return r.fail_at(at, "malformed heap type");
  return HeapType::index(uint32_t(v));
}

Result<ValType> read_ref_type(Reader& r, const Features& f) {
  const uint32_t at = r.offset();
  WEFT_TRY(b, r.u8());
  if (b == 0x63 || b == 0x64) {
    if (!f.function_references) return r.fail_at(at, "malformed reference type");
    WEFT_TRY(ht, read_heap_type(r, f));
    return ValType::ref(ht, b == 0x63);
  }
  auto h = abs_heap_from_byte(b);
  if (!h || !abs_heap_enabled(*h, f)) return r.fail_at(at, "malformed reference type");
  return ValType::ref(*h, true);
}

Result<ValType> read_val_type(Reader& r, const Features& f) {
  WEFT_TRY(b, r.peek());
  if (auto t = numtype_from_byte(b)) {
    if (*t == ValType::V128) return r.fail("malformed value type");
    r.skip(1);
    return *t;
  }
  if (b == 0x63 || b == 0x64 || abs_heap_from_byte(b)) {
    auto t = read_ref_type(r, f);
    if (!t && b != 0x63 && b != 0x64) return r.fail("malformed value type");
    return t;
  }
  return r.fail("malformed value type");
}

Result<void> read_rec_type(Reader& r, const Features& f, std::vector<SubType>& out) {
  WEFT_TRY(b, r.peek());
  const uint32_t start = uint32_t(out.size());
  uint32_t n = 1;
  if (f.gc && b == 0x4e) {
    r.skip(1);
    WEFT_TRY(count, r.u32());
    if (count > r.remaining()) return r.fail("unexpected end of section or function");
    n = count;
  }
  for (uint32_t i = 0; i < n; ++i) {
    WEFT_TRY(t, read_sub_type(r, f));
    t.rec_start = start;
    t.rec_size = n;
    out.push_back(std::move(t));
  }
  return {};
}

}  // namespace weft::core

// Decoding of value, reference, heap, storage and defined types: the one reader
// every part of the binary decoder uses for them.
// spec: https://webassembly.github.io/spec/core/binary/types.html
#pragma once

#include "core/binary/features.h"
#include "core/binary/reader.h"
#include "core/binary/types.h"

namespace weft::core {

// spec: heaptype ::= absheaptype (one byte) | typeidx (s33 >= 0).
Result<HeapType> read_heap_type(Reader& r, const Features& f);
// spec: reftype ::= 0x63 ht | 0x64 ht | the one-byte short forms.
Result<ValType> read_ref_type(Reader& r, const Features& f);
// spec: valtype ::= numtype | vectype | reftype. V128 is refused: there is no SIMD yet.
Result<ValType> read_val_type(Reader& r, const Features& f);
// spec (GC): the types of one entry of the type section: a rec group of subtypes
// (or a single one), appended to `out` with their rec_start/rec_size set.
Result<void> read_rec_type(Reader& r, const Features& f, std::vector<SubType>& out);

}  // namespace weft::core

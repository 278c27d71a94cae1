// Strings in the three canonical encodings: loading (with validation) and storing
// with the spec's allocation sequence for every pair of encodings, since realloc
// calls are observable by the guest.
// spec: CanonicalABI.md "Loading" (load_string_from_range), "Storing" (store_string_into_range)
#include <cstring>
#include <string_view>

#include "component/canon/layout.h"
#include "support/utf8.h"

namespace weft::component {

namespace {

// The String hint (Val::bits / Val::resource): 0 when from the host, else
// 1 + the source encoding, plus 8 when the source memory was 64-bit.
constexpr uint32_t kHintNone = 0;
uint32_t hint_code(const LiftLowerContext& cx) {
  return uint32_t(cx.opts.encoding) + 1 + (cx.opts.memory64 ? 8 : 0);
}

uint64_t utf16_tag(const LiftLowerContext& cx) { return cx.opts.memory64 ? (1ull << 63) : (1ull << 31); }

size_t utf8_lead_length(uint8_t b) {
  return b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
}

Result<void> validate_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    // ASCII runs eight bytes at a time: most strings are mostly ASCII.
    uint64_t word;
    while (i + 8 <= s.size() && (std::memcpy(&word, s.data() + i, 8), (word & 0x8080808080808080ull) == 0))
      i += 8;
    if (i < s.size() && uint8_t(s[i]) < 0x80) {
      ++i;
      continue;
    }
    if (i == s.size()) break;
    uint32_t cp;
    size_t n = utf8_sequence(s, i, cp);
    if (n == 0) {
      size_t want = utf8_lead_length(uint8_t(s[i]));
      bool cut = want > s.size() - i;
      for (size_t j = i + 1; cut && j < s.size(); ++j) cut = (uint8_t(s[j]) & 0xc0) == 0x80;
      return canon_trap(cut ? "incomplete utf-8 byte sequence" : "invalid utf-8");
    }
    i += n;
  }
  return {};
}

uint32_t utf16_unit(std::span<const uint8_t> bytes, size_t i) {
  return uint32_t(bytes[i]) | uint32_t(bytes[i + 1]) << 8;
}
bool high_surrogate(uint32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
bool low_surrogate(uint32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

Result<void> validate_utf16(std::span<const uint8_t> bytes) {
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    uint32_t u = utf16_unit(bytes, i);
    if (high_surrogate(u) && i + 3 < bytes.size() && low_surrogate(utf16_unit(bytes, i + 2)))
      i += 2;
    else if (u >= 0xD800 && u <= 0xDFFF)
      return canon_trap("invalid utf-16");
  }
  return {};
}

// The code points of a string being stored, read once from the front: the UTF-8 text
// of a Val, or the UTF-8, UTF-16 or Latin-1 bytes of a string still in the memory it
// was lifted from, validated as they are read (error() after the last one).
class CodePoints {
 public:
  CodePoints(std::span<const uint8_t> bytes, StringEncoding enc) : bytes_(bytes), enc_(enc) {}
  bool done() const { return i_ >= bytes_.size(); }
  const char* error() const { return error_; }
  uint32_t next() {
    if (enc_ == StringEncoding::Utf8) {
      std::string_view s(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
      uint32_t cp = 0xfffd;
      size_t n = utf8_sequence(s, i_, cp);
      if (n == 0 && !error_) {
        size_t want = utf8_lead_length(bytes_[i_]);
        bool cut = want > s.size() - i_;
        for (size_t j = i_ + 1; cut && j < s.size(); ++j) cut = (bytes_[j] & 0xc0) == 0x80;
        error_ = cut ? "incomplete utf-8 byte sequence" : "invalid utf-8";
      }
      i_ += n ? n : 1;
      return n ? cp : 0xfffd;
    }
    if (enc_ == StringEncoding::Latin1Utf16) return bytes_[i_++];
    if (i_ + 1 >= bytes_.size()) return ++i_, 0xfffd;
    uint32_t u = utf16_unit(bytes_, i_);
    i_ += 2;
    if (high_surrogate(u) && i_ + 1 < bytes_.size() && low_surrogate(utf16_unit(bytes_, i_))) {
      uint32_t lo = utf16_unit(bytes_, i_);
      i_ += 2;
      return 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
    }
    if (u < 0xD800 || u > 0xDFFF) return u;
    if (!error_) error_ = "invalid utf-16";
    return 0xfffd;
  }

 private:
  std::span<const uint8_t> bytes_;
  StringEncoding enc_;  // Latin1Utf16 here means Latin-1 bytes
  size_t i_ = 0;
  const char* error_ = nullptr;
};

size_t put_utf8(uint8_t* out, uint32_t c) {
  if (c < 0x80) return out[0] = uint8_t(c), 1;
  if (c < 0x800) return out[0] = uint8_t(0xC0 | c >> 6), out[1] = uint8_t(0x80 | (c & 0x3f)), 2;
  if (c < 0x10000) {
    out[0] = uint8_t(0xE0 | c >> 12), out[1] = uint8_t(0x80 | ((c >> 6) & 0x3f)),
    out[2] = uint8_t(0x80 | (c & 0x3f));
    return 3;
  }
  out[0] = uint8_t(0xF0 | c >> 18), out[1] = uint8_t(0x80 | ((c >> 12) & 0x3f));
  out[2] = uint8_t(0x80 | ((c >> 6) & 0x3f)), out[3] = uint8_t(0x80 | (c & 0x3f));
  return 4;
}

// Returns the number of UTF-16 code units written (1 or 2).
size_t put_utf16(uint8_t* out, uint32_t c) {
  auto unit = [&](size_t k, uint32_t u) { out[2 * k] = uint8_t(u), out[2 * k + 1] = uint8_t(u >> 8); };
  if (c < 0x10000) return unit(0, c), 1;
  unit(0, 0xD800 + ((c - 0x10000) >> 10));
  unit(1, 0xDC00 + ((c - 0x10000) & 0x3ff));
  return 2;
}

size_t utf8_size(uint32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }
size_t utf16_size(uint32_t c) { return c < 0x10000 ? 2 : 4; }  // in bytes

// A lifted string's text as UTF-8 (the source was validated).
std::string to_utf8(std::span<const uint8_t> bytes, StringEncoding enc) {
  std::string out;
  out.reserve(bytes.size());
  for (CodePoints cps(bytes, enc); !cps.done();) append_utf8(cps.next(), out);
  return out;
}

// spec: REALLOC_I32_MAX. The spec's string limit keeps every allocation below it;
// under a larger limit (Runtime::Policy) an allocation beyond it traps as Wasmtime's does.
constexpr uint64_t kMaxStringAllocation = (1ull << 31) - 1;

Result<uint64_t> checked_alloc(LiftLowerContext& cx, uint64_t old, uint64_t old_size, uint32_t align,
                               uint64_t size) {
  if (size > kMaxStringAllocation) return canon_trap("string content out-of-bounds");
  WEFT_TRY(ptr, cx.reallocate(old, old_size, align, size));
  if (!aligned(ptr, align)) return canon_trap("realloc return: result not aligned");
  if (!in_bounds(cx, ptr, size)) return canon_trap("realloc return: beyond end of memory");
  return ptr;
}

// The byte length of a lifted string's source from its simple encoding and code units.
uint64_t source_bytes(StringEncoding simple, uint64_t units) {
  return simple == StringEncoding::Utf16 ? 2 * units : units;
}

}  // namespace

// spec: load_string_from_range. With `cx.borrow_strings` the string stays where it is
// for a store into another component's memory, which validates it as it copies (the
// order of Wasmtime's adapters: the callee's realloc runs first).
Result<Val> load_string_from_range(LiftLowerContext& cx, uint64_t ptr, uint64_t tagged) {
  uint64_t tag = utf16_tag(cx);
  uint64_t byte_length = tagged;
  uint32_t align = 1;
  StringEncoding simple = cx.opts.encoding;
  if (cx.opts.encoding == StringEncoding::Utf16) {
    align = 2, byte_length = 2 * tagged;
  } else if (cx.opts.encoding == StringEncoding::Latin1Utf16) {
    align = 2;
    if (tagged & tag)
      byte_length = 2 * (tagged ^ tag), simple = StringEncoding::Utf16;
    else
      simple = StringEncoding::Latin1Utf16;  // latin-1 bytes
  }
  if (byte_length > cx.rt.policy().max_string_byte_length) return canon_trap("string content out-of-bounds");
  if (!aligned(ptr, align)) return canon_trap("unaligned pointer");
  if (!in_bounds(cx, ptr, byte_length)) return canon_trap("string content out-of-bounds");
  std::span<const uint8_t> bytes = cx.memory().subspan(ptr, byte_length);
  Val v{ValKind::String, tagged};
  v.resource = hint_code(cx);
  if (cx.borrow_strings) {
    v.view = bytes.data();  // validated as it is stored
  } else if (simple == StringEncoding::Utf8) {
    WEFT_CHECK(validate_utf8({reinterpret_cast<const char*>(bytes.data()), bytes.size()}));
    v.str.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  } else {
    if (simple == StringEncoding::Utf16) WEFT_CHECK(validate_utf16(bytes));
    v.str = to_utf8(bytes, simple);
  }
  return v;
}

namespace {

// What store_string_into_range stores: the spec's (src, src_encoding,
// src_tagged_code_units), with the code points either in the Val's UTF-8 text or
// still in the source memory.
struct Source {
  std::span<const uint8_t> bytes;
  StringEncoding enc;      // of `bytes`
  bool unchecked = false;  // still in the lifting memory, not validated yet
  CodePoints code_points() const { return {bytes, enc}; }
};

// spec: store_string_copy (the destination size is known up front)
Result<std::pair<uint64_t, uint64_t>> store_copy(LiftLowerContext& cx, const Source& src, uint64_t units,
                                                 uint32_t unit_size, uint32_t align, StringEncoding dst) {
  uint64_t size = unit_size * units;
  WEFT_TRY(ptr, checked_alloc(cx, 0, 0, align, size));
  uint8_t* out = cx.memory().data() + ptr;
  if (src.enc == dst && src.bytes.size() == size) {
    if (src.unchecked && dst == StringEncoding::Utf8)
      WEFT_CHECK(validate_utf8({reinterpret_cast<const char*>(src.bytes.data()), src.bytes.size()}));
    if (src.unchecked && dst == StringEncoding::Utf16) WEFT_CHECK(validate_utf16(src.bytes));
    if (size) std::memcpy(out, src.bytes.data(), size);
  } else {
    CodePoints cps = src.code_points();
    for (uint64_t at = 0; !cps.done();) {
      uint32_t c = cps.next();
      if (at + (dst == StringEncoding::Utf16 ? utf16_size(c) : 1) > size) break;
      if (dst == StringEncoding::Utf16)
        at += 2 * put_utf16(out + at, c);
      else
        out[at++] = uint8_t(c);  // latin-1
    }
    if (cps.error()) return canon_trap(cps.error());
  }
  return std::pair{ptr, units};
}

// spec: store_string_to_utf8 (optimistic one byte per source code unit)
Result<std::pair<uint64_t, uint64_t>> store_to_utf8(LiftLowerContext& cx, const Source& src, uint64_t units,
                                                    uint64_t worst) {
  WEFT_TRY(ptr, checked_alloc(cx, 0, 0, 1, units));
  CodePoints cps = src.code_points();
  for (uint64_t i = 0; !cps.done();) {
    uint32_t c = cps.next();
    if (c < 0x80 && i < units) {
      cx.memory()[ptr + i++] = uint8_t(c);
      continue;
    }
    WEFT_TRY(p2, checked_alloc(cx, ptr, units, 1, worst));
    uint8_t* out = cx.memory().data() + p2;
    uint64_t len = i;
    for (bool first = true; first || !cps.done(); first = false) {
      if (!first) c = cps.next();
      if (len + utf8_size(c) > worst) break;
      len += put_utf8(out + len, c);
    }
    if (cps.error()) return canon_trap(cps.error());
    if (worst > len) {
      WEFT_TRY(p3, checked_alloc(cx, p2, worst, 1, len));
      return std::pair{p3, len};
    }
    return std::pair{p2, len};
  }
  if (cps.error()) return canon_trap(cps.error());
  return std::pair{ptr, units};
}

// spec: store_utf8_to_utf16
Result<std::pair<uint64_t, uint64_t>> store_utf8_to_utf16(LiftLowerContext& cx, const Source& src,
                                                          uint64_t units) {
  uint64_t worst = 2 * units;
  WEFT_TRY(ptr, checked_alloc(cx, 0, 0, 2, worst));
  uint8_t* out = cx.memory().data() + ptr;
  uint64_t n = 0;  // code units
  CodePoints cps = src.code_points();
  while (!cps.done()) {
    uint32_t c = cps.next();
    if (2 * n + utf16_size(c) > worst) break;
    n += put_utf16(out + 2 * n, c);
  }
  if (cps.error()) return canon_trap(cps.error());
  if (2 * n < worst) {
    WEFT_TRY(p2, checked_alloc(cx, ptr, worst, 2, 2 * n));
    ptr = p2;
  }
  return std::pair{ptr, n};
}

// spec: store_string_to_latin1_or_utf16
Result<std::pair<uint64_t, uint64_t>> store_to_latin1_or_utf16(LiftLowerContext& cx, const Source& src,
                                                               uint64_t units) {
  WEFT_TRY(ptr, checked_alloc(cx, 0, 0, 2, units));
  uint64_t len = 0;
  CodePoints cps = src.code_points();
  while (!cps.done()) {
    uint32_t c = cps.next();
    if (c < 256 && len < units) {
      cx.memory()[ptr + len++] = uint8_t(c);
      continue;
    }
    uint64_t worst = 2 * units;
    WEFT_TRY(p2, checked_alloc(cx, ptr, units, 2, worst));
    uint8_t* out = cx.memory().data() + p2;
    for (uint64_t j = len; j-- > 0;) out[2 * j] = out[j], out[2 * j + 1] = 0;  // inflate in place
    uint64_t n = len;
    for (bool first = true; first || !cps.done(); first = false) {
      if (!first) c = cps.next();
      if (2 * n + utf16_size(c) > worst) break;
      n += put_utf16(out + 2 * n, c);
    }
    if (cps.error()) return canon_trap(cps.error());
    uint64_t p = p2;
    if (worst > 2 * n) {
      WEFT_TRY(p3, checked_alloc(cx, p2, worst, 2, 2 * n));
      p = p3;
    }
    return std::pair{p, n | utf16_tag(cx)};
  }
  if (cps.error()) return canon_trap(cps.error());
  if (len < units) {
    WEFT_TRY(p2, checked_alloc(cx, ptr, units, 2, len));
    ptr = p2;
  }
  return std::pair{ptr, len};
}

// spec: store_probably_utf16_to_latin1_or_utf16
Result<std::pair<uint64_t, uint64_t>> store_probably_utf16(LiftLowerContext& cx, const Source& src,
                                                           uint64_t units) {
  uint64_t src_bytes = 2 * units;
  WEFT_TRY(ptr, checked_alloc(cx, 0, 0, 2, src_bytes));
  uint8_t* out = cx.memory().data() + ptr;
  uint64_t n = 0;
  bool wide = false;
  CodePoints cps = src.code_points();
  while (!cps.done()) {
    uint32_t c = cps.next();
    if (2 * n + utf16_size(c) > src_bytes) break;
    wide |= c >= 256;
    n += put_utf16(out + 2 * n, c);
  }
  if (cps.error()) return canon_trap(cps.error());
  if (wide) return std::pair{ptr, n | utf16_tag(cx)};
  for (uint64_t i = 0; i < n; ++i) out[i] = out[2 * i];
  // The spec text passes alignment 1 here, but a latin1+utf16 string must be
  // 2-aligned to be loaded again (load_string_from_range), so weft asks for and
  // checks 2, as Wasmtime does.
  WEFT_TRY(p2, checked_alloc(cx, ptr, src_bytes, 2, n));
  return std::pair{p2, n};
}

}  // namespace

// spec: store_string_into_range
Result<std::pair<uint64_t, uint64_t>> store_string_into_range(LiftLowerContext& cx, const Val& v) {
  // The source: its encoding and code units (a host string counts as UTF-8).
  StringEncoding src = StringEncoding::Utf8;
  uint64_t src_tagged = v.str.size();
  uint64_t src_tag = 1ull << 31;
  if (v.resource != kHintNone) {
    src = StringEncoding((v.resource - 1) & 7), src_tagged = v.bits;
    if (v.resource & 8) src_tag = 1ull << 63;
  }
  bool src_utf16 =
      src == StringEncoding::Utf16 || (src == StringEncoding::Latin1Utf16 && (src_tagged & src_tag));
  bool src_latin1 = src == StringEncoding::Latin1Utf16 && !(src_tagged & src_tag);
  uint64_t units = src == StringEncoding::Latin1Utf16 && src_utf16 ? src_tagged ^ src_tag : src_tagged;
  if (units > cx.rt.policy().max_string_byte_length) return canon_trap("string too long to store");
  StringEncoding simple = src_utf16    ? StringEncoding::Utf16
                          : src_latin1 ? StringEncoding::Latin1Utf16
                                       : StringEncoding::Utf8;
  Source s =
      v.view ? Source{{v.view, source_bytes(simple, units)}, simple, true}
             : Source{{reinterpret_cast<const uint8_t*>(v.str.data()), v.str.size()}, StringEncoding::Utf8};
  switch (cx.opts.encoding) {
    case StringEncoding::Utf8:
      if (src_utf16) return store_to_utf8(cx, s, units, units * 3);
      if (src_latin1) return store_to_utf8(cx, s, units, units * 2);
      return store_copy(cx, s, units, 1, 1, StringEncoding::Utf8);
    case StringEncoding::Utf16:
      if (src_utf16 || src_latin1) return store_copy(cx, s, units, 2, 2, StringEncoding::Utf16);
      return store_utf8_to_utf16(cx, s, units);
    case StringEncoding::Latin1Utf16:
      if (src_latin1) return store_copy(cx, s, units, 1, 2, StringEncoding::Latin1Utf16);
      if (src == StringEncoding::Latin1Utf16) return store_probably_utf16(cx, s, units);
      return store_to_latin1_or_utf16(cx, s, units);
  }
  return canon_trap("unknown string encoding");
}

}  // namespace weft::component

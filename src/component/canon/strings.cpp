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
uint32_t hint_code(const LiftLowerContext& cx) { return uint32_t(cx.opts.encoding) + 1 + (cx.opts.memory64 ? 8 : 0); }

uint64_t utf16_tag(const LiftLowerContext& cx) { return cx.opts.memory64 ? (1ull << 63) : (1ull << 31); }

size_t utf8_lead_length(uint8_t b) { return b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0; }

Result<std::string> decode_utf8(std::span<const uint8_t> bytes) {
  std::string_view s(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  for (size_t i = 0; i < s.size();) {
    // ASCII runs eight bytes at a time: most strings are mostly ASCII.
    uint64_t word;
    while (i + 8 <= s.size() && (std::memcpy(&word, s.data() + i, 8), (word & 0x8080808080808080ull) == 0)) i += 8;
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
  return std::string(s);
}

Result<std::string> decode_utf16(std::span<const uint8_t> bytes) {
  std::string out;
  size_t n = bytes.size() / 2;
  auto unit = [&](size_t i) { return uint32_t(bytes[2 * i]) | uint32_t(bytes[2 * i + 1]) << 8; };
  for (size_t i = 0; i < n; ++i) {
    uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n && unit(i + 1) >= 0xDC00 && unit(i + 1) <= 0xDFFF) {
      append_utf8(0x10000 + ((u - 0xD800) << 10) + (unit(i + 1) - 0xDC00), out);
      ++i;
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      return canon_trap("invalid utf-16");
    } else {
      append_utf8(u, out);
    }
  }
  return out;
}

std::string decode_latin1(std::span<const uint8_t> bytes) {
  std::string out;
  for (uint8_t b : bytes) append_utf8(b, out);
  return out;
}

std::vector<uint32_t> code_points(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0xfffd;
    size_t n = utf8_sequence(s, i, cp);
    out.push_back(cp);
    i += n ? n : 1;
  }
  return out;
}

std::vector<uint8_t> encode_utf16(const std::vector<uint32_t>& cps) {
  std::vector<uint8_t> out;
  auto put = [&](uint32_t u) { out.push_back(uint8_t(u)); out.push_back(uint8_t(u >> 8)); };
  for (uint32_t c : cps) {
    if (c >= 0x10000) {
      put(0xD800 + ((c - 0x10000) >> 10));
      put(0xDC00 + ((c - 0x10000) & 0x3ff));
    } else {
      put(c);
    }
  }
  return out;
}

Result<uint64_t> checked_alloc(LiftLowerContext& cx, uint64_t old, uint64_t old_size, uint32_t align, uint64_t size) {
  WEFT_TRY(ptr, cx.reallocate(old, old_size, align, size));
  if (!aligned(ptr, align)) return canon_trap("realloc return: result not aligned");
  if (!in_bounds(cx, ptr, size)) return canon_trap("realloc return: beyond end of memory");
  return ptr;
}

void write(LiftLowerContext& cx, uint64_t ptr, const void* data, size_t n) {
  if (n) std::memcpy(cx.memory().data() + ptr, data, n);
}

}  // namespace

// spec: load_string_from_range
Result<Val> load_string_from_range(LiftLowerContext& cx, uint64_t ptr, uint64_t tagged) {
  uint64_t tag = utf16_tag(cx);
  uint64_t byte_length = tagged;
  uint32_t align = 1;
  StringEncoding simple = cx.opts.encoding;
  if (cx.opts.encoding == StringEncoding::Utf16) {
    align = 2, byte_length = 2 * tagged;
  } else if (cx.opts.encoding == StringEncoding::Latin1Utf16) {
    align = 2;
    if (tagged & tag) byte_length = 2 * (tagged ^ tag), simple = StringEncoding::Utf16;
    else simple = StringEncoding::Latin1Utf16;  // latin-1 bytes
  }
  if (byte_length > kMaxStringByteLength) return canon_trap("string content out-of-bounds");
  if (!aligned(ptr, align)) return canon_trap("unaligned pointer");
  if (!in_bounds(cx, ptr, byte_length)) return canon_trap("string content out-of-bounds");
  std::span<const uint8_t> bytes = cx.memory().subspan(ptr, byte_length);
  Val v{ValKind::String, tagged};
  v.resource = hint_code(cx);
  if (simple == StringEncoding::Utf8) {
    WEFT_TRY(s, decode_utf8(bytes));
    v.str = std::move(s);
  } else if (simple == StringEncoding::Utf16) {
    WEFT_TRY(s, decode_utf16(bytes));
    v.str = std::move(s);
  } else {
    v.str = decode_latin1(bytes);
  }
  return v;
}

namespace {

// spec: store_string_copy (the destination size is known up front)
Result<std::pair<uint64_t, uint64_t>> store_copy(LiftLowerContext& cx, const void* data, size_t size,
                                                 uint64_t code_units, uint32_t align) {
  WEFT_TRY(ptr, checked_alloc(cx, 0, 0, align, size));
  write(cx, ptr, data, size);
  return std::pair{ptr, code_units};
}
Result<std::pair<uint64_t, uint64_t>> store_copy(LiftLowerContext& cx, const std::vector<uint8_t>& encoded,
                                                 uint64_t code_units, uint32_t align) {
  return store_copy(cx, encoded.data(), encoded.size(), code_units, align);
}

// spec: store_string_to_utf8 (optimistic one byte per source code unit)
Result<std::pair<uint64_t, uint64_t>> store_to_utf8(LiftLowerContext& cx, const std::string& s, uint64_t units,
                                                    uint64_t worst) {
  WEFT_TRY(ptr, checked_alloc(cx, 0, 0, 1, units));
  size_t ascii = 0;
  while (ascii < s.size() && uint8_t(s[ascii]) < 0x80) ++ascii;
  write(cx, ptr, s.data(), std::min<size_t>(ascii, units));
  if (ascii == s.size()) return std::pair{ptr, uint64_t(s.size())};
  WEFT_TRY(p2, checked_alloc(cx, ptr, units, 1, worst));
  write(cx, p2 + ascii, s.data() + ascii, s.size() - ascii);
  if (worst > s.size()) {
    WEFT_TRY(p3, checked_alloc(cx, p2, worst, 1, s.size()));
    return std::pair{p3, uint64_t(s.size())};
  }
  return std::pair{p2, uint64_t(s.size())};
}

// spec: store_utf8_to_utf16
Result<std::pair<uint64_t, uint64_t>> store_utf8_to_utf16(LiftLowerContext& cx, const std::string& s, uint64_t units) {
  std::vector<uint8_t> enc = encode_utf16(code_points(s));
  uint64_t worst = 2 * units;
  WEFT_TRY(ptr, checked_alloc(cx, 0, 0, 2, worst));
  write(cx, ptr, enc.data(), enc.size());
  if (enc.size() < worst) {
    WEFT_TRY(p2, checked_alloc(cx, ptr, worst, 2, enc.size()));
    ptr = p2;
  }
  return std::pair{ptr, uint64_t(enc.size() / 2)};
}

// spec: store_string_to_latin1_or_utf16
Result<std::pair<uint64_t, uint64_t>> store_to_latin1_or_utf16(LiftLowerContext& cx, const std::string& s,
                                                               uint64_t units) {
  std::vector<uint32_t> cps = code_points(s);
  WEFT_TRY(ptr, checked_alloc(cx, 0, 0, 2, units));
  uint64_t len = 0;
  for (uint32_t c : cps) {
    if (c < 256) {
      cx.memory()[ptr + len++] = uint8_t(c);
      continue;
    }
    uint64_t worst = 2 * units;
    WEFT_TRY(p2, checked_alloc(cx, ptr, units, 2, worst));
    std::vector<uint8_t> enc = encode_utf16(cps);
    write(cx, p2, enc.data(), enc.size());  // the inflated latin-1 prefix is the same bytes
    uint64_t p = p2;
    if (worst > enc.size()) {
      WEFT_TRY(p3, checked_alloc(cx, p2, worst, 2, enc.size()));
      p = p3;
    }
    return std::pair{p, uint64_t(enc.size() / 2) | utf16_tag(cx)};
  }
  if (len < units) {
    WEFT_TRY(p2, checked_alloc(cx, ptr, units, 2, len));
    ptr = p2;
  }
  return std::pair{ptr, len};
}

// spec: store_probably_utf16_to_latin1_or_utf16
Result<std::pair<uint64_t, uint64_t>> store_probably_utf16(LiftLowerContext& cx, const std::string& s, uint64_t units) {
  std::vector<uint32_t> cps = code_points(s);
  std::vector<uint8_t> enc = encode_utf16(cps);
  uint64_t src_bytes = 2 * units;
  WEFT_TRY(ptr, checked_alloc(cx, 0, 0, 2, src_bytes));
  write(cx, ptr, enc.data(), enc.size());
  bool wide = false;
  for (uint32_t c : cps) wide |= c >= 256;
  if (wide) return std::pair{ptr, uint64_t(enc.size() / 2) | utf16_tag(cx)};
  uint64_t latin1 = enc.size() / 2;
  for (uint64_t i = 0; i < latin1; ++i) cx.memory()[ptr + i] = cx.memory()[ptr + 2 * i];
  // The spec text passes alignment 1 here, but a latin1+utf16 string must be
  // 2-aligned to be loaded again (load_string_from_range), so weft asks for and
  // checks 2, as Wasmtime does.
  WEFT_TRY(p2, checked_alloc(cx, ptr, src_bytes, 2, latin1));
  return std::pair{p2, latin1};
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
  bool src_utf16 = src == StringEncoding::Utf16 || (src == StringEncoding::Latin1Utf16 && (src_tagged & src_tag));
  bool src_latin1 = src == StringEncoding::Latin1Utf16 && !(src_tagged & src_tag);
  uint64_t units = src == StringEncoding::Latin1Utf16 && src_utf16 ? src_tagged ^ src_tag : src_tagged;
  if (units > kMaxStringByteLength) return canon_trap("string too long to store");
  switch (cx.opts.encoding) {
    case StringEncoding::Utf8:
      if (src_utf16) return store_to_utf8(cx, v.str, units, units * 3);
      if (src_latin1) return store_to_utf8(cx, v.str, units, units * 2);
      return store_copy(cx, v.str.data(), v.str.size(), units, 1);
    case StringEncoding::Utf16:
      if (src_utf16 || src_latin1) return store_copy(cx, encode_utf16(code_points(v.str)), units, 2);
      return store_utf8_to_utf16(cx, v.str, units);
    case StringEncoding::Latin1Utf16:
      if (src_latin1) {
        std::vector<uint8_t> bytes;
        for (uint32_t c : code_points(v.str)) bytes.push_back(uint8_t(c));
        return store_copy(cx, bytes, units, 2);
      }
      if (src == StringEncoding::Latin1Utf16) return store_probably_utf16(cx, v.str, units);
      return store_to_latin1_or_utf16(cx, v.str, units);
  }
  return canon_trap("unknown string encoding");
}

}  // namespace weft::component

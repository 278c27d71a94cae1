// Number literal parsing: integers with range checks, floats rounded to nearest even.
// Decimal floats go through std::from_chars (correctly rounded, locale-free); hex
// floats are rounded here, straight to the target precision, so no double rounding.
#include "core/text/numbers.h"

#include <charconv>
#include <cstring>
#include <string>

#include "support/chars.h"

namespace weft::core::text {
namespace {

int digit_value(char c, bool hex) {
  if (hex) return hex_digit_value(c);
  return c >= '0' && c <= '9' ? c - '0' : -1;
}

// Consumes `digit ('_'? digit)*` at i; false when there is no such sequence or
// an underscore is not followed by a digit.
bool scan_digits(std::string_view s, size_t& i, bool hex) {
  if (i >= s.size() || digit_value(s[i], hex) < 0) return false;
  ++i;
  while (i < s.size()) {
    if (s[i] == '_') {
      if (i + 1 >= s.size() || digit_value(s[i + 1], hex) < 0) return false;
      i += 2;
    } else if (digit_value(s[i], hex) >= 0) {
      ++i;
    } else {
      break;
    }
  }
  return true;
}

bool has_hex_prefix(std::string_view s) { return s.size() >= 2 && s[0] == '0' && s[1] == 'x'; }

// An IEEE 754 binary format: `Bits` wide with `Mant` explicit fraction bits.
template <class Bits, int Mant, int ExpBits>
struct FloatFormat {
  using bits_type = Bits;
  static constexpr int kMant = Mant;
  static constexpr int kBias = (1 << (ExpBits - 1)) - 1;
  static constexpr int kMaxExp = kBias;
  static constexpr int kMinExp = 1 - kBias;
  static constexpr Bits kSign = Bits{1} << (Mant + ExpBits);
  static constexpr Bits kInf = Bits((Bits{1} << ExpBits) - 1) << Mant;
  static constexpr Bits kQuiet = Bits{1} << (Mant - 1);
};
using F32 = FloatFormat<uint32_t, 23, 8>;
using F64 = FloatFormat<uint64_t, 52, 11>;

// Shifts `m` right by `shift` bits, rounding to nearest with ties to even; `sticky`
// says that nonzero bits below `m` were already dropped.
uint64_t round_shift(uint64_t m, int shift, bool sticky) {
  if (shift <= 0) return m << -shift;
  if (shift > 64) return 0;
  uint64_t kept = shift == 64 ? 0 : m >> shift;
  uint64_t rem = shift == 64 ? m : m & ((uint64_t{1} << shift) - 1);
  uint64_t half = uint64_t{1} << (shift - 1);
  if (rem > half || (rem == half && (sticky || (kept & 1)))) ++kept;
  return kept;
}

// Builds the nearest float to mant * 2^exp2 (plus a sticky tail below mant).
template <class F>
std::expected<typename F::bits_type, NumError> make_float(uint64_t mant, int64_t exp2, bool sticky) {
  using B = typename F::bits_type;
  if (mant == 0) return B{0};
  int top = 63 - __builtin_clzll(mant);  // mant = 1.xxx * 2^top
  int64_t e = exp2 + top;                // the value's binary exponent
  if (e > F::kMaxExp + 1) return std::unexpected(NumError::Range);
  int64_t keep = F::kMant + 1;
  if (e < F::kMinExp) keep -= F::kMinExp - e;
  if (keep < -1) return B{0};
  int shift = int(top + 1 - keep);
  uint64_t r = round_shift(mant, shift, sticky);
  if (e < F::kMinExp) return B(r);  // subnormal; a carry into bit kMant makes it normal
  if (r >> (F::kMant + 1)) {
    r >>= 1;
    ++e;
  }
  if (e > F::kMaxExp) return std::unexpected(NumError::Range);
  B biased = B(e + F::kBias);
  return B((biased << F::kMant) | (B(r) & ((B{1} << F::kMant) - 1)));
}

// 0x hexnum ('.' hexfrac?)? ([pP] sign? num)?, after the `0x`.
template <class F>
std::expected<typename F::bits_type, NumError> parse_hex_float(std::string_view s) {
  size_t i = 0;
  if (!scan_digits(s, i, true)) return std::unexpected(NumError::Syntax);
  size_t int_end = i, frac_begin = i, frac_end = i;
  if (i < s.size() && s[i] == '.') {
    frac_begin = frac_end = ++i;
    if (i < s.size() && digit_value(s[i], true) >= 0) {
      if (!scan_digits(s, i, true)) return std::unexpected(NumError::Syntax);
      frac_end = i;
    }
  }
  int64_t exp = 0;
  if (i < s.size() && (s[i] == 'p' || s[i] == 'P')) {
    ++i;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    size_t e_begin = i;
    if (!scan_digits(s, i, false)) return std::unexpected(NumError::Syntax);
    for (size_t j = e_begin; j < i; ++j) {
      if (s[j] != '_' && exp < 100000000) exp = exp * 10 + (s[j] - '0');
    }
    if (neg) exp = -exp;
  }
  if (i != s.size()) return std::unexpected(NumError::Syntax);
  uint64_t mant = 0;
  bool sticky = false;
  int64_t exp2 = exp;
  auto add_digit = [&](int d, bool fraction) {
    if (mant >> 56) {  // no room: later digits only scale or stick
      sticky |= d != 0;
      if (!fraction) exp2 += 4;
      return;
    }
    mant = mant * 16 + uint64_t(d);
    if (fraction) exp2 -= 4;
  };
  for (size_t j = 0; j < int_end; ++j)
    if (s[j] != '_') add_digit(digit_value(s[j], true), false);
  for (size_t j = frac_begin; j < frac_end; ++j)
    if (s[j] != '_') add_digit(digit_value(s[j], true), true);
  if (mant == 0) return typename F::bits_type{0};
  return make_float<F>(mant, exp2, sticky);
}

// num ('.' frac?)? ([eE] sign? num)?
bool is_decimal_float(std::string_view s) {
  size_t i = 0;
  if (!scan_digits(s, i, false)) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i < s.size() && digit_value(s[i], false) >= 0 && !scan_digits(s, i, false)) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!scan_digits(s, i, false)) return false;
  }
  return i == s.size();
}

// True when the decimal literal is at least 1 (so an out-of-range result is an
// overflow rather than an underflow).
bool decimal_magnitude_positive(std::string_view s) {
  int64_t lead = 0;  // decimal exponent of the first nonzero digit
  bool seen = false, point = false;
  size_t i = 0;
  int64_t int_digits = 0, zeros_after_point = 0;
  for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
    char c = s[i];
    if (c == '_') continue;
    if (c == '.') {
      point = true;
      continue;
    }
    if (!seen && c == '0') {
      if (point) ++zeros_after_point;
      continue;
    }
    if (!seen) seen = true;
    if (!point) ++int_digits;
  }
  if (!seen) return false;
  lead = int_digits > 0 ? int_digits - 1 : -(zeros_after_point + 1);
  int64_t exp = 0;
  bool neg = false;
  if (i < s.size()) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    for (; i < s.size(); ++i)
      if (s[i] != '_' && exp < 100000000) exp = exp * 10 + (s[i] - '0');
  }
  return lead + (neg ? -exp : exp) >= 0;
}

template <class F, class T>
std::expected<typename F::bits_type, NumError> parse_decimal_float(std::string_view s) {
  using B = typename F::bits_type;
  if (!is_decimal_float(s)) return std::unexpected(NumError::Syntax);
  std::string clean;
  clean.reserve(s.size());
  for (char c : s)
    if (c != '_') clean.push_back(c);
  T value{};
  auto [ptr, ec] =
      std::from_chars(clean.data(), clean.data() + clean.size(), value, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) {
    if (decimal_magnitude_positive(clean)) return std::unexpected(NumError::Range);
    return B{0};
  }
  if (ec != std::errc() || ptr != clean.data() + clean.size()) return std::unexpected(NumError::Syntax);
  B bits;
  std::memcpy(&bits, &value, sizeof bits);
  if ((bits & ~F::kSign) == F::kInf) return std::unexpected(NumError::Range);
  return bits;
}

template <class F, class T>
std::expected<typename F::bits_type, NumError> parse_float(std::string_view s) {
  using B = typename F::bits_type;
  B sign = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    if (s[0] == '-') sign = F::kSign;
    s.remove_prefix(1);
  }
  std::expected<B, NumError> mag = std::unexpected(NumError::Syntax);
  if (s == "inf") {
    mag = F::kInf;
  } else if (s == "nan") {
    mag = F::kInf | F::kQuiet;
  } else if (s.starts_with("nan:0x")) {
    auto payload = parse_u64(s.substr(4));
    if (!payload) return std::unexpected(payload.error());
    if (*payload == 0 || *payload >= (uint64_t{1} << F::kMant)) return std::unexpected(NumError::Range);
    mag = F::kInf | B(*payload);
  } else if (has_hex_prefix(s)) {
    mag = parse_hex_float<F>(s.substr(2));
  } else {
    mag = parse_decimal_float<F, T>(s);
  }
  if (!mag) return mag;
  return *mag | sign;
}

}  // namespace

std::expected<uint64_t, NumError> parse_u64(std::string_view s) {
  bool hex = has_hex_prefix(s);
  size_t i = hex ? 2 : 0;
  size_t start = i;
  if (!scan_digits(s, i, hex) || i != s.size()) return std::unexpected(NumError::Syntax);
  uint64_t base = hex ? 16 : 10;
  uint64_t v = 0;
  bool overflow = false;
  for (size_t j = start; j < s.size(); ++j) {
    if (s[j] == '_') continue;
    uint64_t d = uint64_t(digit_value(s[j], hex));
    if (v > (UINT64_MAX - d) / base) overflow = true;
    v = v * base + d;
  }
  if (overflow) return std::unexpected(NumError::Range);
  return v;
}

std::expected<uint32_t, NumError> parse_u32(std::string_view s) {
  auto v = parse_u64(s);
  if (!v) return std::unexpected(v.error());
  if (*v > UINT32_MAX) return std::unexpected(NumError::Range);
  return uint32_t(*v);
}

namespace {
// sN or uN of width `bits`, returned as a bit pattern.
std::expected<uint64_t, NumError> parse_int(std::string_view s, int bits) {
  char sign = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0];
    s.remove_prefix(1);
  }
  auto mag = parse_u64(s);
  if (!mag) return mag;
  uint64_t half = uint64_t{1} << (bits - 1);
  uint64_t umax = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  if (sign == '-') {
    if (*mag > half) return std::unexpected(NumError::Range);
    return (uint64_t{0} - *mag) & umax;
  }
  if (sign == '+' && *mag >= half) return std::unexpected(NumError::Range);
  if (*mag > umax) return std::unexpected(NumError::Range);
  return *mag;
}
}  // namespace

std::expected<uint32_t, NumError> parse_i32(std::string_view s) {
  auto v = parse_int(s, 32);
  if (!v) return std::unexpected(v.error());
  return uint32_t(*v);
}

std::expected<uint64_t, NumError> parse_i64(std::string_view s) { return parse_int(s, 64); }

std::expected<uint32_t, NumError> parse_f32(std::string_view s) { return parse_float<F32, float>(s); }
std::expected<uint64_t, NumError> parse_f64(std::string_view s) { return parse_float<F64, double>(s); }

}  // namespace weft::core::text

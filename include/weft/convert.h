// Conversions between C++ types and weft::Val for typed host callbacks and calls.
// bool, (u)int8..64_t, float, double, char32_t, std::string, std::vector<T>.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "component/canon/value.h"
#include "support/error.h"

namespace weft::detail {

using component::Val;
using component::ValKind;

inline std::unexpected<Error> kind_mismatch(const char* want) {
  return make_error(Phase::Host, {}, std::string("value is not a ") + want);
}

template <class T, class = void>
struct Convert;

template <>
struct Convert<bool> {
  static Val to_val(bool b) { return Val::boolean(b); }
  static Result<bool> from_val(const Val& v) {
    if (v.kind != ValKind::Bool) return kind_mismatch("bool");
    return v.bits != 0;
  }
};

template <class T>
struct Convert<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char32_t>>> {
  static constexpr ValKind kind() {
    constexpr bool s = std::is_signed_v<T>;
    switch (sizeof(T)) {
      case 1: return s ? ValKind::S8 : ValKind::U8;
      case 2: return s ? ValKind::S16 : ValKind::U16;
      case 4: return s ? ValKind::S32 : ValKind::U32;
      default: return s ? ValKind::S64 : ValKind::U64;
    }
  }
  static Val to_val(T x) {
    return Val{kind(), std::is_signed_v<T> ? uint64_t(int64_t(x)) : uint64_t(x)};
  }
  static Result<T> from_val(const Val& v) {
    if (v.kind != kind()) return kind_mismatch("integer of this width and signedness");
    return T(v.bits);
  }
};

template <>
struct Convert<float> {
  static Val to_val(float f) { return Val::f32(f); }
  static Result<float> from_val(const Val& v) {
    if (v.kind != ValKind::F32) return kind_mismatch("f32");
    return v.as_f32();
  }
};

template <>
struct Convert<double> {
  static Val to_val(double d) { return Val::f64(d); }
  static Result<double> from_val(const Val& v) {
    if (v.kind != ValKind::F64) return kind_mismatch("f64");
    return v.as_f64();
  }
};

template <>
struct Convert<char32_t> {
  static Val to_val(char32_t c) { return Val::character(c); }
  static Result<char32_t> from_val(const Val& v) {
    if (v.kind != ValKind::Char) return kind_mismatch("char");
    return char32_t(v.bits);
  }
};

template <>
struct Convert<std::string> {
  static Val to_val(std::string s) { return Val::string(std::move(s)); }
  static Result<std::string> from_val(const Val& v) {
    if (v.kind != ValKind::String) return kind_mismatch("string");
    return v.str;
  }
};

template <>
struct Convert<const char*> {
  static Val to_val(const char* s) { return Val::string(s); }
};

template <class T>
struct Convert<std::vector<T>> {
  static Val to_val(const std::vector<T>& xs) {
    std::vector<Val> items;
    for (const T& x : xs) items.push_back(Convert<T>::to_val(x));
    return Val::list(std::move(items));
  }
  static Result<std::vector<T>> from_val(const Val& v) {
    if (v.kind != ValKind::List) return kind_mismatch("list");
    std::vector<T> out;
    for (const Val& i : v.items) {
      WEFT_TRY(x, Convert<T>::from_val(i));
      out.push_back(std::move(x));
    }
    return out;
  }
};

template <>
struct Convert<Val> {
  static Val to_val(Val v) { return v; }
  static Result<Val> from_val(const Val& v) { return v; }
};

// The parameter and result types of a callable (lambdas, function pointers).
template <class F>
struct Signature : Signature<decltype(&F::operator())> {};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) const> {
  using Result = R;
  using Args = std::tuple<std::decay_t<A>...>;
};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...)> : Signature<R (C::*)(A...) const> {};
template <class R, class... A>
struct Signature<R (*)(A...)> {
  using Result = R;
  using Args = std::tuple<std::decay_t<A>...>;
};

template <class T>
struct IsResult : std::false_type {};
template <class T>
struct IsResult<weft::Result<T>> : std::true_type {
  using Value = T;
};

template <class Args, size_t... I>
Result<Args> convert_args(std::span<const Val> vals, std::index_sequence<I...>) {
  Args out;
  Error err;
  bool ok = true;
  auto one = [&](auto& slot, const Val& v) {
    if (!ok) return;
    auto r = Convert<std::decay_t<decltype(slot)>>::from_val(v);
    if (r) slot = std::move(*r);
    else ok = false, err = r.error();
  };
  (one(std::get<I>(out), vals[I]), ...);
  if (!ok) return std::unexpected(err);
  return out;
}

// Calls `f` with `args` converted to its parameter types; appends its result.
template <class F>
Result<void> invoke_typed(const F& f, std::span<const Val> args, std::vector<Val>& results) {
  using Sig = Signature<F>;
  using Args = typename Sig::Args;
  using R = typename Sig::Result;
  constexpr size_t n = std::tuple_size_v<Args>;
  if (args.size() != n) return make_error(Phase::Host, {}, "host function called with the wrong number of arguments");
  WEFT_TRY(tuple, convert_args<Args>(args, std::make_index_sequence<n>{}));
  if constexpr (std::is_void_v<R>) {
    std::apply(f, std::move(tuple));
  } else if constexpr (IsResult<R>::value) {
    R r = std::apply(f, std::move(tuple));
    if (!r) return std::unexpected(r.error());
    if constexpr (!std::is_void_v<typename IsResult<R>::Value>) results.push_back(Convert<typename IsResult<R>::Value>::to_val(std::move(*r)));
  } else {
    results.push_back(Convert<R>::to_val(std::apply(f, std::move(tuple))));
  }
  return {};
}

}  // namespace weft::detail

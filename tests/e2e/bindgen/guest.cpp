// The C++ guest of alltypes.wit: every export passes its arguments through the host's
// matching import and returns what comes back; `counter` is a resource it implements.
#include "guest.h"

#include <utility>

namespace api = exports::test::alltypes::api;
namespace host = test::alltypes::host;

namespace {

class MyCounter : public api::Counter {
 public:
  explicit MyCounter(uint32_t v) : value_(v) {}
  uint32_t get() override { return value_; }
  void add(uint32_t n) override { value_ += n; }

 private:
  uint32_t value_;
};

}  // namespace

std::unique_ptr<api::Counter> api::Counter::create(uint32_t start) {
  return std::make_unique<MyCounter>(start);
}

std::unique_ptr<api::Counter> api::Counter::merge(std::unique_ptr<api::Counter> a, api::Counter& b) {
  return std::make_unique<MyCounter>(a->get() + b.get());
}

std::tuple<uint32_t, uint32_t> api::counter_values(api::Counter& a, api::Counter& b) {
  return {a.get(), b.get()};
}

bool api::echo_bool(bool x) { return host::echo_bool(x); }

std::tuple<uint8_t, int8_t, uint16_t, int16_t, uint32_t, int32_t, uint64_t, int64_t> api::echo_ints(
    uint8_t a, int8_t b, uint16_t c, int16_t d, uint32_t e, int32_t f, uint64_t g, int64_t h) {
  return host::echo_ints(a, b, c, d, e, f, g, h);
}

std::tuple<float, double> api::echo_floats(float a, double b) { return host::echo_floats(a, b); }

char32_t api::echo_char(char32_t c) { return host::echo_char(c); }

std::string api::echo_string(std::string s) { return host::echo_string(s); }

std::vector<std::string> api::echo_strings(std::vector<std::string> s) { return host::echo_strings(s); }

api::Bytes api::echo_bytes(api::Bytes b) { return host::echo_bytes(b); }

std::vector<api::Point> api::echo_points(std::vector<api::Point> p) { return host::echo_points(p); }

api::Shape api::echo_shape(api::Shape s) { return host::echo_shape(s); }

std::optional<std::expected<std::optional<std::string>, std::vector<api::Color>>> api::echo_nested(
    std::optional<std::expected<std::optional<std::string>, std::vector<api::Color>>> x) {
  return host::echo_nested(x);
}

std::expected<uint32_t, std::string> api::echo_result(std::expected<uint32_t, std::string> x) {
  return host::echo_result(x);
}

std::expected<void, std::monostate> api::echo_unit_result(std::expected<void, std::monostate> x) {
  return host::echo_unit_result(x);
}

api::Perms api::echo_flags(api::Perms p) { return host::echo_flags(p); }

api::Everything api::echo_everything(api::Everything e) { return host::echo_everything(e); }

std::vector<uint32_t> api::echo_many(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e, uint32_t f,
                                     uint32_t g, uint32_t h, uint32_t i, uint32_t j, uint32_t k, uint32_t l,
                                     uint32_t m, uint32_t n, uint32_t o, uint32_t p, std::string q) {
  return host::echo_many(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q);
}

// Error rendering: place, phase and caret.
#include "support/error.h"

#include <gtest/gtest.h>

namespace weft {

TEST(Error, BinaryErrorShowsHexOffset) {
  Error e{Phase::Decode, Span::at(0x1f), "unexpected end", "m.wasm", 0, {}};
  EXPECT_EQ(e.to_string(), "m.wasm: offset 0x1f: decode error: unexpected end");
}

TEST(Error, TextErrorShowsLineColumnAndCaret) {
  Error e{Phase::Text, Span::text(2, 5), "unknown operator", "m.wat", 0, {}};
  std::string out = render_error(e, "(module\n  (i32.bogus))\n");
  EXPECT_EQ(out, "m.wat:2:5: syntax error: unknown operator\n    (i32.bogus))\n      ^");
}

TEST(Error, TryMacroPropagates) {
  auto inner = []() -> Result<int> { return make_error(Phase::Validate, {}, "type mismatch"); };
  auto outer = [&]() -> Result<int> {
    WEFT_TRY(v, inner());
    return v + 1;
  };
  auto r = outer();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "type mismatch");
  EXPECT_EQ(r.error().phase, Phase::Validate);
}

}  // namespace weft

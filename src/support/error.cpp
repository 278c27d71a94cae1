// Rendering of weft::Error for people: phase, place, message, and a caret under text errors.
#include "support/error.h"

#include <fmt/format.h>

namespace weft {

std::string_view phase_name(Phase phase) {
  switch (phase) {
    case Phase::Decode: return "decode error";
    case Phase::Validate: return "validation error";
    case Phase::Link: return "link error";
    case Phase::Instantiate: return "instantiation error";
    case Phase::Execute: return "trap";
    case Phase::Host: return "host error";
    case Phase::Text: return "syntax error";
    case Phase::Io: return "i/o error";
    case Phase::Usage: return "usage error";
    case Phase::Exit: return "exit";
  }
  return "error";
}

std::string Error::to_string() const {
  std::string place;
  if (!file.empty()) place = file;
  if (span.has_line()) {
    place += fmt::format("{}{}:{}", place.empty() ? "" : ":", span.line, span.column);
  } else if (span.has_offset()) {
    place += fmt::format("{}offset 0x{:x}", place.empty() ? "" : ": ", span.offset);
  }
  if (place.empty()) return fmt::format("{}: {}", phase_name(phase), message);
  return fmt::format("{}: {}: {}", place, phase_name(phase), message);
}

std::string render_error(const Error& error, std::string_view source) {
  std::string out = error.to_string();
  for (const std::string& note : error.notes) out += "\n  " + note;
  if (!error.span.has_line() || source.empty()) return out;
  // Find the line the span points at.
  size_t begin = 0;
  for (uint32_t line = 1; line < error.span.line && begin < source.size(); ++line) {
    size_t nl = source.find('\n', begin);
    if (nl == std::string_view::npos) return out;
    begin = nl + 1;
  }
  size_t end = source.find('\n', begin);
  std::string_view text = source.substr(begin, end == std::string_view::npos ? source.size() - begin : end - begin);
  if (text.size() > 200) return out;  // keep pathological lines out of the terminal
  out += fmt::format("\n  {}\n  {}^", text, std::string(error.span.column > 0 ? error.span.column - 1 : 0, ' '));
  return out;
}

}  // namespace weft

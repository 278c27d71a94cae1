// Lookup tables from encodings and text to opcodes, built once from opcode.def.
#include "core/binary/opcode.h"

#include <string>
#include <unordered_map>

namespace weft::core {
namespace {

struct Tables {
  std::array<int16_t, 256> single;
  std::array<int16_t, 32> misc;
  std::array<int16_t, 32> gc;
  std::unordered_map<std::string_view, Opcode> text;
  Tables() {
    single.fill(-1);
    misc.fill(-1);
    gc.fill(-1);
    for (size_t i = 0; i < kOpcodeCount; ++i) {
      const OpInfo& info = kOpInfo[i];
      if (info.prefix == 0) single[info.code] = static_cast<int16_t>(i);
      else if (info.prefix == 0xfb) gc[info.code] = static_cast<int16_t>(i);
      else if (info.code < misc.size()) misc[info.code] = static_cast<int16_t>(i);
      // SelectT shares "select" with Select; keep the first row.
      text.emplace(info.text, static_cast<Opcode>(i));
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

std::optional<Opcode> opcode_from_byte(uint8_t byte) {
  int16_t i = tables().single[byte];
  if (i < 0 || byte == 0xfc) return std::nullopt;
  return static_cast<Opcode>(i);
}

std::optional<Opcode> opcode_from_misc(uint32_t code) {
  if (code >= tables().misc.size()) return std::nullopt;
  int16_t i = tables().misc[code];
  if (i < 0) return std::nullopt;
  return static_cast<Opcode>(i);
}

std::optional<Opcode> opcode_from_gc(uint32_t code) {
  if (code >= tables().gc.size()) return std::nullopt;
  int16_t i = tables().gc[code];
  if (i < 0) return std::nullopt;
  return static_cast<Opcode>(i);
}

std::optional<Opcode> opcode_from_text(std::string_view text) {
  auto it = tables().text.find(text);
  if (it == tables().text.end()) return std::nullopt;
  return it->second;
}

}  // namespace weft::core

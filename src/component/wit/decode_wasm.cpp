// The entry points of the WIT decoder (which kind of binary it is) and embedding a
// world in a core module's `component-type:*` custom section, as wit-component does.
// spec: WIT.md "Package Format"; Binary.md (custom sections)
#include <fmt/format.h>

#include "component/binary/decoder.h"
#include "component/binary/validator.h"
#include "component/wit/decode_impl.h"
#include "component/wit/encode.h"
#include "core/binary/decoder.h"
#include "core/text/writer.h"

namespace weft::component::wit {
namespace {

using Bytes = std::vector<uint8_t>;
namespace cb = weft::component;

// wit-component's rule: a component made only of types, each export a type, is a
// WIT package; anything else is a component whose world is to be described.
bool is_package(const cb::Component& c) {
  if (c.exports.empty()) return false;
  for (const cb::Component::Definition& d : c.definitions) {
    if (d.kind == cb::Component::DefKind::Export && c.exports[d.index].item.sort == cb::Sort::Type) continue;
    if (d.kind != cb::Component::DefKind::Type) return false;
  }
  return true;
}

Error shifted(Error e, uint64_t by) {
  if (e.span.has_offset()) e.span.offset += by;
  return e;
}

Result<Decoded> decode_component_bytes(Resolve& r, std::span<const uint8_t> bytes) {
  WEFT_TRY(validated, load_component(bytes));
  const cb::Component& c = validated->component;
  detail::Decoder decoder(r);
  Decoded out;
  if (is_package(c)) {
    WEFT_TRY(pkg, decoder.package_component(c));
    out.package = pkg;
    out.world = decoder.last_world;  // for a core module's section: its world
    return out;
  }
  WEFT_TRY(world, decoder.root_world(c));
  out.kind = Decoded::Kind::Component;
  out.world = world;
  out.package = r[world].package;
  return out;
}

// The world a core module's `component-type*` custom section describes: a WIT
// package component holding that one world.
Result<Decoded> decode_module_bytes(Resolve& r, std::span<const uint8_t> bytes) {
  WEFT_TRY(module, core::decode_module(bytes));
  std::optional<Decoded> found;
  for (const core::CustomSection& s : module.customs) {
    if (!s.name.starts_with("component-type")) continue;
    if (found) return detail::fail(s.data.begin, "not supported yet: several `component-type` custom sections");
    std::span<const uint8_t> payload(module.bytes.data() + s.data.begin, s.data.size());
    auto decoded = decode_component_bytes(r, payload);
    if (!decoded) return std::unexpected(shifted(decoded.error(), s.data.begin));
    if (decoded->kind != Decoded::Kind::Package || !decoded->world)
      return detail::fail(s.data.begin, fmt::format("custom section `{}` does not hold a world", s.name));
    decoded->kind = Decoded::Kind::Module;
    found = *decoded;
  }
  if (!found) return detail::fail(0, "a core module without a `component-type` custom section has no WIT world");
  return *found;
}

// LEB128 and names as the core binary format writes them.
using core::text::write_name;
using core::text::write_u32;


void put_section(Bytes& out, uint8_t id, const Bytes& body) {
  out.push_back(id);
  write_u32(out, uint32_t(body.size()));
  out.insert(out.end(), body.begin(), body.end());
}

}  // namespace

Result<Decoded> decode_wasm(Resolve& resolve, std::span<const uint8_t> bytes) {
  if (bytes.size() < 8 || !std::equal(bytes.begin(), bytes.begin() + 4, "\0asm"))
    return detail::fail(0, "not a WebAssembly binary (no `\\0asm` preamble)");
  // Decoding into a copy keeps `resolve` as it was when the binary is malformed.
  Resolve work = resolve;
  auto out = is_component(bytes) ? decode_component_bytes(work, bytes) : decode_module_bytes(work, bytes);
  if (out) resolve = std::move(work);
  return out;
}

// wit-component's metadata layout: the encoding version (4) and string encoding
// (utf8) in a custom section, the world as a one-item package, exported by name.
Result<std::vector<uint8_t>> encode_world_metadata(const Resolve& resolve, WorldId world) {
  WEFT_TRY(type, encode_world_type(resolve, world));
  Bytes out{0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  Bytes custom;
  write_name(custom, "wit-component-encoding");
  custom.insert(custom.end(), {0x04, 0x00});
  put_section(out, 0, custom);
  Bytes types{0x01};
  types.insert(types.end(), type.begin(), type.end());
  put_section(out, 7, types);
  Bytes exports{0x01, 0x00};
  write_name(exports, resolve[world].name);
  exports.insert(exports.end(), {0x03, 0x00, 0x00});  // sort type, index 0, no ascription
  put_section(out, 11, exports);
  return out;
}

Result<std::vector<uint8_t>> embed_world(std::span<const uint8_t> module, const Resolve& resolve, WorldId world) {
  if (is_component(module)) return detail::fail(0, "expected a core module, found a component");
  WEFT_TRY(decoded, core::decode_module(module));
  for (const core::CustomSection& s : decoded.customs)
    if (s.name.starts_with("component-type"))
      return detail::fail(s.data.begin, fmt::format("the module already has a `{}` custom section", s.name));
  WEFT_TRY(payload, encode_world_metadata(resolve, world));
  Bytes section;
  write_name(section, "component-type:" + resolve[world].name);
  section.insert(section.end(), payload.begin(), payload.end());
  Bytes out(module.begin(), module.end());
  put_section(out, 0, section);
  return out;
}

}  // namespace weft::component::wit

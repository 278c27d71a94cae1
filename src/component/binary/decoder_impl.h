// The component decoder's shared pieces: one class, its sections split across files.
#pragma once

#include <fmt/format.h>

#include "component/binary/decoder.h"
#include "core/binary/reader.h"

namespace weft::component::detail {

using core::Reader;

class ComponentDecoder {
 public:
  // `bytes` is the whole binary: nested definitions keep ranges into it.
  ComponentDecoder(std::span<const uint8_t> bytes, uint32_t depth) : bytes_(bytes), depth_(depth) {}

  Result<void> decode(Component& c, core::ByteRange range);

  // primitives (decoder.cpp)
  static std::unexpected<Error> leading(Reader& r, uint8_t b, std::string_view what) {
    return r.fail_at(r.offset() - 1, fmt::format("invalid leading byte (0x{:x}) for {}", b, what));
  }
  static Result<uint32_t> count(Reader& r, size_t min_entry_bytes = 1);
  static Result<bool> flag(Reader& r);  // 0x00 / 0x01, else "invalid boolean value"
  static Result<std::string> name(Reader& r) { return r.name(); }
  Result<Sort> sort(Reader& r, std::string_view what);
  Result<ValTypeDesc> valtype(Reader& r);
  Result<ExternName> extern_name(Reader& r);
  Result<ExternDesc> extern_desc(Reader& r);
  Result<Alias> alias(Reader& r);

  // core types (decode_types.cpp)
  Result<core::ValType> core_valtype(Reader& r);
  Result<core::Limits> limits(Reader& r, bool memory, bool& is64, bool* shared = nullptr);
  Result<core::Import> core_extern(Reader& r, core::Import imp);
  Result<CoreTypeDef> core_type(Reader& r, uint32_t depth);
  Result<ModuleDecl> module_decl(Reader& r, uint32_t depth);

  // component types (decode_types.cpp)
  Result<TypeDef> type_def(Reader& r, uint32_t depth);
  Result<void> defined_type(Reader& r, uint8_t b, TypeDef& t);
  Result<Decl> decl(Reader& r, bool component, uint32_t depth);

  // definitions (decoder.cpp, decode_canon.cpp)
  Result<CoreInstanceDef> core_instance(Reader& r);
  Result<InstanceDef> instance(Reader& r);
  Result<Canon> canon(Reader& r);
  Result<std::vector<CanonOpt>> canon_opts(Reader& r);
  Result<StartDef> start(Reader& r);
  Result<ImportDef> import(Reader& r);
  Result<ExportDef> export_(Reader& r);
  Result<ValueDef> value(Reader& r);

 private:
  Result<void> section(Component& c, uint8_t id, Reader& r, core::ByteRange content);

  std::span<const uint8_t> bytes_;
  uint32_t depth_;
};

}  // namespace weft::component::detail

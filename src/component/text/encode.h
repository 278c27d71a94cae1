// Binary encoding of resolved component definitions. Internal to weft_component_text.
// spec: Binary.md
#pragma once

#include "component/text/ast.h"
#include "core/text/writer.h"

namespace weft::component::text {

using core::text::Bytes;

void write_sort(Bytes& out, Sort sort);
void write_core_sort(Bytes& out, Sort sort);
void write_extern_name(Bytes& out, const ExternName& name);
void write_valtype(Bytes& out, const ValType& t);
void write_core_valtype(Bytes& out, const CoreValType& t);
void write_core_type(Bytes& out, const CoreTypeDef& def);
void write_type(Bytes& out, const TypeDef& def);
void write_extern_type(Bytes& out, const ItemSig& sig);
void write_alias(Bytes& out, const AliasField& alias);
Result<void> write_canon(Bytes& out, const CanonField& canon);

}  // namespace weft::component::text

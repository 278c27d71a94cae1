// The component validator's shared state: a stack of scopes (components, component
// types, instance types), each with its index spaces and the names it has bound.
#pragma once

#include <fmt/format.h>

#include <map>
#include <memory>
#include <set>

#include "component/binary/names.h"
#include "component/binary/validator.h"
#include "component/types/subtype.h"

namespace weft::component::detail {

enum class ScopeKind : uint8_t { Component, ComponentType, InstanceType };

struct Scope {
  ScopeKind kind = ScopeKind::Component;
  IndexSpaces spaces;
  std::vector<bool> value_used;
  NameSet import_names, export_names;
  std::vector<NamedExtern> imports, exports;
  std::set<uint32_t> created;  // resource roots that got their identity in this scope
  std::set<uint32_t> imported;  // of those, the ones an import introduced (∀-bound)
  std::set<uint32_t> local;    // roots of resources defined here (resource.new/rep allowed)
  // External names (spec: "External Visibility of Types"): resource names and defined
  // type ids introduced by imports, and by exports.
  std::set<uint32_t> import_named_resources, export_named_resources;
  std::set<uint32_t> import_named_defined, export_named_defined;
  // Resource roots by the plain name of the import/export that introduced them, for
  // [constructor]/[method]/[static] names.
  std::map<uint32_t, std::string> import_resource_labels, export_resource_labels;
  std::optional<core::ValType> context_type;  // every context.get/set must agree
};

class Validator {
 public:
  Validator(TypeArena& arena, std::span<const uint8_t> bytes, const core::Features& features)
      : arena_(arena), bytes_(bytes), features_(features) {}
  const core::Features& features() const { return features_; }

  Result<void> component(const Component& c, ComponentInfo& info);

  static std::unexpected<Error> invalid(uint32_t offset, std::string message) {
    return make_error(Phase::Validate, Span::at(offset), std::move(message));
  }

  // ---- index lookups (validator.cpp) ----
  Scope& scope() { return *scopes_.back(); }
  Result<TypeRef> type_at(uint32_t index, uint32_t offset);
  Result<ValType> valtype(const ValTypeDesc& v, uint32_t offset);
  Result<CoreFuncType> core_func_at(uint32_t index, uint32_t offset);
  Result<core::MemoryType> memory_at(uint32_t index, uint32_t offset);
  Result<core::TableType> table_at(uint32_t index, uint32_t offset);
  Result<const IndexSpaces::CoreType*> core_type_at(uint32_t index, uint32_t offset);
  Result<TypeRef> func_at(uint32_t index, uint32_t offset);
  Result<ExternType> item_type(const SortIndex& item, uint32_t offset, bool consume_value);
  void push_item(ExternKind kind, TypeRef type);

 private:
  // definitions (validator.cpp)
  Result<void> definition(const Component& c, const Component::Definition& d, ComponentInfo& info);
  Result<void> core_module(core::ByteRange range, ComponentInfo& info);
  Result<void> core_instance(const CoreInstanceDef& d);
  Result<void> instance(const InstanceDef& d);
  Result<void> alias(const Alias& a);
  Result<void> outer_alias(const Alias& a);
  Result<void> import(const ExternName& name, const ExternDesc& desc, uint32_t offset);
  Result<void> export_(const ExternName& name, ExternType type, uint32_t offset, bool from_item);
  Result<void> export_def(const ExportDef& d);
  Result<void> start(const StartDef& d);
  Result<void> value(const ValueDef& d);
  Result<TypeRef> finish_component_type(Scope& s);
  // The resources created in `s` that `externs` mention, by root, each once in order of
  // first mention, leaving out `exclude`.
  std::vector<uint32_t> created_resources(const Scope& s, const std::vector<NamedExtern>& externs,
                                          const std::vector<uint32_t>& exclude = {});

  // names and visibility (validate_names.cpp)
  // `check_visibility`: whether the type must be externally visible (spec: "External
  // Visibility of Types"); the exports of an inline instance need not be.
  Result<ParsedName> check_name(const ExternName& name, const ExternType& type, bool is_import,
                                bool check_visibility = true);
  Result<void> check_annotated(const ParsedName& p, const ExternName& name, const ExternType& type, bool is_import);
  bool visible(const ExternType& type, bool is_import);
  void name_type(const ParsedName& p, TypeRef t, bool is_import);

  // types (validate_types.cpp)
  Result<TypeRef> type_def(const TypeDef& t);
  Result<ValType> defined_valtype(const TypeDef& t);
  Result<TypeRef> func_type(const TypeDef& t);
  Result<TypeRef> decls_type(const TypeDef& t);
  Result<void> decl(const Decl& d);
  Result<IndexSpaces::CoreType> core_type(const CoreTypeDef& t);
  Result<void> gc_core_types(const CoreTypeDef& t, std::vector<IndexSpaces::CoreType>& space);
  Result<ExternType> extern_desc(const ExternDesc& d);
  Result<CoreExternType> core_extern(const core::Import& imp, const std::vector<IndexSpaces::CoreType>& types);

  // canon (validate_canon.cpp)
  Result<void> canon(const Canon& c);

  TypeArena& arena_;
  std::map<uint32_t, uint32_t> defined_copy_of_;  // exported copies of defined types -> originals
  std::span<const uint8_t> bytes_;
  const core::Features& features_;
  std::vector<std::unique_ptr<Scope>> scopes_;
};

}  // namespace weft::component::detail

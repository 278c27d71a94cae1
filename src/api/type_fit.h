// Whether what one component provides fits what another expects, when the two were
// validated separately: each has its own TypeArena, so the provider's types are
// copied into a copy of the expecting side's arena and compared there with the
// validator's Subtyping (value types structurally, resources by binding).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "component/link/item.h"
#include "component/types/subtype.h"

namespace weft::api {

class TypeFit {
 public:
  // `want` holds the expected types; it is copied, the caller's stays untouched.
  explicit TypeFit(const component::TypeArena& want);
  TypeFit(const TypeFit&) = delete;
  TypeFit& operator=(const TypeFit&) = delete;

  // Function `have` (in `have_types`) where function type `want` is expected. The
  // message says what differs: "expected parameter named `b`, found `x`",
  // "type mismatch in parameter `b`: expected primitive `u32` found primitive `string`".
  component::Check func(const component::TypeArena& have_types, component::TypeRef have,
                        component::TypeRef want);

  // A run-time item (a provider's export, or a slot's functions) where an import of
  // type `want` is expected: functions by type, instances export by export. Types
  // other than resources are checked through the functions that use them.
  component::Check item(const component::RtItem& have, const component::ExternType& want);

 private:
  component::ValType copy_value(const component::TypeArena& src, component::ValType t);
  std::optional<component::ValType> copy_opt(const component::TypeArena& src,
                                             const std::optional<component::ValType>& t);

  component::TypeArena arena_;  // the expected types, then copies of provided ones
  component::Subtyping sub_;
  std::map<std::pair<const component::TypeArena*, uint32_t>, component::ValType> copied_;
  std::map<std::pair<const component::TypeArena*, uint32_t>, uint32_t>
      roots_;  // resource roots -> fresh ones here
};

// Whether function type `t` mentions a resource handle anywhere (params or result).
bool has_handles(const component::TypeArena& types, const component::FuncType& t);

}  // namespace weft::api

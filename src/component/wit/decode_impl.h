// The WIT decoder's state, shared by its source files. Internal to the library.
//
// The decoder walks the syntax of a decoded (and validated) component — its
// definitions and the declarators of its component and instance types — keeping
// one `Frame` per scope with what each type and instance index denotes. Types are
// converted to the WIT model lazily, when an export names them or a function uses
// them, as wit-component does; that keeps `type d = u64` and `use`d types by name,
// which the validator's structural type arena (rightly) forgets.
#pragma once

#include <fmt/format.h>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "component/binary/component.h"
#include "component/wit/decode.h"

namespace weft::component::wit::detail {

namespace cb = weft::component;

struct Frame;

// What one entry of a type index space denotes.
struct Entry {
  enum class Kind : uint8_t { Value, Syntax, Func, Instance, Component, Other };
  Kind kind = Kind::Other;
  Type value;                        // Value: a primitive or a WIT type definition
  const cb::TypeDef* def = nullptr;  // Syntax, Func, Instance, Component
  Frame* frame = nullptr;            // the scope `def`'s indices are resolved in
  uint32_t limit = 0;                // `def` may only refer to type indices below this
  std::optional<TypeId> converted;   // Syntax: the anonymous WIT type made of it
};
using EntryPtr = std::shared_ptr<Entry>;

// What one entry of an instance index space denotes: an interface, or (inside an
// ordinary component) a bag of named items such as an instantiated shim component.
struct InstanceRef {
  std::optional<InterfaceId> interface;
  std::vector<std::pair<std::string, EntryPtr>> types;  // exported types, by name
  std::vector<std::pair<std::string, EntryPtr>> funcs;  // exported functions (Func entries)
};

// One scope: a component, a component type or an instance type.
struct Frame {
  Frame* parent = nullptr;
  std::vector<EntryPtr> types;
  std::vector<InstanceRef> instances;
  std::vector<EntryPtr> funcs;  // components: the Func entry of each function, or null
  std::vector<const cb::Component*> components;
};

// Where named items of a function's resource live: an interface or a world.
struct Owner {
  InterfaceId interface;
  WorldId world;
  TypeOwner type_owner() const {
    TypeOwner o;
    if (interface.valid()) {
      o.kind = TypeOwner::Kind::Interface;
      o.interface = interface;
    } else {
      o.kind = TypeOwner::Kind::World;
      o.world = world;
    }
    return o;
  }
};

inline std::unexpected<Error> fail(uint32_t offset, std::string message) {
  return make_error(Phase::Decode, Span::at(offset), std::move(message));
}

class Decoder {
 public:
  explicit Decoder(Resolve& r) : r_(r) {}

  Frame& new_frame(Frame* parent) {
    frames_.emplace_back();
    frames_.back().parent = parent;
    return frames_.back();
  }

  // --- types and functions (decode_types.cpp) ---
  // The entry `def` (a type definition of `frame`) makes, before it is used.
  Result<EntryPtr> entry_of(const cb::TypeDef& def, Frame& frame);
  Result<EntryPtr> type_at(Frame& frame, uint32_t index, uint32_t limit, uint32_t offset);
  Result<EntryPtr> outer_type(Frame& frame, uint32_t count, uint32_t index, uint32_t offset);
  Result<Type> value_type(Entry& e, uint32_t offset);
  // Names entry `e` as `name` in `owner`: a new type definition there.
  Result<TypeId> name_type(Entry& e, const std::string& name, Owner owner, uint32_t offset);
  TypeId add_resource(const std::string& name, Owner owner);
  Result<Function> function(const Entry& e, const std::string& name, Owner owner, uint32_t offset);
  // Adds the exports of instance type `def` (in `frame`) missing from `into`.
  Result<void> merge_instance(const cb::TypeDef& def, Frame& frame, InterfaceId into);

  // --- packages and worlds (decode.cpp) ---
  PackageId package_for(const PackageName& name);
  Result<InterfaceId> interface_for(std::string_view name, uint32_t offset);
  Result<InterfaceId> instance_interface(const cb::ExternName& name, const Entry& type,
                                         std::optional<PackageId> anonymous_in);
  Result<void> component_type(const cb::TypeDef& def, Frame& frame, std::optional<WorldId> world);
  Result<PackageId> package_component(const cb::Component& c);
  Result<void> package_world(const Entry& wrapper, const cb::Decl& last, const ItemPath& path, PackageId pkg);

  // --- ordinary components (decode_component.cpp) ---
  Result<WorldId> root_world(const cb::Component& c);

  Resolve& r_;
  std::optional<WorldId> last_world;  // the last world a package component held

 private:
  Result<void> add_world_item(WorldId world, bool is_import, const cb::ExternName& name, const cb::ExternDesc& desc,
                              Frame& frame, uint32_t offset);
  Result<TypeDefKind> kind_of(const cb::TypeDef& def, Frame& frame, uint32_t limit);
  Result<Type> valtype(const cb::ValTypeDesc& v, Frame& frame, uint32_t limit, uint32_t offset);
  Result<std::optional<Type>> opt_valtype(const std::optional<cb::ValTypeDesc>& v, Frame& frame, uint32_t limit,
                                          uint32_t offset);
  std::optional<TypeId> find_owned_type(Owner owner, std::string_view name) const;

  // --- ordinary components ---
  Result<void> component_def(const cb::Component& c, const cb::Component::Definition& d, Frame& frame,
                             WorldId world);
  Result<void> component_alias(const cb::Alias& a, Frame& frame);
  Result<void> instantiate(const cb::InstanceDef& d, Frame& frame);
  Result<void> bind_import(const cb::ImportDef& imp, const cb::InstanceDef& d, Frame& outer, Frame& nf);
  void bag_export(const cb::ExportDef& ex, Frame& nf, InstanceRef& bag);
  Result<void> root_export(const cb::ExportDef& e, Frame& frame, WorldId world);
  Result<void> merge_bag(const InstanceRef& bag, InterfaceId into, uint32_t offset);

  std::deque<Frame> frames_;
  uint32_t depth_ = 0;  // conversion recursion, bounded for hostile input
  uint64_t work_ = 0;   // declarators and definitions walked, bounded likewise

 public:
  // Counts one declarator or definition walked: instantiating a nested component
  // walks it again, so a small hostile binary could ask for exponential work.
  Result<void> spend(uint32_t offset) {
    if (++work_ > (uint64_t{1} << 22)) return fail(offset, "the component is too large to describe in WIT");
    return {};
  }
};

}  // namespace weft::component::wit::detail

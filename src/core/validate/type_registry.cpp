// The process-wide registry of canonical types (see type_registry.h).
#include "core/validate/type_registry.h"

#include <mutex>

namespace weft::core {
namespace {

// How one recursion group's references are rewritten: to a position within the
// group (for its key) or to a canonical id (for its entries).
struct GroupMap {
  uint32_t start = 0, size = 0;
  std::span<const CanonType* const> outer;  // entries of the module's earlier types
  uint32_t base = 0;                        // id of the group's first entry
  bool relative = true;

  HeapType heap(HeapType h) const {
    if (!h.is_index()) return h;
    const uint32_t i = h.value();
    if (i >= start && i - start < size) return relative ? HeapType::rec_rel(i - start) : HeapType::canonical(base + i - start);
    return HeapType::canonical(outer[i]->id);
  }
  ValType val(ValType t) const { return t.is_ref() ? ValType::ref(heap(t.heap), t.nullable) : t; }
  uint32_t super(uint32_t s) const {
    if (s == SubType::kNoSuper) return s;
    if (s >= start && s - start < size) return relative ? (s - start) | HeapType::kRecRel : base + s - start;
    return outer[s]->id;
  }
  SubType type(const SubType& t) const {
    SubType out = t;
    for (ValType& v : out.func.params) v = val(v);
    for (ValType& v : out.func.results) v = val(v);
    for (FieldType& f : out.fields) f.type = val(f.type);
    out.super = super(t.super);
    out.rec_start = 0;
    out.rec_size = t.rec_size;
    return out;
  }
};

void put_u32(std::string& key, uint32_t v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); }

void put_val(std::string& key, ValType t) {
  key.push_back(char(t.code));
  if (t.is_ref()) {
    key.push_back(char(t.nullable));
    put_u32(key, t.heap.bits);
  }
}

// The group's key: every type after rewriting, in order.
std::string group_key(std::span<const SubType> group, const GroupMap& map) {
  std::string key;
  for (const SubType& original : group) {
    const SubType t = map.type(original);
    key.push_back(char(t.kind));
    key.push_back(char(t.final));
    put_u32(key, t.super);
    put_u32(key, uint32_t(t.func.params.size()));
    for (ValType v : t.func.params) put_val(key, v);
    put_u32(key, uint32_t(t.func.results.size()));
    for (ValType v : t.func.results) put_val(key, v);
    put_u32(key, uint32_t(t.fields.size()));
    for (const FieldType& f : t.fields) {
      put_val(key, f.type);
      key.push_back(char(f.packed));
      key.push_back(char(f.mut));
    }
  }
  return key;
}

}  // namespace

TypeRegistry& TypeRegistry::global() {
  static TypeRegistry registry;
  return registry;
}

std::vector<const CanonType*> TypeRegistry::intern(std::span<const SubType> types) {
  std::vector<const CanonType*> out;
  out.reserve(types.size());
  std::unique_lock lock(mu_);
  for (uint32_t start = 0; start < types.size();) {
    const uint32_t size = std::max<uint32_t>(1, types[start].rec_size);
    const std::span<const SubType> group = types.subspan(start, std::min<size_t>(size, types.size() - start));
    GroupMap map{start, uint32_t(group.size()), out, 0, true};
    auto [it, inserted] = groups_.try_emplace(group_key(group, map), uint32_t(types_.size()));
    if (inserted) {
      map.relative = false;
      map.base = it->second;
      for (uint32_t k = 0; k < group.size(); ++k) {
        CanonType& c = types_.emplace_back();
        c.id = map.base + k;
        c.type = map.type(group[k]);
      }
      // Supertypes come before their subtypes (checked by the caller), so each
      // display extends one that is complete.
      for (uint32_t k = 0; k < group.size(); ++k) {
        CanonType& c = types_[map.base + k];
        if (c.type.super != SubType::kNoSuper) c.display = types_[c.type.super].display;
        c.display.push_back(&c);
      }
    }
    for (uint32_t k = 0; k < group.size(); ++k) out.push_back(&types_[it->second + k]);
    start += uint32_t(group.size());
  }
  return out;
}

const CanonType* TypeRegistry::intern_func(const FuncType& type) {
  SubType t;
  t.func = type;
  return intern(std::span<const SubType>(&t, 1))[0];
}

const CanonType* TypeRegistry::get(uint32_t id) const {
  std::shared_lock lock(mu_);
  return id < types_.size() ? &types_[id] : nullptr;
}

size_t TypeRegistry::size() const {
  std::shared_lock lock(mu_);
  return types_.size();
}

}  // namespace weft::core

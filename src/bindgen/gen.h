// The C++ bindings generator's state, shared by its parts: names (gen_names.cpp),
// declarations (gen_decls.cpp), canonical ABI code (gen_abi.cpp) and function glue
// (gen_funcs.cpp). Internal to weft_bindgen.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bindgen/abi.h"
#include "bindgen/cpp.h"

namespace weft::bindgen {

using namespace component::wit;

// C++ code being written: lines with indentation, and fresh local names.
struct Code {
  std::string text;
  int depth = 1;
  int* counter = nullptr;  // shared between the blocks of one function
  int own_counter = 0;

  void line(const std::string& s) {
    text.append(size_t(depth) * 2, ' ');
    text += s;
    text += '\n';
  }
  std::string tmp(const char* prefix = "t") {
    int& c = counter ? *counter : own_counter;
    return prefix + std::to_string(c++);
  }
};

// A flat core value: its core type and the C++ expression holding it.
struct FlatVal {
  Flat type;
  std::string expr;
};

// How a value crosses: which way, so strings, lists and handles take the right C++ form.
enum class Dir : uint8_t {
  ImportParam,   // the guest passes it to an import: views (string_view, span, const&)
  ImportResult,  // an import returns it: owned
  ExportParam,   // the world's export receives it: owned
  ExportResult,  // the world's export returns it: owned
  Definition,    // the structure of a named type, for its declaration
};

class Generator {
 public:
  Generator(const Resolve& r, WorldId world, const CppOptions& options);
  Result<std::vector<GeneratedFile>> run();

  // ---- names (gen_names.cpp) ----
  static std::string snake(std::string_view kebab);
  static std::string pascal(std::string_view kebab);
  static std::string escape(std::string name);
  // The C++ namespace of an interface ("cyber::math::operations"), with the
  // `exports::` prefix when the world exports it.
  std::string interface_ns(InterfaceId id) const;
  std::string world_ns(bool exported) const;
  std::string owner_ns(const TypeDef& def) const;
  std::string qualified(TypeId id) const;  // "::cyber::math::operations::Point"
  bool is_exported_resource(TypeId resource) const;
  TypeId resource_of(TypeId handle_or_resource) const;

  // ---- C++ types ----
  Result<std::string> cpp_type(Type t, Dir dir) const;
  Result<std::string> cpp_kind(const TypeDef& def, Dir dir) const;
  // Whether values of `t` are laid out in C++ exactly as in canonical ABI memory.
  bool is_plain(Type t) const;

  // ---- canonical ABI code (gen_abi.cpp) ----
  // `sink` names an allocator object (`.alloc(size, align)`) for memory the lowering needs.
  Result<void> lower_flat(Code& c, Type t, const std::string& v, std::vector<FlatVal>& out,
                          const std::string& sink);
  Result<std::string> lift_flat(Code& c, Type t, const std::vector<FlatVal>& in, size_t& pos, Dir dir);
  Result<void> store(Code& c, Type t, const std::string& ptr, const std::string& v, const std::string& sink);
  Result<std::string> load(Code& c, Type t, const std::string& ptr, Dir dir);

  // ---- declarations (gen_decls.cpp) ----
  Result<void> declare_interface(std::string& h, InterfaceId id, bool exported);
  Result<void> declare_type(std::string& h, TypeId id, bool exported,
                            const std::vector<const Function*>& resource_funcs);
  Result<void> declare_resource(std::string& h, TypeId id, const std::vector<const Function*>& funcs,
                                bool exported);
  Result<std::string> function_signature(const Function& f, bool exported, const std::string& name) const;

  // ---- glue (gen_funcs.cpp) ----
  Result<void> import_function(std::string& cpp, const Function& f, const std::string& module,
                               const std::string& cpp_name);
  Result<void> export_function(std::string& cpp, const Function& f, const std::string& export_name,
                               const std::string& cpp_name);
  Result<void> resource_glue(std::string& cpp, TypeId resource, const std::string& module, bool exported);
  std::string core_symbol(const std::string& module, const std::string& name);
  // The C++ name of a resource intrinsic ("new", "rep", "drop", "take") in the glue.
  std::string intrinsic(TypeId resource, const char* what) const;

 private:
  Result<std::string> lift_string_or_list(Code& c, Type elem, bool is_string, const std::string& ptr,
                                          const std::string& len, Dir dir);
  Result<void> lower_variant(Code& c, const std::vector<std::optional<Type>>& cases, const std::string& index,
                             const std::vector<std::string>& payloads, std::vector<FlatVal>& out,
                             const std::string& sink);
  Result<std::pair<std::string, std::string>> list_buffer(Code& c, const TypeDefKind& kind,
                                                          const std::string& v, const std::string& sink);
  std::string make_case(const TypeDefKind& kind, const std::string& type, size_t i,
                        const std::string& payload) const;
  Result<std::string> lift_cases(Code& c, Type t, const std::string& disc,
                                 const std::function<Result<std::string>(size_t, Type)>& payload, Dir dir);
  Result<std::string> lift_handle(Type t, const std::string& x);
  Result<std::string> aggregate(Code& c, const std::string& type, const std::vector<Type>& members,
                                const std::function<Result<std::string>(Type)>& one);
  Error unsupported(const std::string& what) const;

  const Resolve& r_;
  WorldId world_;
  CppOptions options_;
  std::set<uint32_t> exported_interfaces_;
  std::set<std::string> symbols_;
};

}  // namespace weft::bindgen

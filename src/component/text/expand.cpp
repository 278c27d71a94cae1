// Expansion of the text format's abbreviations into plain definitions.
// spec: Explainer.md (inline type definitions, inline exports, inline instance
// arguments); ordering as in wasm-tools' `wast` crate, whose output we compare with.
#include <map>

#include "component/text/passes.h"

namespace weft::component::text {
namespace {

using AnyType = std::variant<CoreTypeField, TypeField>;

class Expander {
 public:
  explicit Expander(Gensym& gensym) : gensym_(gensym) {}

  void fields(std::vector<Field>& fields);

 private:
  void field(Field& f);
  void append_exports(std::vector<ExternName>& names, std::optional<Id>& id, Sort sort, Span span);
  void core_instance(CoreInstanceField& inst);
  void instance(InstanceField& inst);
  void item_sig(ItemSig& sig);
  void type_use(TypeUse& use);
  void core_type_use(TypeUse& use);
  void type_def(TypeDef& def);
  void defined(DefinedType& def);
  void val(ValType& t);
  void decls(std::vector<Decl>& decls);
  void module_type(std::vector<ModuleDecl>& decls);

  Gensym& gensym_;
  std::vector<AnyType> types_to_prepend_;
  std::vector<Field> fields_to_prepend_;
  std::vector<Field> fields_to_append_;
};

void Expander::fields(std::vector<Field>& fields) {
  for (size_t cur = 0; cur < fields.size();) {
    field(fields[cur]);
    std::vector<Field> before;
    for (AnyType& t : types_to_prepend_) {
      if (auto* core = std::get_if<CoreTypeField>(&t)) {
        before.emplace_back(std::move(*core));
      } else {
        before.emplace_back(std::move(std::get<TypeField>(t)));
      }
    }
    for (Field& f : fields_to_prepend_) before.push_back(std::move(f));
    types_to_prepend_.clear();
    fields_to_prepend_.clear();
    size_t amount = before.size();
    fields.insert(fields.begin() + ptrdiff_t(cur), std::make_move_iterator(before.begin()),
                  std::make_move_iterator(before.end()));
    cur += amount + 1;
  }
  for (Field& f : fields_to_append_) fields.push_back(std::move(f));
  fields_to_append_.clear();
}

void Expander::append_exports(std::vector<ExternName>& names, std::optional<Id>& id, Sort sort, Span span) {
  for (ExternName& name : names) {
    gensym_.fill(id, span);
    ExportField exp;
    exp.span = span;
    exp.name = std::move(name);
    exp.ref = ItemRef{sort, Index::named(*id), {}};
    fields_to_append_.emplace_back(std::move(exp));
  }
  names.clear();
}

void Expander::field(Field& f) {
  std::visit(
      [&](auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, CoreModuleField>) {
          append_exports(x.exports, x.id, Sort::CoreModule, x.span);
        } else if constexpr (std::is_same_v<T, CoreInstanceField>) {
          core_instance(x);
        } else if constexpr (std::is_same_v<T, CoreTypeField>) {
          if (x.def.kind == CoreTypeDef::Kind::Module) module_type(x.def.module);
        } else if constexpr (std::is_same_v<T, ComponentField>) {
          append_exports(x.exports, x.id, Sort::Component, x.span);
          Expander(gensym_).fields(x.fields);
        } else if constexpr (std::is_same_v<T, InstanceField>) {
          append_exports(x.exports, x.id, Sort::Instance, x.span);
          instance(x);
        } else if constexpr (std::is_same_v<T, AliasField>) {
          append_exports(x.exports, x.id, x.sort, x.span);
        } else if constexpr (std::is_same_v<T, TypeField>) {
          append_exports(x.exports, x.id, Sort::Type, x.span);
          type_def(x.def);
        } else if constexpr (std::is_same_v<T, CanonField>) {
          append_exports(x.exports, x.id, Sort::Func, x.span);
          if (x.op == "lift") type_use(x.type);
          if (x.result) val(*x.result);
        } else if constexpr (std::is_same_v<T, ImportField>) {
          append_exports(x.exports, x.item.id, x.item.sort, x.span);
          item_sig(x.item);
        } else if constexpr (std::is_same_v<T, ExportField>) {
          if (x.type) item_sig(*x.type);
        }
      },
      f);
}

void Expander::core_instance(CoreInstanceField& inst) {
  for (CoreInstanceField::Arg& arg : inst.args) {
    if (!arg.bundle) continue;
    CoreInstanceField bundle;
    bundle.span = arg.span;
    bundle.id = gensym_.make(arg.span);
    bundle.exports = std::move(arg.exports);
    arg.instance = ItemRef{Sort::CoreInstance, Index::named(*bundle.id), {}};
    arg.bundle = false;
    fields_to_prepend_.emplace_back(std::move(bundle));
  }
}

void Expander::instance(InstanceField& inst) {
  for (InstanceField::Arg& arg : inst.args) {
    if (!arg.bundle) continue;
    InstanceField bundle;
    bundle.span = arg.span;
    bundle.id = gensym_.make(arg.span);
    bundle.items = std::move(arg.exports);
    arg.ref = ItemRef{Sort::Instance, Index::named(*bundle.id), {}};
    arg.bundle = false;
    fields_to_prepend_.emplace_back(std::move(bundle));
  }
}

void Expander::item_sig(ItemSig& sig) {
  switch (sig.sort) {
    case Sort::CoreModule: core_type_use(sig.use); break;
    case Sort::Func:
    case Sort::Component:
    case Sort::Instance: type_use(sig.use); break;
    case Sort::Value:
      if (sig.value) val(*sig.value);
      break;
    default: break;
  }
}

// An inline type becomes a type definition just before the definition using it
// (after the ones its own inline types became).
void Expander::type_use(TypeUse& use) {
  if (use.ref || !use.inline_def) return;
  type_def(*use.inline_def);
  TypeField type;
  type.id = gensym_.make();
  type.def = std::move(*use.inline_def);
  use.inline_def.reset();
  use.ref = ItemRef{Sort::Type, Index::named(*type.id), {}};
  types_to_prepend_.emplace_back(std::move(type));
}

void Expander::core_type_use(TypeUse& use) {
  if (use.ref || !use.inline_core_def) return;
  module_type(use.inline_core_def->module);
  CoreTypeField type;
  type.id = gensym_.make();
  type.def = std::move(*use.inline_core_def);
  use.inline_core_def.reset();
  use.ref = ItemRef{Sort::CoreType, Index::named(*type.id), {}};
  types_to_prepend_.emplace_back(std::move(type));
}

void Expander::type_def(TypeDef& def) {
  switch (def.kind) {
    case TypeDef::Kind::Defined: defined(def.defined); break;
    case TypeDef::Kind::Func:
      for (TypeMember& p : def.func.params)
        if (p.type) val(*p.type);
      if (def.func.result) val(*def.func.result);
      break;
    case TypeDef::Kind::Component:
    case TypeDef::Kind::Instance: decls(def.decls); break;
    case TypeDef::Kind::Resource: break;
  }
}

void Expander::defined(DefinedType& def) {
  for (TypeMember& m : def.members)
    if (m.type) val(*m.type);
}

void Expander::val(ValType& t) {
  if (t.kind != ValType::Kind::Inline) return;
  defined(*t.def);
  TypeField type;
  type.id = gensym_.make();
  type.def.kind = TypeDef::Kind::Defined;
  type.def.defined = std::move(*t.def);
  t.def.reset();
  t.kind = ValType::Kind::Ref;
  t.ref = Index::named(*type.id);
  types_to_prepend_.emplace_back(std::move(type));
}

// Declarators of component and instance types: their inline types become
// declarators of the same type, before the one using them.
void Expander::decls(std::vector<Decl>& decls) {
  Expander inner(gensym_);
  for (size_t cur = 0; cur < decls.size();) {
    Decl& d = decls[cur];
    switch (d.kind) {
      case Decl::Kind::CoreType:
        if (d.core_type->def.kind == CoreTypeDef::Kind::Module) inner.module_type(d.core_type->def.module);
        break;
      case Decl::Kind::Type: inner.type_def(d.type->def); break;
      case Decl::Kind::Alias: break;
      case Decl::Kind::Import:
      case Decl::Kind::Export: inner.item_sig(d.import->item); break;
    }
    std::vector<Decl> before;
    for (AnyType& t : inner.types_to_prepend_) {
      Decl decl;
      if (auto* core = std::get_if<CoreTypeField>(&t)) {
        decl.kind = Decl::Kind::CoreType;
        decl.core_type = std::make_unique<CoreTypeField>(std::move(*core));
      } else {
        decl.kind = Decl::Kind::Type;
        decl.type = std::make_unique<TypeField>(std::move(std::get<TypeField>(t)));
      }
      before.push_back(std::move(decl));
    }
    inner.types_to_prepend_.clear();
    size_t amount = before.size();
    decls.insert(decls.begin() + ptrdiff_t(cur), std::make_move_iterator(before.begin()),
                 std::make_move_iterator(before.end()));
    cur += amount + 1;
  }
}

std::string func_key(const CoreFuncType& type) {
  std::string key;
  auto add = [&](const CoreValType& t) {
    key += char(t.code);
    key += char(t.ref) + char(t.nullable) * 2 + char(t.concrete) * 4;
    key += char(t.heap);
    if (t.concrete) key += t.type.is_id ? "$" + t.type.id.name + std::to_string(t.type.id.gensym)
                                        : std::to_string(t.type.num);
    key += ',';
  };
  for (const CoreValType& t : type.params) add(t);
  key += "->";
  for (const CoreValType& t : type.results) add(t);
  return key;
}

// A module type's inline function signatures reuse an earlier `(type (func))`
// declarator with the same signature, or get a new one just before.
void Expander::module_type(std::vector<ModuleDecl>& decls) {
  std::map<std::string, Index> func_types;
  for (size_t i = 0; i < decls.size();) {
    ModuleDecl& d = decls[i];
    std::vector<ModuleDecl> before;
    if (d.kind == ModuleDecl::Kind::Type) {
      gensym_.fill(d.id, d.span);
      func_types[func_key(d.type)] = Index::named(*d.id);
    } else if (d.kind == ModuleDecl::Kind::Import || d.kind == ModuleDecl::Kind::Export) {
      CoreExternType& ext = d.extern_type;
      if ((ext.kind == 0 || ext.kind == 4) && !ext.func.index) {
        CoreFuncType sig = ext.func.inline_type.value_or(CoreFuncType{});
        ext.func.inline_type.reset();
        auto found = func_types.find(func_key(sig));
        if (found != func_types.end()) {
          ext.func.index = found->second;
        } else {
          ModuleDecl type;
          type.kind = ModuleDecl::Kind::Type;
          type.span = d.span;
          type.id = gensym_.make(d.span);
          type.type = std::move(sig);
          ext.func.index = Index::named(*type.id);
          before.push_back(std::move(type));
        }
      }
    }
    size_t amount = before.size();
    decls.insert(decls.begin() + ptrdiff_t(i), std::make_move_iterator(before.begin()),
                 std::make_move_iterator(before.end()));
    i += amount + 1;
  }
}

}  // namespace

void expand(ComponentField& component, Gensym& gensym) { Expander(gensym).fields(component.fields); }

}  // namespace weft::component::text

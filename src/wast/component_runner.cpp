// The component script runner: scripts with `(component ...)` units, their
// instances and definitions, component-value actions and assertions, over one
// core store and component runtime per script.
#include <fmt/format.h>

#include <map>
#include <set>
#include <optional>

#include "component/link/linker.h"
#include "core/validate/validator.h"
#include "component/text/component_wat.h"
#include "component/text/script.h"
#include "core/text/script.h"
#include "wast/component_runner.h"
#include "wast/component_values.h"

namespace weft::wast {

namespace {

// What Wasmtime's embedding refuses in a valid root component, in its words: it
// cannot supply component imports, export components, or export an imported
// function as it is (its exports must be lifted or come from instances).
std::optional<std::string> wasmtime_restriction(const component::Component& c) {
  using Kind = component::Component::DefKind;
  std::vector<bool> imported;  // the func index space: is each an import, as it is?
  for (const auto& d : c.definitions) {
    if (d.kind == Kind::Import) {
      const auto& imp = c.imports[d.index];
      if (imp.desc.kind == component::ExternKind::Component) return "root-level component imports are not supported";
      if (imp.desc.kind == component::ExternKind::Func) imported.push_back(true);
    } else if (d.kind == Kind::Export) {
      const auto& e = c.exports[d.index];
      if (e.item.sort == component::Sort::Component)
        return "exporting a component from the root component is not supported";
      if (e.item.sort != component::Sort::Func) continue;
      const bool reexport = e.item.index < imported.size() && imported[e.item.index];
      if (reexport)
        return fmt::format("component export `{}` is a reexport of an imported function which is not implemented",
                           e.name.name);
      imported.push_back(false);
    } else if (d.kind == Kind::Alias && c.aliases[d.index].sort == component::Sort::Func) {
      imported.push_back(false);
    } else if (d.kind == Kind::Canon && c.canons[d.index].op == 0x00) {  // lift
      imported.push_back(false);
    }
  }
  return std::nullopt;
}

namespace ct = component::text;
using component::RtInstancePtr;
using component::RtItem;
using component::Val;

class ComponentRunner {
 public:
  ComponentRunner(std::string name, const WastOptions& options) : name_(std::move(name)), options_(options) {
    rt_.policy().same_instance_calls_trap = options.wasmtime;
    if (options.wasmtime) rt_.policy().max_string_byte_length = (1ull << 31) - 1;
    define_harness();
  }

  void run(const ct::Script& script) {
    report_.skipped += uint32_t(script.unsupported.size());
    for (const auto& cmd : script.commands) {
      line_ = cmd.span.line;
      std::visit([&](const auto& c) { run_command(c); }, cmd.command);
    }
  }
  WastReport take_report() { return std::move(report_); }

 private:
  void pass() { ++report_.passed; }
  void fail(const std::string& what) {
    ++report_.failed;
    report_.failures.push_back(fmt::format("{}:{}: {}", name_, line_, what));
  }
  void skip(const std::string& why) {
    ++report_.skipped;
    if (options_.verbose) report_.failures.push_back(fmt::format("{}:{}: skipped: {}", name_, line_, why));
  }
  static bool unsupported(const Error& e) { return e.message.starts_with("not supported yet"); }

  Result<std::vector<uint8_t>> bytes_of(const ct::ScriptUnit& u) {
    const core::text::ScriptModule& m = u.module;
    if (m.form == core::text::ScriptModule::Form::Quote)
      return u.component ? ct::parse_component_fields(m.quote) : core::text::parse_wat_module(m.quote);
    return m.binary;
  }

  Result<component::ValidatedComponentPtr> load(const ct::ScriptUnit& u) {
    WEFT_TRY(bytes, bytes_of(u));
    WEFT_TRY(vc, component::load_component(bytes, options_.features));
    if (options_.wasmtime)
      if (auto why = wasmtime_restriction(vc->component)) return make_error(Phase::Validate, {}, *why);
    return vc;
  }

  // The host items the Wasmtime component scripts import from their test harness.
  void define_harness() {
    auto constant = [](uint32_t v) {
      return [v](component::Runtime&, component::InstanceState*, std::span<const Val>, std::vector<Val>& out) -> Result<void> {
        out.push_back(Val::u32(v));
        return {};
      };
    };
    harness_.define_func("host-return-two", constant(2));
    harness_.define_func_at({"host", "return-two"}, constant(2));
    harness_.define_func_at({"host", "return-three"}, constant(3));
    harness_.define_func_at({"host", "nested", "return-four"}, constant(4));
    define_harness_resources();
    // Wasmtime's async harness (host functions that complete later, store knobs of
    // its async tests): present, so that components link, but "not supported yet"
    // when called, which the runner counts as skipped, like the async ABI itself.
    auto async_only = [](std::string what) {
      return [what](component::Runtime&, component::InstanceState*, std::span<const Val>, std::vector<Val>&) -> Result<void> {
        return make_error(Phase::Host, {}, "not supported yet: Wasmtime's async harness function `" + what + "`");
      };
    };
    for (const char* f : {"return-two-slowly", "return-hi", "echo-slowly", "[method]resource1.never-return"})
      harness_.define_func_at({"host", f}, async_only(std::string("host ") + f));
    harness_.define_func("host-echo-u32", async_only("host-echo-u32"));
    harness_.define_func_at({"wasmtime", "set-max-table-capacity"}, async_only("wasmtime set-max-table-capacity"));
    auto wat = core::text::parse_wat_module(
        "(module (func (export \"f\") (result i32) i32.const 101) (global (export \"g\") i32 (i32.const 100)))");
    if (auto m = wat ? core::load_module(*wat) : std::unexpected(wat.error())) harness_.define_at({"host", "simple-module"}, RtItem::of(*m));
  }

  // Wasmtime's harness resources: resource1 (with resource1-again, the same type)
  // and resource2, implemented by the host, counting resource1's drops.
  void define_harness_resources() {
    using component::HostFunc;
    uint32_t r1 = rt_.new_host_resource_type("resource1", [this](uint32_t rep) -> Result<void> {
      ++drops_, last_drop_ = rep;
      return {};
    });
    uint32_t r2 = rt_.new_host_resource_type("resource2");
    harness_.define_at({"host", "resource1"}, RtItem::type(r1));
    harness_.define_at({"host", "resource1-again"}, RtItem::type(r1));
    harness_.define_at({"host", "resource2"}, RtItem::type(r2));
    auto fn = [this](std::function<Result<void>(std::span<const Val>, std::vector<Val>&)> f) -> HostFunc {
      return [f](component::Runtime&, component::InstanceState*, std::span<const Val> a, std::vector<Val>& out) { return f(a, out); };
    };
    auto check = [](bool ok) -> Result<void> {
      if (!ok) return make_error(Phase::Host, {}, "harness assertion failed");
      return {};
    };
    harness_.define_func_at({"host", "[constructor]resource1"}, fn([r1](std::span<const Val> a, std::vector<Val>& out) -> Result<void> {
      out.push_back(Val::own(r1, uint32_t(a[0].bits)));
      return {};
    }));
    harness_.define_func_at({"host", "[static]resource1.assert"}, fn([this, check](std::span<const Val> a, std::vector<Val>&) -> Result<void> {
      WEFT_CHECK(check(a[0].bits == a[1].bits));
      return component::drop_own(rt_, a[0]);
    }));
    harness_.define_func_at({"host", "[static]resource1.last-drop"}, fn([this](std::span<const Val>, std::vector<Val>& out) -> Result<void> {
      out.push_back(Val::u32(last_drop_));
      return {};
    }));
    harness_.define_func_at({"host", "[static]resource1.drops"}, fn([this](std::span<const Val>, std::vector<Val>& out) -> Result<void> {
      out.push_back(Val::u32(drops_));
      return {};
    }));
    harness_.define_func_at({"host", "[method]resource1.simple"}, fn([check](std::span<const Val> a, std::vector<Val>&) {
      return check(a[0].bits == a[1].bits);
    }));
    harness_.define_func_at({"host", "[method]resource1.take-borrow"}, fn([](std::span<const Val>, std::vector<Val>&) -> Result<void> {
      return {};
    }));
    harness_.define_func_at({"host", "[method]resource1.take-own"}, fn([this](std::span<const Val> a, std::vector<Val>&) {
      return component::drop_own(rt_, a[1]);
    }));
  }

  // Imports come from registered instances first, then the harness's host items,
  // then nothing for value types (all in harness_).
  Result<RtInstancePtr> instantiate(const component::ValidatedComponentPtr& vc) { return harness_.instantiate(rt_, vc); }

  // A unit or instance that could not be made: later actions on it are skipped
  // (when it was not supported) or fail (when it should have worked).
  void lost(const std::optional<std::string>& name, const Error& e, const std::string& what) {
    current_ = nullptr;
    current_skipped_ = unsupported(e);
    if (name) {
      instances_.erase(*name);
      if (current_skipped_) skipped_names_.insert(*name);
    }
    current_skipped_ ? skip(e.message) : fail(what + e.to_string());
  }

  void made(const std::optional<std::string>& name, RtInstancePtr inst) {
    current_ = inst;
    current_skipped_ = false;
    if (name) {
      instances_[*name] = inst, skipped_names_.erase(*name);
      harness_.define(*name, RtItem::of(inst));  // as Wasmtime's runner does: $foo is importable as "foo"
    }
    pass();
  }

  void run_command(const ct::CmdUnit& c) {
    const auto& m = c.unit.module;
    if (!c.unit.component) return skip("core module in a component script");
    auto vc = load(c.unit);
    if (!vc) return lost(m.definition ? std::nullopt : m.name, vc.error(), "component failed to load: ");
    if (m.definition) {
      if (m.name) definitions_[*m.name] = *vc;
      return pass();
    }
    auto inst = instantiate(*vc);
    if (!inst) return lost(m.name, inst.error(), "instantiation failed: ");
    made(m.name, *inst);
  }

  void run_command(const ct::CmdInstance& c) {
    if (!c.component) return skip("core module instance in a component script");
    auto d = definitions_.find(c.definition);
    if (d == definitions_.end()) {
      Error e = make_error(Phase::Usage, {}, "unknown component definition $" + c.definition).error();
      return lost(c.instance, e, "");
    }
    auto inst = instantiate(d->second);
    if (!inst) return lost(c.instance, inst.error(), "instantiation failed: ");
    made(c.instance, *inst);
  }

  void run_command(const ct::CmdRegister& c) {
    auto inst = find_instance(c.instance);
    if (!inst) return fail(inst.error().message);
    harness_.define(c.as, RtItem::of(*inst));
    pass();
  }

  Result<RtInstancePtr> find_instance(const std::optional<std::string>& name) {
    if (!name) {
      if (!current_ && current_skipped_) return make_error(Phase::Usage, {}, "not supported yet: its instance was skipped");
      if (!current_) return make_error(Phase::Usage, {}, "no current component instance");
      return current_;
    }
    if (skipped_names_.count(*name)) return make_error(Phase::Usage, {}, "not supported yet: its instance was skipped");
    auto it = instances_.find(*name);
    if (it == instances_.end()) return make_error(Phase::Usage, {}, "unknown instance $" + *name);
    return it->second;
  }

  struct Outcome {
    Result<std::vector<Val>> values;
    component::FuncInstPtr func;
  };

  Result<Outcome> perform(const ct::Action& a) {
    WEFT_TRY(inst, find_instance(a.instance));
    const RtItem* item = inst->find(a.field);
    if (!item || !item->func) return make_error(Phase::Usage, {}, fmt::format("no exported function \"{}\"", a.field));
    const component::FuncInst& f = *item->func;
    if (a.args.size() != f.params.size()) return make_error(Phase::Usage, {}, "wrong number of arguments");
    std::vector<Val> args;
    for (size_t i = 0; i < a.args.size(); ++i) {
      WEFT_TRY(v, to_component_val(a.args[i], *f.types, f.params[i]));
      args.push_back(std::move(v));
    }
    return Outcome{component::call_func(rt_, f, nullptr, args), item->func};
  }

  void run_command(const ct::CmdAction& c) {
    auto r = perform(c.action);
    if (!r && unsupported(r.error())) return skip(r.error().message);
    if (!r) return fail("action failed: " + r.error().to_string());
    if (!r->values) return fail("action failed: " + r->values.error().to_string());
    pass();
  }

  bool matches(const std::vector<Val>& got, const std::vector<ct::ScriptValue>& want, const component::FuncInst& f) {
    if (got.size() != want.size()) return false;
    for (size_t i = 0; i < got.size(); ++i)
      if (!component_result_matches(got[i], want[i], *f.types, f.results[i])) return false;
    return true;
  }

  void run_command(const ct::CmdAssertReturn& c) {
    auto r = perform(c.action);
    if (!r) return unsupported(r.error()) ? skip(r.error().message) : fail("cannot perform: " + r.error().to_string());
    if (!r->values) return fail("expected values, got " + r->values.error().to_string());
    for (const auto& alt : c.expected_alternatives)
      if (matches(*r->values, alt, *r->func)) return pass();
    std::string got;
    for (const Val& v : *r->values) got += (got.empty() ? "" : ", ") + format_component_val(v);
    fail(fmt::format("result ({}) does not match the expected values", got));
  }

  void expect_trap(const ct::Action& action, const std::string& message) {
    auto r = perform(action);
    if (!r) return unsupported(r.error()) ? skip(r.error().message) : fail("cannot perform: " + r.error().to_string());
    if (r->values) return fail(fmt::format("expected trap \"{}\", got values", message));
    const Error& e = r->values.error();
    if (unsupported(e)) return skip(e.message);
    if (!component_messages_agree(e.message, message))
      return fail(fmt::format("expected trap \"{}\", got \"{}\"", message, e.to_string()));
    pass();
  }

  void run_command(const ct::CmdAssertTrap& c) { expect_trap(c.action, c.message); }
  void run_command(const ct::CmdAssertExhaustion& c) { expect_trap(c.action, c.message); }

  void run_command(const ct::CmdAssertUninstantiable& c) {
    if (!c.unit.component) return skip("core module in a component script");
    auto vc = load(c.unit);
    if (!vc) return fail("component failed to load: " + vc.error().to_string());
    auto inst = instantiate(*vc);
    if (inst) return fail(fmt::format("expected instantiation to trap \"{}\"", c.message));
    if (unsupported(inst.error())) return skip(inst.error().message);
    if (!component_messages_agree(inst.error().message, c.message))
      return fail(fmt::format("expected trap \"{}\" at instantiation, got {}", c.message, inst.error().to_string()));
    pass();
  }

  void run_command(const ct::CmdAssertUnlinkable& c) {
    if (!c.unit.component) return skip("core module in a component script");
    auto vc = load(c.unit);
    if (!vc) return fail("component failed to load: " + vc.error().to_string());
    auto inst = instantiate(*vc);
    if (inst) return fail(fmt::format("expected link error \"{}\"", c.message));
    if (inst.error().phase != Phase::Link) return fail("expected a link error, got " + inst.error().to_string());
    pass();
  }

  void run_command(const ct::CmdAssertMalformed& c) {
    auto bytes = bytes_of(c.unit);
    if (bytes && !c.unit.component) return skip("core module in a component script");
    auto vc = bytes ? component::load_component(*bytes, options_.features) : std::unexpected(bytes.error());
    if (vc) return fail(fmt::format("expected malformed component \"{}\", but it loaded", c.message));
    pass();
  }

  void run_command(const ct::CmdAssertInvalid& c) {
    if (!c.unit.component) return skip("core module in a component script");
    auto vc = load(c.unit);
    if (vc) return fail(fmt::format("expected invalid component \"{}\", but it validated", c.message));
    if (vc.error().phase != Phase::Validate && vc.error().phase != Phase::Decode)
      return fail("expected an invalid component, got " + vc.error().to_string());
    pass();
  }

  std::string name_;
  const WastOptions& options_;
  core::Store store_;
  component::Runtime rt_{store_};
  WastReport report_;
  uint32_t line_ = 0;
  component::Linker harness_;  // the harness's host items and the registered instances
  uint32_t drops_ = 0, last_drop_ = ~0u;
  std::map<std::string, RtInstancePtr> instances_;
  std::map<std::string, component::ValidatedComponentPtr> definitions_;
  RtInstancePtr current_;
  bool current_skipped_ = false;
  std::set<std::string> skipped_names_;
};

}  // namespace

bool is_component_script(std::string_view source) { return source.find("(component") != std::string_view::npos; }

Result<WastReport> run_component_script(std::string_view source, const std::string& name, const WastOptions& options) {
  auto script = ct::parse_script(source);
  if (!script) {
    Error e = script.error();
    e.file = name;
    return std::unexpected(e);
  }
  WastOptions opts = options;
  // Wasmtime's scripts configure its harness in `;;! key = value` lines; weft honours
  // the two that switch component features: `implements` (on unless turned off) and
  // the GC ABI's options (off unless turned on; weft itself always accepts them).
  if (opts.wasmtime && source.find(";;! component_model_implements = false") != std::string_view::npos)
    opts.features.cm_implements = false;
  if (opts.wasmtime && source.find(";;! component_model_gc = true") == std::string_view::npos)
    opts.features.cm_gc = false;
  ComponentRunner runner(name, opts);
  runner.run(*script);
  return runner.take_report();
}

}  // namespace weft::wast

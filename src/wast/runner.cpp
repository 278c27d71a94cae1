// The script runner: one Store per script, a registry of named modules, and one
// method per command kind.
#include "wast/runner.h"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "core/binary/decoder.h"
#include "core/interp/trap.h"
#include "core/runtime/store.h"
#include "core/text/script.h"
#include "core/validate/validator.h"
#include "support/file.h"
#include "wast/component_runner.h"
#include "wast/spectest.h"
#include "wast/values.h"

namespace weft::wast {
namespace {

using core::text::ScriptModule;

class ScriptRunner {
 public:
  ScriptRunner(std::string name, const WastOptions& options) : name_(std::move(name)), options_(options) {
    registry_["spectest"] = make_spectest(store_);
  }

  void run(const core::text::Script& script) {
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
  void skip() { ++report_.skipped; }

  // --- loading ---
  Result<core::ValidatedModulePtr> load(const ScriptModule& m) {
    if (m.form == ScriptModule::Form::Quote) {
      WEFT_TRY(bytes, core::text::parse_wat_module(m.quote));
      return core::load_module(bytes, options_.features);
    }
    if (!m.binary) return std::unexpected(m.binary.error());
    return core::load_module(*m.binary, options_.features);
  }

  Result<std::vector<core::Extern>> resolve_imports(const core::ValidatedModule& vm) {
    const core::Module& module = vm.module;
    std::vector<core::Extern> externs;
    for (const core::Import& imp : module.imports) {
      auto reg = registry_.find(imp.module);
      const core::Extern* found = nullptr;
      if (reg != registry_.end()) {
        auto it = reg->second.find(imp.name);
        if (it != reg->second.end()) found = &it->second;
      }
      if (!found) {
        return make_error(Phase::Link, Span::at(imp.offset), fmt::format("unknown import \"{}\" \"{}\"", imp.module, imp.name));
      }
      WEFT_CHECK(core::match_import(store_, imp, vm, *found));
      externs.push_back(*found);
    }
    return externs;
  }

  Result<core::InstanceAddr> instantiate(const core::ValidatedModulePtr& vm) {
    WEFT_TRY(externs, resolve_imports(*vm));
    return store_.instantiate(vm, externs);
  }

  void bind_instance(const std::optional<std::string>& name, core::InstanceAddr inst) {
    current_ = inst;
    if (name) instances_[*name] = inst;
  }

  // --- commands ---
  void run_command(const core::text::CmdModule& c) {
    auto vm = load(c.module);
    if (!vm) return fail("module failed to load: " + vm.error().to_string());
    if (c.module.definition) {
      if (c.module.name) definitions_[*c.module.name] = *vm;
      return pass();
    }
    auto inst = instantiate(*vm);
    if (!inst) return fail("module failed to instantiate: " + inst.error().to_string());
    bind_instance(c.module.name, *inst);
    if (c.module.name) definitions_[*c.module.name] = *vm;
    pass();
  }

  void run_command(const core::text::CmdModuleInstance& c) {
    auto def = definitions_.find(c.definition);
    if (def == definitions_.end()) return fail(fmt::format("unknown module definition ${}", c.definition));
    auto inst = instantiate(def->second);
    if (!inst) return fail("module failed to instantiate: " + inst.error().to_string());
    bind_instance(c.instance, *inst);
    pass();
  }

  void run_command(const core::text::CmdRegister& c) {
    auto inst = find_instance(c.module);
    if (!inst) return fail(inst.error().message);
    ExportMap exports;
    for (auto& [name, ext] : store_.exports(*inst)) exports[name] = ext;
    registry_[c.as] = std::move(exports);
    pass();
  }

  Result<core::InstanceAddr> find_instance(const std::optional<std::string>& name) {
    if (name) {
      auto it = instances_.find(*name);
      if (it == instances_.end()) return make_error(Phase::Usage, {}, fmt::format("unknown module ${}", *name));
      return it->second;
    }
    if (!current_) return make_error(Phase::Usage, {}, "no module instantiated yet");
    return *current_;
  }

  Result<std::vector<core::Value>> perform(const core::text::Action& a) {
    WEFT_TRY(inst, find_instance(a.module));
    auto ext = store_.find_export(inst, a.field);
    if (!ext) return make_error(Phase::Usage, {}, fmt::format("unknown export \"{}\"", a.field));
    if (a.kind == core::text::Action::Kind::Get) {
      if (ext->kind != core::ExternKind::Global) return make_error(Phase::Usage, {}, "export is not a global");
      return std::vector<core::Value>{store_.global_get(ext->addr)};
    }
    if (ext->kind != core::ExternKind::Func) return make_error(Phase::Usage, {}, "export is not a function");
    WEFT_TRY(args, to_values(a.args));
    return store_.invoke(ext->addr, args);
  }

  void run_command(const core::text::CmdAction& c) {
    if (uses_v128(c.action.args)) return skip();
    auto r = perform(c.action);
    if (!r) return fail("action failed: " + r.error().to_string());
    pass();
  }

  void run_command(const core::text::CmdAssertReturn& c) {
    if (uses_v128(c.action.args)) return skip();
    for (const auto& alt : c.expected_alternatives) {
      if (uses_v128(alt)) return skip();
    }
    auto r = perform(c.action);
    if (!r) return fail("expected values, got " + r.error().to_string());
    for (const auto& alt : c.expected_alternatives) {
      if (results_match(store_, *r, alt)) return pass();
    }
    fail(fmt::format("result {} does not match expected {}", format_values(*r),
                     format_expected(c.expected_alternatives.empty() ? std::vector<core::text::ScriptValue>{}
                                                                    : c.expected_alternatives[0])));
  }

  void expect_trap(const core::text::Action& action, const std::string& message) {
    if (uses_v128(action.args)) return skip();
    auto r = perform(action);
    if (r) return fail(fmt::format("expected trap \"{}\", got {}", message, format_values(*r)));
    if (r.error().phase != Phase::Execute) return fail(fmt::format("expected trap \"{}\", got {}", message, r.error().to_string()));
    if (!messages_agree(r.error().message, message)) {
      return fail(fmt::format("expected trap \"{}\", got trap \"{}\"", message, r.error().message));
    }
    pass();
  }

  void run_command(const core::text::CmdAssertTrap& c) { expect_trap(c.action, c.message); }
  void run_command(const core::text::CmdAssertExhaustion& c) { expect_trap(c.action, c.message); }
  void run_command(const core::text::CmdAssertException& c) {
    expect_trap(c.action, std::string(core::kUncaughtException));
  }

  void run_command(const core::text::CmdAssertUninstantiable& c) {
    auto vm = load(c.module);
    if (!vm) return fail("module failed to load: " + vm.error().to_string());
    auto inst = instantiate(*vm);
    if (inst) return fail(fmt::format("expected instantiation to trap \"{}\"", c.message));
    if (inst.error().phase != Phase::Instantiate && inst.error().phase != Phase::Execute) {
      return fail("expected a trap at instantiation, got " + inst.error().to_string());
    }
    pass();
  }

  void run_command(const core::text::CmdAssertUnlinkable& c) {
    auto vm = load(c.module);
    if (!vm) return fail("module failed to load: " + vm.error().to_string());
    auto inst = instantiate(*vm);
    if (inst) return fail(fmt::format("expected link error \"{}\"", c.message));
    if (inst.error().phase != Phase::Link) return fail("expected a link error, got " + inst.error().to_string());
    pass();
  }

  void run_command(const core::text::CmdAssertMalformed& c) {
    auto vm = load(c.module);
    if (vm) return fail(fmt::format("expected malformed module \"{}\", but it loaded", c.message));
    Phase p = vm.error().phase;
    if (p != Phase::Decode && p != Phase::Text) return fail("expected a malformed module, got " + vm.error().to_string());
    pass();
  }

  void run_command(const core::text::CmdAssertInvalid& c) {
    auto vm = load(c.module);
    if (vm) return fail(fmt::format("expected invalid module \"{}\", but it validated", c.message));
    if (vm.error().phase != Phase::Validate) return fail("expected an invalid module, got " + vm.error().to_string());
    pass();
  }

  std::string name_;
  const WastOptions& options_;
  core::Store store_;
  WastReport report_;
  uint32_t line_ = 0;
  std::map<std::string, ExportMap, std::less<>> registry_;
  std::map<std::string, core::InstanceAddr> instances_;
  std::map<std::string, core::ValidatedModulePtr> definitions_;
  std::optional<core::InstanceAddr> current_;
};

}  // namespace

Result<WastReport> run_wast_source(std::string_view source, const std::string& name, const WastOptions& options) {
  if (is_component_script(source)) return run_component_script(source, name, options);
  auto script = core::text::parse_script(source);
  if (!script) {
    Error e = script.error();
    e.file = name;
    return std::unexpected(e);
  }
  ScriptRunner runner(name, options);
  runner.run(*script);
  return runner.take_report();
}

Result<WastReport> run_wast_file(const std::string& path, const WastOptions& options) {
  WEFT_TRY(source, read_file(path));
  return run_wast_source(source, path, options);
}

}  // namespace weft::wast

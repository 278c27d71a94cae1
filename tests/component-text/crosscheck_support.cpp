// Pieces of the component text cross-check: collecting, normalising, tallying.
#include "crosscheck_support.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "component/binary/validator.h"
#include "component/text/component_wat.h"
#include "component/text/script.h"
#include "core/text/lexer.h"

namespace weft::component::text::crosscheck {

namespace fs = std::filesystem;
using core::text::Token;
using core::text::TokenKind;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool read_leb(const Bytes& b, size_t& i, uint64_t& v) {
  v = 0;
  for (int shift = 0; i < b.size() && shift < 64; shift += 7) {
    uint8_t byte = b[i++];
    v |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

void write_leb(Bytes& out, uint64_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    out.push_back(uint8_t(byte | (v ? 0x80 : 0)));
  } while (v);
}

// Keywords of the async proposal (streams, futures, tasks, threads,
// error-context): components using them are out of scope.
bool is_async_keyword(std::string_view kw) {
  static constexpr std::string_view kExact[] = {"async", "stream", "future", "error-context", "callback",
                                                "cancellable"};
  static constexpr std::string_view kPrefix[] = {"task.",    "subtask.",       "stream.",  "future.",
                                                 "waitable", "context.",       "thread.",  "backpressure.",
                                                 "yield",    "error-context."};
  for (std::string_view k : kExact)
    if (kw == k) return true;
  for (std::string_view p : kPrefix)
    if (kw.starts_with(p)) return true;
  return false;
}

bool uses_async(const std::vector<Token>& t, size_t open) {
  for (size_t k = open; k < t[open].match; ++k)
    if (t[k].kind == TokenKind::Keyword && is_async_keyword(t[k].text)) return true;
  return false;
}

struct UnitView {
  const core::text::ScriptModule* module = nullptr;
  Expect expect = Expect::Valid;
};

UnitView unit_of(const Command& command) {
  if (auto* c = std::get_if<CmdUnit>(&command)) return c->unit.component ? UnitView{&c->unit.module} : UnitView{};
  auto pick = [](const ScriptUnit& u, Expect e) { return u.component ? UnitView{&u.module, e} : UnitView{}; };
  if (auto* c = std::get_if<CmdAssertInvalid>(&command)) return pick(c->unit, Expect::Invalid);
  if (auto* c = std::get_if<CmdAssertMalformed>(&command)) return pick(c->unit, Expect::Malformed);
  if (auto* c = std::get_if<CmdAssertUnlinkable>(&command)) return pick(c->unit, Expect::Valid);
  if (auto* c = std::get_if<CmdAssertUninstantiable>(&command)) return pick(c->unit, Expect::Valid);
  return {};
}

// `(component definition? $id? ...)` at tokens[open] as jco reads it: `(component $id? ...)`.
std::string jco_text(std::string_view src, const std::vector<Token>& t, size_t open,
                     const core::text::ScriptModule& m) {
  size_t close = t[open].match, i = open + 2;
  if (t[i].kind == TokenKind::Keyword && t[i].text == "definition") ++i;
  std::string head = "(component";
  if (t[i].kind == TokenKind::Id) head += " " + std::string(t[i++].text);
  if (m.form == core::text::ScriptModule::Form::Quote) return head + " " + m.quote + ")";
  return head + " " + std::string(src.substr(t[i].offset, t[close].offset + 1 - t[i].offset));
}

}  // namespace

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::Pending: return "pending";
    case Outcome::Identical: return "identical";
    case Outcome::Equivalent: return "equivalent";
    case Outcome::Differing: return "DIFFERING";
    case Outcome::WeftError: return "WEFT-ERROR";
    case Outcome::CoreGap: return "core-text-gap";
    case Outcome::BothReject: return "both-reject";
    case Outcome::JcoRejects: return "jco-rejects";
  }
  return "?";
}

void Tally::add(const Case& c) {
  ++components;
  identical += c.outcome == Outcome::Identical;
  raw_identical += c.raw_identical;
  equivalent += c.outcome == Outcome::Equivalent;
  differing += c.outcome == Outcome::Differing;
  weft_error += c.outcome == Outcome::WeftError;
  core_gap += c.outcome == Outcome::CoreGap;
  both_reject += c.outcome == Outcome::BothReject;
  jco_rejects += c.outcome == Outcome::JcoRejects;
  validator_rejects += c.validator_rejects;
  validator_both += c.validator_both;
}

void Tally::merge(const Tally& o) {
  scripts += o.scripts, commands += o.commands, components += o.components, binary_form += o.binary_form;
  async_skipped += o.async_skipped, identical += o.identical, raw_identical += o.raw_identical;
  equivalent += o.equivalent, differing += o.differing, weft_error += o.weft_error, core_gap += o.core_gap;
  both_reject += o.both_reject, jco_rejects += o.jco_rejects, validator_rejects += o.validator_rejects;
  validator_both += o.validator_both;
}

std::string Tally::header() {
  return "files cmds | text  ident (raw) equiv DIFF WEFTERR coregap both-rej jco-rej | VALREJ val-both | async binary";
}

std::string Tally::row() const {
  return fmt::format("{:5} {:4} | {:4} {:6} {:5} {:5} {:4} {:7} {:7} {:8} {:7} | {:6} {:8} | {:5} {:6}", scripts,
                     commands, components, identical, raw_identical, equivalent, differing, weft_error, core_gap, both_reject,
                     jco_rejects, validator_rejects, validator_both, async_skipped, binary_form);
}

std::vector<fs::path> wast_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".wast") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

void write_file(const fs::path& path, std::string_view text) {
  std::ofstream(path, std::ios::binary).write(text.data(), std::streamsize(text.size()));
}

fs::path case_path(const fs::path& dir, size_t i, const char* ext) {
  return dir / fmt::format("{:05}{}", i, ext);
}

void collect_script(const fs::path& path, const std::string& folder, std::vector<Case>& cases, Tally& tally) {
  std::string src = read_file(path);
  auto script = parse_script(src);
  if (!script) {
    Case c{folder, path.filename().string()};
    c.weft = std::unexpected(script.error());
    c.outcome = Outcome::WeftError;
    c.note = "script: " + script.error().to_string();
    cases.push_back(std::move(c));
    return;
  }
  auto tokens = core::text::lex(src);
  std::map<uint64_t, size_t> by_offset;
  for (size_t i = 0; i < tokens->size(); ++i) by_offset[(*tokens)[i].offset] = i;
  ++tally.scripts;
  tally.commands += script->commands.size() + script->unsupported.size();
  for (const ScriptCommand& cmd : script->commands) {
    UnitView view = unit_of(cmd.command);
    if (!view.module) continue;
    const core::text::ScriptModule& m = *view.module;
    size_t open = by_offset.at(m.span.offset);
    if (uses_async(*tokens, open)) {
      ++tally.async_skipped;
      continue;
    }
    if (m.form == core::text::ScriptModule::Form::Binary) {
      ++tally.binary_form;
      continue;
    }
    Case c{folder, fmt::format("{}:{}", path.filename().string(), m.span.line)};
    c.jco_text = jco_text(src, *tokens, open, m);
    const auto& t = *tokens;
    for (size_t k = open; k < t[open].match; ++k)
      if (t[k].kind == TokenKind::LParen && t[k + 1].text == "core" && t[k + 2].text == "module")
        c.core_modules.emplace_back(t[k].offset, t[t[k].match].offset);
    c.expect = view.expect;
    c.weft = m.binary;
    cases.push_back(std::move(c));
  }
}

void collect_wat(const fs::path& path, std::vector<Case>& cases, Tally& tally) {
  ++tally.scripts;
  Case c{"corpus", path.filename().string()};
  c.expect = Expect::SyntaxOnly;
  c.jco_text = read_file(path);
  c.weft = parse_component_wat(c.jco_text);
  cases.push_back(std::move(c));
}

Bytes strip_custom(const Bytes& b) {
  if (b.size() < 8) return b;
  bool component = b[4] == 0x0d && b[6] == 0x01;
  Bytes out(b.begin(), b.begin() + 8);
  for (size_t i = 8; i < b.size();) {
    uint8_t id = b[i++];
    uint64_t size = 0;
    if (!read_leb(b, i, size) || size > b.size() - i) return b;
    Bytes body(b.begin() + ptrdiff_t(i), b.begin() + ptrdiff_t(i + size));
    i += size;
    if (id == 0) continue;
    if (component && (id == 1 || id == 4)) body = strip_custom(body);
    out.push_back(id);
    write_leb(out, body.size());
    out.insert(out.end(), body.begin(), body.end());
  }
  return out;
}

namespace {

void check_validator(const Bytes& ref, Case& c) {
  if (c.expect != Expect::Valid) return;
  auto mine = load_component(*c.weft);
  if (mine) return;
  bool theirs = load_component(ref).has_value();
  (theirs ? c.validator_rejects : c.validator_both) = true;
  c.note_validator = mine.error().to_string();
}

}  // namespace

void compare_bytes(const fs::path& dir, const fs::path& print_dir, size_t i, Case& c) {
  if (c.outcome != Outcome::Pending) return;
  bool jco_ok = fs::exists(case_path(dir, i, ".ref.wasm"));
  std::string jco_error = jco_ok ? "" : read_file(case_path(dir, i, ".ref.err"));
  jco_error = jco_error.substr(0, jco_error.find('\n'));
  if (!c.weft) {
    bool in_core = false;
    for (auto [from, to] : c.core_modules) in_core |= c.weft.error().span.offset >= from && c.weft.error().span.offset <= to;
    c.outcome = !jco_ok ? Outcome::BothReject : in_core ? Outcome::CoreGap : Outcome::WeftError;
    c.note = c.weft.error().to_string() + (jco_ok ? "" : "  |  jco: " + jco_error);
    return;
  }
  if (!jco_ok) {
    c.outcome = Outcome::JcoRejects;
    c.note = (c.expect == Expect::Malformed ? "[assert_malformed] jco: " : "jco: ") + jco_error;
    return;
  }
  std::string s = read_file(case_path(dir, i, ".ref.wasm"));
  Bytes ref(s.begin(), s.end());
  check_validator(ref, c);
  c.raw_identical = ref == *c.weft;
  Bytes a = strip_custom(ref), b = strip_custom(*c.weft);
  if (a == b) {
    c.outcome = Outcome::Identical;
    return;
  }
  write_file(case_path(print_dir, i, ".ref.wasm"), std::string_view(reinterpret_cast<const char*>(a.data()), a.size()));
  write_file(case_path(print_dir, i, ".weft.wasm"),
             std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

namespace {

// The one core encoding choice that differs: wasm-tools keeps `(elem (table 0) ...)`
// in the explicit-table form (flags 2), weft's core encoder uses the short one
// (flags 0), which means the same for a funcref segment of table 0.
std::string same_meaning(std::string text) {
  std::string out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (size_t at = line.find("(elem "); at != std::string::npos)
      if (size_t t = line.find(" (table 0) ", at); t != std::string::npos) line.erase(t, 10);
    out += line + "\n";
  }
  return out;
}

}  // namespace

void compare_printed(const fs::path& print_dir, size_t i, Case& c) {
  std::string ref = same_meaning(read_file(case_path(print_dir, i, ".ref.txt")));
  std::string mine = same_meaning(read_file(case_path(print_dir, i, ".weft.txt")));
  if (ref == mine && !ref.starts_with("print failed")) {
    c.outcome = Outcome::Equivalent;
    return;
  }
  c.outcome = Outcome::Differing;
  std::istringstream a(ref), b(mine);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ga = bool(std::getline(a, la)), gb = bool(std::getline(b, lb));
    if (!ga && !gb) break;
    if (la != lb || ga != gb) {
      c.note = fmt::format("printed line {}: jco `{}` weft `{}`", line, la.substr(0, 100), lb.substr(0, 100));
      break;
    }
  }
}

}  // namespace weft::component::text::crosscheck

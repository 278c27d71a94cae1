// Binary encoding of a component: definitions in text order, consecutive
// definitions of one kind sharing a section (as wasm-tools writes them).
// spec: Binary.md#component-definitions, #canonical-definitions
#include "component/text/encode.h"

#include <fmt/format.h>

#include "component/text/passes.h"
#include "core/text/wat.h"

namespace weft::component::text {

using core::text::write_name;
using core::text::write_u32;

namespace {

struct BuiltinCode {
  std::string_view name;
  uint8_t code;
};

// The built-ins by name; `lift` and `lower` are encoded apart.
constexpr BuiltinCode kCodes[] = {
    {"resource.new", 0x02},          {"resource.drop", 0x03},         {"resource.rep", 0x04},
    {"task.cancel", 0x05},           {"subtask.cancel", 0x06},        {"backpressure.set", 0x08},
    {"task.return", 0x09},           {"context.get", 0x0a},           {"context.set", 0x0b},
    {"thread.yield", 0x0c},          {"subtask.drop", 0x0d},          {"stream.new", 0x0e},
    {"stream.read", 0x0f},           {"stream.write", 0x10},          {"stream.cancel-read", 0x11},
    {"stream.cancel-write", 0x12},   {"stream.drop-readable", 0x13},  {"stream.drop-writable", 0x14},
    {"future.new", 0x15},            {"future.read", 0x16},           {"future.write", 0x17},
    {"future.cancel-read", 0x18},    {"future.cancel-write", 0x19},   {"future.drop-readable", 0x1a},
    {"future.drop-writable", 0x1b},  {"error-context.new", 0x1c},     {"error-context.debug-message", 0x1d},
    {"error-context.drop", 0x1e},    {"waitable-set.new", 0x1f},      {"waitable-set.wait", 0x20},
    {"waitable-set.poll", 0x21},     {"waitable-set.drop", 0x22},     {"waitable.join", 0x23},
    {"backpressure.inc", 0x24},      {"backpressure.dec", 0x25},      {"thread.index", 0x26},
    {"thread.new-indirect", 0x27},   {"thread.resume-later", 0x28},   {"thread.suspend", 0x29},
    {"thread.suspend-then-resume", 0x2a}, {"thread.yield-then-resume", 0x2b},
    {"thread.suspend-then-promote", 0x2c}, {"thread.yield-then-promote", 0x2d},
    {"thread.spawn-ref", 0x40},      {"thread.spawn-indirect", 0x41}, {"thread.available-parallelism", 0x42},
};

void write_opts(Bytes& out, const std::vector<CanonOpt>& opts) {
  write_u32(out, uint32_t(opts.size()));
  for (const CanonOpt& opt : opts) {
    out.push_back(uint8_t(opt.kind));  // CanonOpt::Kind follows the binary codes
    switch (opt.kind) {
      case CanonOpt::Kind::Memory:
      case CanonOpt::Kind::Realloc:
      case CanonOpt::Kind::PostReturn:
      case CanonOpt::Kind::Callback:
      case CanonOpt::Kind::CoreType: write_u32(out, opt.ref.idx.num); break;
      default: break;
    }
  }
}

// A section under construction: entries of one kind until another kind comes.
class Sections {
 public:
  explicit Sections(Bytes& out) : out_(out) {}
  Bytes& entry(uint8_t id) {
    if (id != id_) flush();
    id_ = id;
    ++count_;
    return body_;
  }
  void whole(uint8_t id, const Bytes& body) {
    flush();
    out_.push_back(id);
    write_u32(out_, uint32_t(body.size()));
    out_.insert(out_.end(), body.begin(), body.end());
  }
  void flush() {
    if (count_ > 0) core::text::write_section(out_, id_, count_, body_);
    body_.clear();
    count_ = 0;
    id_ = 0xff;
  }

 private:
  Bytes& out_;
  Bytes body_;
  uint8_t id_ = 0xff;
  uint32_t count_ = 0;
};

class Encoder {
 public:
  explicit Encoder(const std::vector<core::text::Token>& tokens) : tokens_(tokens) {}
  Result<Bytes> component(const ComponentField& c);

 private:
  Result<void> field(Sections& s, const Field& f);
  const std::vector<core::text::Token>& tokens_;
};

Result<Bytes> Encoder::component(const ComponentField& c) {
  Bytes out = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  Sections sections(out);
  for (const Field& f : c.fields) WEFT_CHECK(field(sections, f));
  sections.flush();
  return out;
}

// spec: Binary.md#instance-definitions (core:instance)
void write_core_instance(Bytes& out, const CoreInstanceField& x) {
  if (x.instantiate) {
    out.push_back(0x00);
    write_u32(out, x.module.idx.num);
    write_u32(out, uint32_t(x.args.size()));
    for (const auto& arg : x.args) {
      write_name(out, arg.name);
      out.push_back(0x12);  // core:sort instance
      write_u32(out, arg.instance.idx.num);
    }
    return;
  }
  out.push_back(0x01);
  write_u32(out, uint32_t(x.exports.size()));
  for (const auto& e : x.exports) {
    write_name(out, e.name);
    write_core_sort(out, e.ref.sort);
    write_u32(out, e.ref.idx.num);
  }
}

// spec: Binary.md#instance-definitions (instance)
void write_instance(Bytes& out, const InstanceField& x) {
  if (x.instantiate) {
    out.push_back(0x00);
    write_u32(out, x.component.idx.num);
    write_u32(out, uint32_t(x.args.size()));
    for (const auto& arg : x.args) {
      write_name(out, arg.name);
      write_sort(out, arg.ref.sort);
      write_u32(out, arg.ref.idx.num);
    }
    return;
  }
  out.push_back(0x01);
  write_u32(out, uint32_t(x.items.size()));
  for (const auto& item : x.items) {
    write_extern_name(out, item.name);
    write_sort(out, item.ref.sort);
    write_u32(out, item.ref.idx.num);
  }
}

// spec: Binary.md#start-definitions
Bytes start_body(const StartField& x) {
  Bytes body;
  write_u32(body, x.func.num);
  write_u32(body, uint32_t(x.args.size()));
  for (const ItemRef& arg : x.args) write_u32(body, arg.idx.num);
  write_u32(body, uint32_t(x.results.size()));
  return body;
}

// spec: Binary.md#import-and-export-definitions
void write_export(Bytes& out, const ExportField& x) {
  write_extern_name(out, x.name);
  write_sort(out, x.ref.sort);
  write_u32(out, x.ref.idx.num);
  if (!x.type) {
    out.push_back(0x00);
    return;
  }
  out.push_back(0x01);
  write_extern_type(out, *x.type);
}

// One definition into its section (section ids: Binary.md#component-definitions).
Result<void> Encoder::field(Sections& s, const Field& f) {
  return std::visit(
      [&](const auto& x) -> Result<void> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, CoreModuleField>) {
          WEFT_TRY(module, core::text::encode_module(tokens_, x.body_begin, x.body_end));
          s.whole(1, module);
        } else if constexpr (std::is_same_v<T, CoreInstanceField>) {
          write_core_instance(s.entry(2), x);
        } else if constexpr (std::is_same_v<T, CoreTypeField>) {
          write_core_type(s.entry(3), x.def);
        } else if constexpr (std::is_same_v<T, ComponentField>) {
          WEFT_TRY(nested, Encoder(tokens_).component(x));
          s.whole(4, nested);
        } else if constexpr (std::is_same_v<T, InstanceField>) {
          write_instance(s.entry(5), x);
        } else if constexpr (std::is_same_v<T, AliasField>) {
          write_alias(s.entry(6), x);
        } else if constexpr (std::is_same_v<T, TypeField>) {
          write_type(s.entry(7), x.def);
        } else if constexpr (std::is_same_v<T, CanonField>) {
          return write_canon(s.entry(8), x);
        } else if constexpr (std::is_same_v<T, StartField>) {
          s.whole(9, start_body(x));
        } else if constexpr (std::is_same_v<T, ImportField>) {
          Bytes& out = s.entry(10);
          write_extern_name(out, x.name);
          write_extern_type(out, x.item);
        } else if constexpr (std::is_same_v<T, ExportField>) {
          write_export(s.entry(11), x);
        }
        return {};
      },
      f);
}

}  // namespace

Result<void> write_canon(Bytes& out, const CanonField& c) {
  if (c.op == "lift") {
    out.push_back(0x00);
    out.push_back(0x00);
    write_u32(out, c.func.idx.num);
    write_opts(out, c.opts);
    write_u32(out, c.type.ref->idx.num);
    return {};
  }
  if (c.op == "lower") {
    out.push_back(0x01);
    out.push_back(0x00);
    write_u32(out, c.func.idx.num);
    write_opts(out, c.opts);
    return {};
  }
  const BuiltinCode* code = nullptr;
  for (const BuiltinCode& b : kCodes)
    if (b.name == c.op) code = &b;
  if (!code) return make_error(Phase::Text, c.span, fmt::format("canonical built-in `{}` is not supported", c.op));
  out.push_back(code->code);
  std::string_view op = c.op;
  bool flag_first = op == "subtask.cancel" || op == "waitable-set.wait" || op == "waitable-set.poll" ||
                    op.starts_with("thread.suspend") || op.starts_with("thread.yield") ||
                    op.starts_with("thread.spawn") || op == "thread.available-parallelism";
  if (flag_first) out.push_back(c.flag ? 0x01 : 0x00);
  if (op == "task.return") {
    if (c.result) {
      out.push_back(0x00);
      write_valtype(out, *c.result);
    } else {
      out.push_back(0x01);
      out.push_back(0x00);
    }
  }
  if (op == "context.get" || op == "context.set") {
    write_core_valtype(out, c.value_type);
    write_u32(out, c.slot);
  }
  if (c.type_ref) write_u32(out, c.type_ref->idx.num);
  if (c.table) write_u32(out, c.table->idx.num);
  if (c.memory) write_u32(out, c.memory->idx.num);
  bool has_opts = op == "task.return" || op.ends_with(".read") || op.ends_with(".write") ||
                  (op.starts_with("error-context.") && op != "error-context.drop");
  if (has_opts) write_opts(out, c.opts);
  if (op.ends_with(".cancel-read") || op.ends_with(".cancel-write")) out.push_back(c.flag ? 0x01 : 0x00);
  return {};
}

Result<std::vector<uint8_t>> encode(const ComponentField& component, const std::vector<core::text::Token>& tokens) {
  return Encoder(tokens).component(component);
}

}  // namespace weft::component::text

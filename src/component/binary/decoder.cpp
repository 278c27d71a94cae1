// Component binary decoding: preamble, sections, and the non-type definitions.
// spec: Binary.md "Component Definitions", "Instance Definitions", "Alias Definitions",
// "Start Definitions", "Import and Export Definitions", "Value Definitions"
#include "component/binary/decoder_impl.h"

namespace weft::component {

std::string_view sort_name(Sort s) {
  switch (s) {
    case Sort::CoreFunc: return "core func";
    case Sort::CoreTable: return "core table";
    case Sort::CoreMemory: return "core memory";
    case Sort::CoreGlobal: return "core global";
    case Sort::CoreTag: return "core tag";
    case Sort::CoreType: return "core type";
    case Sort::CoreModule: return "module";
    case Sort::CoreInstance: return "core instance";
    case Sort::Func: return "func";
    case Sort::Value: return "value";
    case Sort::Type: return "type";
    case Sort::Component: return "component";
    case Sort::Instance: return "instance";
  }
  return "?";
}

namespace detail {

Result<uint32_t> ComponentDecoder::count(Reader& r, size_t min_entry_bytes) {
  WEFT_TRY(n, r.u32());
  // Each entry takes at least `min_entry_bytes`: a larger count cannot be honest, and
  // rejecting it here keeps hostile counts from driving huge allocations.
  if (uint64_t(n) * min_entry_bytes > r.remaining()) return r.fail("unexpected end-of-file");
  return n;
}

Result<bool> ComponentDecoder::flag(Reader& r) {
  WEFT_TRY(b, r.u8());
  if (b > 1) return r.fail_at(r.offset() - 1, "invalid boolean value");
  return b == 1;
}

Result<Sort> ComponentDecoder::sort(Reader& r, std::string_view what) {
  WEFT_TRY(b, r.u8());
  switch (b) {
    case 0x00: {
      WEFT_TRY(c, r.u8());
      switch (c) {
        case 0x00: return Sort::CoreFunc;
        case 0x01: return Sort::CoreTable;
        case 0x02: return Sort::CoreMemory;
        case 0x03: return Sort::CoreGlobal;
        case 0x04: return Sort::CoreTag;
        case 0x10: return Sort::CoreType;
        case 0x11: return Sort::CoreModule;
        case 0x12: return Sort::CoreInstance;
        default: return leading(r, c, what);
      }
    }
    case 0x01: return Sort::Func;
    case 0x02: return Sort::Value;
    case 0x03: return Sort::Type;
    case 0x04: return Sort::Component;
    case 0x05: return Sort::Instance;
    default: return leading(r, b, what);
  }
}

Result<ValTypeDesc> ComponentDecoder::valtype(Reader& r) {
  WEFT_TRY(b, r.peek());
  if (prim_from_byte(b)) {
    r.skip(1);
    return ValTypeDesc{true, b};
  }
  uint32_t at = r.offset();
  WEFT_TRY(v, r.s33());
  if (v < 0 || v > 0xffffffffll) return r.fail_at(at, fmt::format("invalid leading byte (0x{:x}) for component value type", b));
  return ValTypeDesc{false, uint32_t(v)};
}

// spec: nameattributes
Result<ExternName> ComponentDecoder::extern_name(Reader& r) {
  ExternName n;
  n.offset = r.offset();
  WEFT_TRY(b, r.u8());
  if (b > 2) return leading(r, b, "component name");
  WEFT_TRY(s, name(r));
  n.name = std::move(s);
  if (b != 2) return n;
  WEFT_TRY(k, count(r, 2));
  for (uint32_t i = 0; i < k; ++i) {
    WEFT_TRY(a, r.u8());
    if (a > 2) return leading(r, a, "name option");
    WEFT_TRY(v, name(r));
    std::optional<std::string>& slot = a == 0 ? n.implements : a == 1 ? n.version_suffix : n.external_id;
    if (slot) {
      static constexpr const char* kNames[] = {"implements", "versionsuffix", "external-id"};
      return make_error(Phase::Validate, Span::at(n.offset), fmt::format("duplicate '{}' option in name", kNames[a]));
    }
    slot = std::move(v);
  }
  return n;
}

// spec: externtype
Result<ExternDesc> ComponentDecoder::extern_desc(Reader& r) {
  ExternDesc d;
  d.offset = r.offset();
  WEFT_TRY(b, r.u8());
  switch (b) {
    case 0x00: {
      WEFT_TRY(c, r.u8());
      if (c != 0x11) return leading(r, c, "component external kind");
      d.kind = ExternKind::Module;
      break;
    }
    case 0x01: d.kind = ExternKind::Func; break;
    case 0x02: {
      d.kind = ExternKind::Value;
      WEFT_TRY(bound, r.u8());
      if (bound == 0x00) {
        d.value_eq = true;
        WEFT_TRY(i, r.u32());
        d.index = i;
      } else if (bound == 0x01) {
        WEFT_TRY(t, valtype(r));
        d.value_type = t;
      } else {
        return leading(r, bound, "value bound");
      }
      return d;
    }
    case 0x03: {
      d.kind = ExternKind::Type;
      WEFT_TRY(bound, r.u8());
      if (bound == 0x01) {
        d.sub_resource = true;
        return d;
      }
      if (bound != 0x00) return leading(r, bound, "type bound");
      break;
    }
    case 0x04: d.kind = ExternKind::Component; break;
    case 0x05: d.kind = ExternKind::Instance; break;
    default: return leading(r, b, "component external kind");
  }
  WEFT_TRY(i, r.u32());
  d.index = i;
  return d;
}

// spec: alias
Result<Alias> ComponentDecoder::alias(Reader& r) {
  Alias a;
  a.offset = r.offset();
  uint32_t sort_at = r.offset();
  WEFT_TRY(s, sort(r, "component outer alias kind"));
  a.sort = s;
  WEFT_TRY(target, r.u8());
  switch (target) {
    case 0x00: {
      a.target = Alias::Target::Export;
      WEFT_TRY(i, r.u32());
      WEFT_TRY(n, name(r));
      a.instance = i, a.name = std::move(n);
      return a;
    }
    case 0x01: {
      a.target = Alias::Target::CoreExport;
      WEFT_TRY(i, r.u32());
      WEFT_TRY(n, name(r));
      a.instance = i, a.name = std::move(n);
      return a;
    }
    case 0x02: {
      a.target = Alias::Target::Outer;
      if (s != Sort::CoreModule && s != Sort::CoreType && s != Sort::Type && s != Sort::Component) {
        uint8_t shown = bytes_[sort_at + (is_core(s) ? 1 : 0)];
        return r.fail_at(sort_at, fmt::format("invalid leading byte (0x{:x}) for component outer alias kind", shown));
      }
      WEFT_TRY(ct, r.u32());
      WEFT_TRY(idx, r.u32());
      a.count = ct, a.index = idx;
      return a;
    }
    default: return leading(r, target, "alias");
  }
}

// spec: core:instance
Result<CoreInstanceDef> ComponentDecoder::core_instance(Reader& r) {
  CoreInstanceDef d;
  d.offset = r.offset();
  WEFT_TRY(b, r.u8());
  if (b == 0x00) {
    WEFT_TRY(m, r.u32());
    d.module = m;
    WEFT_TRY(n, count(r, 3));
    for (uint32_t i = 0; i < n; ++i) {
      CoreInstanceDef::Arg arg;
      arg.offset = r.offset();
      WEFT_TRY(nm, name(r));
      WEFT_TRY(kind, r.u8());
      if (kind != 0x12) return leading(r, kind, "instantiation arg kind");
      WEFT_TRY(inst, r.u32());
      arg.name = std::move(nm), arg.instance = inst;
      d.args.push_back(std::move(arg));
    }
    return d;
  }
  if (b != 0x01) return leading(r, b, "core instance");
  d.instantiate = false;
  WEFT_TRY(n, count(r, 3));
  for (uint32_t i = 0; i < n; ++i) {
    CoreInstanceDef::Export e;
    e.offset = r.offset();
    WEFT_TRY(nm, name(r));
    WEFT_TRY(kind, r.u8());
    Sort s;
    switch (kind) {
      case 0x00: s = Sort::CoreFunc; break;
      case 0x01: s = Sort::CoreTable; break;
      case 0x02: s = Sort::CoreMemory; break;
      case 0x03: s = Sort::CoreGlobal; break;
      case 0x04: s = Sort::CoreTag; break;
      default: return leading(r, kind, "export kind");
    }
    WEFT_TRY(idx, r.u32());
    e.name = std::move(nm), e.item = {s, idx};
    d.exports.push_back(std::move(e));
  }
  return d;
}

// spec: instance
Result<InstanceDef> ComponentDecoder::instance(Reader& r) {
  InstanceDef d;
  d.offset = r.offset();
  WEFT_TRY(b, r.u8());
  if (b == 0x00) {
    WEFT_TRY(c, r.u32());
    d.component = c;
    WEFT_TRY(n, count(r, 3));
    for (uint32_t i = 0; i < n; ++i) {
      InstanceDef::Arg arg;
      arg.offset = r.offset();
      WEFT_TRY(nm, name(r));
      WEFT_TRY(s, sort(r, "component external kind"));
      WEFT_TRY(idx, r.u32());
      arg.name = std::move(nm), arg.item = {s, idx};
      d.args.push_back(std::move(arg));
    }
    return d;
  }
  if (b != 0x01) return leading(r, b, "instance");
  d.instantiate = false;
  WEFT_TRY(n, count(r, 4));
  for (uint32_t i = 0; i < n; ++i) {
    InstanceDef::Export e;
    e.offset = r.offset();
    WEFT_TRY(nm, extern_name(r));
    WEFT_TRY(s, sort(r, "component external kind"));
    WEFT_TRY(idx, r.u32());
    e.name = std::move(nm), e.item = {s, idx};
    d.exports.push_back(std::move(e));
  }
  return d;
}

// spec: start
Result<StartDef> ComponentDecoder::start(Reader& r) {
  StartDef s;
  s.offset = r.offset();
  WEFT_TRY(f, r.u32());
  s.func = f;
  WEFT_TRY(n, count(r));
  for (uint32_t i = 0; i < n; ++i) {
    WEFT_TRY(v, r.u32());
    s.args.push_back(v);
  }
  WEFT_TRY(results, r.u32());
  s.results = results;
  return s;
}

Result<ImportDef> ComponentDecoder::import(Reader& r) {
  ImportDef d;
  d.offset = r.offset();
  WEFT_TRY(n, extern_name(r));
  WEFT_TRY(desc, extern_desc(r));
  d.name = std::move(n), d.desc = desc;
  return d;
}

Result<ExportDef> ComponentDecoder::export_(Reader& r) {
  ExportDef d;
  d.offset = r.offset();
  WEFT_TRY(n, extern_name(r));
  WEFT_TRY(s, sort(r, "component external kind"));
  WEFT_TRY(idx, r.u32());
  d.name = std::move(n), d.item = {s, idx};
  WEFT_TRY(has_type, r.u8());
  if (has_type > 1) return leading(r, has_type, "optional component export type");
  if (has_type) {
    WEFT_TRY(desc, extern_desc(r));
    d.desc = desc;
  }
  return d;
}

Result<ValueDef> ComponentDecoder::value(Reader& r) {
  ValueDef v;
  v.offset = r.offset();
  WEFT_TRY(t, valtype(r));
  WEFT_TRY(len, r.u32());
  if (len > r.remaining()) return r.fail("unexpected end-of-file");
  v.type = t;
  v.bytes = core::ByteRange{r.offset(), r.offset() + len};
  r.skip(len);
  return v;
}

template <class T, class F>
static Result<void> vec(Reader& r, std::vector<T>& out, std::vector<Component::Definition>& defs,
                        Component::DefKind kind, F&& one) {
  WEFT_TRY(n, ComponentDecoder::count(r));
  for (uint32_t i = 0; i < n; ++i) {
    WEFT_TRY(item, one());
    defs.push_back({kind, uint32_t(out.size())});
    out.push_back(std::move(item));
  }
  return {};
}

Result<void> ComponentDecoder::section(Component& c, uint8_t id, Reader& r, core::ByteRange content) {
  using K = Component::DefKind;
  auto& defs = c.definitions;
  switch (id) {
    case 1: {  // core module: decoded and validated by the core validator later
      if (content.size() < 8 || bytes_[content.begin + 4] != 1 || bytes_[content.begin + 6] != 0) {
        if (content.size() >= 4 && bytes_[content.begin] == 0 && bytes_[content.begin + 1] == 'a')
          return r.fail("expected a version header for a module");
      }
      defs.push_back({K::CoreModule, uint32_t(c.modules.size())});
      c.modules.push_back(content);
      r.skip(r.remaining());
      return {};
    }
    case 2: return vec(r, c.core_instances, defs, K::CoreInstance, [&] { return core_instance(r); });
    case 3: return vec(r, c.core_types, defs, K::CoreType, [&] { return core_type(r, depth_); });
    case 4: {
      if (depth_ + 1 > kMaxNesting) return r.fail("nesting too deep");
      Component nested;
      ComponentDecoder inner(bytes_, depth_ + 1);
      WEFT_CHECK(inner.decode(nested, content));
      defs.push_back({K::Component, uint32_t(c.components.size())});
      c.components.push_back(std::move(nested));
      r.skip(r.remaining());
      return {};
    }
    case 5: return vec(r, c.instances, defs, K::Instance, [&] { return instance(r); });
    case 6: return vec(r, c.aliases, defs, K::Alias, [&] { return alias(r); });
    case 7: return vec(r, c.types, defs, K::Type, [&] { return type_def(r, depth_); });
    case 8: return vec(r, c.canons, defs, K::Canon, [&] { return canon(r); });
    case 9: {
      WEFT_TRY(s, start(r));
      defs.push_back({K::Start, uint32_t(c.starts.size())});
      c.starts.push_back(std::move(s));
      return {};
    }
    case 10: return vec(r, c.imports, defs, K::Import, [&] { return import(r); });
    case 11: return vec(r, c.exports, defs, K::Export, [&] { return export_(r); });
    case 12: return vec(r, c.values, defs, K::Value, [&] { return value(r); });
  }
  return r.fail("malformed section id");
}

Result<void> ComponentDecoder::decode(Component& c, core::ByteRange range) {
  c.range = range;
  Reader r(bytes_.subspan(range.begin, range.size()), range.begin);
  static constexpr uint8_t kMagic[] = {0x00, 0x61, 0x73, 0x6d};
  for (uint8_t b : kMagic) {
    auto got = r.u8();
    if (!got || *got != b) return r.fail_at(range.begin, "magic header not detected");
  }
  auto version = r.take(4);
  if (!version) return r.fail_at(range.begin + 4, "unexpected end-of-file");
  const auto& v = *version;
  if (v[0] == 0x0d && v[1] == 0 && v[2] == 1 && v[3] == 0) {
    // the component preamble
  } else if (v[2] == 0 && v[3] == 0) {
    return r.fail_at(range.begin + 4, "expected a version header for a component");
  } else {
    return r.fail_at(range.begin + 4, "unknown binary version");
  }
  while (!r.at_end()) {
    uint32_t section_start = r.offset();
    WEFT_TRY(id, r.u8());
    if (id > 12) return r.fail_at(section_start, "malformed section id");
    WEFT_TRY(size, r.u32());
    if (size > r.remaining()) return r.fail("unexpected end-of-file");
    uint32_t content_start = r.offset();
    WEFT_TRY(content, r.take(size));
    Reader sr(content, content_start);
    if (id == 0) {
      WEFT_TRY(nm, sr.name());  // custom sections: only the name must be well-formed
      continue;
    }
    WEFT_CHECK(section(c, id, sr, {content_start, content_start + size}));
    if (!sr.at_end()) return sr.fail("unexpected content in the section");
  }
  return {};
}

}  // namespace detail

bool is_component(std::span<const uint8_t> bytes) {
  static constexpr uint8_t kPreamble[] = {0x00, 0x61, 0x73, 0x6d};
  if (bytes.size() < 8) return false;
  for (int i = 0; i < 4; ++i)
    if (bytes[i] != kPreamble[i]) return false;
  return bytes[6] == 0x01 && bytes[7] == 0x00;  // layer 1
}

Result<Component> decode_component(std::span<const uint8_t> bytes) {
  Component c;
  if (bytes.size() > 0xffffffffu) return make_error(Phase::Decode, Span::at(0), "component too large");
  detail::ComponentDecoder d(bytes, 0);
  auto ok = d.decode(c, {0, uint32_t(bytes.size())});
  if (!ok) {
    Error e = ok.error();
    // The core reader's wording, in wasm-tools' terms for component binaries.
    if (e.message == "unexpected end" || e.message == "length out of bounds") e.message = "unexpected end-of-file";
    return std::unexpected(e);
  }
  return c;
}

}  // namespace weft::component

// Decoding of canonical definitions and their options.
// spec: Binary.md "Canonical Definitions"
#include "component/binary/decoder_impl.h"

namespace weft::component::detail {

Result<std::optional<ValTypeDesc>> result_list(ComponentDecoder& d, Reader& r);

Result<std::vector<CanonOpt>> ComponentDecoder::canon_opts(Reader& r) {
  std::vector<CanonOpt> opts;
  WEFT_TRY(n, count(r));
  for (uint32_t i = 0; i < n; ++i) {
    CanonOpt o{CanonOpt::Kind::Utf8, 0, r.offset()};
    WEFT_TRY(b, r.u8());
    // 0x08 (core-type) and 0x09 (gc) are Wasmtime's GC-ABI options (wasm-tools' encoding).
    if (b > 0x09) return leading(r, b, "canonical option");
    o.kind = CanonOpt::Kind(b);
    using K = CanonOpt::Kind;
    const bool has_index = o.kind == K::Memory || o.kind == K::Realloc || o.kind == K::PostReturn ||
                           o.kind == K::Callback || o.kind == K::CoreType;
    if (has_index) {
      WEFT_TRY(idx, r.u32());
      o.index = idx;
    }
    opts.push_back(o);
  }
  return opts;
}

Result<Canon> ComponentDecoder::canon(Reader& r) {
  Canon c;
  c.offset = r.offset();
  WEFT_TRY(op, r.u8());
  c.op = op;
  auto type = [&]() -> Result<void> {
    WEFT_TRY(t, r.u32());
    c.type = t;
    return {};
  };
  auto opts = [&]() -> Result<void> {
    WEFT_TRY(o, canon_opts(r));
    c.opts = std::move(o);
    return {};
  };
  auto flag_ = [&]() -> Result<void> {
    WEFT_TRY(f, flag(r));
    c.flag = f;
    return {};
  };
  switch (op) {
    case 0x00: case 0x01: {
      WEFT_TRY(z, r.u8());
      if (z != 0x00) return leading(r, z, op == 0 ? "canonical function lift" : "canonical function lower");
      WEFT_TRY(f, r.u32());
      c.func = f;
      WEFT_CHECK(opts());
      if (op == 0x00) WEFT_CHECK(type());
      return c;
    }
    // resource.new/drop/rep; stream.* and future.* new and drops
    case 0x02: case 0x03: case 0x04: case 0x0e: case 0x13: case 0x14: case 0x15: case 0x1a: case 0x1b:
      WEFT_CHECK(type());
      return c;
    // built-ins without immediates
    case 0x24: case 0x25: case 0x05: case 0x0d: case 0x1e: case 0x1f: case 0x22: case 0x23: case 0x26: case 0x28:
      return c;
    case 0x09: {  // task.return
      WEFT_TRY(res, result_list(*this, r));
      c.result = res;
      WEFT_CHECK(opts());
      return c;
    }
    case 0x0a: case 0x0b: {  // context.get/set
      WEFT_TRY(t, core_valtype(r));
      WEFT_TRY(i, r.u32());
      c.ctx_type = t, c.ctx_index = i;
      return c;
    }
    case 0x06: case 0x0c: case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d:  // async? / cancel?
      WEFT_CHECK(flag_());
      return c;
    case 0x0f: case 0x10: case 0x16: case 0x17:  // stream/future read/write
      WEFT_CHECK(type());
      WEFT_CHECK(opts());
      return c;
    case 0x11: case 0x12: case 0x18: case 0x19:  // cancel-read/write
      WEFT_CHECK(type());
      WEFT_CHECK(flag_());
      return c;
    case 0x1c: case 0x1d:  // error-context.new / debug-message
      WEFT_CHECK(opts());
      return c;
    case 0x20: case 0x21: {  // waitable-set.wait / poll
      WEFT_CHECK(flag_());
      WEFT_TRY(m, r.u32());
      c.memory = m;
      return c;
    }
    case 0x27: {  // thread.new-indirect
      WEFT_CHECK(type());
      WEFT_TRY(t, r.u32());
      c.table = t;
      return c;
    }
    case 0x40: case 0x41: case 0x42: {  // thread.spawn-ref / spawn-indirect / available-parallelism
      WEFT_CHECK(flag_());
      if (op != 0x42) WEFT_CHECK(type());
      if (op == 0x41) {
        WEFT_TRY(t, r.u32());
        c.table = t;
      }
      return c;
    }
    default: return leading(r, op, "canonical function");
  }
}

}  // namespace weft::component::detail

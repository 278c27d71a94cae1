// Parsing canonical definitions: lift, lower, the built-ins and their options.
// spec: Explainer.md#canonical-definitions
#include <array>

#include "component/text/parser.h"

namespace weft::component::text {
namespace {

// How the immediates of each built-in are written, after its name.
enum class Args : uint8_t {
  None,        // task.cancel, waitable-set.new, ...
  Type,        // resource.new $r, stream.new $s
  TypeAsync,   // stream.cancel-read $s async?
  TypeOpts,    // stream.read $s opts
  Opts,        // error-context.new opts
  Result,      // task.return (result t)? opts
  Context,     // context.get i32 n
  Async,       // subtask.cancel async?
  Cancel,      // thread.yield cancellable?
  Memory,      // waitable-set.wait cancellable? (memory m)
  TypeTable,   // thread.new-indirect $ft (table $t)
  Shared,      // thread.available-parallelism shared?
  SharedType,  // thread.spawn-ref shared? $ft
  SharedTypeTable,
};

struct Builtin {
  std::string_view name;
  Args args;
};

constexpr std::array kBuiltins = {
    Builtin{"lower", Args::None},  // handled apart
    Builtin{"resource.new", Args::Type},
    Builtin{"resource.drop", Args::Type},
    Builtin{"resource.rep", Args::Type},
    Builtin{"backpressure.set", Args::None},
    Builtin{"backpressure.inc", Args::None},
    Builtin{"backpressure.dec", Args::None},
    Builtin{"task.return", Args::Result},
    Builtin{"task.cancel", Args::None},
    Builtin{"context.get", Args::Context},
    Builtin{"context.set", Args::Context},
    Builtin{"subtask.cancel", Args::Async},
    Builtin{"subtask.drop", Args::None},
    Builtin{"stream.new", Args::Type},
    Builtin{"stream.read", Args::TypeOpts},
    Builtin{"stream.write", Args::TypeOpts},
    Builtin{"stream.cancel-read", Args::TypeAsync},
    Builtin{"stream.cancel-write", Args::TypeAsync},
    Builtin{"stream.drop-readable", Args::Type},
    Builtin{"stream.drop-writable", Args::Type},
    Builtin{"future.new", Args::Type},
    Builtin{"future.read", Args::TypeOpts},
    Builtin{"future.write", Args::TypeOpts},
    Builtin{"future.cancel-read", Args::TypeAsync},
    Builtin{"future.cancel-write", Args::TypeAsync},
    Builtin{"future.drop-readable", Args::Type},
    Builtin{"future.drop-writable", Args::Type},
    Builtin{"error-context.new", Args::Opts},
    Builtin{"error-context.debug-message", Args::Opts},
    Builtin{"error-context.drop", Args::None},
    Builtin{"waitable-set.new", Args::None},
    Builtin{"waitable-set.wait", Args::Memory},
    Builtin{"waitable-set.poll", Args::Memory},
    Builtin{"waitable-set.drop", Args::None},
    Builtin{"waitable.join", Args::None},
    Builtin{"thread.index", Args::None},
    Builtin{"thread.new-indirect", Args::TypeTable},
    Builtin{"thread.resume-later", Args::None},
    Builtin{"thread.suspend", Args::Cancel},
    Builtin{"thread.yield", Args::Cancel},
    Builtin{"thread.suspend-then-resume", Args::Cancel},
    Builtin{"thread.yield-then-resume", Args::Cancel},
    Builtin{"thread.suspend-then-promote", Args::Cancel},
    Builtin{"thread.yield-then-promote", Args::Cancel},
    Builtin{"thread.switch-to", Args::Cancel},
    Builtin{"thread.yield-to", Args::Cancel},
    Builtin{"thread.spawn-ref", Args::SharedType},
    Builtin{"thread.spawn-indirect", Args::SharedTypeTable},
    Builtin{"thread.available-parallelism", Args::Shared},
};

}  // namespace

// (canon lift ... (func $id? typeuse)) | (canon lower ... (core func $id?)) | (canon builtin ... (core func $id?))
Result<void> Parser::canon_field(std::vector<Field>& out) {
  CanonField canon;
  canon.span = peek().span();
  pos_ += 2;
  const Token& op = peek();
  if (op.kind != TokenKind::Keyword) return unexpected();
  if (op.text == "lift") {
    canon.op = "lift";
    WEFT_CHECK(canon_lift(canon, false));
    if (!at_field("func")) return unexpected();
    pos_ += 2;
    canon.id = take_id();
    WEFT_CHECK(type_use(canon.type, Sort::Func));
    WEFT_CHECK(expect_rparen());
  } else {
    ++pos_;
    canon.op = std::string(op.text);
    WEFT_CHECK(canon_builtin(canon, op));
    WEFT_CHECK(expect_lparen());
    WEFT_CHECK(expect_keyword("core"));
    WEFT_CHECK(expect_keyword("func"));
    canon.id = take_id();
    WEFT_CHECK(expect_rparen());
  }
  WEFT_CHECK(expect_rparen());
  out.emplace_back(std::move(canon));
  return {};
}

// lift (core func ...) opts*
Result<void> Parser::canon_lift(CanonField& canon, bool in_func) {
  WEFT_CHECK(expect_keyword("lift"));
  WEFT_TRY(func, index_or_ref(Sort::CoreFunc));
  canon.func = std::move(func);
  return canon_opts(canon.opts);
}

// The immediates of `op` (already read), up to its `(core func ...)` or ')'.
Result<void> Parser::canon_builtin(CanonField& canon, const Token& op) {
  if (op.text == "lower") {
    WEFT_TRY(func, index_or_ref(Sort::Func));
    canon.func = std::move(func);
    return canon_opts(canon.opts);
  }
  const Builtin* builtin = nullptr;
  for (const Builtin& b : kBuiltins)
    if (b.name == op.text) builtin = &b;
  if (!builtin) return fail(op, "unexpected token");
  auto flag = [&](std::string_view kw) {
    if (at_keyword(kw)) {
      ++pos_;
      canon.flag = true;
    }
  };
  auto type = [&](Sort sort) -> Result<void> {
    WEFT_TRY(ref, index_or_ref(sort));
    canon.type_ref = std::move(ref);
    return {};
  };
  auto table = [&]() -> Result<void> {  // idx, (table idx) or (core table idx)
    WEFT_TRY(ref, index_or_ref(Sort::CoreTable));
    canon.table = std::move(ref);
    return {};
  };
  switch (builtin->args) {
    case Args::None: return {};
    case Args::Type: return type(Sort::Type);
    case Args::TypeAsync:
      WEFT_CHECK(type(Sort::Type));
      flag("async");
      return {};
    case Args::TypeOpts:
      WEFT_CHECK(type(Sort::Type));
      return canon_opts(canon.opts);
    case Args::Opts: return canon_opts(canon.opts);
    case Args::Result:
      if (at_field("result")) {
        pos_ += 2;
        WEFT_TRY(t, valtype());
        canon.result = std::move(t);
        WEFT_CHECK(expect_rparen());
      }
      return canon_opts(canon.opts);
    case Args::Context: {
      WEFT_TRY(t, core_valtype());
      canon.value_type = t;
      WEFT_TRY(slot, u32());
      canon.slot = slot;
      return {};
    }
    case Args::Async: flag("async"); return {};
    case Args::Cancel: flag("cancellable"); return {};
    case Args::Memory: {
      flag("cancellable");
      WEFT_CHECK(expect_lparen());
      WEFT_CHECK(expect_keyword("memory"));
      WEFT_TRY(mem, index_or_ref(Sort::CoreMemory));
      canon.memory = std::move(mem);
      return expect_rparen();
    }
    case Args::TypeTable:
      WEFT_CHECK(type(Sort::CoreType));
      return table();
    case Args::Shared: flag("shared"); return {};
    case Args::SharedType:
      flag("shared");
      return type(Sort::CoreType);
    case Args::SharedTypeTable:
      flag("shared");
      WEFT_CHECK(type(Sort::CoreType));
      return table();
  }
  return {};
}

// string-encoding=..., async, gc, (memory m), (realloc f), (post-return f), (callback f), (core-type t)
Result<void> Parser::canon_opts(std::vector<CanonOpt>& opts) {
  using K = CanonOpt::Kind;
  while (true) {
    CanonOpt opt;
    if (at(TokenKind::Keyword)) {
      std::string_view kw = peek().text;
      if (kw == "string-encoding=utf8") {
        opt.kind = K::Utf8;
      } else if (kw == "string-encoding=utf16") {
        opt.kind = K::Utf16;
      } else if (kw == "string-encoding=latin1+utf16") {
        opt.kind = K::Latin1Utf16;
      } else if (kw == "async") {
        opt.kind = K::Async;
      } else if (kw == "gc") {
        opt.kind = K::Gc;
      } else {
        return {};
      }
      ++pos_;
      opts.push_back(std::move(opt));
      continue;
    }
    if (!at(TokenKind::LParen) || peek(1).kind != TokenKind::Keyword) return {};
    std::string_view kw = peek(1).text;
    Sort sort = Sort::CoreFunc;
    if (kw == "memory") {
      opt.kind = K::Memory;
      sort = Sort::CoreMemory;
    } else if (kw == "realloc") {
      opt.kind = K::Realloc;
    } else if (kw == "post-return") {
      opt.kind = K::PostReturn;
    } else if (kw == "callback") {
      opt.kind = K::Callback;
    } else if (kw == "core-type") {
      opt.kind = K::CoreType;
      sort = Sort::CoreType;
    } else {
      return {};
    }
    pos_ += 2;
    WEFT_TRY(ref, index_or_ref(sort));
    opt.ref = std::move(ref);
    WEFT_CHECK(expect_rparen());
    opts.push_back(std::move(opt));
  }
}

}  // namespace weft::component::text

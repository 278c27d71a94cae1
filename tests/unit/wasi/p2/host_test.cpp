// The WASI 0.2 host through the component runtime: a component written in WAT
// imports WASI interfaces (at versions other than the host's 0.2.12, which the
// Linker serves semver-compatibly) and the test calls its exports.
#include <gtest/gtest.h>

#include "component/link/linker.h"
#include "component/text/component_wat.h"
#include "wasi/p2/wasi_p2.h"
#include "wasi/streams.h"

namespace weft::wasi::p2 {
namespace {

using component::Val;

constexpr const char* kGuest = R"((component $C
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "get-arguments" (func (result (list string))))
    (export "get-environment" (func (result (list (tuple string string)))))))
  (import "wasi:random/random@0.2.3" (instance $rand (export "get-random-u64" (func (result u64)))))
  (import "wasi:cli/exit@0.2.12" (instance $exit
    (export "exit" (func (param "status" (result))))
    (export "exit-with-code" (func (param "status-code" u8)))))
  (import "wasi:http/types@0.2.0" (instance $http (export "handle" (func))))
  (import "wasi:io/streams@0.2.12" (instance $streams
    (export "error" (type $err (sub resource)))
    (export "output-stream" (type $os (sub resource)))
    (type $se' (variant (case "last-operation-failed" (own $err)) (case "closed")))
    (export "stream-error" (type $se (eq $se')))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se)))))))
  (alias export $streams "output-stream" (type $os))
  (import "wasi:cli/stdout@0.2.12" (instance $stdout
    (alias outer $C $os (type $o))
    (export "output-stream" (type (eq $o)))
    (export "get-stdout" (func (result (own $o))))))
  (core module $Libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $r i32)
      (local.set $r (global.get $next))  ;; 8-aligned: every size is rounded up to 8
      (global.set $next (i32.add (global.get $next) (i32.and (i32.add (local.get 3) (i32.const 7)) (i32.const -8))))
      (local.get $r)))
  (core instance $libc (instantiate $Libc))
  (core func $get_args (canon lower (func $env "get-arguments")
    (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (core func $get_env (canon lower (func $env "get-environment")
    (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (core func $random (canon lower (func $rand "get-random-u64")))
  (core func $exit (canon lower (func $exit "exit")))
  (core func $exit_code (canon lower (func $exit "exit-with-code")))
  (core func $http (canon lower (func $http "handle")))
  (core func $get_stdout (canon lower (func $stdout "get-stdout")))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush")
    (memory (core memory $libc "mem"))))
  (core module $M
    (import "libc" "mem" (memory 1))
    (import "w" "get-arguments" (func $get_args (param i32)))
    (import "w" "get-environment" (func $get_env (param i32)))
    (import "w" "random" (func $random (result i64)))
    (import "w" "exit" (func $exit (param i32)))
    (import "w" "exit-with-code" (func $exit_code (param i32)))
    (import "w" "http" (func $http))
    (import "w" "get-stdout" (func $get_stdout (result i32)))
    (import "w" "write" (func $write (param i32 i32 i32 i32)))
    (data (i32.const 64) "hello, stdout\n")
    (func (export "args") (result i32) (call $get_args (i32.const 16)) (i32.const 16))
    (func (export "env") (result i32) (call $get_env (i32.const 16)) (i32.const 16))
    (func (export "random") (result i64) (call $random))
    (func (export "quit") (param i32) (call $exit (local.get 0)))
    (func (export "quit-with") (param i32) (call $exit_code (local.get 0)))
    (func (export "http") (call $http))
    (func (export "say") (result i32)
      (call $write (call $get_stdout) (i32.const 64) (i32.const 14) (i32.const 32))
      (i32.load8_u (i32.const 32))))
  (core instance $m (instantiate $M
    (with "libc" (instance $libc))
    (with "w" (instance
      (export "get-arguments" (func $get_args)) (export "get-environment" (func $get_env))
      (export "random" (func $random)) (export "exit" (func $exit)) (export "exit-with-code" (func $exit_code)) (export "http" (func $http))
      (export "get-stdout" (func $get_stdout)) (export "write" (func $write))))))
  (func (export "args") (result (list string))
    (canon lift (core func $m "args") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (func (export "env") (result (list (tuple string string)))
    (canon lift (core func $m "env") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (func (export "random") (result u64) (canon lift (core func $m "random")))
  (func (export "quit") (param "failed" bool) (canon lift (core func $m "quit")))
  (func (export "quit-with") (param "code" u8) (canon lift (core func $m "quit-with")))
  (func (export "http") (canon lift (core func $m "http")))
  (func (export "say") (result u8) (canon lift (core func $m "say")))
))";

struct Host {
  std::shared_ptr<MemoryOutput> out = std::make_shared<MemoryOutput>();
  core::Store store;
  component::Runtime rt{store};
  component::Linker linker;
  std::unique_ptr<WasiCtx> ctx;
  component::RtInstancePtr inst;

  Host() {
    WasiConfig config;
    config.args = {"guest", "one", "two words"};
    config.env = {"A=1", "EMPTY="};
    config.stdout_stream = out;
    ctx = std::make_unique<WasiCtx>(std::move(config));
    add_to_linker(rt, linker, *ctx);
  }
  Result<void> load() {
    WEFT_TRY(bytes, component::text::parse_component_wat(kGuest));
    WEFT_TRY(vc, component::load_component(bytes));
    linker.define_unknown_imports_as_traps(rt, vc, [](std::string_view n) { return n.starts_with("wasi:"); });
    WEFT_TRY(i, linker.instantiate(rt, vc));
    inst = i;
    return {};
  }
  Result<std::vector<Val>> call(const std::string& name, std::vector<Val> args = {}) {
    const component::RtItem* f = inst->find(name);
    if (!f || !f->func) return make_error(Phase::Usage, {}, "no export " + name);
    return component::call_func(rt, *f->func, nullptr, args);
  }
};

TEST(WasiP2Host, ArgumentsAndEnvironment) {
  Host h;
  ASSERT_TRUE(h.load()) << h.load().error().to_string();
  auto args = h.call("args");
  ASSERT_TRUE(args) << args.error().to_string();
  EXPECT_EQ((*args)[0], Val::list({Val::string("guest"), Val::string("one"), Val::string("two words")}));
  auto env = h.call("env");
  ASSERT_TRUE(env) << env.error().to_string();
  EXPECT_EQ((*env)[0], Val::list({Val::tuple({Val::string("A"), Val::string("1")}),
                                  Val::tuple({Val::string("EMPTY"), Val::string("")})}));
}

TEST(WasiP2Host, StdoutGoesToTheGrantedStream) {
  Host h;
  ASSERT_TRUE(h.load());
  auto r = h.call("say");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ((*r)[0], Val::u8(0));  // ok
  auto again = h.call("say");
  ASSERT_TRUE(again);
  EXPECT_EQ(h.out->contents(), "hello, stdout\nhello, stdout\n");
}

TEST(WasiP2Host, RandomDiffers) {
  Host h;
  ASSERT_TRUE(h.load());
  auto a = h.call("random"), b = h.call("random");
  ASSERT_TRUE(a && b);
  EXPECT_NE((*a)[0].bits, (*b)[0].bits);
}

TEST(WasiP2Host, ExitEndsTheRunWithItsStatus) {
  Host h;
  ASSERT_TRUE(h.load());
  auto failed = h.call("quit", {Val::boolean(true)});
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().phase, Phase::Exit);
  EXPECT_EQ(failed.error().code, 1);
  Host h2;
  ASSERT_TRUE(h2.load());
  auto ok = h2.call("quit", {Val::boolean(false)});
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().phase, Phase::Exit);
  EXPECT_EQ(ok.error().code, 0);
  Host h3;
  ASSERT_TRUE(h3.load());
  auto code = h3.call("quit-with", {Val::u8(42)});
  ASSERT_FALSE(code);
  EXPECT_EQ(code.error().phase, Phase::Exit);
  EXPECT_EQ(code.error().code, 42);
}

TEST(WasiP2Host, MissingInterfacesTrapWhenCalled) {
  Host h;
  ASSERT_TRUE(h.load());
  auto r = h.call("http");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not supported yet: wasi:http/types@0.2.0#handle"), std::string::npos)
      << r.error().to_string();
}

TEST(WasiP2Host, WithoutTheTrapsAMissingInterfaceIsALinkError) {
  Host h;
  auto bytes = component::text::parse_component_wat(kGuest);
  ASSERT_TRUE(bytes);
  auto vc = component::load_component(*bytes);
  ASSERT_TRUE(vc) << vc.error().to_string();
  auto inst = h.linker.instantiate(h.rt, *vc);
  ASSERT_FALSE(inst);
  EXPECT_NE(inst.error().message.find("missing import `wasi:http/types@0.2.0`"), std::string::npos)
      << inst.error().to_string();
}

// A component may import a WASI function with another type than WASI's (here:
// get-random-bytes without its length): calling it traps, the host does not crash.
TEST(WasiP2Host, AWrongImportTypeTraps) {
  Host h;
  auto bytes = component::text::parse_component_wat(R"((component
    (import "wasi:random/random@0.2.12" (instance $r (export "get-random-bytes" (func (result u64)))))
    (core func $f (canon lower (func $r "get-random-bytes")))
    (core module $M (import "r" "f" (func $f (result i64))) (func (export "f") (result i64) (call $f)))
    (core instance $m (instantiate $M (with "r" (instance (export "f" (func $f))))))
    (func (export "f") (result u64) (canon lift (core func $m "f")))))");
  ASSERT_TRUE(bytes) << bytes.error().to_string();
  auto vc = component::load_component(*bytes);
  ASSERT_TRUE(vc) << vc.error().to_string();
  auto inst = h.linker.instantiate(h.rt, *vc);
  ASSERT_TRUE(inst) << inst.error().to_string();
  h.inst = *inst;
  auto r = h.call("f");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "wasi: wasi:random/random@0.2.12#get-random-bytes was imported with a type other than WASI's");
}

}  // namespace
}  // namespace weft::wasi::p2

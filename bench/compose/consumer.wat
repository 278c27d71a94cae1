;; The consumer of the composition benchmark: add-loop(n) calls the provider's add n
;; times; echo-loop(n, len) sends a string of `len` bytes to the provider's echo n times
;; and returns the length that came back. Each call crosses from this component's
;; memory to the provider's and back through the canonical ABI.
(component
  (import "bench:calc/ops@1.0.0" (instance $ops
    (export "add" (func (param "a" u32) (param "b" u32) (result u32)))
    (export "echo" (func (param "s" string) (result string)))))
  (core module $mem
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 4096))
  (core instance $mi (instantiate $mem))
  (core func $add (canon lower (func $ops "add")))
  (core func $echo (canon lower (func $ops "echo") (memory (core memory $mi "mem"))
    (realloc (core func $mi "realloc"))))
  (core module $m
    (import "ops" "add" (func $add (param i32 i32) (result i32)))
    (import "ops" "echo" (func $echo (param i32 i32 i32)))
    (import "env" "mem" (memory 1))
    (func (export "add-loop") (param $n i32) (result i32) (local $acc i32)
      (loop $l
        (if (local.get $n) (then
          (local.set $acc (call $add (local.get $acc) (i32.const 1)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l))))
      local.get $acc)
    (func (export "echo-loop") (param $n i32) (param $len i32) (result i32)
      (memory.fill (i32.const 8192) (i32.const 97) (local.get $len))
      (loop $l
        (if (local.get $n) (then
          (call $echo (i32.const 8192) (local.get $len) (i32.const 16))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l))))
      (i32.load (i32.const 20))))
  (core instance $i (instantiate $m
    (with "ops" (instance (export "add" (func $add)) (export "echo" (func $echo))))
    (with "env" (instance $mi))))
  (func (export "add-loop") (param "n" u32) (result u32) (canon lift (core func $i "add-loop")))
  (func (export "echo-loop") (param "n" u32) (param "len" u32) (result u32)
    (canon lift (core func $i "echo-loop"))))

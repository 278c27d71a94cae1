;; The provider of the composition benchmark: bench:calc/ops@1.0.0 with add(u32, u32)
;; and echo(string). Its realloc hands out one fixed 1 KiB+ buffer, so the benchmark
;; measures the canonical ABI's copies, not an allocator.
(component
  (core module $m
    (memory (export "mem") 1)
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 1024)
    (func (export "echo") (param i32 i32) (result i32)
      (i32.store (i32.const 8) (local.get 0))
      (i32.store (i32.const 12) (local.get 1))
      i32.const 8))
  (core instance $i (instantiate $m))
  (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func $echo (param "s" string) (result string)
    (canon lift (core func $i "echo") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
  (instance $ops (export "add" (func $add)) (export "echo" (func $echo)))
  (export "bench:calc/ops@1.0.0" (instance $ops)))

;; A component with two exports: `add` (numbers) and `greet` (strings through the
;; canonical ABI: the host lowers the argument into the guest's memory with its
;; `realloc`, the guest returns a pointer to (ptr, len), the host lifts the result).
;;   weft run --invoke 'add(40, 2)' examples/wat/add.component.wat
;;   weft run --invoke 'greet("you")' examples/wat/add.component.wat
(component
  (core module $m
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (data (i32.const 16) "hello, ")
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    ;; a bump allocator: realloc(old, old_size, align, new_size)
    (func $realloc (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $r i32)
      (local.set $r (global.get $next))
      (global.set $next (i32.add (global.get $next) (local.get 3)))
      (local.get $r))
    ;; greet(ptr, len) -> pointer to (ptr, len) of "hello, " + name
    (func (export "greet") (param $ptr i32) (param $len i32) (result i32)
      (local $out i32)
      (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (i32.add (local.get $len) (i32.const 7))))
      (memory.copy (local.get $out) (i32.const 16) (i32.const 7))
      (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $ptr) (local.get $len))
      (i32.store (i32.const 0) (local.get $out))
      (i32.store (i32.const 4) (i32.add (local.get $len) (i32.const 7)))
      (i32.const 0)))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func (export "greet") (param "name" string) (result string)
    (canon lift (core func $i "greet") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
)

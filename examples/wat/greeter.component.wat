;; Used by examples/embed/main.cpp: exports add and greet; greet calls the host's
;; `shout` import (a string through the canonical ABI both ways).
(component
  (import "shout" (func $shout (param "s" string) (result string)))
  (core module $libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $r i32)
      (local.set $r (global.get $next))
      (global.set $next (i32.add (global.get $next) (local.get 3)))
      (local.get $r)))
  (core instance $libc (instantiate $libc))
  (core func $shout' (canon lower (func $shout) (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (core module $m
    (import "host" "shout" (func $shout (param i32 i32 i32)))
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    ;; greet(name) = shout(name): the host's result lands at 16, returned as is
    (func (export "greet") (param i32 i32) (result i32)
      (call $shout (local.get 0) (local.get 1) (i32.const 16))
      (i32.const 16)))
  (core instance $i (instantiate $m (with "host" (instance (export "shout" (func $shout'))))))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func (export "greet") (param "name" string) (result string)
    (canon lift (core func $i "greet") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
)

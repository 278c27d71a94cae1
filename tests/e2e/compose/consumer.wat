;; Imports docs:math/ops@1.0.0 and exports run() = add(40, 2).
(component
  (import "docs:math/ops@1.0.0" (instance $ops
    (export "add" (func (param "a" u32) (param "b" u32) (result u32)))))
  (core func $add (canon lower (func $ops "add")))
  (core module $m (import "ops" "add" (func $add (param i32 i32) (result i32)))
    (func (export "run") (result i32) i32.const 40 i32.const 2 call $add))
  (core instance $i (instantiate $m (with "ops" (instance (export "add" (func $add))))))
  (func (export "run") (result u32) (canon lift (core func $i "run"))))

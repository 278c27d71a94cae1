;; Exports docs:math/ops@1.0.0 with add(a, b) = a + b.
(component
  (core module $m (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
  (core instance $i (instantiate $m))
  (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (instance $ops (export "add" (func $add)))
  (export "docs:math/ops@1.0.0" (instance $ops)))

;; A third component between the consumer and the provider of `thing`: it is lent
;; borrows of a resource it does not implement, so they arrive as handles in its own
;; table, which it must drop before it returns.
(component
  (import "thing" (type $thing (sub resource)))
  (import "value" (func $value (param "t" (borrow $thing)) (result u32)))
  (import "consume" (func $consume (param "t" (own $thing)) (result u32)))
  (canon resource.drop $thing (core func $thing.drop))
  (canon lower (func $value) (core func $value'))
  (canon lower (func $consume) (core func $consume'))
  (core module $m
    (import "" "thing.drop" (func $thing.drop (param i32)))
    (import "" "value" (func $value (param i32) (result i32)))
    (import "" "consume" (func $consume (param i32) (result i32)))
    (global $kept (mut i32) (i32.const 0))
    ;; Well behaved: ask the provider for the value, drop the borrow, return
    ;; value * 100 + the index the borrow had in this table.
    (func (export "inspect") (param $h i32) (result i32)
      (local $v i32)
      (local.set $v (call $value (local.get $h)))
      (call $thing.drop (local.get $h))
      (i32.add (i32.mul (local.get $v) (i32.const 100)) (local.get $h)))
    ;; Keeps the borrow past the end of the call.
    (func (export "keep") (param $h i32) (global.set $kept (local.get $h)))
    ;; Passes the borrow on as if it owned the resource.
    (func (export "give-away") (param $h i32) (result i32) (call $consume (local.get $h))))
  (core instance $m (instantiate $m (with "" (instance
    (export "thing.drop" (func $thing.drop))
    (export "value" (func $value'))
    (export "consume" (func $consume'))))))
  (func (export "inspect") (param "t" (borrow $thing)) (result u32) (canon lift (core func $m "inspect")))
  (func (export "keep") (param "t" (borrow $thing)) (canon lift (core func $m "keep")))
  (func (export "give-away") (param "t" (borrow $thing)) (result u32) (canon lift (core func $m "give-away")))
)

;; A provider of two resource types, `thing` and `gadget` (rep: a u32 the caller
;; chooses). It counts the `thing`s its destructor ran for (`drops`), and can stash
;; `thing`s in its own handle table and tell which rep an index of that table holds
;; (`rep-at`), so tests can show that handle indices are per instance. `forge-thing`
;; returns whatever index it is given as an own handle.
(component
  (core module $dtor
    (global $drops (mut i32) (i32.const 0))
    (func (export "thing-dtor") (param i32) (global.set $drops (i32.add (global.get $drops) (i32.const 1))))
    (func (export "drops") (result i32) (global.get $drops)))
  (core instance $dtor (instantiate $dtor))
  (type $thing' (resource (rep i32) (dtor (core func $dtor "thing-dtor"))))
  (type $gadget' (resource (rep i32)))
  (export $thing "thing" (type $thing'))
  (export $gadget "gadget" (type $gadget'))
  (canon resource.new $thing' (core func $thing.new))
  (canon resource.rep $thing' (core func $thing.rep))
  (canon resource.drop $thing' (core func $thing.drop))
  (canon resource.new $gadget' (core func $gadget.new))
  (core module $m
    (import "r" "thing.new" (func $thing.new (param i32) (result i32)))
    (import "r" "thing.rep" (func $thing.rep (param i32) (result i32)))
    (import "r" "thing.drop" (func $thing.drop (param i32)))
    (import "r" "gadget.new" (func $gadget.new (param i32) (result i32)))
    (func (export "make-thing") (param $v i32) (result i32) (call $thing.new (local.get $v)))
    (func (export "make-gadget") (param $v i32) (result i32) (call $gadget.new (local.get $v)))
    ;; A borrow of a resource this component implements arrives as its rep.
    (func (export "value") (param $rep i32) (result i32) (local.get $rep))
    ;; An own handle arrives as an index into this instance's table.
    (func (export "consume") (param $h i32) (result i32)
      (local $rep i32)
      (local.set $rep (call $thing.rep (local.get $h)))
      (call $thing.drop (local.get $h))
      (local.get $rep))
    (func (export "borrow-and-take") (param $rep i32) (param $h i32) (result i32)
      (call $thing.drop (local.get $h))
      (local.get $rep))
    (func (export "stash") (param $v i32) (result i32) (call $thing.new (local.get $v)))
    (func (export "forge-thing") (param $i i32) (result i32) (local.get $i))
    (func (export "rep-at") (param $i i32) (result i32) (call $thing.rep (local.get $i))))
  (core instance $m (instantiate $m (with "r" (instance
    (export "thing.new" (func $thing.new))
    (export "thing.rep" (func $thing.rep))
    (export "thing.drop" (func $thing.drop))
    (export "gadget.new" (func $gadget.new))))))
  (func (export "make-thing") (param "v" u32) (result (own $thing)) (canon lift (core func $m "make-thing")))
  (func (export "make-gadget") (param "v" u32) (result (own $gadget)) (canon lift (core func $m "make-gadget")))
  (func (export "value") (param "t" (borrow $thing)) (result u32) (canon lift (core func $m "value")))
  (func (export "consume") (param "t" (own $thing)) (result u32) (canon lift (core func $m "consume")))
  (func (export "borrow-and-take") (param "b" (borrow $thing)) (param "o" (own $thing)) (result u32)
    (canon lift (core func $m "borrow-and-take")))
  (func (export "stash") (param "v" u32) (result u32) (canon lift (core func $m "stash")))
  (func (export "forge-thing") (param "i" u32) (result (own $thing)) (canon lift (core func $m "forge-thing")))
  (func (export "rep-at") (param "i" u32) (result u32) (canon lift (core func $m "rep-at")))
  (func (export "drops") (result u32) (canon lift (core func $dtor "drops")))
)

;; Cross-check corpus: plain numeric indices and sort-prefixed references.
(component
  (type (func))
  (import "a" (func (type 0)))
  (func (type 0) (canon lift (core func 0)))
  (core module)
  (core instance (instantiate 0))
  (alias core export 0 "x" (core func))
  (core func (canon lower (func 0)))
  (core func (canon lower (func 0 "x" "y")))
  (instance (instantiate 0 (with "a" (func 0)) (with "b" (instance 0)) (with "c" (component 0)) (with "d" (type 0)) (with "e" (value 0)) (with "f" (core module 0))))
  (export "x" (func 0 "a"))
)

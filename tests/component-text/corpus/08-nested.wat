;; Cross-check corpus: nested components and outer references across levels.
(component $A
  (type $t u32)
  (core type $ct (func))
  (component $B
    (component $C
      (type (list $t))
      (core type (module (alias outer $A $ct (type))))
      (import "x" (func (param "a" $t)))
    )
    (instance (instantiate $C (with "x" (func $f))))
    (import "f" (func $f (param "a" $t)))
  )
  (component $D (export "x") (import "y" (func)))
  (instance (export "b") (instantiate $B))
)

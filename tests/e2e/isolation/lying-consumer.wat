;; A consumer of resource-provider.wat that declares `consume` as taking a u32 where
;; the provider's takes an own<thing>. Were the link allowed, the u32 would be
;; lowered into the provider as an own handle with a rep of the consumer's choosing
;; (0x41414141), which the provider's destructor then runs on.
(component
  (import "consume" (func $consume (param "t" u32) (result u32)))
  (core func $consume' (canon lower (func $consume)))
  (core module $main
    (import "" "consume" (func $consume (param i32) (result i32)))
    (func (export "forge") (result i32) (call $consume (i32.const 0x41414141))))
  (core instance $main (instantiate $main (with "" (instance (export "consume" (func $consume'))))))
  (func (export "forge") (result u32) (canon lift (core func $main "forge")))
)

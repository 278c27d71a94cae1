;; A hostile provider: `peek`/`poke` load and store at any address the caller names,
;; in the provider's own one-page memory; the other exports return values whose
;; pointers, lengths, bytes or bit patterns the canonical ABI must refuse to lift, and
;; its realloc hands out space beyond its memory for the strings it is sent.
;; `string-ok` and `list-ok` are the well-behaved controls.
(component
  (core module $m
    (memory (export "mem") 1)
    (data (i32.const 64) "\ff\fe\fd")  ;; not UTF-8
    (data (i32.const 80) "ok")
    (data (i32.const 96) "\01\00\00\00\02\00\00\00")
    (func (export "peek") (param $addr i32) (result i32) (i32.load (local.get $addr)))
    (func (export "poke") (param $addr i32) (param $v i32) (i32.store (local.get $addr) (local.get $v)))
    ;; Results of two core values come back through memory: (ptr, len) at 16.
    (func $pair (param $ptr i32) (param $len i32) (result i32)
      (i32.store (i32.const 16) (local.get $ptr))
      (i32.store (i32.const 20) (local.get $len))
      (i32.const 16))
    (func (export "string-ok") (result i32) (call $pair (i32.const 80) (i32.const 2)))
    ;; The consumer's canary address, read in this memory (zeros).
    (func (export "string-at-canary") (result i32) (call $pair (i32.const 256) (i32.const 4)))
    (func (export "string-beyond-memory") (result i32) (call $pair (i32.const 65500) (i32.const 100)))
    (func (export "string-bad-utf8") (result i32) (call $pair (i32.const 64) (i32.const 3)))
    (func (export "list-ok") (result i32) (call $pair (i32.const 96) (i32.const 2)))
    (func (export "list-beyond-memory") (result i32) (call $pair (i32.const 65528) (i32.const 4)))
    ;; 0x40000000 u32s are 2^32 bytes: a length that wraps to 0 in 32-bit arithmetic.
    (func (export "list-wrapping-length") (result i32) (call $pair (i32.const 96) (i32.const 0x40000000)))
    (func (export "list-unaligned") (result i32) (call $pair (i32.const 98) (i32.const 1)))
    (func (export "pair-beyond-memory") (result i32) (i32.const 65532))
    (func (export "bad-enum") (result i32) (i32.const 2))
    (func (export "bad-char") (result i32) (i32.const 0xd800))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 65534))
    (func (export "take-string") (param $ptr i32) (param $len i32) (result i32) (local.get $len))
  )
  (core instance $i (instantiate $m))
  (type $color' (enum "red" "green"))
  (export $color "color" (type $color'))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (func (export "peek") (param "addr" u32) (result u32) (canon lift (core func $i "peek")))
  (func (export "poke") (param "addr" u32) (param "v" u32) (canon lift (core func $i "poke")))
  (func (export "string-ok") (result string) (canon lift (core func $i "string-ok") (memory $mem)))
  (func (export "string-at-canary") (result string) (canon lift (core func $i "string-at-canary") (memory $mem)))
  (func (export "string-beyond-memory") (result string)
    (canon lift (core func $i "string-beyond-memory") (memory $mem)))
  (func (export "string-bad-utf8") (result string) (canon lift (core func $i "string-bad-utf8") (memory $mem)))
  (func (export "list-ok") (result (list u32)) (canon lift (core func $i "list-ok") (memory $mem)))
  (func (export "list-beyond-memory") (result (list u32))
    (canon lift (core func $i "list-beyond-memory") (memory $mem)))
  (func (export "list-wrapping-length") (result (list u32))
    (canon lift (core func $i "list-wrapping-length") (memory $mem)))
  (func (export "list-unaligned") (result (list u32)) (canon lift (core func $i "list-unaligned") (memory $mem)))
  (func (export "pair-beyond-memory") (result (tuple u32 u32))
    (canon lift (core func $i "pair-beyond-memory") (memory $mem)))
  (func (export "bad-enum") (result $color) (canon lift (core func $i "bad-enum")))
  (func (export "bad-char") (result char) (canon lift (core func $i "bad-char")))
  (func (export "take-string") (param "s" string) (result u32)
    (canon lift (core func $i "take-string") (memory $mem) (realloc $realloc)))
)

// Lifting and lowering resource handles: own handles move between handle tables,
// borrows are lent for the duration of a call.
// spec: CanonicalABI.md "Loading" (lift_own, lift_borrow), "Storing" (lower_own, lower_borrow)
#include <fmt/format.h>

#include "component/canon/layout.h"

namespace weft::component {

namespace {

std::string describe_rt(const Runtime& rt, uint32_t id) {
  const ResourceTypeInst& r = rt.resource_type(id);
  std::string who = r.impl ? "guest-defined resource" : "host-defined resource";
  return r.name.empty() ? who : fmt::format("{} `{}`", who, r.name);
}

}  // namespace

Result<void> check_handle_type(const Runtime& rt, uint32_t i, const HandleEntry& h, uint32_t want) {
  if (h.rt == want) return {};
  std::string expected = describe_rt(rt, want), found = describe_rt(rt, h.rt);
  if (expected == found) found = "a different " + found;
  return canon_trap(fmt::format("handle index {} used with the wrong type, expected {} but found {}", i, expected, found));
}

// spec: lift_own
Result<Val> lift_own(LiftLowerContext& cx, uint32_t i, ValType t) {
  WEFT_TRY(want, cx.resource_of(t));
  WEFT_TRY(h, cx.inst.handles.get(i));
  WEFT_CHECK(check_handle_type(cx.rt, i, *h, want));
  if (h->num_lends != 0) return canon_trap("cannot remove owned resource while borrowed");
  if (!h->own) return canon_trap(fmt::format("handle index {} is a borrow, not an owned handle", i));
  WEFT_TRY(e, cx.inst.handles.remove(i));
  return Val::own(want, e.rep);
}

// spec: lift_borrow (add_lender is the caller's bookkeeping for the call)
Result<Val> lift_borrow(LiftLowerContext& cx, uint32_t i, ValType t) {
  WEFT_TRY(want, cx.resource_of(t));
  WEFT_TRY(h, cx.inst.handles.get(i));
  WEFT_CHECK(check_handle_type(cx.rt, i, *h, want));
  if (cx.borrow_scope) {
    h->num_lends++;
    cx.borrow_scope->lenders.push_back({&cx.inst, i});
  }
  return Val::borrow(want, h->rep);
}

// spec: lower_own
Result<uint32_t> lower_own(LiftLowerContext& cx, const Val& v, ValType t) {
  WEFT_TRY(rt, cx.resource_of(t));
  return cx.inst.handles.add(HandleEntry{rt, uint32_t(v.bits), true, 0, nullptr});
}

// spec: lower_borrow
Result<uint32_t> lower_borrow(LiftLowerContext& cx, const Val& v, ValType t) {
  WEFT_TRY(rt, cx.resource_of(t));
  if (cx.rt.resource_type(rt).impl == &cx.inst) return uint32_t(v.bits);
  if (cx.borrow_scope) cx.borrow_scope->num_borrows++;
  return cx.inst.handles.add(HandleEntry{rt, uint32_t(v.bits), false, 0, cx.borrow_scope});
}

}  // namespace weft::component

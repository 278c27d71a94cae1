// WASI poll_oneoff: one real wait (ppoll) on every fd subscription's host fd, with
// the nearest clock deadline as its timeout; clock-only polls sleep.
#include <poll.h>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "wasi/handlers.h"

namespace weft::wasi::handlers {
namespace {

// An fd whose object has no host fd to wait on (a memory stream) is asked again this often.
constexpr uint64_t kFdRecheckNs = 1000000;

// One subscription as the guest wrote it.
struct Subscription {
  uint64_t userdata = 0;
  EventType type = EventType::Clock;
  uint32_t clock_id = 0;  // Clock
  uint64_t timeout = 0;
  uint16_t clock_flags = 0;
  uint32_t fd = 0;  // FdRead / FdWrite
};

WasiResult<Subscription> load_subscription(const GuestMemory& mem, uint32_t p) {
  Subscription s;
  WASI_TRY(userdata, mem.load_u64(p + layout::kSubscriptionUserdata));
  WASI_TRY(tag, mem.load_u8(p + layout::kSubscriptionTag));
  if (tag > uint8_t(EventType::FdWrite)) return std::unexpected(Errno::Inval);
  s.userdata = userdata;
  s.type = EventType(tag);
  if (s.type == EventType::Clock) {
    WASI_TRY(id, mem.load_u32(p + layout::kSubscriptionClockId));
    WASI_TRY(timeout, mem.load_u64(p + layout::kSubscriptionClockTimeout));
    WASI_TRY(flags, mem.load_u16(p + layout::kSubscriptionClockFlags));
    s.clock_id = id, s.timeout = timeout, s.clock_flags = flags;
  } else {
    WASI_TRY(fd, mem.load_u32(p + layout::kSubscriptionFd));
    s.fd = fd;
  }
  return s;
}

// Whether a subscription fires, and with what: clocks by how long they still have
// to run, measured against one reading of each clock taken when the poll began.
struct Outcome {
  bool ready = false;
  Errno error = Errno::Success;
  Readiness readiness;
  uint64_t remaining = 0;  // clocks only: ns left when the poll began
  int wait_fd = -1;        // fds not ready yet: the host fd to wait on, if any
};

Outcome fired(Errno error) {
  Outcome o;
  o.ready = true;
  o.error = error;
  return o;
}

class Poller {
 public:
  explicit Poller(WasiCall& call) : call_(call) {}

  Outcome evaluate(const Subscription& s, uint64_t slept) {
    if (s.type == EventType::Clock) {
      if (s.clock_id >= start_.size()) return fired(Errno::Inval);
      auto& now = start_[s.clock_id];
      if (!now) now = call_.ctx().clocks().now(ClockId(s.clock_id));
      if (!*now) return fired(now->error());
      bool abstime = s.clock_flags & kSubscriptionClockAbstime;
      uint64_t remaining = !abstime ? s.timeout : s.timeout > **now ? s.timeout - **now : 0;
      return Outcome{remaining <= slept, Errno::Success, {}, remaining, -1};
    }
    auto entry = call_.ctx().fds().get(s.fd);
    if (!entry) return fired(entry.error());
    if (!(*entry)->has(rights::kPollFdReadwrite)) {
      // Evaluated on every pass: report the denial once.
      if (std::find(denied_.begin(), denied_.end(), s.fd) == denied_.end()) {
        denied_.push_back(s.fd);
        (void)entry_with(call_, s.fd, rights::kPollFdReadwrite);
      }
      return fired(Errno::NotCapable);
    }
    FdObject& object = *(*entry)->object;
    auto ready = object.poll_ready(s.type);
    if (!ready) return fired(ready.error());
    if (*ready) return Outcome{true, Errno::Success, **ready, 0, -1};
    return Outcome{false, Errno::Success, {}, 0, object.pollable_fd()};
  }

 private:
  WasiCall& call_;
  std::array<std::optional<WasiResult<uint64_t>>, 4> start_;
  std::vector<uint32_t> denied_;
};

WasiResult<void> store_event(const GuestMemory& mem, uint32_t p, const Subscription& s, const Outcome& o) {
  WASI_TRY(out, mem.slice(p, layout::kEventSize));
  std::fill(out.begin(), out.end(), 0);
  WASI_CHECK(mem.store_u64(p + layout::kEventUserdata, s.userdata));
  WASI_CHECK(mem.store_u16(p + layout::kEventError, uint16_t(o.error)));
  WASI_CHECK(mem.store_u8(p + layout::kEventType, uint8_t(s.type)));
  if (s.type != EventType::Clock && o.error == Errno::Success) {
    WASI_CHECK(mem.store_u64(p + layout::kEventNbytes, o.readiness.nbytes));
    WASI_CHECK(mem.store_u16(p + layout::kEventFlags, o.readiness.hangup ? kEventFdReadwriteHangup : 0));
  }
  return {};
}

}  // namespace

// Subscriptions are read straight from guest memory in each pass rather than
// copied, so a guest cannot make the host allocate in proportion to `nsubscriptions`.
Result<Errno> poll_oneoff(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  uint32_t in = call.u32(0), out = call.u32(1), count = call.u32(2), nevents_ptr = call.u32(3);
  if (count == 0) return Errno::Inval;
  WASI_CHECK(mem.slice(in, uint64_t(count) * layout::kSubscriptionSize));
  WASI_CHECK(mem.slice(out, uint64_t(count) * layout::kEventSize));
  WASI_CHECK(mem.slice(nevents_ptr, 4));

  Poller poller(call);
  uint64_t slept = 0;
  for (;;) {
    bool any_ready = false, unpollable = false;
    uint64_t pause = UINT64_MAX;
    std::vector<pollfd> waits;
    for (uint32_t i = 0; i < count; ++i) {
      WASI_TRY(s, load_subscription(mem, in + i * layout::kSubscriptionSize));
      Outcome o = poller.evaluate(s, slept);
      any_ready |= o.ready;
      if (o.ready) continue;
      if (s.type == EventType::Clock) {
        pause = std::min(pause, o.remaining - slept);
      } else if (o.wait_fd >= 0) {
        waits.push_back(pollfd{o.wait_fd, short(s.type == EventType::FdRead ? POLLIN : POLLOUT), 0});
      } else {
        unpollable = true;
      }
    }
    if (any_ready) break;
    if (unpollable) pause = std::min(pause, kFdRecheckNs);
    if (waits.empty()) {
      call.ctx().clocks().sleep(pause);
      slept += pause;
      continue;
    }
    std::optional<uint64_t> timeout;
    if (pause != UINT64_MAX) timeout = pause;
    WASI_TRY(waited, call.ctx().sandbox()->waiter.wait(waits, timeout));
    slept += waited;
  }

  uint32_t nevents = 0;
  for (uint32_t i = 0; i < count; ++i) {
    WASI_TRY(s, load_subscription(mem, in + i * layout::kSubscriptionSize));
    Outcome o = poller.evaluate(s, slept);
    if (!o.ready) continue;
    WASI_CHECK(store_event(mem, out + nevents * layout::kEventSize, s, o));
    ++nevents;
  }
  return status(mem.store_u32(nevents_ptr, nevents));
}

}  // namespace weft::wasi::handlers

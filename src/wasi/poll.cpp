// WASI poll_oneoff: clock subscriptions sleep; fd subscriptions ask the fd's object.
#include <array>
#include <optional>

#include "wasi/handlers.h"

namespace weft::wasi::handlers {
namespace {

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
  uint64_t nbytes = 0;
  uint64_t remaining = 0;  // clocks only: ns left when the poll began
};

class Poller {
 public:
  explicit Poller(WasiCtx& ctx) : ctx_(ctx) {}

  Outcome evaluate(const Subscription& s, uint64_t slept) {
    if (s.type == EventType::Clock) {
      if (s.clock_id >= start_.size()) return Outcome{true, Errno::Inval};
      auto& now = start_[s.clock_id];
      if (!now) now = ctx_.clocks().now(ClockId(s.clock_id));
      if (!*now) return Outcome{true, now->error()};
      bool abstime = s.clock_flags & kSubscriptionClockAbstime;
      uint64_t remaining = !abstime ? s.timeout : s.timeout > **now ? s.timeout - **now : 0;
      return Outcome{remaining <= slept, Errno::Success, 0, remaining};
    }
    auto entry = entry_with(ctx_, s.fd, rights::kPollFdReadwrite);
    if (!entry) return Outcome{true, entry.error()};
    auto ready = (*entry)->object->poll_ready(s.type);
    if (!ready) return Outcome{true, ready.error()};
    return Outcome{ready->has_value(), Errno::Success, ready->value_or(0)};
  }

 private:
  WasiCtx& ctx_;
  std::array<std::optional<WasiResult<uint64_t>>, 4> start_;
};

WasiResult<void> store_event(const GuestMemory& mem, uint32_t p, const Subscription& s, const Outcome& o) {
  WASI_TRY(out, mem.slice(p, layout::kEventSize));
  std::fill(out.begin(), out.end(), 0);
  WASI_CHECK(mem.store_u64(p + layout::kEventUserdata, s.userdata));
  WASI_CHECK(mem.store_u16(p + layout::kEventError, uint16_t(o.error)));
  WASI_CHECK(mem.store_u8(p + layout::kEventType, uint8_t(s.type)));
  if (s.type != EventType::Clock && o.error == Errno::Success) {
    WASI_CHECK(mem.store_u64(p + layout::kEventNbytes, o.nbytes));
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

  Poller poller(call.ctx());
  uint64_t slept = 0;
  for (;;) {
    bool any_ready = false, fd_waiting = false;
    uint64_t pause = UINT64_MAX;
    for (uint32_t i = 0; i < count; ++i) {
      WASI_TRY(s, load_subscription(mem, in + i * layout::kSubscriptionSize));
      Outcome o = poller.evaluate(s, slept);
      any_ready |= o.ready;
      if (o.ready) continue;
      if (s.type == EventType::Clock)
        pause = std::min(pause, o.remaining - slept);
      else
        fd_waiting = true;
    }
    if (any_ready) break;
    // An fd that is not ready yet is asked again every millisecond (pollable host
    // objects, such as sockets, will bring a real wait).
    if (fd_waiting) pause = std::min<uint64_t>(pause, kFdRecheckNs);
    call.ctx().clocks().sleep(pause);
    slept += pause;
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

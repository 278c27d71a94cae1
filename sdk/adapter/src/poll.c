// Preview-1 poll_oneoff through wasi:io/poll: clock subscriptions become monotonic
// pollables; reading stdin and writing stdout/stderr wait on their streams' pollables;
// files are always ready.
#include "adapter.h"

// subscription (48 bytes): userdata 0, tag 8, clock {id 16, timeout 24, precision 32,
// flags 40} or fd_readwrite {fd 16}. event (32 bytes): userdata 0, error 8, type 10,
// fd_readwrite {nbytes 16, flags 24}.
static uint8_t* event(uint8_t* out, uint32_t* count, const uint8_t* sub, uint16_t err, uint64_t nbytes) {
  uint8_t* ev = out + 32 * (*count)++;
  zero(ev, 32);
  copy(ev, sub, 8);
  put_u16(ev + 8, err);
  ev[10] = sub[8];
  if (sub[8] != 0) put_u64(ev + 16, nbytes);  // clock events carry no byte count
  return ev;
}

// A pollable for the subscription, or 0 with *err set (the event is ready now).
static int32_t pollable_for(const uint8_t* sub, uint16_t* err, uint64_t* nbytes) {
  *err = E_SUCCESS;
  *nbytes = 0;
  if (sub[8] == 0) {  // clock
    uint32_t id = u32_at(sub + 16);
    uint64_t timeout = u64_at(sub + 24);
    int abs = u32_at(sub + 40) & 1;
    if (id == CLOCK_MONOTONIC)
      return abs ? mono_subscribe_instant(timeout) : mono_subscribe_duration(timeout);
    if (id == CLOCK_REALTIME) {
      if (!abs) return mono_subscribe_duration(timeout);
      RET(16);
      wall_now(ret);
      uint64_t now = u64_at(ret) * 1000000000ull + u32_at(ret + 8);
      return mono_subscribe_duration(timeout > now ? timeout - now : 0);
    }
    *err = id <= CLOCK_THREAD_CPUTIME ? E_NOTSUP : E_INVAL;
    return 0;
  }
  if (sub[8] > 2) {
    *err = E_INVAL;
    return 0;
  }
  Fd* e = fd_get(u32_at(sub + 16));
  int reading = sub[8] == 1;
  if (!e)
    *err = E_BADF;
  else if (reading && e->kind == K_STDIN)
    return in_subscribe(e->handle);
  else if (!reading && (e->kind == K_STDOUT || e->kind == K_STDERR))
    return out_subscribe(e->handle);
  else if (e->kind == K_FILE) {
    // Ready now; for reading, nbytes is what is left after the position.
    if (reading) {
      RET(104);
      fs_stat(e->handle, ret);
      uint64_t size = ret[0] ? 0 : u64_at(ret + 24);
      *nbytes = size > e->pos ? size - e->pos : 0;
    }
  } else
    *err = E_BADF;
  return 0;
}

int32_t impl_poll_oneoff(const uint8_t* in, uint8_t* out, uint32_t n, uint32_t* nevents) {
  *nevents = 0;
  if (n == 0) return E_INVAL;
  int32_t* pollables = arena_alloc(4 * n, 4);
  uint32_t* which = arena_alloc(4 * n, 4);  // the subscription of each pollable
  uint32_t count = 0, ready_now = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint16_t err;
    uint64_t nbytes;
    int32_t p = pollable_for(in + 48 * i, &err, &nbytes);
    if (p) {
      pollables[count] = p;
      which[count++] = i;
    } else {
      event(out, &ready_now, in + 48 * i, err, nbytes);
    }
  }
  uint32_t events = ready_now;
  if (count) {
    if (ready_now) {  // something is ready already: only collect what else is, without waiting
      for (uint32_t k = 0; k < count; ++k)
        if (pollable_ready(pollables[k])) event(out, &events, in + 48 * which[k], E_SUCCESS, 1);
    } else {
      RET(8);
      poll_list(pollables, count, ret);
      const uint32_t* idx = (const uint32_t*)(uintptr_t)u32_at(ret);
      uint32_t m = u32_at(ret + 4);
      for (uint32_t k = 0; k < m; ++k)
        if (idx[k] < count) event(out, &events, in + 48 * which[idx[k]], E_SUCCESS, 1);
    }
    for (uint32_t k = 0; k < count; ++k) drop_pollable(pollables[k]);
  }
  *nevents = events;
  return E_SUCCESS;
}

// Preview-1 arguments, environment, clocks, randomness and the calls WASI 0.2 has no
// counterpart for (signals, sockets as preview 1 has them).
#include "adapter.h"

// A list<string> (8-byte elements) or list<tuple<string, string>> (16-byte elements)
// from the host, in the arena.
typedef struct {
  const uint8_t* items;
  uint32_t n;
} List;

static List arguments(void) {
  RET(8);
  env_get_arguments(ret);
  return (List){(const uint8_t*)(uintptr_t)u32_at(ret), u32_at(ret + 4)};
}

static List environment(void) {
  RET(8);
  env_get_environment(ret);
  return (List){(const uint8_t*)(uintptr_t)u32_at(ret), u32_at(ret + 4)};
}

static const uint8_t* str_at(const uint8_t* p) { return (const uint8_t*)(uintptr_t)u32_at(p); }

int32_t impl_args_sizes_get(uint32_t* argc, uint32_t* size) {
  List l = arguments();
  uint32_t total = 0;
  for (uint32_t i = 0; i < l.n; ++i) total += u32_at(l.items + 8 * i + 4) + 1;
  *argc = l.n;
  *size = total;
  return E_SUCCESS;
}

int32_t impl_args_get(uint32_t* argv, uint8_t* buf) {
  List l = arguments();
  for (uint32_t i = 0; i < l.n; ++i) {
    uint32_t len = u32_at(l.items + 8 * i + 4);
    argv[i] = (uint32_t)(uintptr_t)buf;
    copy(buf, str_at(l.items + 8 * i), len);
    buf[len] = 0;
    buf += len + 1;
  }
  return E_SUCCESS;
}

int32_t impl_environ_sizes_get(uint32_t* count, uint32_t* size) {
  List l = environment();
  uint32_t total = 0;
  for (uint32_t i = 0; i < l.n; ++i)
    total += u32_at(l.items + 16 * i + 4) + u32_at(l.items + 16 * i + 12) + 2;
  *count = l.n;
  *size = total;
  return E_SUCCESS;
}

int32_t impl_environ_get(uint32_t* environ, uint8_t* buf) {
  List l = environment();
  for (uint32_t i = 0; i < l.n; ++i) {
    const uint8_t* kv = l.items + 16 * i;
    uint32_t klen = u32_at(kv + 4), vlen = u32_at(kv + 12);
    environ[i] = (uint32_t)(uintptr_t)buf;
    copy(buf, str_at(kv), klen);
    buf[klen] = '=';
    copy(buf + klen + 1, str_at(kv + 8), vlen);
    buf[klen + 1 + vlen] = 0;
    buf += klen + vlen + 2;
  }
  return E_SUCCESS;
}

static uint64_t datetime_ns(const uint8_t* p) { return u64_at(p) * 1000000000ull + u32_at(p + 8); }

// WASI 0.2 has no CPU-time clocks: those are NOTSUP, unknown clocks INVAL.
int32_t impl_clock_res_get(uint32_t id, uint64_t* res) {
  RET(16);
  switch (id) {
    case CLOCK_REALTIME: wall_resolution(ret), *res = datetime_ns(ret); return E_SUCCESS;
    case CLOCK_MONOTONIC: *res = mono_resolution(); return E_SUCCESS;
    case CLOCK_PROCESS_CPUTIME:
    case CLOCK_THREAD_CPUTIME: return E_NOTSUP;
    default: return E_INVAL;
  }
}

int32_t impl_clock_time_get(uint32_t id, uint64_t precision, uint64_t* time) {
  RET(16);
  switch (id) {
    case CLOCK_REALTIME: wall_now(ret), *time = datetime_ns(ret); return E_SUCCESS;
    case CLOCK_MONOTONIC: *time = mono_now(); return E_SUCCESS;
    case CLOCK_PROCESS_CPUTIME:
    case CLOCK_THREAD_CPUTIME: return E_NOTSUP;
    default: return E_INVAL;
  }
}

int32_t impl_random_get(uint8_t* buf, uint32_t len) {
  RET(8);
  set_pending(buf, len);  // the bytes land in the guest's buffer
  random_bytes(len, ret);
  clear_pending();
  const uint8_t* got = str_at(ret);
  uint32_t n = u32_at(ret + 4);
  if (n != len) return E_IO;
  if (got != buf) copy(buf, got, n);
  return E_SUCCESS;
}

int32_t impl_sched_yield(void) { return E_SUCCESS; }
int32_t impl_proc_raise(uint32_t sig) { return E_NOTSUP; }
int32_t impl_sock_accept(uint32_t fd, uint32_t flags, uint32_t* out) { return E_NOTSUP; }
int32_t impl_sock_recv(uint32_t fd, const uint8_t* iovs, uint32_t n, uint32_t flags, uint32_t* nread,
                       uint16_t* oflags) {
  return E_NOTSUP;
}
int32_t impl_sock_send(uint32_t fd, const uint8_t* iovs, uint32_t n, uint32_t flags, uint32_t* nwritten) {
  return E_NOTSUP;
}
int32_t impl_sock_shutdown(uint32_t fd, uint32_t how) { return E_NOTSUP; }

// WASI 0.2 e2e: TCP, UDP and name lookup through wasi:sockets, called directly
// (hand-written canonical ABI glue below; preview 1 cannot create sockets). Made
// into a component by `jco.sh --embed` (world sockets-p2 of sockets_p2.wit) and
// `jco new --wasi-command`.
//   sockets_p2 serve        listens on 127.0.0.1 (a port the host picks), prints
//                           "listening on PORT", echoes one connection until it
//                           ends, prints "echoed N bytes"
//   sockets_p2 connect PORT connects to 127.0.0.1:PORT, sends "ping from wasm",
//                           prints "reply: ..." with what comes back
//   sockets_p2 udp-echo     binds UDP 127.0.0.1 (port picked), prints "udp on PORT",
//                           sends the first datagram back, prints "echoed N bytes"
//   sockets_p2 resolve NAME prints each address of NAME ("ipv4 A.B.C.D" or "ipv6 ...")
// A refused step prints "STEP: error-code NAME" and exits with 1.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define TCP "wasi:sockets/tcp@0.2.12"
#define STREAMS "wasi:io/streams@0.2.12"

IMPORT("wasi:sockets/instance-network@0.2.12", "instance-network") int32_t instance_network(void);
IMPORT("wasi:sockets/tcp-create-socket@0.2.12", "create-tcp-socket") void create_tcp_socket(int32_t family, void* ret);
// ip-socket-address flattens to a discriminant and 11 i32s (the ipv6 case is the widest).
#define ADDR_PARAMS int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, \
                    int32_t, int32_t
IMPORT(TCP, "[method]tcp-socket.start-bind") void start_bind(int32_t self, int32_t net, ADDR_PARAMS, void* ret);
IMPORT(TCP, "[method]tcp-socket.start-connect") void start_connect(int32_t self, int32_t net, ADDR_PARAMS, void* ret);
IMPORT(TCP, "[method]tcp-socket.finish-bind") void finish_bind(int32_t self, void* ret);
IMPORT(TCP, "[method]tcp-socket.start-listen") void start_listen(int32_t self, void* ret);
IMPORT(TCP, "[method]tcp-socket.finish-listen") void finish_listen(int32_t self, void* ret);
IMPORT(TCP, "[method]tcp-socket.finish-connect") void finish_connect(int32_t self, void* ret);
IMPORT(TCP, "[method]tcp-socket.accept") void accept_(int32_t self, void* ret);
IMPORT(TCP, "[method]tcp-socket.local-address") void local_address(int32_t self, void* ret);
IMPORT(TCP, "[method]tcp-socket.subscribe") int32_t tcp_subscribe(int32_t self);
IMPORT(TCP, "[resource-drop]tcp-socket") void drop_tcp_socket(int32_t self);
#define UDP "wasi:sockets/udp@0.2.12"
#define LOOKUP "wasi:sockets/ip-name-lookup@0.2.12"
IMPORT("wasi:sockets/udp-create-socket@0.2.12", "create-udp-socket") void create_udp_socket(int32_t family, void* ret);
IMPORT(UDP, "[method]udp-socket.start-bind") void udp_start_bind(int32_t self, int32_t net, ADDR_PARAMS, void* ret);
IMPORT(UDP, "[method]udp-socket.finish-bind") void udp_finish_bind(int32_t self, void* ret);
// %stream(option<ip-socket-address>): the option's case, then the address's 12 i32s.
IMPORT(UDP, "[method]udp-socket.stream") void udp_stream(int32_t self, int32_t some, ADDR_PARAMS, void* ret);
IMPORT(UDP, "[method]udp-socket.local-address") void udp_local_address(int32_t self, void* ret);
IMPORT(UDP, "[method]incoming-datagram-stream.receive") void udp_receive(int32_t self, int64_t max, void* ret);
IMPORT(UDP, "[method]incoming-datagram-stream.subscribe") int32_t udp_in_subscribe(int32_t self);
IMPORT(UDP, "[method]outgoing-datagram-stream.check-send") void udp_check_send(int32_t self, void* ret);
IMPORT(UDP, "[method]outgoing-datagram-stream.send") void udp_send(int32_t self, const void* list, int32_t n, void* ret);
IMPORT(LOOKUP, "resolve-addresses") void resolve_addresses(int32_t net, const char* name, int32_t len, void* ret);
IMPORT(LOOKUP, "[method]resolve-address-stream.resolve-next-address") void resolve_next(int32_t self, void* ret);
IMPORT(LOOKUP, "[method]resolve-address-stream.subscribe") int32_t resolve_subscribe(int32_t self);
IMPORT("wasi:io/poll@0.2.12", "[method]pollable.block") void pollable_block(int32_t self);
IMPORT("wasi:io/poll@0.2.12", "[resource-drop]pollable") void drop_pollable(int32_t self);
IMPORT(STREAMS, "[method]input-stream.blocking-read") void blocking_read(int32_t self, int64_t len, void* ret);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush")
void blocking_write(int32_t self, const void* ptr, int32_t len, void* ret);
IMPORT(STREAMS, "[resource-drop]input-stream") void drop_input(int32_t self);
IMPORT(STREAMS, "[resource-drop]output-stream") void drop_output(int32_t self);

// Lists returned to us (blocking-read) are allocated through this.
__attribute__((export_name("cabi_realloc"))) void* cabi_realloc(void* old, size_t old_size, size_t align,
                                                                size_t new_size) {
  (void)old_size;
  (void)align;
  return realloc(old, new_size);
}

static const char* const kErrors[] = {
    "unknown", "access-denied", "not-supported", "invalid-argument", "out-of-memory", "timeout",
    "concurrency-conflict", "not-in-progress", "would-block", "invalid-state", "new-socket-limit",
    "address-not-bindable", "address-in-use", "remote-unreachable", "connection-refused",
    "connection-reset", "connection-aborted", "datagram-too-large", "name-unresolvable",
    "temporary-resolver-failure", "permanent-resolver-failure"};

// result<T, error-code> as the callee stores it: the case in byte 0, the payload at 4.
typedef struct {
  uint8_t is_err;
  uint8_t pad[3];
  union {
    int32_t handles[3];
    uint8_t code;
    struct { uint8_t tag, pad[3]; uint16_t port; uint8_t ip[4]; } v4;  // ip-socket-address, ipv4
  } u;
} Ret;

static void check(const Ret* r, const char* step) {
  if (!r->is_err) return;
  uint8_t code = r->u.code;
  printf("%s: error-code %s\n", step, code < sizeof kErrors / sizeof *kErrors ? kErrors[code] : "?");
  exit(1);
}

// A result<_, error-code> is 2 bytes: the case, then the code.
static void check_unit(const uint8_t* r, const char* step) {
  Ret full = {.is_err = r[0]};
  full.u.code = r[1];
  check(&full, step);
}

#define LOOPBACK(port) 0, (port), 127, 0, 0, 1, 0, 0, 0, 0, 0, 0

static int32_t new_socket(void) {
  Ret r;
  create_tcp_socket(0 /* ipv4 */, &r);
  check(&r, "create-tcp-socket");
  return r.u.handles[0];
}

static void wait_for(int32_t sock) {
  int32_t p = tcp_subscribe(sock);
  pollable_block(p);
  drop_pollable(p);
}

static int serve(void) {
  int32_t net = instance_network(), sock = new_socket();
  uint8_t u[2];
  Ret r;
  start_bind(sock, net, LOOPBACK(0), u);
  check_unit(u, "bind");
  finish_bind(sock, u);
  check_unit(u, "finish-bind");
  start_listen(sock, u);
  check_unit(u, "listen");
  finish_listen(sock, u);
  check_unit(u, "finish-listen");
  local_address(sock, &r);
  check(&r, "local-address");
  printf("listening on %u\n", r.u.v4.port);
  fflush(stdout);
  for (;;) {
    accept_(sock, &r);
    if (!r.is_err || r.u.code != 8 /* would-block */) break;
    wait_for(sock);
  }
  check(&r, "accept");
  int32_t conn = r.u.handles[0], in = r.u.handles[1], out = r.u.handles[2];
  long total = 0;
  for (;;) {
    struct { uint8_t is_err, pad[3]; uint8_t* ptr; int32_t len; } got;
    blocking_read(in, 4096, &got);
    if (got.is_err) break;  // closed (or failed): the peer is done
    uint8_t w[8];
    blocking_write(out, got.ptr, got.len, w);
    total += got.len;
    free(got.ptr);
    if (w[0]) break;
  }
  printf("echoed %ld bytes\n", total);
  drop_input(in);
  drop_output(out);
  drop_tcp_socket(conn);
  drop_tcp_socket(sock);
  return 0;
}

static int connect_to(int port) {
  int32_t net = instance_network(), sock = new_socket();
  uint8_t u[2];
  start_connect(sock, net, LOOPBACK(port), u);
  check_unit(u, "connect");
  Ret r;
  for (;;) {
    finish_connect(sock, &r);
    if (!r.is_err || r.u.code != 8 /* would-block */) break;
    wait_for(sock);
  }
  check(&r, "finish-connect");
  int32_t in = r.u.handles[0], out = r.u.handles[1];
  const char msg[] = "ping from wasm";
  uint8_t w[8];
  blocking_write(out, msg, sizeof msg - 1, w);
  if (w[0]) return printf("write failed\n"), 1;
  struct { uint8_t is_err, pad[3]; uint8_t* ptr; int32_t len; } got;
  blocking_read(in, 4096, &got);
  if (got.is_err) return printf("read failed\n"), 1;
  printf("reply: %.*s\n", (int)got.len, (const char*)got.ptr);
  free(got.ptr);
  drop_input(in);
  drop_output(out);
  drop_tcp_socket(sock);
  return 0;
}

static void block_on(int32_t pollable) {
  pollable_block(pollable);
  drop_pollable(pollable);
}

// Memory layouts (canonical ABI, wasm32): ip-socket-address is 32 bytes (case in
// byte 0; ipv4: port u16 at 4, the address at 6); incoming-datagram is
// {data list at 0, remote-address at 8} (40 bytes); outgoing-datagram is
// {data list at 0, option<ip-socket-address> at 8, its case at 8 and the address at 12} (44 bytes).
static int udp_echo(void) {
  int32_t net = instance_network();
  Ret r;
  create_udp_socket(0, &r);
  check(&r, "create-udp-socket");
  int32_t sock = r.u.handles[0];
  uint8_t u[2];
  udp_start_bind(sock, net, LOOPBACK(0), u);
  check_unit(u, "udp bind");
  udp_finish_bind(sock, u);
  check_unit(u, "udp finish-bind");
  udp_stream(sock, 0, LOOPBACK(0), &r);
  check(&r, "udp stream");
  int32_t in = r.u.handles[0], out = r.u.handles[1];
  udp_local_address(sock, &r);
  check(&r, "udp local-address");
  printf("udp on %u\n", r.u.v4.port);
  fflush(stdout);
  struct { uint8_t is_err, pad[3]; uint8_t* list; int32_t n; } got;
  for (;;) {
    udp_receive(in, 1, &got);
    if (got.is_err) return printf("receive failed\n"), 1;
    if (got.n > 0) break;
    block_on(udp_in_subscribe(in));
  }
  uint8_t* dgram = got.list;  // the first incoming-datagram
  uint8_t outgoing[44] __attribute__((aligned(8))) = {0};
  memcpy(outgoing, dgram, 8);  // the same data (ptr, len)
  outgoing[8] = 1;             // some(remote-address)
  memcpy(outgoing + 12, dgram + 8, 32);
  uint8_t sent[16] __attribute__((aligned(8)));
  udp_check_send(out, sent);
  if (sent[0]) return printf("check-send failed\n"), 1;
  udp_send(out, outgoing, 1, sent);
  if (sent[0]) return printf("send: error-code %s\n", kErrors[sent[8]]), 1;
  int32_t len;
  memcpy(&len, dgram + 4, 4);
  printf("echoed %d bytes\n", len);
  return 0;
}

// result<option<ip-address>, error-code>: case at 0; the option's case at 2; the
// address's case at 4, its parts at 6 (ipv4: 4 bytes; ipv6: 8 u16).
static int resolve(const char* name) {
  int32_t net = instance_network();
  Ret r;
  resolve_addresses(net, name, (int32_t)strlen(name), &r);
  check(&r, "resolve");
  int32_t stream = r.u.handles[0];
  for (;;) {
    uint8_t next[24] __attribute__((aligned(8)));
    resolve_next(stream, next);
    if (next[0]) {
      if (next[2] == 8 /* would-block */) {
        block_on(resolve_subscribe(stream));
        continue;
      }
      return printf("resolve-next-address: error-code %s\n", kErrors[next[2]]), 1;
    }
    if (!next[2]) break;  // none: no more addresses
    if (next[4] == 0) {
      printf("ipv4 %u.%u.%u.%u\n", next[6], next[7], next[8], next[9]);
    } else {
      uint16_t parts[8];
      memcpy(parts, next + 6, 16);
      printf("ipv6 %x:%x:%x:%x:%x:%x:%x:%x\n", parts[0], parts[1], parts[2], parts[3], parts[4], parts[5],
             parts[6], parts[7]);
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "serve") == 0) return serve();
  if (argc > 2 && strcmp(argv[1], "connect") == 0) return connect_to(atoi(argv[2]));
  if (argc > 1 && strcmp(argv[1], "udp-echo") == 0) return udp_echo();
  if (argc > 2 && strcmp(argv[1], "resolve") == 0) return resolve(argv[2]);
  fprintf(stderr, "usage: sockets_p2 serve | connect PORT | udp-echo | resolve NAME\n");
  return 2;
}

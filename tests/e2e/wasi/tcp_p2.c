// WASI 0.2 e2e: TCP through wasi:sockets, called directly (hand-written canonical
// ABI glue below; preview 1 cannot create sockets). Made into a component by
// `jco.sh --embed` (world tcp-p2 of tcp_p2.wit) and `jco new --wasi-command`.
//   tcp_p2 serve        listens on 127.0.0.1 (a port the host picks), prints
//                       "listening on PORT", echoes one connection until it ends,
//                       prints "echoed N bytes"
//   tcp_p2 connect PORT connects to 127.0.0.1:PORT, sends "ping from wasm",
//                       prints "reply: ..." with what comes back
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

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "serve") == 0) return serve();
  if (argc > 2 && strcmp(argv[1], "connect") == 0) return connect_to(atoi(argv[2]));
  fprintf(stderr, "usage: tcp_p2 serve | tcp_p2 connect PORT\n");
  return 2;
}

// WASI e2e: a TCP echo server on a listener the host preopened.
// `weft run --allow-tcp-listen 127.0.0.1:0 --tcp-listen 127.0.0.1:0 tcp_echo.wasm N`
// accepts N connections (default 1) one after another, echoes each until the peer
// shuts down its side, and prints to stdout, exit status 0:
//   listener found
//   connection 1: echoed B bytes
//   ...
//   done
// Every wait is a poll(2) with a 20 s timeout: "timeout" and exit status 3 when
// nothing comes. Without a preopened listener it prints "no listener" (status 2).
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wasi/api.h>

// The first preopened fd that can accept connections.
static int find_listener(void) {
  for (int fd = 3; fd < 64; ++fd) {
    __wasi_fdstat_t st;
    if (__wasi_fd_fdstat_get(fd, &st) != 0) continue;
    if (st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM && (st.fs_rights_base & __WASI_RIGHTS_SOCK_ACCEPT))
      return fd;
  }
  return -1;
}

static void wait_readable(int fd) {
  struct pollfd p = {fd, POLLIN, 0};
  int r = poll(&p, 1, 20000);
  if (r <= 0) {
    printf("timeout\n");
    exit(3);
  }
}

static void fail(const char* what) {
  fprintf(stderr, "FAILED: %s (errno %d: %s)\n", what, errno, strerror(errno));
  exit(1);
}

int main(int argc, char** argv) {
  int connections = argc > 1 ? atoi(argv[1]) : 1;
  int listener = find_listener();
  if (listener < 0) {
    printf("no listener\n");
    return 2;
  }
  printf("listener found\n");
  fflush(stdout);
  for (int i = 1; i <= connections; ++i) {
    wait_readable(listener);
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    int conn = accept(listener, (struct sockaddr*)&addr, &len);
    if (conn < 0) fail("accept");
    long total = 0;
    char buf[4096];
    for (;;) {
      wait_readable(conn);
      ssize_t n = recv(conn, buf, sizeof buf, 0);
      if (n < 0) fail("recv");
      if (n == 0) break;
      for (ssize_t sent = 0; sent < n;) {
        ssize_t m = send(conn, buf + sent, n - sent, 0);
        if (m <= 0) fail("send");
        sent += m;
      }
      total += n;
    }
    if (shutdown(conn, SHUT_RDWR) != 0) fail("shutdown");
    close(conn);
    printf("connection %d: echoed %ld bytes\n", i, total);
    fflush(stdout);
  }
  printf("done\n");
  return 0;
}

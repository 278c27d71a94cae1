// WASI e2e: poll(2) on stdin really waits. With stdin a pipe that stays empty for a
// while, then receives "hello\n" and is closed, it prints to stdout, exit status 0:
//   first: timeout
//   second: ready
//   read: hello
// The first poll waits 200 ms for nothing; the second waits (up to 20 s) until the
// input arrives.
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  struct pollfd p = {0, POLLIN, 0};
  int r = poll(&p, 1, 200);
  printf("first: %s\n", r == 0 ? "timeout" : "ready");
  fflush(stdout);
  r = poll(&p, 1, 20000);
  printf("second: %s\n", r == 1 && (p.revents & POLLIN) ? "ready" : "timeout");
  char buf[64] = {0};
  ssize_t n = read(0, buf, sizeof buf - 1);
  if (n > 0 && buf[n - 1] == '\n') buf[n - 1] = 0;
  printf("read: %s\n", buf);
  return 0;
}

// WASI e2e: reading stdin to its end and echoing it.
// With "hello\nwasi world\n" on stdin it prints to stdout, exit status 0:
//   1: hello
//   2: wasi world
//   lines=2 bytes=17
// With empty stdin it prints only "lines=0 bytes=0".
#include <stdio.h>

int main(void) {
  char line[4096];
  int lines = 0;
  long bytes = 0;
  while (fgets(line, sizeof line, stdin)) {
    ++lines;
    for (char* p = line; *p; ++p) ++bytes;
    printf("%d: %s", lines, line);
  }
  printf("lines=%d bytes=%ld\n", lines, bytes);
  return 0;
}

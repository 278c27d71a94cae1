// WASI e2e: exit statuses through exit(3) (WASI proc_exit) and returning from main.
// `weft run exit_code.wasm N` prints "exiting with N" to stderr and exits with status N
// via exit(); `weft run exit_code.wasm` (no argument) prints "returning 0" to
// stdout and returns 0 from main; `weft run exit_code.wasm main 7` returns 7 from
// main (which wasi-libc also turns into proc_exit(7)).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    printf("returning 0\n");
    return 0;
  }
  if (strcmp(argv[1], "main") == 0 && argc > 2) return atoi(argv[2]);
  int status = atoi(argv[1]);
  fprintf(stderr, "exiting with %d\n", status);
  exit(status);
}

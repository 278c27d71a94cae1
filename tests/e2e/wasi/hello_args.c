// WASI e2e: hello and the arguments.
// `weft run hello_args.wasm one "two words"` prints to stdout, exit status 0:
//   hello from wasi
//   argc=3
//   argv[1]=one
//   argv[2]=two words
// (argv[0] is the program name the runtime chose, so it is not printed.)
#include <stdio.h>

int main(int argc, char** argv) {
  printf("hello from wasi\n");
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
  return 0;
}

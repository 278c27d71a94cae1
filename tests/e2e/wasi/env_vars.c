// WASI e2e: environment variables.
// With WEFT_GREETING=bonjour and WEFT_EMPTY= passed to the guest (e.g.
// `weft run --env WEFT_GREETING=bonjour --env WEFT_EMPTY= env_vars.wasm`) it prints,
// exit status 0:
//   WEFT_GREETING=bonjour
//   WEFT_EMPTY is set and empty
//   WEFT_MISSING is not set
//   found 2 WEFT_ variables
// Without them, the first two lines say "is not set" and the count is 0.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

static void show(const char* name) {
  const char* value = getenv(name);
  if (!value) printf("%s is not set\n", name);
  else if (!*value) printf("%s is set and empty\n", name);
  else printf("%s=%s\n", name, value);
}

int main(void) {
  show("WEFT_GREETING");
  show("WEFT_EMPTY");
  show("WEFT_MISSING");
  int count = 0;
  for (char** e = environ; *e; ++e) count += strncmp(*e, "WEFT_", 5) == 0;
  printf("found %d WEFT_ variables\n", count);
  return 0;
}

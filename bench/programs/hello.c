// Smallest useful program: measures process start-up, module load and exit.
#include <stdio.h>

int main(void) {
  puts("hello");
  return 0;
}

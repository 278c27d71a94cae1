// WASI e2e: directories, links and the working directory through wasi-libc.
// `weft run --dir HOST::/sandbox fs_dirs.wasm /sandbox` prints to stdout, exit status 0
// (a failed step prints "FAILED: ..." to stderr and exits with 1):
//   mkdir again: EEXIST
//   entries: a.txt b.txt c.txt inner/
//   renamed: b-link.txt b.txt c.txt inner/ renamed.txt
//   hard link nlink: 2
//   readlink: c.txt
//   lstat: symlink, stat: regular 6
//   through the link: c-data
//   rmdir non-empty: ENOTEMPTY
//   cwd: /sandbox/d
//   relative: c-data
//   removed: ENOENT
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char base[256];

static void check(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "FAILED: %s (errno %d: %s)\n", what, errno, strerror(errno));
    exit(1);
  }
}

static const char* at(const char* rel) {
  static char buf[4][512];
  static int next = 0;
  char* p = buf[next++ % 4];
  snprintf(p, 512, "%s/%s", base, rel);
  return p;
}

static void write_file(const char* rel, const char* text) {
  FILE* f = fopen(at(rel), "w");
  check(f != NULL, rel);
  fputs(text, f);
  check(fclose(f) == 0, rel);
}

static int by_name(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

// The entries of a directory, sorted, directories marked with a slash.
static void list(const char* label, const char* rel) {
  DIR* d = opendir(at(rel));
  check(d != NULL, "opendir");
  char* names[64];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) && n < 64) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    names[n] = malloc(strlen(e->d_name) + 2);
    sprintf(names[n++], "%s%s", e->d_name, e->d_type == DT_DIR ? "/" : "");
  }
  closedir(d);
  qsort(names, n, sizeof names[0], by_name);
  printf("%s:", label);
  for (int i = 0; i < n; ++i) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

int main(int argc, char** argv) {
  check(argc > 1, "usage: fs_dirs DIR");
  snprintf(base, sizeof base, "%s", argv[1]);
  check(mkdir(at("d"), 0755) == 0, "mkdir d");
  check(mkdir(at("d/sub"), 0755) == 0, "mkdir d/sub");
  printf("mkdir again: %s\n", mkdir(at("d/sub"), 0755) == 0 ? "no error" : errno == EEXIST ? "EEXIST" : strerror(errno));
  write_file("d/sub/a.txt", "a-data");
  write_file("d/sub/b.txt", "b-data");
  write_file("d/sub/c.txt", "c-data");
  check(mkdir(at("d/sub/inner"), 0755) == 0, "mkdir inner");
  list("entries", "d/sub");

  check(rename(at("d/sub/a.txt"), at("d/sub/renamed.txt")) == 0, "rename");
  check(link(at("d/sub/b.txt"), at("d/sub/b-link.txt")) == 0, "link");
  list("renamed", "d/sub");
  struct stat st;
  check(stat(at("d/sub/b.txt"), &st) == 0, "stat b");
  printf("hard link nlink: %d\n", (int)st.st_nlink);

  check(symlink("c.txt", at("d/sub/c-link")) == 0, "symlink");
  char buf[256] = {0};
  check(readlink(at("d/sub/c-link"), buf, sizeof buf - 1) == 5, "readlink");
  printf("readlink: %s\n", buf);
  check(lstat(at("d/sub/c-link"), &st) == 0, "lstat");
  const char* kind = S_ISLNK(st.st_mode) ? "symlink" : "not a symlink";
  check(stat(at("d/sub/c-link"), &st) == 0, "stat through link");
  printf("lstat: %s, stat: %s %lld\n", kind, S_ISREG(st.st_mode) ? "regular" : "other", (long long)st.st_size);
  int fd = open(at("d/sub/c-link"), O_RDONLY);
  check(fd >= 0, "open through link");
  memset(buf, 0, sizeof buf);
  check(read(fd, buf, sizeof buf - 1) == 6, "read through link");
  close(fd);
  printf("through the link: %s\n", buf);

  printf("rmdir non-empty: %s\n", rmdir(at("d/sub")) == 0 ? "no error" : errno == ENOTEMPTY ? "ENOTEMPTY" : strerror(errno));

  check(chdir(at("d")) == 0, "chdir");
  check(getcwd(buf, sizeof buf) != NULL, "getcwd");
  printf("cwd: %s\n", buf);
  FILE* f = fopen("sub/c.txt", "r");
  check(f != NULL && fgets(buf, sizeof buf, f) != NULL, "relative open");
  fclose(f);
  printf("relative: %s\n", buf);

  const char* files[] = {"sub/renamed.txt", "sub/b.txt", "sub/b-link.txt", "sub/c.txt", "sub/c-link"};
  for (int i = 0; i < 5; ++i) check(unlink(files[i]) == 0, files[i]);
  check(rmdir("sub/inner") == 0, "rmdir inner");
  check(rmdir("sub") == 0, "rmdir sub");
  check(chdir("..") == 0, "chdir ..");
  check(rmdir(at("d")) == 0, "rmdir d");
  printf("removed: %s\n", stat(at("d"), &st) == 0 ? "still there" : errno == ENOENT ? "ENOENT" : strerror(errno));
  return 0;
}

// WASI e2e: files through wasi-libc in a granted directory.
// `weft run --dir HOST::/sandbox fs_files.wasm /sandbox` prints to stdout, exit status 0
// (a failed step prints "FAILED: ..." to stderr and exits with 1):
//   wrote 12
//   tell 12
//   read at 7: file
//   pread: HELLO
//   tell 11
//   size 12 regular
//   truncated to 5
//   appended: HELLO world
//   lines: 100
//   times: 1000000000 2000000000
//   allocated 8192          ("allocate skipped" with a second argument no-allocate:
//                            WASI 0.2 has no fd_allocate, so a component's adapter refuses it)
//   advise, sync, datasync ok
//   exclusive create: EEXIST
//   missing: ENOENT
//   directory for writing: EISDIR
//   unlinked: ENOENT
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path[512];

static void check(int ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "FAILED: %s (errno %d: %s)\n", what, errno, strerror(errno));
    exit(1);
  }
}

static const char* errno_name(int e) {
  switch (e) {
    case EEXIST: return "EEXIST";
    case ENOENT: return "ENOENT";
    case EISDIR: return "EISDIR";
    default: return strerror(e);
  }
}

static void expect_error(int fd, const char* what) {
  printf("%s: %s\n", what, fd < 0 ? errno_name(errno) : "no error");
  if (fd >= 0) close(fd);
}

int main(int argc, char** argv) {
  check(argc > 1, "usage: fs_files DIR");
  snprintf(path, sizeof path, "%s/notes.txt", argv[1]);
  int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
  check(fd >= 0, "create");
  printf("wrote %d\n", (int)write(fd, "hello, file\n", 12));
  printf("tell %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  char buf[256] = {0};
  check(lseek(fd, 7, SEEK_SET) == 7, "seek");
  check(read(fd, buf, 4) == 4, "read");
  printf("read at 7: %s\n", buf);
  check(pwrite(fd, "HELLO", 5, 0) == 5, "pwrite");
  memset(buf, 0, sizeof buf);
  check(pread(fd, buf, 5, 0) == 5, "pread");
  printf("pread: %s\n", buf);
  printf("tell %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  struct stat st;
  check(fstat(fd, &st) == 0, "fstat");
  printf("size %lld %s\n", (long long)st.st_size, S_ISREG(st.st_mode) ? "regular" : "not regular");
  check(ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0, "ftruncate");
  printf("truncated to %lld\n", (long long)st.st_size);
  check(close(fd) == 0, "close");

  FILE* f = fopen(path, "a");
  check(f != NULL, "fopen append");
  fputs(" world\n", f);
  check(fclose(f) == 0, "fclose");
  f = fopen(path, "r");
  check(f != NULL && fgets(buf, sizeof buf, f) != NULL, "fopen read");
  fclose(f);
  printf("appended: %s", buf);

  f = fopen(path, "w");
  check(f != NULL, "fopen write");
  for (int i = 0; i < 100; ++i) fprintf(f, "line %d of a longer file, to go through stdio buffers\n", i);
  check(fclose(f) == 0, "fclose lines");
  f = fopen(path, "r");
  int lines = 0;
  while (fgets(buf, sizeof buf, f)) ++lines;
  fclose(f);
  printf("lines: %d\n", lines);

  struct timespec times[2] = {{1000000000, 0}, {2000000000, 0}};
  check(utimensat(AT_FDCWD, path, times, 0) == 0, "utimensat");
  check(stat(path, &st) == 0, "stat");
  printf("times: %lld %lld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);

  fd = open(path, O_RDWR);
  check(fd >= 0, "reopen");
  check(ftruncate(fd, 0) == 0, "truncate to 0");
  if (argc > 2 && strcmp(argv[2], "no-allocate") == 0) {
    puts("allocate skipped");
  } else {
    check(posix_fallocate(fd, 0, 8192) == 0 && fstat(fd, &st) == 0, "posix_fallocate");
    printf("allocated %lld\n", (long long)st.st_size);
  }
  check(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0, "posix_fadvise");
  check(fsync(fd) == 0, "fsync");
  check(fdatasync(fd) == 0, "fdatasync");
  printf("advise, sync, datasync ok\n");
  close(fd);

  expect_error(open(path, O_CREAT | O_EXCL | O_WRONLY, 0644), "exclusive create");
  snprintf(buf, sizeof buf, "%s/missing.txt", argv[1]);
  expect_error(open(buf, O_RDONLY), "missing");
  expect_error(open(argv[1], O_WRONLY), "directory for writing");
  check(unlink(path) == 0, "unlink");
  printf("unlinked: %s\n", stat(path, &st) == 0 ? "still there" : errno_name(errno));
  return 0;
}

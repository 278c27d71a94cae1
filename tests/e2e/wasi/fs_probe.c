// WASI e2e: capability probe. Runs path operations straight through the preview-1
// calls (so the host's answer reaches the output unchanged) and prints one line per
// operation: "OP ARGS: ok" or "OP ARGS: ERRNO" (the WASI errno name, e.g. PERM).
// Paths are relative to fd 3, the first preopen, unless written "@N/path" (fd N).
// Operations: read PATH, write PATH (open an existing file for writing),
// create PATH, mkdir PATH, rmdir PATH, unlink PATH, stat PATH, lstat PATH,
// readlink PATH, utimes PATH, list PATH, rename FROM TO, link FROM TO,
// symlink TARGET PATH, fopen GUEST_PATH (wasi-libc's fopen of an absolute path).
// Example: `weft run --dir-ro HOST::/ro fs_probe.wasm read a.txt create b.txt`
//   read a.txt: ok
//   create b.txt: ROFS
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

static const char* name_of(int e) {
  switch (e) {
    case __WASI_ERRNO_SUCCESS: return "ok";
    case __WASI_ERRNO_ACCES: return "ACCES";
    case __WASI_ERRNO_BADF: return "BADF";
    case __WASI_ERRNO_EXIST: return "EXIST";
    case __WASI_ERRNO_INVAL: return "INVAL";
    case __WASI_ERRNO_ISDIR: return "ISDIR";
    case __WASI_ERRNO_LOOP: return "LOOP";
    case __WASI_ERRNO_NOENT: return "NOENT";
    case __WASI_ERRNO_NOTDIR: return "NOTDIR";
    case __WASI_ERRNO_NOTEMPTY: return "NOTEMPTY";
    case __WASI_ERRNO_NOTCAPABLE: return "NOTCAPABLE";
    case __WASI_ERRNO_PERM: return "PERM";
    case __WASI_ERRNO_ROFS: return "ROFS";
    case __WASI_ERRNO_XDEV: return "XDEV";
    default: {
      static char buf[32];
      snprintf(buf, sizeof buf, "errno %d", e);
      return buf;
    }
  }
}

// "@4/x" is "x" in fd 4; anything else is relative to fd 3.
static const char* split(const char* arg, __wasi_fd_t* fd) {
  *fd = 3;
  if (arg[0] != '@') return arg;
  char* end;
  *fd = (__wasi_fd_t)strtoul(arg + 1, &end, 10);
  return *end == '/' ? end + 1 : end;
}

static const __wasi_rights_t kRead = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_FILESTAT_GET;
static const __wasi_rights_t kWrite = __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK;

static int open_at(const char* arg, __wasi_oflags_t oflags, __wasi_rights_t rights, __wasi_fd_t* out) {
  __wasi_fd_t dir;
  const char* path = split(arg, &dir);
  return __wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, oflags, rights, 0, 0, out);
}

static int op_read(const char* arg) {
  __wasi_fd_t fd;
  int e = open_at(arg, 0, kRead, &fd);
  if (e) return e;
  char buf[64];
  __wasi_iovec_t iov = {(uint8_t*)buf, sizeof buf};
  __wasi_size_t n;
  e = __wasi_fd_read(fd, &iov, 1, &n);
  (void)__wasi_fd_close(fd);
  return e;
}

static int op_write(const char* arg, __wasi_oflags_t oflags) {
  __wasi_fd_t fd;
  int e = open_at(arg, oflags, kWrite, &fd);
  if (e) return e;
  __wasi_ciovec_t iov = {(const uint8_t*)"probe\n", 6};
  __wasi_size_t n;
  e = __wasi_fd_write(fd, &iov, 1, &n);
  (void)__wasi_fd_close(fd);
  return e;
}

static int op_list(const char* arg) {
  __wasi_fd_t fd;
  int e = open_at(arg, __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, &fd);
  if (e) return e;
  uint8_t buf[1024];
  __wasi_size_t used;
  e = __wasi_fd_readdir(fd, buf, sizeof buf, 0, &used);
  (void)__wasi_fd_close(fd);
  return e;
}

static int one(const char* op, const char* a, const char* b) {
  __wasi_fd_t fd, fd2;
  const char* p = split(a, &fd);
  __wasi_filestat_t st;
  if (!strcmp(op, "read")) return op_read(a);
  if (!strcmp(op, "write")) return op_write(a, 0);
  if (!strcmp(op, "create")) return op_write(a, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC);
  if (!strcmp(op, "list")) return op_list(a);
  if (!strcmp(op, "mkdir")) return __wasi_path_create_directory(fd, p);
  if (!strcmp(op, "rmdir")) return __wasi_path_remove_directory(fd, p);
  if (!strcmp(op, "unlink")) return __wasi_path_unlink_file(fd, p);
  if (!strcmp(op, "stat")) return __wasi_path_filestat_get(fd, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, p, &st);
  if (!strcmp(op, "lstat")) return __wasi_path_filestat_get(fd, 0, p, &st);
  if (!strcmp(op, "utimes"))
    return __wasi_path_filestat_set_times(fd, 0, p, 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW);
  if (!strcmp(op, "readlink")) {
    uint8_t buf[256];
    __wasi_size_t n;
    return __wasi_path_readlink(fd, p, buf, sizeof buf, &n);
  }
  if (!strcmp(op, "fopen")) {
    FILE* f = fopen(a, "r");
    if (!f) return errno;
    fclose(f);
    return 0;
  }
  const char* q = split(b, &fd2);
  if (!strcmp(op, "rename")) return __wasi_path_rename(fd, p, fd2, q);
  if (!strcmp(op, "link")) return __wasi_path_link(fd, 0, p, fd2, q);
  if (!strcmp(op, "symlink")) return __wasi_path_symlink(a, fd2, q);  // a is the link's contents
  return -1;
}

static int binary(const char* op) { return !strcmp(op, "rename") || !strcmp(op, "link") || !strcmp(op, "symlink"); }

int main(int argc, char** argv) {
  for (int i = 1; i < argc;) {
    const char* op = argv[i];
    int two = binary(op);
    if (i + 1 + two >= argc) {
      fprintf(stderr, "usage: %s needs %d argument(s)\n", op, 1 + two);
      return 2;
    }
    const char* a = argv[i + 1];
    const char* b = two ? argv[i + 2] : "";
    int e = one(op, a, b);
    if (e < 0) {
      fprintf(stderr, "unknown operation %s\n", op);
      return 2;
    }
    if (two) printf("%s %s %s: %s\n", op, a, b, name_of(e));
    else printf("%s %s: %s\n", op, a, name_of(e));
    i += 2 + two;
  }
  return 0;
}

// Preview-1 fd_* calls on stdio streams, files and directories. Files are read and
// written at offsets (descriptor.read/write) with the position kept in the fd table;
// appending goes through append-via-stream.
#include "adapter.h"

// The fd with `needed` whose object is a file or directory descriptor (the only ones
// a right beyond read/write/poll/filestat can be given to).
static Fd* descriptor_with(uint32_t fd, uint64_t needed, uint16_t* err) {
  Fd* e = fd_with(fd, needed, err);
  if (e && e->kind != K_FILE && e->kind != K_DIR) {
    *err = E_NOTCAPABLE;
    return 0;
  }
  return e;
}

// result<_, error-code> as stored: case byte 0, code byte 1.
static int32_t unit_result(const uint8_t* ret) { return ret[0] ? errno_of_fs(ret[1]) : E_SUCCESS; }

// An iovec array: {ptr u32, len u32} per entry.
static uint8_t* iov_ptr(const uint8_t* iovs, uint32_t i) { return (uint8_t*)(uintptr_t)u32_at(iovs + 8 * i); }
static uint32_t iov_len(const uint8_t* iovs, uint32_t i) { return u32_at(iovs + 8 * i + 4); }

// Reads up to len bytes of the file at off into buf; *n gets the count (0 at the end).
static uint16_t file_read(int32_t h, uint8_t* buf, uint32_t len, uint64_t off, uint32_t* n) {
  RET(16);
  set_pending(buf, len);
  fs_read(h, len, off, ret);
  clear_pending();
  if (ret[0]) return errno_of_fs(ret[4]);
  const uint8_t* got = (const uint8_t*)(uintptr_t)u32_at(ret + 4);
  *n = u32_at(ret + 8);
  if (*n > len) return E_IO;
  if (got != buf) copy(buf, got, *n);
  return E_SUCCESS;
}

static uint16_t file_write(int32_t h, const uint8_t* buf, uint32_t len, uint64_t off, uint32_t* n) {
  *n = 0;
  while (*n < len) {
    RET(16);
    fs_write(h, buf + *n, len - *n, off + *n, ret);
    if (ret[0]) return *n ? E_SUCCESS : errno_of_fs(ret[8]);
    uint64_t wrote = u64_at(ret + 8);
    if (wrote == 0) break;
    *n += (uint32_t)wrote;
  }
  return E_SUCCESS;
}

static uint16_t file_size(int32_t h, uint64_t* size) {
  RET(104);
  fs_stat(h, ret);
  if (ret[0]) return errno_of_fs(ret[8]);
  *size = u64_at(ret + 8 + 16);
  return E_SUCCESS;
}

// O_APPEND: a fresh append stream per call, then the position is the new end.
static uint16_t file_append(Fd* e, const uint8_t* buf, uint32_t len, uint32_t* n) {
  RET(8);
  fs_append_via_stream(e->handle, ret);
  if (ret[0]) return errno_of_fs(ret[4]);
  int32_t stream = (int32_t)u32_at(ret + 4);
  uint16_t err = stream_write(stream, buf, len, n);
  drop_output(stream);
  uint64_t size;
  if (file_size(e->handle, &size) == E_SUCCESS) e->pos = size;
  return *n ? E_SUCCESS : err;
}

// Reads stdin once: blocking, unless the fd is NONBLOCK (then AGAIN when nothing is there).
static uint16_t stdin_read(Fd* e, uint8_t* buf, uint32_t len, uint32_t* n) {
  RET(16);
  set_pending(buf, len);
  if (e->fdflags & FDFLAG_NONBLOCK)
    in_read(e->handle, len, ret);
  else
    in_blocking_read(e->handle, len, ret);
  clear_pending();
  *n = 0;
  if (ret[0]) return ret[4] == 1 ? E_SUCCESS : errno_of_stream_error(ret + 4);  // closed: end of input
  const uint8_t* got = (const uint8_t*)(uintptr_t)u32_at(ret + 4);
  *n = u32_at(ret + 8);
  if (*n > len) return E_IO;
  if (got != buf) copy(buf, got, *n);
  if (*n == 0 && len && (e->fdflags & FDFLAG_NONBLOCK)) return E_AGAIN;
  return E_SUCCESS;
}

// fd_read, fd_write, fd_pread, fd_pwrite check as weft's preview-1 host does: the fd,
// then (with an offset) that it is seekable, then the rights.
static Fd* transfer_fd(uint32_t fd, uint64_t needed, int positional, uint16_t* err) {
  Fd* e = fd_get(fd);
  if (!e) {
    *err = E_BADF;
    return 0;
  }
  if (positional) {
    if (e->kind != K_FILE) {
      *err = E_SPIPE;
      return 0;
    }
    needed |= RIGHT_FD_SEEK;
  }
  return fd_with(fd, needed, err);
}

static int32_t write_iovs(Fd* e, const uint8_t* iovs, uint32_t n, uint64_t off, int positional,
                          uint32_t* nwritten) {
  *nwritten = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t len = iov_len(iovs, i), done = 0;
    uint16_t err;
    if (e->kind != K_FILE) {
      err = stream_write(e->handle, iov_ptr(iovs, i), len, &done);
    } else if (positional) {
      err = file_write(e->handle, iov_ptr(iovs, i), len, off + *nwritten, &done);
    } else if (e->fdflags & FDFLAG_APPEND) {
      err = file_append(e, iov_ptr(iovs, i), len, &done);
    } else {
      err = file_write(e->handle, iov_ptr(iovs, i), len, e->pos, &done);
      e->pos += done;
    }
    *nwritten += done;
    if (err) return *nwritten ? E_SUCCESS : err;
    if (done < len) break;
  }
  return E_SUCCESS;
}

int32_t impl_fd_write(uint32_t fd, const uint8_t* iovs, uint32_t n, uint32_t* nwritten) {
  uint16_t err = 0;
  Fd* e = transfer_fd(fd, RIGHT_FD_WRITE, 0, &err);
  return e ? write_iovs(e, iovs, n, 0, 0, nwritten) : err;
}

int32_t impl_fd_pwrite(uint32_t fd, const uint8_t* iovs, uint32_t n, uint64_t off, uint32_t* nwritten) {
  uint16_t err = 0;
  Fd* e = transfer_fd(fd, RIGHT_FD_WRITE, 1, &err);
  return e ? write_iovs(e, iovs, n, off, 1, nwritten) : err;
}

static int32_t read_iovs(Fd* e, const uint8_t* iovs, uint32_t n, uint64_t off, int positional,
                         uint32_t* nread) {
  *nread = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t len = iov_len(iovs, i), got = 0;
    if (len == 0) continue;
    uint16_t err;
    if (e->kind == K_STDIN) {
      err = stdin_read(e, iov_ptr(iovs, i), len, &got);
    } else {
      err = file_read(e->handle, iov_ptr(iovs, i), len, positional ? off + *nread : e->pos, &got);
      if (!positional) e->pos += got;
    }
    *nread += got;
    if (err) return *nread ? E_SUCCESS : err;
    if (got < len || e->kind == K_STDIN) break;  // a short read ends the call
  }
  return E_SUCCESS;
}

int32_t impl_fd_read(uint32_t fd, const uint8_t* iovs, uint32_t n, uint32_t* nread) {
  uint16_t err = 0;
  Fd* e = transfer_fd(fd, RIGHT_FD_READ, 0, &err);
  return e ? read_iovs(e, iovs, n, 0, 0, nread) : err;
}

int32_t impl_fd_pread(uint32_t fd, const uint8_t* iovs, uint32_t n, uint64_t off, uint32_t* nread) {
  uint16_t err = 0;
  Fd* e = transfer_fd(fd, RIGHT_FD_READ, 1, &err);
  return e ? read_iovs(e, iovs, n, off, 1, nread) : err;
}

// A stream or directory has no position: SPIPE before any rights check, as lseek gives.
int32_t impl_fd_seek(uint32_t fd, int64_t off, uint32_t whence, uint64_t* newoff) {
  Fd* e = fd_get(fd);
  if (!e) return E_BADF;
  if (e->kind != K_FILE) return E_SPIPE;
  if (whence > 2) return E_INVAL;
  uint16_t err = 0;
  // Seeking by 0 from the current position only needs fd_tell.
  if (!fd_with(fd, off == 0 && whence == 1 ? RIGHT_FD_TELL : RIGHT_FD_SEEK, &err)) return err;
  int64_t base = 0;
  if (whence == 1) base = (int64_t)e->pos;
  if (whence == 2) {
    uint64_t size;
    err = file_size(e->handle, &size);
    if (err) return err;
    base = (int64_t)size;
  }
  int64_t to = base + off;
  if (to < 0) return E_INVAL;
  e->pos = (uint64_t)to;
  *newoff = e->pos;
  return E_SUCCESS;
}

int32_t impl_fd_tell(uint32_t fd, uint64_t* pos) {
  Fd* e = fd_get(fd);
  if (!e) return E_BADF;
  if (e->kind != K_FILE) return E_SPIPE;
  uint16_t err = 0;
  if (!fd_with(fd, RIGHT_FD_TELL, &err)) return err;
  *pos = e->pos;
  return E_SUCCESS;
}

int32_t impl_fd_close(uint32_t fd) {
  if (!fd_get(fd)) return E_BADF;
  fd_release(fd);
  return E_SUCCESS;
}

int32_t impl_fd_renumber(uint32_t from, uint32_t to) {
  Fd* src = fd_get(from);
  if (!src || !fd_get(to)) return E_BADF;
  if (from == to) return E_SUCCESS;
  fd_release(to);
  State* st = state();
  st->fds[to] = *src;
  if (st->peek_fd == (int32_t)from) st->peek_fd = (int32_t)to;
  zero(src, sizeof *src);
  return E_SUCCESS;
}

int32_t impl_fd_sync(uint32_t fd) {
  uint16_t err = 0;
  Fd* e = descriptor_with(fd, RIGHT_FD_SYNC, &err);
  if (!e) return err;
  uint8_t ret[2];
  fs_sync(e->handle, ret);
  return unit_result(ret);
}

int32_t impl_fd_datasync(uint32_t fd) {
  uint16_t err = 0;
  Fd* e = descriptor_with(fd, RIGHT_FD_DATASYNC, &err);
  if (!e) return err;
  uint8_t ret[2];
  fs_sync_data(e->handle, ret);
  return unit_result(ret);
}

int32_t impl_fd_advise(uint32_t fd, uint64_t off, uint64_t len, uint32_t advice) {
  if (advice > 5) return E_INVAL;  // the six advice cases are in the same order in both
  uint16_t err = 0;
  Fd* e = descriptor_with(fd, RIGHT_FD_ADVISE, &err);
  if (!e) return err;
  uint8_t ret[2];
  fs_advise(e->handle, off, len, (int32_t)advice, ret);
  return unit_result(ret);
}

// WASI 0.2 has no fallocate: grow the file with set-size when the range ends past its
// end (the size is right; the space is not reserved ahead of writes).
int32_t impl_fd_allocate(uint32_t fd, uint64_t off, uint64_t len) {
  uint16_t err = 0;
  Fd* e = descriptor_with(fd, RIGHT_FD_ALLOCATE, &err);
  if (!e) return err;
  if (len == 0) return E_INVAL;
  if (off + len < off) return E_FBIG;
  uint64_t size;
  err = file_size(e->handle, &size);
  if (err) return err;
  if (off + len <= size) return E_SUCCESS;
  uint8_t ret[2];
  fs_set_size(e->handle, off + len, ret);
  return unit_result(ret);
}

int32_t impl_fd_fdstat_get(uint32_t fd, uint8_t* out) {
  Fd* e = fd_get(fd);
  if (!e) return E_BADF;
  zero(out, 24);
  out[0] = e->filetype;
  put_u16(out + 2, e->fdflags);
  put_u64(out + 8, e->rights);
  put_u64(out + 16, e->inheriting);
  return E_SUCCESS;
}

// APPEND (files; meaningless but accepted elsewhere) and NONBLOCK (honoured when
// reading stdin) take effect; WASI 0.2 can only ask for the sync flags at open.
int32_t impl_fd_fdstat_set_flags(uint32_t fd, uint32_t flags) {
  uint16_t err = 0;
  Fd* e = fd_with(fd, RIGHT_FD_FDSTAT_SET_FLAGS, &err);
  if (!e) return err;
  if (flags & ~0x1fu) return E_INVAL;
  if (flags & (FDFLAG_DSYNC | FDFLAG_RSYNC | FDFLAG_SYNC)) return E_NOTSUP;
  e->fdflags = (uint16_t)((e->fdflags & ~(FDFLAG_APPEND | FDFLAG_NONBLOCK)) | flags);
  return E_SUCCESS;
}

// Rights can only be dropped, never gained.
int32_t impl_fd_fdstat_set_rights(uint32_t fd, uint64_t base, uint64_t inheriting) {
  Fd* e = fd_get(fd);
  if (!e) return E_BADF;
  if ((base & ~e->rights) || (inheriting & ~e->inheriting)) return E_NOTCAPABLE;
  e->rights = base;
  e->inheriting = inheriting;
  return E_SUCCESS;
}

int32_t impl_fd_filestat_get(uint32_t fd, uint8_t* out) {
  uint16_t err = 0;
  Fd* e = fd_with(fd, RIGHT_FD_FILESTAT_GET, &err);
  if (!e) return err;
  if (e->kind != K_FILE && e->kind != K_DIR) {
    zero(out, 64);
    out[16] = e->filetype;
    return E_SUCCESS;
  }
  RET(104);
  fs_stat(e->handle, ret);
  if (ret[0]) return errno_of_fs(ret[8]);
  store_filestat(out, ret + 8, inode_of(e->handle, 0, 0, 0));
  return E_SUCCESS;
}

int32_t impl_fd_filestat_set_size(uint32_t fd, uint64_t size) {
  uint16_t err = 0;
  Fd* e = descriptor_with(fd, RIGHT_FD_FILESTAT_SET_SIZE, &err);
  if (!e) return err;
  uint8_t ret[2];
  fs_set_size(e->handle, size, ret);
  return unit_result(ret);
}

// preview-1 fstflags -> a new-timestamp's case and value (seconds, nanoseconds).
typedef struct {
  int32_t kind;
  uint64_t s;
  uint32_t ns;
} NewTime;

static int new_times(uint64_t atim, uint64_t mtim, uint32_t fst, NewTime* a, NewTime* m) {
  if (fst & ~0xfu) return 0;
  if ((fst & FST_ATIM) && (fst & FST_ATIM_NOW)) return 0;
  if ((fst & FST_MTIM) && (fst & FST_MTIM_NOW)) return 0;
  *a = (NewTime){fst & FST_ATIM_NOW ? 1
                 : fst & FST_ATIM   ? 2
                                    : 0,
                 atim / 1000000000, (uint32_t)(atim % 1000000000)};
  *m = (NewTime){fst & FST_MTIM_NOW ? 1
                 : fst & FST_MTIM   ? 2
                                    : 0,
                 mtim / 1000000000, (uint32_t)(mtim % 1000000000)};
  return 1;
}

int32_t impl_fd_filestat_set_times(uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst) {
  NewTime a, m;
  if (!new_times(atim, mtim, fst, &a, &m)) return E_INVAL;
  uint16_t err = 0;
  Fd* e = descriptor_with(fd, RIGHT_FD_FILESTAT_SET_TIMES, &err);
  if (!e) return err;
  uint8_t ret[2];
  fs_set_times(e->handle, a.kind, a.s, a.ns, m.kind, m.s, m.ns, ret);
  return unit_result(ret);
}

int32_t impl_path_filestat_set_times(uint32_t fd, uint32_t flags, const char* p, uint32_t n, uint64_t atim,
                                     uint64_t mtim, uint32_t fst) {
  Fd* e = fd_get(fd);
  if (!e) return E_BADF;
  if (e->kind != K_DIR) return E_NOTDIR;
  if (!(e->rights & RIGHT_PATH_FILESTAT_SET_TIMES)) return E_NOTCAPABLE;
  NewTime a, m;
  if (!new_times(atim, mtim, fst, &a, &m)) return E_INVAL;
  uint8_t ret[2];
  fs_set_times_at(e->handle, (int32_t)(flags & 1), p, n, a.kind, a.s, a.ns, m.kind, m.s, m.ns, ret);
  return unit_result(ret);
}

int32_t impl_fd_prestat_get(uint32_t fd, uint8_t* out) {
  Fd* e = fd_get(fd);
  if (!e || !e->preopen) return E_BADF;
  zero(out, 8);
  put_u32(out + 4, e->name_len);
  return E_SUCCESS;
}

int32_t impl_fd_prestat_dir_name(uint32_t fd, uint8_t* buf, uint32_t len) {
  Fd* e = fd_get(fd);
  if (!e || !e->preopen) return E_BADF;
  if (len < e->name_len) return E_NAMETOOLONG;
  copy(buf, state()->names + e->name_off, e->name_len);
  return E_SUCCESS;
}

// Preview-1 path_* calls (relative to a directory fd) and fd_readdir.
#include "adapter.h"

static int32_t unit_result(const uint8_t* ret) { return ret[0] ? errno_of_fs(ret[1]) : E_SUCCESS; }

// The directory behind fd with the right `needed`, or an errno (as weft's preview-1
// host checks: the fd, its kind, then the right).
static int32_t dir_of(uint32_t fd, uint64_t needed, int32_t* handle) {
  Fd* e = fd_get(fd);
  if (!e) return E_BADF;
  if (e->kind != K_DIR) return E_NOTDIR;
  if ((e->rights & needed) != needed) return E_NOTCAPABLE;
  *handle = e->handle;
  return E_SUCCESS;
}

#define DIR_OR_RETURN(fd, right, h)       \
  int32_t h;                              \
  do {                                    \
    int32_t err_ = dir_of(fd, right, &h); \
    if (err_) return err_;                \
  } while (0)

int32_t impl_path_open(uint32_t fd, uint32_t dirflags, const char* p, uint32_t n, uint32_t oflags,
                       uint64_t base, uint64_t inheriting, uint32_t fdflags, uint32_t* out) {
  Fd* parent = fd_get(fd);
  if (!parent) return E_BADF;
  if (parent->kind != K_DIR) return E_NOTDIR;
  uint64_t needed = RIGHT_PATH_OPEN;
  if (oflags & OFLAG_CREAT) needed |= RIGHT_PATH_CREATE_FILE;
  if (oflags & OFLAG_TRUNC) needed |= RIGHT_PATH_FILESTAT_SET_SIZE;
  if ((parent->rights & needed) != needed) return E_NOTCAPABLE;
  if ((oflags & ~0xfu) || (fdflags & ~0x1fu)) return E_INVAL;
  // No more rights than the directory passes on.
  if ((base | inheriting) & ~parent->inheriting) return E_NOTCAPABLE;
  // Access comes from the rights asked for, like the reference adapter: reading unless
  // only writing was asked, writing when any write-like right is.
  uint32_t df = 0;
  if (base & (RIGHT_FD_READ | RIGHT_FD_READDIR)) df |= DF_READ;
  if (base & RIGHTS_FILE_WRITE) df |= DF_WRITE;
  if (fdflags & FDFLAG_SYNC) df |= DF_FILE_SYNC;
  if (fdflags & FDFLAG_DSYNC) df |= DF_DATA_SYNC;
  if (fdflags & FDFLAG_RSYNC) df |= DF_REQ_WRITE_SYNC;
  // A directory inherits the right to change its contents (WASI 0.2 requires asking).
  if ((oflags & OFLAG_DIRECTORY) && (parent->dflags & DF_MUTATE)) df |= DF_MUTATE;
  int32_t slot = fd_alloc();
  if (slot < 0) return E_MFILE;
  RET(8);
  fs_open_at(parent->handle, (int32_t)(dirflags & 1), p, n, (int32_t)oflags, (int32_t)df, ret);
  if (ret[0]) return errno_of_fs(ret[4]);
  int32_t h = (int32_t)u32_at(ret + 4);
  uint8_t t[2];
  fs_get_type(h, t);
  if (t[0]) {
    drop_descriptor(h);
    return errno_of_fs(t[1]);
  }
  if (t[1] == 3 && !(oflags & OFLAG_DIRECTORY) && (parent->dflags & DF_MUTATE) && !(df & DF_WRITE)) {
    // A directory opened without O_DIRECTORY: reopen it with the mutate right.
    RET(8);
    fs_open_at(parent->handle, (int32_t)(dirflags & 1), p, n, OFLAG_DIRECTORY, (int32_t)(df | DF_MUTATE),
               ret);
    if (!ret[0]) {
      drop_descriptor(h);
      h = (int32_t)u32_at(ret + 4);
      df |= DF_MUTATE;
    }
  }
  Fd* e = &state()->fds[slot];
  zero(e, sizeof *e);
  e->kind = t[1] == 3 ? K_DIR : K_FILE;
  e->filetype = filetype_of(t[1]);
  e->handle = h;
  e->dflags = (uint8_t)df;
  e->rights = base & (e->kind == K_DIR ? RIGHTS_DIRECTORY : RIGHTS_FILE);
  e->inheriting = inheriting;
  e->fdflags =
      (uint16_t)(fdflags & (FDFLAG_APPEND | FDFLAG_NONBLOCK | FDFLAG_SYNC | FDFLAG_DSYNC | FDFLAG_RSYNC));
  *out = (uint32_t)slot;
  return E_SUCCESS;
}

int32_t impl_path_create_directory(uint32_t fd, const char* p, uint32_t n) {
  DIR_OR_RETURN(fd, RIGHT_PATH_CREATE_DIRECTORY, h);
  uint8_t ret[2];
  fs_create_directory_at(h, p, n, ret);
  return unit_result(ret);
}

int32_t impl_path_remove_directory(uint32_t fd, const char* p, uint32_t n) {
  DIR_OR_RETURN(fd, RIGHT_PATH_REMOVE_DIRECTORY, h);
  uint8_t ret[2];
  fs_remove_directory_at(h, p, n, ret);
  return unit_result(ret);
}

int32_t impl_path_unlink_file(uint32_t fd, const char* p, uint32_t n) {
  DIR_OR_RETURN(fd, RIGHT_PATH_UNLINK_FILE, h);
  uint8_t ret[2];
  fs_unlink_file_at(h, p, n, ret);
  return unit_result(ret);
}

int32_t impl_path_rename(uint32_t ofd, const char* op, uint32_t on, uint32_t nfd, const char* np,
                         uint32_t nn) {
  DIR_OR_RETURN(ofd, RIGHT_PATH_RENAME_SOURCE, oh);
  DIR_OR_RETURN(nfd, RIGHT_PATH_RENAME_TARGET, nh);
  uint8_t ret[2];
  fs_rename_at(oh, op, on, nh, np, nn, ret);
  return unit_result(ret);
}

int32_t impl_path_link(uint32_t ofd, uint32_t oflags, const char* op, uint32_t on, uint32_t nfd,
                       const char* np, uint32_t nn) {
  DIR_OR_RETURN(ofd, RIGHT_PATH_LINK_SOURCE, oh);
  DIR_OR_RETURN(nfd, RIGHT_PATH_LINK_TARGET, nh);
  uint8_t ret[2];
  fs_link_at(oh, (int32_t)(oflags & 1), op, on, nh, np, nn, ret);
  return unit_result(ret);
}

int32_t impl_path_symlink(const char* op, uint32_t on, uint32_t fd, const char* np, uint32_t nn) {
  DIR_OR_RETURN(fd, RIGHT_PATH_SYMLINK, h);
  uint8_t ret[2];
  fs_symlink_at(h, op, on, np, nn, ret);
  return unit_result(ret);
}

int32_t impl_path_readlink(uint32_t fd, const char* p, uint32_t n, uint8_t* buf, uint32_t len,
                           uint32_t* used) {
  DIR_OR_RETURN(fd, RIGHT_PATH_READLINK, h);
  RET(12);
  set_pending(buf, len);
  fs_readlink_at(h, p, n, ret);
  clear_pending();
  if (ret[0]) return errno_of_fs(ret[4]);
  const uint8_t* got = (const uint8_t*)(uintptr_t)u32_at(ret + 4);
  uint32_t size = u32_at(ret + 8);
  if (size > len) size = len;  // preview 1 truncates
  if (got != buf) copy(buf, got, size);
  *used = size;
  return E_SUCCESS;
}

int32_t impl_path_filestat_get(uint32_t fd, uint32_t flags, const char* p, uint32_t n, uint8_t* out) {
  DIR_OR_RETURN(fd, RIGHT_PATH_FILESTAT_GET, h);
  RET(104);
  fs_stat_at(h, (int32_t)(flags & 1), p, n, ret);
  if (ret[0]) return errno_of_fs(ret[8]);
  store_filestat(out, ret + 8, inode_of(h, flags & 1, p, n));
  return E_SUCCESS;
}

// ---- fd_readdir ----
// Entries are numbered by cookie: 0 ".", 1 "..", then the directory stream's in order.
// A call with the cookie the stream is at continues it; any other restarts and skips.

typedef struct {
  const char* name;
  uint32_t len;
  uint8_t type;  // preview-1 filetype
  uint64_t ino;
} Entry;

// The entry at e->dir_cookie; 0 at the end, -errno on failure.
static int32_t next_entry(uint32_t fd, Fd* e, Entry* out) {
  State* st = state();
  if (st->peek_fd == (int32_t)fd && st->peek_cookie == e->dir_cookie) {
    *out = (Entry){st->peek_name, st->peek_len, st->peek_type, st->peek_ino};
    st->peek_fd = -1;
    return 1;
  }
  if (e->dir_cookie < 2) {
    // ".." cannot be named without leaving the directory: its inode is unknown (0).
    char* dots = arena_alloc(2, 1);
    dots[0] = dots[1] = '.';
    *out = (Entry){dots, (uint32_t)e->dir_cookie + 1, FT_DIRECTORY,
                   e->dir_cookie ? 0 : inode_of(e->handle, 0, 0, 0)};
    return 1;
  }
  RET(20);
  fs_read_directory_entry(e->dir_stream, ret);
  if (ret[0]) return -(int32_t)errno_of_fs(ret[4]);
  if (!ret[4]) return 0;
  out->type = filetype_of(ret[8]);
  out->name = (const char*)(uintptr_t)u32_at(ret + 12);
  out->len = u32_at(ret + 16);
  out->ino = inode_of(e->handle, 0, out->name, out->len);
  return 1;
}

static int32_t restart(uint32_t fd, Fd* e) {
  State* st = state();
  if (st->peek_fd == (int32_t)fd) st->peek_fd = -1;  // it belonged to the old stream
  if (e->dir_stream) drop_dir_stream(e->dir_stream);
  e->dir_stream = 0;
  RET(8);
  fs_read_directory(e->handle, ret);
  if (ret[0]) return errno_of_fs(ret[4]);
  e->dir_stream = (int32_t)u32_at(ret + 4);
  e->dir_cookie = 0;
  return E_SUCCESS;
}

// dirent: d_next u64, d_ino u64, d_namlen u32, d_type u8, then the name.
int32_t impl_fd_readdir(uint32_t fd, uint8_t* buf, uint32_t len, uint64_t cookie, uint32_t* used) {
  Fd* e = fd_get(fd);
  if (!e) return E_BADF;
  if (e->kind != K_DIR) return E_NOTDIR;
  if (!(e->rights & RIGHT_FD_READDIR)) return E_NOTCAPABLE;
  State* st = state();
  if (!e->dir_stream || e->dir_cookie != cookie) {
    int32_t err = restart(fd, e);
    if (err) return err;
  }
  uint32_t at = 0;
  while (at < len) {
    uint32_t mark = st->arena_used, arena = st->arena_base;
    Entry ent;
    int32_t r = next_entry(fd, e, &ent);
    if (r < 0) {
      if (at) break;
      e->dir_cookie = ~0ull;  // the stream is in an unknown place: restart next time
      return -r;
    }
    if (r == 0) break;
    if (e->dir_cookie < cookie) {  // skipping up to the cookie asked for
      ++e->dir_cookie;
      if (st->arena_base == arena) st->arena_used = mark;
      continue;
    }
    uint8_t head[24];
    zero(head, sizeof head);
    put_u64(head, e->dir_cookie + 1);
    put_u64(head + 8, ent.ino);
    put_u32(head + 16, ent.len);
    head[20] = ent.type;
    uint32_t room = len - at, h = room < 24 ? room : 24;
    copy(buf + at, head, h);
    at += h;
    uint32_t nb = len - at < ent.len ? len - at : ent.len;
    copy(buf + at, ent.name, nb);
    at += nb;
    if (h < 24 || nb < ent.len) {  // cut short: keep it for the call that asks for it again
      if (ent.len <= PEEK_NAME_MAX) {
        if (ent.name != st->peek_name) copy(st->peek_name, ent.name, ent.len);
        st->peek_fd = (int32_t)fd;
        st->peek_cookie = e->dir_cookie;
        st->peek_len = ent.len;
        st->peek_type = ent.type;
        st->peek_ino = ent.ino;
      } else {
        e->dir_cookie = ~0ull;
      }
      break;
    }
    ++e->dir_cookie;
    if (st->arena_base == arena) st->arena_used = mark;
  }
  *used = at;
  return E_SUCCESS;
}

// The adapter's state: the arena, the fd table (stdio, then the preopens from fd 3),
// and the helpers the preview-1 functions share (errno and type mapping, filestat).
#include "adapter.h"

void* arena_alloc(uint32_t size, uint32_t align) {
  State* st = state();
  if (align == 0) align = 1;
  uint32_t at = (st->arena_base + st->arena_used + align - 1) & ~(align - 1);
  if (at + size > st->arena_base + st->arena_size || at + size < at) {
    // A fresh, bigger arena; the old one is left behind (rare: huge environments).
    uint32_t pages = (uint32_t)(((uint64_t)size + align + CANARY_BYTES + 65535) / 65536);
    if (pages < ARENA_PAGES) pages = ARENA_PAGES;
    int32_t first = __builtin_wasm_memory_grow(0, pages);
    if (first < 0) __builtin_trap();
    st->arena_base = (uint32_t)first * 65536;
    st->arena_size = pages * 65536 - CANARY_BYTES;
    st->canary = st->arena_base + st->arena_size;  // now the end of memory: watch it instead
    at = st->arena_base;
  }
  st->arena_used = at + size - st->arena_base;
  return (void*)(uintptr_t)at;
}

Fd* fd_get(uint32_t fd) {
  State* st = state();
  if (fd >= st->nfds || st->fds[fd].kind == K_FREE) return 0;
  return &st->fds[fd];
}

Fd* fd_with(uint32_t fd, uint64_t needed, uint16_t* err) {
  Fd* e = fd_get(fd);
  if (!e)
    *err = E_BADF;
  else if ((e->rights & needed) != needed)
    *err = E_NOTCAPABLE;
  else
    return e;
  return 0;
}

int32_t fd_alloc(void) {
  State* st = state();
  for (uint32_t i = 0; i < st->nfds; ++i)
    if (st->fds[i].kind == K_FREE) return (int32_t)i;
  if (st->nfds == MAX_FDS) return -1;
  return (int32_t)st->nfds++;
}

// Drops what the entry owns and frees it.
void fd_release(uint32_t fd) {
  State* st = state();
  Fd* e = &st->fds[fd];
  if (e->dir_stream) drop_dir_stream(e->dir_stream);
  switch (e->kind) {
    case K_STDIN: drop_input(e->handle); break;
    case K_STDOUT:
    case K_STDERR: drop_output(e->handle); break;
    case K_FILE:
    case K_DIR: drop_descriptor(e->handle); break;
  }
  if (st->peek_fd == (int32_t)fd) st->peek_fd = -1;
  zero(e, sizeof *e);
}

static void stdio(uint32_t fd, uint8_t kind, int32_t stream) {
  Fd* e = &state()->fds[fd];
  e->kind = kind;
  e->handle = stream;
  e->filetype = FT_CHARACTER_DEVICE;  // as weft's preview-1 host reports stdio
  e->rights = kind == K_STDIN ? RIGHTS_STDIN : RIGHTS_STDOUT;
}

static void preopens(void) {
  State* st = state();
  RET(8);
  fs_get_directories(ret);
  const uint8_t* list = (const uint8_t*)(uintptr_t)u32_at(ret);
  uint32_t n = u32_at(ret + 4);
  for (uint32_t i = 0; i < n && st->nfds < MAX_FDS; ++i) {
    const uint8_t* item = list + 12 * i;
    int32_t handle = (int32_t)u32_at(item);
    uint32_t len = u32_at(item + 8);
    if (st->names_used + len > NAMES_SIZE) {  // no room to name it: not offered to the guest
      drop_descriptor(handle);
      continue;
    }
    Fd* e = &st->fds[st->nfds++];
    e->kind = K_DIR;
    e->filetype = FT_DIRECTORY;
    e->preopen = 1;
    e->rights = RIGHTS_DIRECTORY;
    e->inheriting = RIGHTS_DIRECTORY | RIGHTS_FILE;
    e->handle = handle;
    e->name_off = st->names_used;
    e->name_len = len;
    copy(st->names + st->names_used, (const void*)(uintptr_t)u32_at(item + 4), len);
    st->names_used += len;
    uint8_t flags[2];
    fs_get_flags(handle, flags);
    e->dflags = flags[0] ? DF_READ : flags[1];
  }
}

// Runs once, on the adapter's own stack, from the first export called.
void setup(void) {
  State* st = state();
  st->peek_fd = -1;
  st->nfds = 3;
  stdio(0, K_STDIN, cli_get_stdin());
  stdio(1, K_STDOUT, cli_get_stdout());
  stdio(2, K_STDERR, cli_get_stderr());
  preopens();
}

// wasi:filesystem error-code (enum order) -> preview-1 errno, as the reference adapter maps it.
uint16_t errno_of_fs(uint32_t code) {
  switch (code) {
    case 0: return E_ACCES;
    case 1: return E_AGAIN;
    case 2: return E_ALREADY;
    case 3: return E_BADF;
    case 4: return E_BUSY;
    case 5: return E_DEADLK;
    case 6: return E_DQUOT;
    case 7: return E_EXIST;
    case 8: return E_FBIG;
    case 9: return E_ILSEQ;
    case 10: return E_INPROGRESS;
    case 11: return E_INTR;
    case 12: return E_INVAL;
    case 13: return E_IO;
    case 14: return E_ISDIR;
    case 15: return E_LOOP;
    case 16: return E_MLINK;
    case 17: return E_MSGSIZE;
    case 18: return E_NAMETOOLONG;
    case 19: return E_NODEV;
    case 20: return E_NOENT;
    case 21: return E_NOLCK;
    case 22: return E_NOMEM;
    case 23: return E_NOSPC;
    case 24: return E_NOTDIR;
    case 25: return E_NOTEMPTY;
    case 26: return E_NOTRECOVERABLE;
    case 27: return E_NOTSUP;
    case 28: return E_NOTTY;
    case 29: return E_NXIO;
    case 30: return E_OVERFLOW;
    case 31: return E_PERM;
    case 32: return E_PIPE;
    case 33: return E_ROFS;
    case 34: return E_SPIPE;
    case 35: return E_TXTBSY;
    case 36: return E_XDEV;
    default: return E_IO;
  }
}

// stream-error at `variant` (case byte, then the error handle at +4): closed is a broken
// pipe; a failure is the filesystem's error code when it has one, else EIO.
uint16_t errno_of_stream_error(const uint8_t* variant) {
  if (variant[0] == 1) return E_PIPE;
  int32_t err = (int32_t)u32_at(variant + 4);
  RET(2);
  fs_error_code(err, ret);
  drop_error(err);
  return ret[0] ? errno_of_fs(ret[1]) : E_IO;
}

// descriptor-type -> preview-1 filetype (a fifo has no preview-1 type).
uint8_t filetype_of(uint32_t t) {
  switch (t) {
    case 1: return FT_BLOCK_DEVICE;
    case 2: return FT_CHARACTER_DEVICE;
    case 3: return FT_DIRECTORY;
    case 5: return FT_SYMBOLIC_LINK;
    case 6: return FT_REGULAR_FILE;
    case 7: return FT_SOCKET_STREAM;
    default: return FT_UNKNOWN;
  }
}

// The inode number preview 1 wants: the low half of WASI 0.2's metadata hash (0 if unknown).
uint64_t inode_of(int32_t dir, uint32_t follow, const char* path, uint32_t len) {
  RET(24);
  if (path)
    fs_metadata_hash_at(dir, (int32_t)follow, path, len, ret);
  else
    fs_metadata_hash(dir, ret);
  return ret[0] ? 0 : u64_at(ret + 8);
}

// option<datetime> at p: case byte, seconds at +8, nanoseconds at +16.
static uint64_t timestamp(const uint8_t* p) {
  return p[0] ? u64_at(p + 8) * 1000000000ull + u32_at(p + 16) : 0;
}

// descriptor-stat: type 0, link-count 8, size 16, access 24, modification 48, change 72.
// filestat: dev 0, ino 8, filetype 16, nlink 24, size 32, atim 40, mtim 48, ctim 56.
void store_filestat(uint8_t* out, const uint8_t* stat, uint64_t ino) {
  zero(out, 64);
  put_u64(out + 8, ino);
  out[16] = filetype_of(stat[0]);
  put_u64(out + 24, u64_at(stat + 8));
  put_u64(out + 32, u64_at(stat + 16));
  put_u64(out + 40, timestamp(stat + 24));
  put_u64(out + 48, timestamp(stat + 48));
  put_u64(out + 56, timestamp(stat + 72));
}

uint16_t stream_write(int32_t stream, const uint8_t* p, uint32_t len, uint32_t* written) {
  *written = 0;
  while (*written < len) {
    uint32_t n = len - *written;
    if (n > 4096) n = 4096;  // blocking-write-and-flush takes at most 4096 bytes
    RET(12);
    out_blocking_write_and_flush(stream, p + *written, n, ret);
    if (ret[0]) return errno_of_stream_error(ret + 4);
    *written += n;
  }
  return E_SUCCESS;
}

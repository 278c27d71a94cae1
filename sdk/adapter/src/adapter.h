// The WASI preview-1 -> WASI 0.2 adapter: shared declarations (state layout, the
// WASI 0.2 imports with their canonical-ABI core signatures, preview-1 constants).
// The adapter shares the main module's memory and owns no static data: everything
// below lives in a state block it grows at run time (see docs/adapter.md).
#pragma once

#include <stddef.h>
#include <stdint.h>

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define V "@0.2.12"
#define STREAMS "wasi:io/streams" V
#define POLL "wasi:io/poll" V
#define FS "wasi:filesystem/types" V

// ---- preview-1 constants (witx) ----
enum {
  E_SUCCESS = 0,
  E_2BIG = 1,
  E_ACCES = 2,
  E_AGAIN = 6,
  E_ALREADY = 7,
  E_BADF = 8,
  E_BUSY = 10,
  E_DEADLK = 16,
  E_DQUOT = 19,
  E_EXIST = 20,
  E_FBIG = 22,
  E_ILSEQ = 25,
  E_INPROGRESS = 26,
  E_INTR = 27,
  E_INVAL = 28,
  E_IO = 29,
  E_ISDIR = 31,
  E_LOOP = 32,
  E_MFILE = 33,
  E_MLINK = 34,
  E_MSGSIZE = 35,
  E_NAMETOOLONG = 37,
  E_NODEV = 43,
  E_NOENT = 44,
  E_NOLCK = 46,
  E_NOMEM = 48,
  E_NOSPC = 51,
  E_NOTDIR = 54,
  E_NOTEMPTY = 55,
  E_NOTRECOVERABLE = 56,
  E_NOTSUP = 58,
  E_NOTTY = 59,
  E_NXIO = 60,
  E_OVERFLOW = 61,
  E_PERM = 63,
  E_PIPE = 64,
  E_ROFS = 69,
  E_SPIPE = 70,
  E_TXTBSY = 74,
  E_XDEV = 75,
  E_NOTCAPABLE = 76,
};
enum {
  FT_UNKNOWN = 0,
  FT_BLOCK_DEVICE = 1,
  FT_CHARACTER_DEVICE = 2,
  FT_DIRECTORY = 3,
  FT_REGULAR_FILE = 4,
  FT_SOCKET_STREAM = 6,
  FT_SYMBOLIC_LINK = 7,
};
enum { FDFLAG_APPEND = 1, FDFLAG_DSYNC = 2, FDFLAG_NONBLOCK = 4, FDFLAG_RSYNC = 8, FDFLAG_SYNC = 16 };
enum { OFLAG_CREAT = 1, OFLAG_DIRECTORY = 2, OFLAG_EXCL = 4, OFLAG_TRUNC = 8 };
enum { FST_ATIM = 1, FST_ATIM_NOW = 2, FST_MTIM = 4, FST_MTIM_NOW = 8 };
// rights: one bit per operation. The adapter keeps them per fd as weft's preview-1 host
// does (WASI 0.2 has none), so the same call fails the same way (NOTCAPABLE).
#define RIGHT_FD_DATASYNC (1ull << 0)
#define RIGHT_FD_READ (1ull << 1)
#define RIGHT_FD_SEEK (1ull << 2)
#define RIGHT_FD_FDSTAT_SET_FLAGS (1ull << 3)
#define RIGHT_FD_SYNC (1ull << 4)
#define RIGHT_FD_TELL (1ull << 5)
#define RIGHT_FD_WRITE (1ull << 6)
#define RIGHT_FD_ADVISE (1ull << 7)
#define RIGHT_FD_ALLOCATE (1ull << 8)
#define RIGHT_PATH_CREATE_DIRECTORY (1ull << 9)
#define RIGHT_PATH_CREATE_FILE (1ull << 10)
#define RIGHT_PATH_LINK_SOURCE (1ull << 11)
#define RIGHT_PATH_LINK_TARGET (1ull << 12)
#define RIGHT_PATH_OPEN (1ull << 13)
#define RIGHT_FD_READDIR (1ull << 14)
#define RIGHT_PATH_READLINK (1ull << 15)
#define RIGHT_PATH_RENAME_SOURCE (1ull << 16)
#define RIGHT_PATH_RENAME_TARGET (1ull << 17)
#define RIGHT_PATH_FILESTAT_GET (1ull << 18)
#define RIGHT_PATH_FILESTAT_SET_SIZE (1ull << 19)
#define RIGHT_PATH_FILESTAT_SET_TIMES (1ull << 20)
#define RIGHT_FD_FILESTAT_GET (1ull << 21)
#define RIGHT_FD_FILESTAT_SET_SIZE (1ull << 22)
#define RIGHT_FD_FILESTAT_SET_TIMES (1ull << 23)
#define RIGHT_PATH_SYMLINK (1ull << 24)
#define RIGHT_PATH_REMOVE_DIRECTORY (1ull << 25)
#define RIGHT_PATH_UNLINK_FILE (1ull << 26)
#define RIGHT_POLL_FD_READWRITE (1ull << 27)
// What each kind of fd can do at most (as src/wasi/abi.h and streams.h give them).
#define RIGHTS_DIRECTORY                                                                                    \
  (RIGHT_PATH_CREATE_DIRECTORY | RIGHT_PATH_CREATE_FILE | RIGHT_PATH_LINK_SOURCE | RIGHT_PATH_LINK_TARGET | \
   RIGHT_PATH_OPEN | RIGHT_FD_READDIR | RIGHT_PATH_READLINK | RIGHT_PATH_RENAME_SOURCE |                    \
   RIGHT_PATH_RENAME_TARGET | RIGHT_PATH_FILESTAT_GET | RIGHT_PATH_FILESTAT_SET_SIZE |                      \
   RIGHT_PATH_FILESTAT_SET_TIMES | RIGHT_FD_FILESTAT_GET | RIGHT_FD_FILESTAT_SET_TIMES |                    \
   RIGHT_PATH_SYMLINK | RIGHT_PATH_REMOVE_DIRECTORY | RIGHT_PATH_UNLINK_FILE | RIGHT_FD_FDSTAT_SET_FLAGS |  \
   RIGHT_FD_SYNC | RIGHT_FD_DATASYNC)
#define RIGHTS_FILE                                                                                \
  (RIGHT_FD_DATASYNC | RIGHT_FD_READ | RIGHT_FD_SEEK | RIGHT_FD_FDSTAT_SET_FLAGS | RIGHT_FD_SYNC | \
   RIGHT_FD_TELL | RIGHT_FD_WRITE | RIGHT_FD_ADVISE | RIGHT_FD_ALLOCATE | RIGHT_FD_FILESTAT_GET |  \
   RIGHT_FD_FILESTAT_SET_SIZE | RIGHT_FD_FILESTAT_SET_TIMES | RIGHT_POLL_FD_READWRITE)
#define RIGHTS_FILE_WRITE (RIGHT_FD_WRITE | RIGHT_FD_ALLOCATE | RIGHT_FD_FILESTAT_SET_SIZE)
#define RIGHTS_STDIN \
  (RIGHT_FD_READ | RIGHT_FD_FDSTAT_SET_FLAGS | RIGHT_POLL_FD_READWRITE | RIGHT_FD_FILESTAT_GET)
#define RIGHTS_STDOUT \
  (RIGHT_FD_WRITE | RIGHT_FD_FDSTAT_SET_FLAGS | RIGHT_POLL_FD_READWRITE | RIGHT_FD_FILESTAT_GET)
enum { CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME = 2, CLOCK_THREAD_CPUTIME = 3 };

// descriptor-flags of wasi:filesystem
enum {
  DF_READ = 1,
  DF_WRITE = 2,
  DF_FILE_SYNC = 4,
  DF_DATA_SYNC = 8,
  DF_REQ_WRITE_SYNC = 16,
  DF_MUTATE = 32
};

// ---- state ----
enum { K_FREE = 0, K_STDIN, K_STDOUT, K_STDERR, K_FILE, K_DIR };
enum { MAX_FDS = 1024, NAMES_SIZE = 4096, PEEK_NAME_MAX = 1024 };
enum { STACK_PAGES = 1, ARENA_PAGES = 4, CANARY_BYTES = 128 };

typedef struct {
  uint8_t kind;      // K_*
  uint8_t filetype;  // preview-1 filetype
  uint8_t preopen;   // answers fd_prestat_get
  uint8_t dflags;    // wasi:filesystem descriptor-flags it was opened with
  uint16_t fdflags;  // preview-1 fdflags (APPEND, NONBLOCK, ...)
  uint16_t pad;
  int32_t handle;               // descriptor, or the stdio stream
  uint32_t name_off, name_len;  // preopen's guest path in State.names
  int32_t dir_stream;           // read-directory stream of fd_readdir, 0 for none (handles start at 1)
  uint64_t rights, inheriting;  // preview-1 rights (see RIGHT_*)
  uint64_t pos;                 // file position
  uint64_t dir_cookie;          // cookie of the entry dir_stream yields next
} Fd;

typedef struct {
  uint32_t arena_base, arena_size, arena_used;
  uint32_t canary;                    // the last CANARY_BYTES of the region we grew last (see exports.c)
  uint32_t relocations;               // how often the state moved away from a claimed region
  uint32_t pending_ptr, pending_len;  // where the next list lowered into us goes, if it fits
  uint32_t names_used;
  uint32_t nfds;
  // An fd_readdir entry that did not fit: served first by the next call with its cookie.
  int32_t peek_fd;
  uint64_t peek_cookie, peek_ino;
  uint32_t peek_len;
  uint8_t peek_type;
  Fd fds[MAX_FDS];
  char names[NAMES_SIZE];
  char peek_name[PEEK_NAME_MAX];
} State;

// The one global besides __stack_pointer: the state block's address (0 before init).
__asm__(".globaltype weft_adapter_state, i32\n");
static inline State* state(void) {
  uint32_t v;
  __asm__ volatile("global.get weft_adapter_state\n\tlocal.set %0" : "=r"(v));
  return (State*)(uintptr_t)v;
}

void* arena_alloc(uint32_t size, uint32_t align);
// Whether the last CANARY_BYTES of the region we grew last are still all zero.
static inline int canary_intact(const State* st) {
  const uint64_t* c = (const uint64_t*)(uintptr_t)st->canary;
  uint64_t any = 0;
  for (int i = 0; i < CANARY_BYTES / 8; ++i) any |= c[i];
  return any == 0;
}
static inline void set_pending(void* p, uint32_t len) {
  state()->pending_ptr = (uint32_t)(uintptr_t)p;
  state()->pending_len = len;
}
static inline void clear_pending(void) { state()->pending_len = 0, state()->pending_ptr = 0; }
// The fd's entry, or null when it is not open.
Fd* fd_get(uint32_t fd);
// The fd's entry when it is open (else *err = BADF) and has all of `needed` (else NOTCAPABLE).
Fd* fd_with(uint32_t fd, uint64_t needed, uint16_t* err);
// A free fd number (the lowest), or -1.
int32_t fd_alloc(void);
void fd_release(uint32_t fd);
uint16_t errno_of_fs(uint32_t code);
uint16_t errno_of_stream_error(const uint8_t* variant);
uint8_t filetype_of(uint32_t descriptor_type);
uint64_t inode_of(int32_t dir, uint32_t follow, const char* path, uint32_t len);

static inline void copy(void* d, const void* s, uint32_t n) { __builtin_memcpy(d, s, n); }
static inline void zero(void* d, uint32_t n) { __builtin_memset(d, 0, n); }
static inline void put_u64(uint8_t* p, uint64_t v) { __builtin_memcpy(p, &v, 8); }
static inline void put_u32(uint8_t* p, uint32_t v) { __builtin_memcpy(p, &v, 4); }
static inline void put_u16(uint8_t* p, uint16_t v) { __builtin_memcpy(p, &v, 2); }
static inline uint64_t u64_at(const uint8_t* p) {
  uint64_t v;
  __builtin_memcpy(&v, p, 8);
  return v;
}
static inline uint32_t u32_at(const uint8_t* p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}
#define RET(n) uint8_t ret[n] __attribute__((aligned(8)))

// ---- wasi:cli ----
IMPORT("wasi:cli/environment" V, "get-environment") void env_get_environment(void* ret);
IMPORT("wasi:cli/environment" V, "get-arguments") void env_get_arguments(void* ret);
IMPORT("wasi:cli/exit" V, "exit") void cli_exit(int32_t is_err);
IMPORT("wasi:cli/stdin" V, "get-stdin") int32_t cli_get_stdin(void);
IMPORT("wasi:cli/stdout" V, "get-stdout") int32_t cli_get_stdout(void);
IMPORT("wasi:cli/stderr" V, "get-stderr") int32_t cli_get_stderr(void);

// ---- wasi:clocks, wasi:random ----
IMPORT("wasi:clocks/monotonic-clock" V, "now") uint64_t mono_now(void);
IMPORT("wasi:clocks/monotonic-clock" V, "resolution") uint64_t mono_resolution(void);
IMPORT("wasi:clocks/monotonic-clock" V, "subscribe-instant") int32_t mono_subscribe_instant(uint64_t when);
IMPORT("wasi:clocks/monotonic-clock" V, "subscribe-duration") int32_t mono_subscribe_duration(uint64_t ns);
// datetime {seconds: u64 at 0, nanoseconds: u32 at 8}
IMPORT("wasi:clocks/wall-clock" V, "now") void wall_now(void* ret);
IMPORT("wasi:clocks/wall-clock" V, "resolution") void wall_resolution(void* ret);
IMPORT("wasi:random/random" V, "get-random-bytes") void random_bytes(uint64_t len, void* ret);

// ---- wasi:io ----
IMPORT("wasi:io/error" V, "[resource-drop]error") void drop_error(int32_t);
IMPORT(POLL, "[resource-drop]pollable") void drop_pollable(int32_t);
IMPORT(POLL, "[method]pollable.ready") int32_t pollable_ready(int32_t);
IMPORT(POLL, "poll") void poll_list(const int32_t* ptr, uint32_t len, void* ret);
// result<list<u8>, stream-error>: case at 0, list at 4/8, stream-error at 4 (case) and 8 (error)
IMPORT(STREAMS, "[method]input-stream.read") void in_read(int32_t self, uint64_t len, void* ret);
IMPORT(STREAMS, "[method]input-stream.blocking-read")
void in_blocking_read(int32_t self, uint64_t len, void* ret);
IMPORT(STREAMS, "[method]input-stream.subscribe") int32_t in_subscribe(int32_t self);
IMPORT(STREAMS, "[resource-drop]input-stream") void drop_input(int32_t);
// result<_, stream-error>: case at 0, stream-error at 4/8
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush")
void out_blocking_write_and_flush(int32_t self, const void* ptr, uint32_t len, void* ret);
IMPORT(STREAMS, "[method]output-stream.subscribe") int32_t out_subscribe(int32_t self);
IMPORT(STREAMS, "[resource-drop]output-stream") void drop_output(int32_t);

// ---- wasi:filesystem ----
// list<tuple<descriptor, string>>: elements of 12 bytes
IMPORT("wasi:filesystem/preopens" V, "get-directories") void fs_get_directories(void* ret);
IMPORT(FS, "[resource-drop]descriptor") void drop_descriptor(int32_t);
IMPORT(FS, "[resource-drop]directory-entry-stream") void drop_dir_stream(int32_t);
IMPORT(FS, "filesystem-error-code") void fs_error_code(int32_t err, void* ret);
// The result<_, error-code> methods: case at 0, code at 1.
IMPORT(FS, "[method]descriptor.append-via-stream") void fs_append_via_stream(int32_t self, void* ret);
IMPORT(FS, "[method]descriptor.advise")
void fs_advise(int32_t self, uint64_t off, uint64_t len, int32_t advice, void* ret);
IMPORT(FS, "[method]descriptor.sync-data") void fs_sync_data(int32_t self, void* ret);
IMPORT(FS, "[method]descriptor.sync") void fs_sync(int32_t self, void* ret);
IMPORT(FS, "[method]descriptor.get-flags") void fs_get_flags(int32_t self, void* ret);
IMPORT(FS, "[method]descriptor.get-type") void fs_get_type(int32_t self, void* ret);
IMPORT(FS, "[method]descriptor.set-size") void fs_set_size(int32_t self, uint64_t size, void* ret);
// new-timestamp flattens to (case i32, seconds i64, nanoseconds i32)
IMPORT(FS, "[method]descriptor.set-times")
void fs_set_times(int32_t self, int32_t ac, uint64_t as, uint32_t an, int32_t mc, uint64_t ms, uint32_t mn,
                  void* ret);
// result<tuple<list<u8>, bool>, error-code>: case 0, list 4/8, eof 12, code 4
IMPORT(FS, "[method]descriptor.read") void fs_read(int32_t self, uint64_t len, uint64_t off, void* ret);
// result<filesize, error-code>: case 0, size or code at 8
IMPORT(FS, "[method]descriptor.write")
void fs_write(int32_t self, const void* ptr, uint32_t len, uint64_t off, void* ret);
IMPORT(FS, "[method]descriptor.read-directory") void fs_read_directory(int32_t self, void* ret);
IMPORT(FS, "[method]descriptor.create-directory-at")
void fs_create_directory_at(int32_t self, const char* p, uint32_t n, void* ret);
// result<descriptor-stat, error-code>: case 0, stat (or code) at 8; see store_filestat
IMPORT(FS, "[method]descriptor.stat") void fs_stat(int32_t self, void* ret);
IMPORT(FS, "[method]descriptor.stat-at")
void fs_stat_at(int32_t self, int32_t pflags, const char* p, uint32_t n, void* ret);
IMPORT(FS, "[method]descriptor.set-times-at")
void fs_set_times_at(int32_t self, int32_t pflags, const char* p, uint32_t n, int32_t ac, uint64_t as,
                     uint32_t an, int32_t mc, uint64_t ms, uint32_t mn, void* ret);
IMPORT(FS, "[method]descriptor.link-at")
void fs_link_at(int32_t self, int32_t pflags, const char* op, uint32_t on, int32_t nd, const char* np,
                uint32_t nn, void* ret);
// result<descriptor, error-code>: case 0, handle or code at 4
IMPORT(FS, "[method]descriptor.open-at")
void fs_open_at(int32_t self, int32_t pflags, const char* p, uint32_t n, int32_t oflags, int32_t dflags,
                void* ret);
// result<string, error-code>: case 0, string 4/8, code 4
IMPORT(FS, "[method]descriptor.readlink-at")
void fs_readlink_at(int32_t self, const char* p, uint32_t n, void* ret);
IMPORT(FS, "[method]descriptor.remove-directory-at")
void fs_remove_directory_at(int32_t self, const char* p, uint32_t n, void* ret);
IMPORT(FS, "[method]descriptor.rename-at")
void fs_rename_at(int32_t self, const char* op, uint32_t on, int32_t nd, const char* np, uint32_t nn,
                  void* ret);
IMPORT(FS, "[method]descriptor.symlink-at")
void fs_symlink_at(int32_t self, const char* op, uint32_t on, const char* np, uint32_t nn, void* ret);
IMPORT(FS, "[method]descriptor.unlink-file-at")
void fs_unlink_file_at(int32_t self, const char* p, uint32_t n, void* ret);
// result<metadata-hash-value, error-code>: case 0, lower at 8
IMPORT(FS, "[method]descriptor.metadata-hash") void fs_metadata_hash(int32_t self, void* ret);
IMPORT(FS, "[method]descriptor.metadata-hash-at")
void fs_metadata_hash_at(int32_t self, int32_t pflags, const char* p, uint32_t n, void* ret);
// result<option<directory-entry>, error-code>: case 0, option case 4, type 8, name 12/16, code 4
IMPORT(FS, "[method]directory-entry-stream.read-directory-entry")
void fs_read_directory_entry(int32_t self, void* ret);

// ---- shared by the preview-1 functions ----
// The bytes of a preview-1 filestat (64) from a descriptor-stat at `stat`.
void store_filestat(uint8_t* out, const uint8_t* stat, uint64_t ino);
// Writes `len` bytes to an output stream in chunks; *written gets what went out.
uint16_t stream_write(int32_t stream, const uint8_t* p, uint32_t len, uint32_t* written);
// The preview-1 function bodies (exports.c wraps each so the state exists first).
#define WASI_FUNC(name, params, args) int32_t impl_##name params;
#include "functions.def"
#undef WASI_FUNC

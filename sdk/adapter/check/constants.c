// Checks the adapter's preview-1 constants (src/adapter.h, written by hand because the
// adapter cannot use wasi-libc) against wasi-libc's <wasi/api.h>. Compiled with
// -fsyntax-only during the build; any mismatch fails it.
#include <wasi/api.h>

#include "../src/adapter.h"

_Static_assert(E_SUCCESS == __WASI_ERRNO_SUCCESS, "E_SUCCESS");
_Static_assert(E_2BIG == __WASI_ERRNO_2BIG, "E_2BIG");
_Static_assert(E_ACCES == __WASI_ERRNO_ACCES, "E_ACCES");
_Static_assert(E_AGAIN == __WASI_ERRNO_AGAIN, "E_AGAIN");
_Static_assert(E_ALREADY == __WASI_ERRNO_ALREADY, "E_ALREADY");
_Static_assert(E_BADF == __WASI_ERRNO_BADF, "E_BADF");
_Static_assert(E_BUSY == __WASI_ERRNO_BUSY, "E_BUSY");
_Static_assert(E_DEADLK == __WASI_ERRNO_DEADLK, "E_DEADLK");
_Static_assert(E_DQUOT == __WASI_ERRNO_DQUOT, "E_DQUOT");
_Static_assert(E_EXIST == __WASI_ERRNO_EXIST, "E_EXIST");
_Static_assert(E_FBIG == __WASI_ERRNO_FBIG, "E_FBIG");
_Static_assert(E_ILSEQ == __WASI_ERRNO_ILSEQ, "E_ILSEQ");
_Static_assert(E_INPROGRESS == __WASI_ERRNO_INPROGRESS, "E_INPROGRESS");
_Static_assert(E_INTR == __WASI_ERRNO_INTR, "E_INTR");
_Static_assert(E_INVAL == __WASI_ERRNO_INVAL, "E_INVAL");
_Static_assert(E_IO == __WASI_ERRNO_IO, "E_IO");
_Static_assert(E_ISDIR == __WASI_ERRNO_ISDIR, "E_ISDIR");
_Static_assert(E_LOOP == __WASI_ERRNO_LOOP, "E_LOOP");
_Static_assert(E_MFILE == __WASI_ERRNO_MFILE, "E_MFILE");
_Static_assert(E_MLINK == __WASI_ERRNO_MLINK, "E_MLINK");
_Static_assert(E_MSGSIZE == __WASI_ERRNO_MSGSIZE, "E_MSGSIZE");
_Static_assert(E_NAMETOOLONG == __WASI_ERRNO_NAMETOOLONG, "E_NAMETOOLONG");
_Static_assert(E_NODEV == __WASI_ERRNO_NODEV, "E_NODEV");
_Static_assert(E_NOENT == __WASI_ERRNO_NOENT, "E_NOENT");
_Static_assert(E_NOLCK == __WASI_ERRNO_NOLCK, "E_NOLCK");
_Static_assert(E_NOMEM == __WASI_ERRNO_NOMEM, "E_NOMEM");
_Static_assert(E_NOSPC == __WASI_ERRNO_NOSPC, "E_NOSPC");
_Static_assert(E_NOTDIR == __WASI_ERRNO_NOTDIR, "E_NOTDIR");
_Static_assert(E_NOTEMPTY == __WASI_ERRNO_NOTEMPTY, "E_NOTEMPTY");
_Static_assert(E_NOTRECOVERABLE == __WASI_ERRNO_NOTRECOVERABLE, "E_NOTRECOVERABLE");
_Static_assert(E_NOTSUP == __WASI_ERRNO_NOTSUP, "E_NOTSUP");
_Static_assert(E_NOTTY == __WASI_ERRNO_NOTTY, "E_NOTTY");
_Static_assert(E_NXIO == __WASI_ERRNO_NXIO, "E_NXIO");
_Static_assert(E_OVERFLOW == __WASI_ERRNO_OVERFLOW, "E_OVERFLOW");
_Static_assert(E_PERM == __WASI_ERRNO_PERM, "E_PERM");
_Static_assert(E_PIPE == __WASI_ERRNO_PIPE, "E_PIPE");
_Static_assert(E_ROFS == __WASI_ERRNO_ROFS, "E_ROFS");
_Static_assert(E_SPIPE == __WASI_ERRNO_SPIPE, "E_SPIPE");
_Static_assert(E_TXTBSY == __WASI_ERRNO_TXTBSY, "E_TXTBSY");
_Static_assert(E_XDEV == __WASI_ERRNO_XDEV, "E_XDEV");
_Static_assert(FT_UNKNOWN == __WASI_FILETYPE_UNKNOWN, "FT_UNKNOWN");
_Static_assert(FT_BLOCK_DEVICE == __WASI_FILETYPE_BLOCK_DEVICE, "FT_BLOCK_DEVICE");
_Static_assert(FT_CHARACTER_DEVICE == __WASI_FILETYPE_CHARACTER_DEVICE, "FT_CHARACTER_DEVICE");
_Static_assert(FT_DIRECTORY == __WASI_FILETYPE_DIRECTORY, "FT_DIRECTORY");
_Static_assert(FT_REGULAR_FILE == __WASI_FILETYPE_REGULAR_FILE, "FT_REGULAR_FILE");
_Static_assert(FT_SOCKET_STREAM == __WASI_FILETYPE_SOCKET_STREAM, "FT_SOCKET_STREAM");
_Static_assert(FT_SYMBOLIC_LINK == __WASI_FILETYPE_SYMBOLIC_LINK, "FT_SYMBOLIC_LINK");
_Static_assert(FDFLAG_APPEND == __WASI_FDFLAGS_APPEND, "FDFLAG_APPEND");
_Static_assert(FDFLAG_DSYNC == __WASI_FDFLAGS_DSYNC, "FDFLAG_DSYNC");
_Static_assert(FDFLAG_NONBLOCK == __WASI_FDFLAGS_NONBLOCK, "FDFLAG_NONBLOCK");
_Static_assert(FDFLAG_RSYNC == __WASI_FDFLAGS_RSYNC, "FDFLAG_RSYNC");
_Static_assert(FDFLAG_SYNC == __WASI_FDFLAGS_SYNC, "FDFLAG_SYNC");
_Static_assert(OFLAG_CREAT == __WASI_OFLAGS_CREAT, "OFLAG_CREAT");
_Static_assert(OFLAG_DIRECTORY == __WASI_OFLAGS_DIRECTORY, "OFLAG_DIRECTORY");
_Static_assert(OFLAG_EXCL == __WASI_OFLAGS_EXCL, "OFLAG_EXCL");
_Static_assert(OFLAG_TRUNC == __WASI_OFLAGS_TRUNC, "OFLAG_TRUNC");
_Static_assert(FST_ATIM == __WASI_FSTFLAGS_ATIM, "FST_ATIM");
_Static_assert(FST_ATIM_NOW == __WASI_FSTFLAGS_ATIM_NOW, "FST_ATIM_NOW");
_Static_assert(FST_MTIM == __WASI_FSTFLAGS_MTIM, "FST_MTIM");
_Static_assert(FST_MTIM_NOW == __WASI_FSTFLAGS_MTIM_NOW, "FST_MTIM_NOW");
_Static_assert(RIGHT_FD_FILESTAT_SET_SIZE == __WASI_RIGHTS_FD_FILESTAT_SET_SIZE,
               "RIGHT_FD_FILESTAT_SET_SIZE");
_Static_assert(CLOCK_REALTIME == __WASI_CLOCKID_REALTIME, "CLOCK_REALTIME");
_Static_assert(CLOCK_MONOTONIC == __WASI_CLOCKID_MONOTONIC, "CLOCK_MONOTONIC");
_Static_assert(CLOCK_PROCESS_CPUTIME == __WASI_CLOCKID_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME");
_Static_assert(CLOCK_THREAD_CPUTIME == __WASI_CLOCKID_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME");

_Static_assert(RIGHT_FD_DATASYNC == __WASI_RIGHTS_FD_DATASYNC, "RIGHT_FD_DATASYNC");
_Static_assert(RIGHT_FD_READ == __WASI_RIGHTS_FD_READ, "RIGHT_FD_READ");
_Static_assert(RIGHT_FD_SEEK == __WASI_RIGHTS_FD_SEEK, "RIGHT_FD_SEEK");
_Static_assert(RIGHT_FD_FDSTAT_SET_FLAGS == __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS, "RIGHT_FD_FDSTAT_SET_FLAGS");
_Static_assert(RIGHT_FD_SYNC == __WASI_RIGHTS_FD_SYNC, "RIGHT_FD_SYNC");
_Static_assert(RIGHT_FD_TELL == __WASI_RIGHTS_FD_TELL, "RIGHT_FD_TELL");
_Static_assert(RIGHT_FD_WRITE == __WASI_RIGHTS_FD_WRITE, "RIGHT_FD_WRITE");
_Static_assert(RIGHT_FD_ADVISE == __WASI_RIGHTS_FD_ADVISE, "RIGHT_FD_ADVISE");
_Static_assert(RIGHT_FD_ALLOCATE == __WASI_RIGHTS_FD_ALLOCATE, "RIGHT_FD_ALLOCATE");
_Static_assert(RIGHT_PATH_CREATE_DIRECTORY == __WASI_RIGHTS_PATH_CREATE_DIRECTORY, "RIGHT_PATH_CREATE_DIRECTORY");
_Static_assert(RIGHT_PATH_CREATE_FILE == __WASI_RIGHTS_PATH_CREATE_FILE, "RIGHT_PATH_CREATE_FILE");
_Static_assert(RIGHT_PATH_LINK_SOURCE == __WASI_RIGHTS_PATH_LINK_SOURCE, "RIGHT_PATH_LINK_SOURCE");
_Static_assert(RIGHT_PATH_LINK_TARGET == __WASI_RIGHTS_PATH_LINK_TARGET, "RIGHT_PATH_LINK_TARGET");
_Static_assert(RIGHT_PATH_OPEN == __WASI_RIGHTS_PATH_OPEN, "RIGHT_PATH_OPEN");
_Static_assert(RIGHT_FD_READDIR == __WASI_RIGHTS_FD_READDIR, "RIGHT_FD_READDIR");
_Static_assert(RIGHT_PATH_READLINK == __WASI_RIGHTS_PATH_READLINK, "RIGHT_PATH_READLINK");
_Static_assert(RIGHT_PATH_RENAME_SOURCE == __WASI_RIGHTS_PATH_RENAME_SOURCE, "RIGHT_PATH_RENAME_SOURCE");
_Static_assert(RIGHT_PATH_RENAME_TARGET == __WASI_RIGHTS_PATH_RENAME_TARGET, "RIGHT_PATH_RENAME_TARGET");
_Static_assert(RIGHT_PATH_FILESTAT_GET == __WASI_RIGHTS_PATH_FILESTAT_GET, "RIGHT_PATH_FILESTAT_GET");
_Static_assert(RIGHT_PATH_FILESTAT_SET_SIZE == __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE, "RIGHT_PATH_FILESTAT_SET_SIZE");
_Static_assert(RIGHT_PATH_FILESTAT_SET_TIMES == __WASI_RIGHTS_PATH_FILESTAT_SET_TIMES, "RIGHT_PATH_FILESTAT_SET_TIMES");
_Static_assert(RIGHT_FD_FILESTAT_GET == __WASI_RIGHTS_FD_FILESTAT_GET, "RIGHT_FD_FILESTAT_GET");
_Static_assert(RIGHT_FD_FILESTAT_SET_SIZE == __WASI_RIGHTS_FD_FILESTAT_SET_SIZE, "RIGHT_FD_FILESTAT_SET_SIZE");
_Static_assert(RIGHT_FD_FILESTAT_SET_TIMES == __WASI_RIGHTS_FD_FILESTAT_SET_TIMES, "RIGHT_FD_FILESTAT_SET_TIMES");
_Static_assert(RIGHT_PATH_SYMLINK == __WASI_RIGHTS_PATH_SYMLINK, "RIGHT_PATH_SYMLINK");
_Static_assert(RIGHT_PATH_REMOVE_DIRECTORY == __WASI_RIGHTS_PATH_REMOVE_DIRECTORY, "RIGHT_PATH_REMOVE_DIRECTORY");
_Static_assert(RIGHT_PATH_UNLINK_FILE == __WASI_RIGHTS_PATH_UNLINK_FILE, "RIGHT_PATH_UNLINK_FILE");
_Static_assert(RIGHT_POLL_FD_READWRITE == __WASI_RIGHTS_POLL_FD_READWRITE, "RIGHT_POLL_FD_READWRITE");
_Static_assert(E_NOTCAPABLE == __WASI_ERRNO_NOTCAPABLE, "E_NOTCAPABLE");

// The layouts the adapter writes by offset.
#include <stddef.h>
_Static_assert(sizeof(__wasi_filestat_t) == 64 && offsetof(__wasi_filestat_t, ino) == 8, "filestat");
_Static_assert(offsetof(__wasi_filestat_t, filetype) == 16 && offsetof(__wasi_filestat_t, nlink) == 24,
               "filestat");
_Static_assert(offsetof(__wasi_filestat_t, size) == 32 && offsetof(__wasi_filestat_t, atim) == 40,
               "filestat");
_Static_assert(offsetof(__wasi_filestat_t, mtim) == 48 && offsetof(__wasi_filestat_t, ctim) == 56,
               "filestat");
_Static_assert(sizeof(__wasi_fdstat_t) == 24 && offsetof(__wasi_fdstat_t, fs_flags) == 2, "fdstat");
_Static_assert(offsetof(__wasi_fdstat_t, fs_rights_base) == 8, "fdstat");
_Static_assert(offsetof(__wasi_fdstat_t, fs_rights_inheriting) == 16, "fdstat");
_Static_assert(sizeof(__wasi_dirent_t) == 24 && offsetof(__wasi_dirent_t, d_ino) == 8, "dirent");
_Static_assert(offsetof(__wasi_dirent_t, d_namlen) == 16 && offsetof(__wasi_dirent_t, d_type) == 20,
               "dirent");
_Static_assert(sizeof(__wasi_prestat_t) == 8 && offsetof(__wasi_prestat_t, u.dir.pr_name_len) == 4,
               "prestat");
_Static_assert(sizeof(__wasi_subscription_t) == 48 && offsetof(__wasi_subscription_t, u.tag) == 8,
               "subscription");
_Static_assert(offsetof(__wasi_subscription_t, u.u.clock.id) == 16, "subscription");
_Static_assert(offsetof(__wasi_subscription_t, u.u.clock.timeout) == 24, "subscription");
_Static_assert(offsetof(__wasi_subscription_t, u.u.clock.flags) == 40, "subscription");
_Static_assert(offsetof(__wasi_subscription_t, u.u.fd_read.file_descriptor) == 16, "subscription");
_Static_assert(sizeof(__wasi_event_t) == 32 && offsetof(__wasi_event_t, error) == 8, "event");
_Static_assert(offsetof(__wasi_event_t, type) == 10 && offsetof(__wasi_event_t, fd_readwrite.nbytes) == 16,
               "event");
_Static_assert(offsetof(__wasi_event_t, fd_readwrite.flags) == 24, "event");
_Static_assert(__WASI_WHENCE_SET == 0 && __WASI_WHENCE_CUR == 1 && __WASI_WHENCE_END == 2, "whence");
_Static_assert(__WASI_ADVICE_NORMAL == 0 && __WASI_ADVICE_NOREUSE == 5, "advice, in WASI 0.2's order");
_Static_assert(__WASI_LOOKUPFLAGS_SYMLINK_FOLLOW == 1 && __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME == 1,
               "");
_Static_assert(__WASI_EVENTTYPE_CLOCK == 0 && __WASI_EVENTTYPE_FD_READ == 1 && __WASI_EVENTTYPE_FD_WRITE == 2,
               "");

// Files opened by path: POSIX calls on an owned host fd.
#include "wasi/file_handle.h"

#include <fcntl.h>
#include <sys/uio.h>

#include <cerrno>
#include <limits>

#include "wasi/host_io.h"
#include "wasi/host_services.h"

namespace weft::wasi {
namespace {

WasiResult<void> host_status(int r) {
  if (r == 0) return {};
  return std::unexpected(errno_from_host(errno));
}

uint64_t ns_of(const timespec& ts) {
  if (ts.tv_sec < 0) return 0;  // before 1970: WASI timestamps are unsigned
  return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
}

WasiResult<off_t> host_offset(uint64_t offset) {
  if (offset > uint64_t(std::numeric_limits<off_t>::max())) return std::unexpected(Errno::Inval);
  return off_t(offset);
}

}  // namespace

Filetype filetype_of(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return Filetype::RegularFile;
    case S_IFDIR: return Filetype::Directory;
    case S_IFLNK: return Filetype::SymbolicLink;
    case S_IFCHR: return Filetype::CharacterDevice;
    case S_IFBLK: return Filetype::BlockDevice;
    case S_IFSOCK: return Filetype::SocketStream;
    default: return Filetype::Unknown;  // FIFOs: preview 1 has no filetype for them
  }
}

Filestat filestat_of(const struct stat& st) {
  return Filestat{uint64_t(st.st_dev), uint64_t(st.st_ino), filetype_of(st.st_mode), uint64_t(st.st_nlink),
                  uint64_t(st.st_size), ns_of(st.st_atim), ns_of(st.st_mtim), ns_of(st.st_ctim)};
}

WasiResult<Filestat> host_fstat(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::unexpected(errno_from_host(errno));
  return filestat_of(st);
}

timespec host_time(TimeUpdate t) {
  switch (t.kind) {
    case TimeUpdate::Keep: return timespec{0, UTIME_OMIT};
    case TimeUpdate::Now: return timespec{0, UTIME_NOW};
    case TimeUpdate::Set: break;
  }
  return timespec{time_t(t.ns / 1000000000u), long(t.ns % 1000000000u)};
}

WasiResult<uint64_t> FileHandle::read(IoBuffers buffers) { return host_read(fd_.get(), buffers, waiter()); }

WasiResult<uint64_t> FileHandle::write(IoBuffers buffers) {
  WASI_CHECK(check_writable());
  return host_write(fd_.get(), buffers, waiter());
}

WasiResult<uint64_t> FileHandle::pread(IoBuffers buffers, uint64_t offset) {
  WASI_TRY(at, host_offset(offset));
  std::vector<iovec> iov = to_host_iovecs(buffers);
  if (iov.empty()) return 0;
  ssize_t n;
  do {
    n = ::preadv(fd_.get(), iov.data(), int(iov.size()), at);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return std::unexpected(errno_from_host(errno));
  return uint64_t(n);
}

WasiResult<uint64_t> FileHandle::pwrite(IoBuffers buffers, uint64_t offset) {
  WASI_CHECK(check_writable());
  WASI_TRY(at, host_offset(offset));
  std::vector<iovec> iov = to_host_iovecs(buffers);
  if (iov.empty()) return 0;
  ssize_t n;
  do {
    n = ::pwritev(fd_.get(), iov.data(), int(iov.size()), at);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return std::unexpected(errno_from_host(errno));
  return uint64_t(n);
}

bool FileHandle::seekable() const { return type_ == Filetype::RegularFile || type_ == Filetype::BlockDevice; }

WasiResult<uint64_t> FileHandle::seek(int64_t offset, Whence whence) {
  static_assert(int(Whence::Set) == SEEK_SET && int(Whence::Cur) == SEEK_CUR && int(Whence::End) == SEEK_END);
  off_t pos = ::lseek(fd_.get(), off_t(offset), int(whence));
  if (pos < 0) return std::unexpected(errno_from_host(errno));
  return uint64_t(pos);
}

// APPEND and NONBLOCK can change; the sync flags only at open, as on Linux (F_SETFL ignores them).
WasiResult<void> FileHandle::set_flags(uint16_t flags) {
  if ((flags & kSyncFlags) != sync_flags_) return std::unexpected(Errno::NotSup);
  int host = ::fcntl(fd_.get(), F_GETFL);
  if (host < 0) return std::unexpected(errno_from_host(errno));
  host = (flags & fdflags::kAppend) ? host | O_APPEND : host & ~O_APPEND;
  if ((flags & fdflags::kAppend) && !writable_) return std::unexpected(Errno::Rofs);
  WASI_CHECK(host_status(::fcntl(fd_.get(), F_SETFL, host)));
  nonblock_ = flags & fdflags::kNonblock;
  return {};
}

WasiResult<void> FileHandle::sync() { return host_status(::fsync(fd_.get())); }
WasiResult<void> FileHandle::datasync() { return host_status(::fdatasync(fd_.get())); }

WasiResult<void> FileHandle::advise(uint64_t offset, uint64_t len, uint8_t advice) {
  static constexpr int kHost[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                  POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  if (advice > kAdviceMax) return std::unexpected(Errno::Inval);
  WASI_TRY(at, host_offset(offset));
  WASI_TRY(n, host_offset(len));
  int r = ::posix_fadvise(fd_.get(), at, n, kHost[advice]);
  if (r != 0) return std::unexpected(errno_from_host(r));
  return {};
}

WasiResult<void> FileHandle::allocate(uint64_t offset, uint64_t len) {
  WASI_CHECK(check_writable());
  WASI_TRY(at, host_offset(offset));
  WASI_TRY(n, host_offset(len));
  if (n == 0) return std::unexpected(Errno::Inval);
  int r = ::posix_fallocate(fd_.get(), at, n);
  if (r != 0) return std::unexpected(errno_from_host(r));
  return {};
}

WasiResult<void> FileHandle::set_size(uint64_t size) {
  WASI_CHECK(check_writable());
  WASI_TRY(n, host_offset(size));
  return host_status(::ftruncate(fd_.get(), n));
}

WasiResult<void> FileHandle::set_times(TimeUpdate atim, TimeUpdate mtim) {
  WASI_CHECK(check_writable());
  const timespec times[2] = {host_time(atim), host_time(mtim)};
  return host_status(::futimens(fd_.get(), times));
}

// A regular file never blocks: ready at once, with what is left to read.
WasiResult<std::optional<Readiness>> FileHandle::poll_ready(EventType type) {
  if (type_ != Filetype::RegularFile) return host_poll_ready(fd_.get(), type);
  Readiness r;
  if (type == EventType::FdRead) {
    struct stat st {};
    off_t pos = ::lseek(fd_.get(), 0, SEEK_CUR);
    if (::fstat(fd_.get(), &st) == 0 && pos >= 0 && st.st_size > pos) r.nbytes = uint64_t(st.st_size - pos);
  }
  return std::optional(r);
}

}  // namespace weft::wasi

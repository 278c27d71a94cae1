// Files opened by path beneath a granted directory: regular files, and the devices,
// FIFOs and sockets a path can also name.
#pragma once

#include <sys/stat.h>

#include "wasi/fd_table.h"
#include "wasi/sandbox.h"
#include "wasi/unique_fd.h"

namespace weft::wasi {

Filetype filetype_of(mode_t mode);
Filestat filestat_of(const struct stat& st);
WasiResult<Filestat> host_fstat(int fd);
// UTIME_OMIT / UTIME_NOW / the time, for futimens(2) and utimensat(2).
timespec host_time(TimeUpdate t);

class FileHandle final : public FdObject {
 public:
  // `fd` is opened with O_NONBLOCK: a guest read of a FIFO or device that has
  // nothing yet waits through the sandbox's waiter unless `fdflags` (as opened)
  // ask for non-blocking I/O. `writable` is false beneath a read-only grant: every
  // change is then EROFS whatever the fd's rights say.
  FileHandle(UniqueFd fd, Filetype type, bool writable, uint16_t fdflags, SandboxPtr sandbox)
      : fd_(std::move(fd)),
        type_(type),
        writable_(writable),
        nonblock_(fdflags & fdflags::kNonblock),
        sync_flags_(fdflags & kSyncFlags),
        sandbox_(std::move(sandbox)) {}

  int host_fd() const { return fd_.get(); }
  bool writable() const { return writable_; }

  Filetype filetype() const override { return type_; }
  WasiResult<uint64_t> read(IoBuffers buffers) override;
  WasiResult<uint64_t> write(IoBuffers buffers) override;
  WasiResult<uint64_t> pread(IoBuffers buffers, uint64_t offset) override;
  WasiResult<uint64_t> pwrite(IoBuffers buffers, uint64_t offset) override;
  bool seekable() const override;
  WasiResult<uint64_t> seek(int64_t offset, Whence whence) override;
  WasiResult<Filestat> filestat() override { return host_fstat(fd_.get()); }
  WasiResult<void> set_flags(uint16_t flags) override;
  WasiResult<void> sync() override;
  WasiResult<void> datasync() override;
  WasiResult<void> advise(uint64_t offset, uint64_t len, uint8_t advice) override;
  WasiResult<void> allocate(uint64_t offset, uint64_t len) override;
  WasiResult<void> set_size(uint64_t size) override;
  WasiResult<void> set_times(TimeUpdate atim, TimeUpdate mtim) override;
  WasiResult<std::optional<Readiness>> poll_ready(EventType type) override;
  int pollable_fd() const override { return type_ == Filetype::RegularFile ? -1 : fd_.get(); }

 private:
  const Interrupter* waiter() const { return nonblock_ ? nullptr : &sandbox_->waiter; }
  WasiResult<void> check_writable() const {
    if (writable_) return {};
    return std::unexpected(Errno::Rofs);
  }

  static constexpr uint16_t kSyncFlags = fdflags::kDsync | fdflags::kRsync | fdflags::kSync;

  UniqueFd fd_;
  Filetype type_;
  bool writable_;
  bool nonblock_;
  uint16_t sync_flags_;
  SandboxPtr sandbox_;
};

}  // namespace weft::wasi

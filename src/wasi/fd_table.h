// The WASI file descriptor table: guest fd numbers mapped to host objects and their rights.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wasi/abi.h"

namespace weft::wasi {

// spec: `filestat`, as the host reports it.
struct Filestat {
  uint64_t dev = 0;
  uint64_t ino = 0;
  Filetype filetype = Filetype::Unknown;
  uint64_t nlink = 0;
  uint64_t size = 0;
  uint64_t atim = 0;
  uint64_t mtim = 0;
  uint64_t ctim = 0;
};

// A new access or modification time: left alone, the current time, or a given time.
struct TimeUpdate {
  enum Kind : uint8_t { Keep, Now, Set };
  Kind kind = Keep;
  uint64_t ns = 0;  // Set: nanoseconds since the epoch
};

// Scatter/gather buffers in guest memory, already bounds-checked.
using IoBuffers = std::span<const std::span<uint8_t>>;

// What poll_oneoff reports for an fd that is ready: bytes known to be available
// (0 when unknown) and whether the peer hung up.
struct Readiness {
  uint64_t nbytes = 0;
  bool hangup = false;
};

// A host object behind a guest fd: a stdio stream, a file, a directory or a socket.
// The objects know nothing of preview 1's fd numbers and rights (the FdEntry
// holds those), so that the WASI 0.2 host can hand the same objects out as resources.
// Every operation defaults to the errno POSIX gives for an object that cannot do it
// (a stream cannot seek: Spipe), so each kind overrides only what it supports.
// Rights are checked by the caller against the table entry, not here.
class FdObject {
 public:
  virtual ~FdObject() = default;
  virtual Filetype filetype() const = 0;

  // Bytes moved; 0 from read means end of input.
  virtual WasiResult<uint64_t> read(IoBuffers buffers) { return std::unexpected(Errno::Badf); }
  virtual WasiResult<uint64_t> write(IoBuffers buffers) { return std::unexpected(Errno::Badf); }
  virtual WasiResult<uint64_t> pread(IoBuffers buffers, uint64_t offset) {
    return std::unexpected(Errno::Spipe);
  }
  virtual WasiResult<uint64_t> pwrite(IoBuffers buffers, uint64_t offset) {
    return std::unexpected(Errno::Spipe);
  }
  // True when the object has a position (fd_seek / fd_tell apply; rights are then checked).
  virtual bool seekable() const { return false; }
  virtual WasiResult<uint64_t> seek(int64_t offset, Whence whence) { return std::unexpected(Errno::Spipe); }

  virtual WasiResult<Filestat> filestat() { return Filestat{.filetype = filetype()}; }
  // fdflags have already been checked to be known bits; the table entry records them.
  virtual WasiResult<void> set_flags(uint16_t flags) { return {}; }
  virtual WasiResult<void> sync() { return std::unexpected(Errno::Inval); }
  virtual WasiResult<void> datasync() { return std::unexpected(Errno::Inval); }
  // `advice` as WASI numbers it (normal, sequential, random, willneed, dontneed, noreuse).
  virtual WasiResult<void> advise(uint64_t offset, uint64_t len, uint8_t advice) {
    return std::unexpected(Errno::Spipe);
  }
  virtual WasiResult<void> allocate(uint64_t offset, uint64_t len) { return std::unexpected(Errno::Spipe); }
  virtual WasiResult<void> set_size(uint64_t size) { return std::unexpected(Errno::Inval); }
  virtual WasiResult<void> set_times(TimeUpdate atim, TimeUpdate mtim) { return std::unexpected(Errno::NotSup); }

  // poll_oneoff: whether a read (or write) would not block now. nullopt: not ready yet.
  virtual WasiResult<std::optional<Readiness>> poll_ready(EventType type) { return std::optional(Readiness{}); }
  // The host fd to wait on until poll_ready() may change, or -1 when the object is
  // not backed by one (then it is asked again after a short sleep).
  virtual int pollable_fd() const { return -1; }
};

struct FdEntry {
  std::shared_ptr<FdObject> object;
  Rights rights_base = 0;
  Rights rights_inheriting = 0;
  uint16_t flags = 0;  // fdflags
  // Set for preopened directories: the name the guest sees in fd_prestat_dir_name.
  std::optional<std::string> preopen_name;

  bool has(Rights r) const { return (rights_base & r) == r; }
};

// Guest fds are small integers; a closed fd leaves a hole that insert() reuses.
class FdTable {
 public:
  // Bounds what a guest can allocate through fd numbers (Errno::Mfile beyond it).
  static constexpr uint32_t kMaxFds = 16384;

  // Puts the entry at the lowest free fd.
  WasiResult<uint32_t> insert(FdEntry entry);
  // Puts the entry at `fd`, replacing what was there.
  WasiResult<void> insert_at(uint32_t fd, FdEntry entry);
  // Badf when `fd` is not open.
  WasiResult<FdEntry*> get(uint32_t fd);
  WasiResult<void> remove(uint32_t fd);
  // spec: fd_renumber: `from` moves to `to`, closing what `to` held; both must be open.
  WasiResult<void> renumber(uint32_t from, uint32_t to);
  uint32_t open_count() const;

 private:
  std::vector<std::optional<FdEntry>> entries_;
};

}  // namespace weft::wasi

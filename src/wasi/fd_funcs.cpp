// WASI handlers for operations on an open fd (fd_*): I/O, positions, status and the table itself.
#include "wasi/dir_handle.h"
#include "wasi/handlers.h"

namespace weft::wasi::handlers {
namespace {

enum class Io : uint8_t { Read, Write };

// fd_read, fd_write, fd_pread, fd_pwrite: check every guest address before any
// I/O, so that a fault never loses bytes already read or written.
Result<Errno> transfer(WasiCall& call, Io io, std::optional<uint64_t> offset, uint32_t result_ptr) {
  WEFT_TRY(mem, call.memory());
  Rights needed = io == Io::Read ? rights::kFdRead : rights::kFdWrite;
  WASI_TRY(entry, call.ctx().fds().get(call.u32(0)));
  if (offset) {
    if (!entry->object->seekable()) return Errno::Spipe;
    needed |= rights::kFdSeek;
  }
  WASI_CHECK(entry_with(call, call.u32(0), needed));
  WASI_CHECK(mem.slice(result_ptr, 4));
  WASI_TRY(buffers, mem.iovecs(call.u32(1), call.u32(2)));
  FdObject& object = *entry->object;
  WasiResult<uint64_t> moved = io == Io::Read
                                   ? (offset ? object.pread(buffers, *offset) : object.read(buffers))
                                   : (offset ? object.pwrite(buffers, *offset) : object.write(buffers));
  if (!moved) return moved.error();
  // iovecs() caps the total at UINT32_MAX, so the count fits the u32 `size` result.
  return status(mem.store_u32(result_ptr, uint32_t(*moved)));
}

Result<Errno> with_object(WasiCall& call, Rights needed, auto op) {
  WASI_TRY(entry, entry_with(call, call.u32(0), needed));
  return status(op(*entry->object));
}

}  // namespace

Result<Errno> fd_read(WasiCall& call) { return transfer(call, Io::Read, std::nullopt, call.u32(3)); }
Result<Errno> fd_write(WasiCall& call) { return transfer(call, Io::Write, std::nullopt, call.u32(3)); }
Result<Errno> fd_pread(WasiCall& call) { return transfer(call, Io::Read, call.u64(3), call.u32(4)); }
Result<Errno> fd_pwrite(WasiCall& call) { return transfer(call, Io::Write, call.u64(3), call.u32(4)); }

Result<Errno> fd_close(WasiCall& call) { return status(call.ctx().fds().remove(call.u32(0))); }

Result<Errno> fd_renumber(WasiCall& call) {
  return status(call.ctx().fds().renumber(call.u32(0), call.u32(1)));
}

// A stream has no position: Spipe before any rights check, as POSIX lseek gives.
Result<Errno> fd_seek(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(entry, call.ctx().fds().get(call.u32(0)));
  if (!entry->object->seekable()) return Errno::Spipe;
  uint32_t whence = call.u32(2);
  if (whence > uint32_t(Whence::End)) return Errno::Inval;
  int64_t offset = int64_t(call.u64(1));
  // spec: seeking by 0 from the current position only needs fd_tell.
  bool tell_only = offset == 0 && whence == uint32_t(Whence::Cur);
  WASI_CHECK(entry_with(call, call.u32(0), tell_only ? rights::kFdTell : rights::kFdSeek));
  WASI_CHECK(mem.slice(call.u32(3), 8));
  WASI_TRY(pos, entry->object->seek(offset, Whence(whence)));
  return status(mem.store_u64(call.u32(3), pos));
}

Result<Errno> fd_tell(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(entry, call.ctx().fds().get(call.u32(0)));
  if (!entry->object->seekable()) return Errno::Spipe;
  WASI_CHECK(entry_with(call, call.u32(0), rights::kFdTell));
  WASI_CHECK(mem.slice(call.u32(1), 8));
  WASI_TRY(pos, entry->object->seek(0, Whence::Cur));
  return status(mem.store_u64(call.u32(1), pos));
}

Result<Errno> fd_fdstat_get(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(entry, call.ctx().fds().get(call.u32(0)));
  uint32_t p = call.u32(1);
  WASI_TRY(out, mem.slice(p, layout::kFdstatSize));
  std::fill(out.begin(), out.end(), 0);  // padding included: no stale guest bytes
  WASI_CHECK(mem.store_u8(p + layout::kFdstatFiletype, uint8_t(entry->object->filetype())));
  WASI_CHECK(mem.store_u16(p + layout::kFdstatFlags, entry->flags));
  WASI_CHECK(mem.store_u64(p + layout::kFdstatRightsBase, entry->rights_base));
  return status(mem.store_u64(p + layout::kFdstatRightsInheriting, entry->rights_inheriting));
}

Result<Errno> fd_fdstat_set_flags(WasiCall& call) {
  uint32_t flags = call.u32(1);
  WASI_TRY(entry, entry_with(call, call.u32(0), rights::kFdFdstatSetFlags));
  if (flags & ~uint32_t(fdflags::kAll)) return Errno::Inval;
  WASI_CHECK(entry->object->set_flags(uint16_t(flags)));
  entry->flags = uint16_t(flags);
  return Errno::Success;
}

// Rights can only be dropped, never gained.
Result<Errno> fd_fdstat_set_rights(WasiCall& call) {
  WASI_TRY(entry, call.ctx().fds().get(call.u32(0)));
  Rights base = call.u64(1), inheriting = call.u64(2);
  if ((base & ~entry->rights_base) || (inheriting & ~entry->rights_inheriting)) return Errno::NotCapable;
  entry->rights_base = base;
  entry->rights_inheriting = inheriting;
  return Errno::Success;
}

Result<Errno> fd_filestat_get(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(entry, entry_with(call, call.u32(0), rights::kFdFilestatGet));
  WASI_CHECK(mem.slice(call.u32(1), layout::kFilestatSize));
  WASI_TRY(st, entry->object->filestat());
  return status(store_filestat(mem, call.u32(1), st));
}

Result<Errno> fd_filestat_set_size(WasiCall& call) {
  return with_object(call, rights::kFdFilestatSetSize, [&](FdObject& o) { return o.set_size(call.u64(1)); });
}

Result<Errno> fd_filestat_set_times(WasiCall& call) {
  WASI_TRY(times, time_updates(call.u64(1), call.u64(2), call.u32(3)));
  return with_object(call, rights::kFdFilestatSetTimes,
                     [&](FdObject& o) { return o.set_times(times.first, times.second); });
}

Result<Errno> fd_advise(WasiCall& call) {
  // spec: `advice` is an enum of six cases (normal .. noreuse).
  if (call.u32(3) > kAdviceMax) return Errno::Inval;
  return with_object(call, rights::kFdAdvise,
                     [&](FdObject& o) { return o.advise(call.u64(1), call.u64(2), uint8_t(call.u32(3))); });
}

Result<Errno> fd_allocate(WasiCall& call) {
  return with_object(call, rights::kFdAllocate,
                     [&](FdObject& o) { return o.allocate(call.u64(1), call.u64(2)); });
}

Result<Errno> fd_datasync(WasiCall& call) {
  return with_object(call, rights::kFdDatasync, [](FdObject& o) { return o.datasync(); });
}

Result<Errno> fd_sync(WasiCall& call) {
  return with_object(call, rights::kFdSync, [](FdObject& o) { return o.sync(); });
}

// spec: the buffer is filled with dirents (header, then the name without a NUL)
// from entry `cookie` on; the last one may be cut off, and a full buffer tells the
// guest to call again with a bigger one or the next cookie. The listing is read
// afresh at cookie 0 and kept for the calls that follow.
Result<Errno> fd_readdir(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(found, object_with<DirHandle>(call, call.u32(0), rights::kFdReaddir, Errno::NotDir));
  const uint32_t buf = call.u32(1), buf_len = call.u32(2), used_ptr = call.u32(4);
  const uint64_t cookie = call.u64(3);
  WASI_TRY(out, mem.slice(buf, buf_len));
  WASI_CHECK(mem.slice(used_ptr, 4));
  WASI_TRY(entries, found.second->listing(cookie == 0));
  uint32_t used = 0;
  for (uint64_t i = cookie; i < entries->size() && used < buf_len; ++i) {
    const DirEntry& e = (*entries)[i];
    uint8_t header[layout::kDirentSize] = {};
    GuestMemory head(header);
    (void)head.store_u64(layout::kDirentNext, i + 1);
    (void)head.store_u64(layout::kDirentIno, e.ino);
    (void)head.store_u32(layout::kDirentNamlen, uint32_t(e.name.size()));
    (void)head.store_u8(layout::kDirentType, uint8_t(e.type));
    for (std::span<const uint8_t> part : {std::span<const uint8_t>(header),
                                          std::span(reinterpret_cast<const uint8_t*>(e.name.data()), e.name.size())}) {
      size_t n = std::min<size_t>(part.size(), buf_len - used);
      std::copy_n(part.begin(), n, out.begin() + used);
      used += uint32_t(n);
    }
  }
  return status(mem.store_u32(used_ptr, used));
}

// wasi-libc asks fd 3, 4, ... until Badf to learn the preopens; a fd that is not a
// preopened directory answers Badf too.
Result<Errno> fd_prestat_get(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(entry, call.ctx().fds().get(call.u32(0)));
  if (!entry->preopen_name) return Errno::Badf;
  uint32_t p = call.u32(1);
  WASI_CHECK(mem.slice(p, layout::kPrestatSize));
  WASI_CHECK(mem.store_u32(p, 0));  // tag and padding
  WASI_CHECK(mem.store_u8(p + layout::kPrestatTag, kPreopenTypeDir));
  return status(mem.store_u32(p + layout::kPrestatNameLen, uint32_t(entry->preopen_name->size())));
}

// The name is written without a NUL, as fd_prestat_get sized it.
Result<Errno> fd_prestat_dir_name(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(entry, call.ctx().fds().get(call.u32(0)));
  if (!entry->preopen_name) return Errno::Badf;
  const std::string& name = *entry->preopen_name;
  if (call.u32(2) < name.size()) return Errno::NameTooLong;
  return status(mem.store_string(call.u32(1), name));
}

}  // namespace weft::wasi::handlers

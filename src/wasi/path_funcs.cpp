// WASI handlers for paths (path_*): each resolves its path beneath a directory fd
// the guest holds, through that directory's DirHandle.
#include <fmt/format.h>

#include "wasi/dir_handle.h"
#include "wasi/handlers.h"

namespace weft::wasi::handlers {
namespace {

using DirFd = std::pair<FdEntry*, DirHandle*>;

WasiResult<DirFd> dir_with(WasiCall& call, size_t fd_arg, Rights required) {
  return object_with<DirHandle>(call, call.u32(fd_arg), required, Errno::NotDir);
}

// The rights a path_open may ask for: no more than the directory passes on.
WasiResult<void> check_inherited(WasiCall& call, const FdEntry& dir, Rights base, Rights inheriting) {
  Rights beyond = (base | inheriting) & ~dir.rights_inheriting;
  if (!beyond) return {};
  call.ctx().deny(fmt::format("path_open on fd {} refused: the directory does not pass on the right {}",
                              call.u32(0), rights_list(beyond)));
  return std::unexpected(Errno::NotCapable);
}

OpenOptions open_options(uint32_t lookup, uint32_t oflags, Rights base, uint32_t fdflags) {
  OpenOptions o;
  o.create = oflags & oflags::kCreat;
  o.exclusive = oflags & oflags::kExcl;
  o.truncate = oflags & oflags::kTrunc;
  o.directory = oflags & oflags::kDirectory;
  o.read = base & (rights::kFdRead | rights::kFdReaddir);
  o.write = base & rights::kFileWriteRights;
  o.follow = lookup & kLookupSymlinkFollow;
  o.fdflags = uint16_t(fdflags);
  return o;
}

// (fd, path, path_len): one DirHandle operation on a path, guarded by one right.
Result<Errno> path_call(WasiCall& call, Rights required, WasiResult<void> (DirHandle::*op)(std::string_view)) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(dir, dir_with(call, 0, required));
  WASI_TRY(path, guest_string(mem, call.u32(1), call.u32(2)));
  return status((dir.second->*op)(path));
}

}  // namespace

// (fd, dirflags, path, path_len, oflags, fs_rights_base, fs_rights_inheriting, fdflags, result)
Result<Errno> path_open(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  const uint32_t oflags = call.u32(4), fdflags = call.u32(7), result = call.u32(8);
  const Rights base = call.u64(5), inheriting = call.u64(6);
  Rights needed = rights::kPathOpen;
  if (oflags & oflags::kCreat) needed |= rights::kPathCreateFile;
  if (oflags & oflags::kTrunc) needed |= rights::kPathFilestatSetSize;
  WASI_TRY(dir, dir_with(call, 0, needed));
  if ((oflags & ~uint32_t(oflags::kAll)) || (fdflags & ~uint32_t(fdflags::kAll))) return Errno::Inval;
  WASI_CHECK(check_inherited(call, *dir.first, base, inheriting));
  WASI_CHECK(mem.slice(result, 4));
  WASI_TRY(path, guest_string(mem, call.u32(2), call.u32(3)));
  WASI_TRY(object, dir.second->open_at(path, open_options(call.u32(1), oflags, base, fdflags)));
  const Rights kind = object->filetype() == Filetype::Directory ? rights::kDirectoryRights : rights::kFileRights;
  WASI_TRY(fd, call.ctx().fds().insert(FdEntry{object, base & kind, inheriting, uint16_t(fdflags), std::nullopt}));
  return status(mem.store_u32(result, fd));
}

Result<Errno> path_create_directory(WasiCall& call) {
  return path_call(call, rights::kPathCreateDirectory, &DirHandle::create_directory);
}

Result<Errno> path_remove_directory(WasiCall& call) {
  return path_call(call, rights::kPathRemoveDirectory, &DirHandle::remove_directory);
}

Result<Errno> path_unlink_file(WasiCall& call) {
  return path_call(call, rights::kPathUnlinkFile, &DirHandle::unlink_file);
}

// (fd, flags, path, path_len, buf)
Result<Errno> path_filestat_get(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(dir, dir_with(call, 0, rights::kPathFilestatGet));
  WASI_CHECK(mem.slice(call.u32(4), layout::kFilestatSize));
  WASI_TRY(path, guest_string(mem, call.u32(2), call.u32(3)));
  WASI_TRY(st, dir.second->stat_at(path, call.u32(1) & kLookupSymlinkFollow));
  return status(store_filestat(mem, call.u32(4), st));
}

// (fd, flags, path, path_len, atim, mtim, fst_flags)
Result<Errno> path_filestat_set_times(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(dir, dir_with(call, 0, rights::kPathFilestatSetTimes));
  WASI_TRY(times, time_updates(call.u64(4), call.u64(5), call.u32(6)));
  WASI_TRY(path, guest_string(mem, call.u32(2), call.u32(3)));
  return status(dir.second->set_times_at(path, call.u32(1) & kLookupSymlinkFollow, times.first, times.second));
}

// (old_fd, old_flags, old_path, old_path_len, new_fd, new_path, new_path_len)
Result<Errno> path_link(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(from, dir_with(call, 0, rights::kPathLinkSource));
  WASI_TRY(to, dir_with(call, 4, rights::kPathLinkTarget));
  WASI_TRY(old_path, guest_string(mem, call.u32(2), call.u32(3)));
  WASI_TRY(new_path, guest_string(mem, call.u32(5), call.u32(6)));
  return status(from.second->link(old_path, call.u32(1) & kLookupSymlinkFollow, *to.second, new_path));
}

// (fd, old_path, old_path_len, new_fd, new_path, new_path_len)
Result<Errno> path_rename(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(from, dir_with(call, 0, rights::kPathRenameSource));
  WASI_TRY(to, dir_with(call, 3, rights::kPathRenameTarget));
  WASI_TRY(old_path, guest_string(mem, call.u32(1), call.u32(2)));
  WASI_TRY(new_path, guest_string(mem, call.u32(4), call.u32(5)));
  return status(from.second->rename(old_path, *to.second, new_path));
}

// (old_path, old_path_len, fd, new_path, new_path_len): a link at new_path holding old_path.
Result<Errno> path_symlink(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(dir, dir_with(call, 2, rights::kPathSymlink));
  WASI_TRY(target, guest_string(mem, call.u32(0), call.u32(1)));
  WASI_TRY(path, guest_string(mem, call.u32(3), call.u32(4)));
  return status(dir.second->symlink(target, path));
}

// (fd, path, path_len, buf, buf_len, bufused): the contents, cut to fit, without a NUL.
Result<Errno> path_readlink(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(dir, dir_with(call, 0, rights::kPathReadlink));
  const uint32_t buf = call.u32(3), buf_len = call.u32(4), used = call.u32(5);
  WASI_TRY(out, mem.slice(buf, buf_len));
  WASI_CHECK(mem.slice(used, 4));
  WASI_TRY(path, guest_string(mem, call.u32(1), call.u32(2)));
  WASI_TRY(target, dir.second->readlink(path));
  const size_t n = std::min<size_t>(target.size(), out.size());
  std::copy_n(target.begin(), n, out.begin());
  return status(mem.store_u32(used, uint32_t(n)));
}

}  // namespace weft::wasi::handlers

// Directories: path operations resolved beneath the handle, read-only grants, listings.
#include "wasi/dir_handle.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>

#include "wasi/file_handle.h"
#include "wasi/host_services.h"

namespace weft::wasi {
namespace {

WasiResult<void> host_status(int r) {
  if (r == 0) return {};
  return std::unexpected(errno_from_host(errno));
}

Filetype filetype_of_dirent(unsigned char type) {
  switch (type) {
    case DT_REG: return Filetype::RegularFile;
    case DT_DIR: return Filetype::Directory;
    case DT_LNK: return Filetype::SymbolicLink;
    case DT_CHR: return Filetype::CharacterDevice;
    case DT_BLK: return Filetype::BlockDevice;
    case DT_SOCK: return Filetype::SocketStream;
    default: return Filetype::Unknown;
  }
}

int host_open_flags(const OpenOptions& o) {
  // O_NONBLOCK: opening a FIFO must not block the host; reads wait through the waiter instead.
  int flags = O_NOCTTY | O_NONBLOCK;
  flags |= o.write ? (o.read ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (o.create) flags |= O_CREAT;
  if (o.exclusive) flags |= O_EXCL;
  if (o.truncate) flags |= O_TRUNC;
  if (o.directory) flags |= O_DIRECTORY;
  if (o.fdflags & fdflags::kAppend) flags |= O_APPEND;
  if (o.fdflags & fdflags::kDsync) flags |= O_DSYNC;
  if (o.fdflags & (fdflags::kSync | fdflags::kRsync)) flags |= O_SYNC;
  return flags;
}

}  // namespace

WasiResult<std::shared_ptr<DirHandle>> DirHandle::open_grant(const std::string& host_path, std::string guest_path,
                                                             bool writable, SandboxPtr sandbox) {
  UniqueFd fd(::open(host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) return std::unexpected(errno_from_host(errno));
  return std::make_shared<DirHandle>(std::move(fd), std::move(guest_path), writable, std::move(sandbox));
}

Errno DirHandle::refused(Errno e, std::string_view action, std::string_view path, const std::string& why) const {
  if (e == Errno::Perm && !why.empty()) {
    sandbox_->denials.report(fmt::format("{} \"{}\" in \"{}\" refused: {}", action, path, guest_path_, why));
  }
  return e;
}

WasiResult<void> DirHandle::check_writable(std::string_view action, std::string_view path) const {
  if (writable_) return {};
  sandbox_->denials.report(
      fmt::format("{} \"{}\" in \"{}\" refused: the directory is granted read-only", action, path, guest_path_));
  return std::unexpected(Errno::Rofs);
}

WasiResult<Located> DirHandle::locate(std::string_view action, std::string_view path, bool follow) const {
  std::string why;
  auto found = locate_beneath(fd_.get(), path, follow, sandbox_->resolve, &why);
  if (!found) return std::unexpected(refused(found.error(), action, path, why));
  return found;
}

WasiResult<std::shared_ptr<FdObject>> DirHandle::open_at(std::string_view path, const OpenOptions& options) {
  if (options.create || options.truncate || options.write || (options.fdflags & fdflags::kAppend))
    WASI_CHECK(check_writable("open for writing", path));
  std::string why;
  auto opened = open_beneath(fd_.get(), path, host_open_flags(options), 0666, options.follow, sandbox_->resolve, &why);
  if (!opened) return std::unexpected(refused(opened.error(), "open", path, why));
  struct stat st {};
  if (::fstat(opened->get(), &st) != 0) return std::unexpected(errno_from_host(errno));
  if (S_ISDIR(st.st_mode)) {
    std::string child = path == "." ? guest_path_ : fmt::format("{}/{}", guest_path_, path);
    return std::make_shared<DirHandle>(std::move(*opened), std::move(child), writable_, sandbox_);
  }
  return std::make_shared<FileHandle>(std::move(*opened), filetype_of(st.st_mode), writable_, options.fdflags,
                                      sandbox_);
}

WasiResult<void> DirHandle::create_directory(std::string_view path) {
  WASI_CHECK(check_writable("create_directory", path));
  WASI_TRY(at, locate("create_directory", path, false));
  return host_status(::mkdirat(at.dir.get(), at.name.c_str(), 0777));
}

WasiResult<void> DirHandle::remove_directory(std::string_view path) {
  WASI_CHECK(check_writable("remove_directory", path));
  WASI_TRY(at, locate("remove_directory", path, false));
  return host_status(::unlinkat(at.dir.get(), at.name.c_str(), AT_REMOVEDIR));
}

WasiResult<void> DirHandle::unlink_file(std::string_view path) {
  WASI_CHECK(check_writable("unlink_file", path));
  WASI_TRY(at, locate("unlink_file", path, false));
  return host_status(::unlinkat(at.dir.get(), at.name.c_str(), 0));
}

WasiResult<void> DirHandle::rename(std::string_view from, DirHandle& to_dir, std::string_view to) {
  WASI_CHECK(check_writable("rename", from));
  WASI_CHECK(to_dir.check_writable("rename to", to));
  WASI_TRY(source, locate("rename", from, false));
  WASI_TRY(target, to_dir.locate("rename to", to, false));
  return host_status(::renameat(source.dir.get(), source.name.c_str(), target.dir.get(), target.name.c_str()));
}

WasiResult<void> DirHandle::link(std::string_view from, bool follow, DirHandle& to_dir, std::string_view to) {
  WASI_CHECK(check_writable("link", from));
  WASI_CHECK(to_dir.check_writable("link to", to));
  WASI_TRY(source, locate("link", from, follow));
  WASI_TRY(target, to_dir.locate("link to", to, false));
  return host_status(::linkat(source.dir.get(), source.name.c_str(), target.dir.get(), target.name.c_str(), 0));
}

WasiResult<void> DirHandle::symlink(std::string_view target, std::string_view path) {
  WASI_CHECK(check_writable("symlink", path));
  if (!symlink_stays_beneath(path, target)) {
    return std::unexpected(refused(Errno::Perm, "symlink", path,
                                   fmt::format("its target \"{}\" leads outside the directory", target)));
  }
  WASI_TRY(at, locate("symlink", path, false));
  return host_status(::symlinkat(std::string(target).c_str(), at.dir.get(), at.name.c_str()));
}

WasiResult<std::string> DirHandle::readlink(std::string_view path) {
  WASI_TRY(at, locate("readlink", path, false));
  std::string buf(4096, '\0');
  ssize_t n = ::readlinkat(at.dir.get(), at.name.c_str(), buf.data(), buf.size());
  if (n < 0) return std::unexpected(errno_from_host(errno));
  buf.resize(size_t(n));
  return buf;
}

WasiResult<Filestat> DirHandle::stat_at(std::string_view path, bool follow) {
  WASI_TRY(at, locate("filestat_get", path, follow));
  struct stat st {};
  // The name is never a symlink to follow here: locate() resolved it, confined.
  if (::fstatat(at.dir.get(), at.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return std::unexpected(errno_from_host(errno));
  return filestat_of(st);
}

WasiResult<void> DirHandle::set_times_at(std::string_view path, bool follow, TimeUpdate atim, TimeUpdate mtim) {
  WASI_CHECK(check_writable("filestat_set_times", path));
  WASI_TRY(at, locate("filestat_set_times", path, follow));
  const timespec times[2] = {host_time(atim), host_time(mtim)};
  return host_status(::utimensat(at.dir.get(), at.name.c_str(), times, AT_SYMLINK_NOFOLLOW));
}

WasiResult<std::vector<DirEntry>> DirHandle::read_entries() {
  // A fresh open of "." so that the listing never shares a position with other readers.
  int fd = ::openat(fd_.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(errno_from_host(errno));
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    Errno e = errno_from_host(errno);
    ::close(fd);
    return std::unexpected(e);
  }
  struct stat self {};
  ::fstat(fd_.get(), &self);
  // ".." gets this directory's own inode: the real one may lie outside the grant.
  std::vector<DirEntry> entries{{".", Filetype::Directory, uint64_t(self.st_ino)},
                                {"..", Filetype::Directory, uint64_t(self.st_ino)}};
  for (;;) {
    errno = 0;
    const dirent* d = ::readdir(dir);
    if (!d) break;
    std::string_view name = d->d_name;
    if (name == "." || name == "..") continue;
    DirEntry e{std::string(name), filetype_of_dirent(d->d_type), uint64_t(d->d_ino)};
    struct stat st {};
    if (d->d_type == DT_UNKNOWN && ::fstatat(::dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
      e.type = filetype_of(st.st_mode);
    entries.push_back(std::move(e));
  }
  Errno e = errno ? errno_from_host(errno) : Errno::Success;
  ::closedir(dir);
  if (e != Errno::Success) return std::unexpected(e);
  return entries;
}

WasiResult<const std::vector<DirEntry>*> DirHandle::listing(bool refresh) {
  if (refresh || listing_.empty()) {
    WASI_TRY(entries, read_entries());
    listing_ = std::move(entries);
  }
  return &listing_;
}

WasiResult<Filestat> DirHandle::filestat() { return host_fstat(fd_.get()); }

WasiResult<void> DirHandle::set_times(TimeUpdate atim, TimeUpdate mtim) {
  WASI_CHECK(check_writable("filestat_set_times", "."));
  const timespec times[2] = {host_time(atim), host_time(mtim)};
  return host_status(::futimens(fd_.get(), times));
}

WasiResult<void> DirHandle::sync() { return host_status(::fsync(fd_.get())); }
WasiResult<void> DirHandle::datasync() { return host_status(::fdatasync(fd_.get())); }

}  // namespace weft::wasi

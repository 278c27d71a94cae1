// A directory the guest holds: a preopened grant or a directory opened beneath one.
// Every path it is given is resolved beneath it (path_resolver.h), so the guest
// can reach nothing else; a read-only grant (and everything opened beneath it)
// refuses every change with EROFS. Refusals are reported to the sandbox's Denials.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wasi/fd_table.h"
#include "wasi/sandbox.h"
#include "wasi/unique_fd.h"

namespace weft::wasi {

// How to open a path: wasi:filesystem's open-flags and descriptor-flags, and
// preview 1's oflags and fdflags, both map onto this.
struct OpenOptions {
  bool create = false;
  bool exclusive = false;
  bool truncate = false;
  bool directory = false;  // fail with NotDir unless it is one
  bool read = false;
  bool write = false;
  bool follow = true;  // follow a symlink in last place
  uint16_t fdflags = 0;  // append, dsync, nonblock, rsync, sync (preview-1 numbering)
};

struct DirEntry {
  std::string name;
  Filetype type = Filetype::Unknown;
  uint64_t ino = 0;
};

class DirHandle final : public FdObject {
 public:
  // `fd` is an open directory (O_RDONLY | O_DIRECTORY). `guest_path` names it in
  // denial messages ("/data", "/data/sub").
  DirHandle(UniqueFd fd, std::string guest_path, bool writable, SandboxPtr sandbox)
      : fd_(std::move(fd)), guest_path_(std::move(guest_path)), writable_(writable), sandbox_(std::move(sandbox)) {}

  // Opens a host directory as a grant; Errno from the host when it cannot.
  static WasiResult<std::shared_ptr<DirHandle>> open_grant(const std::string& host_path, std::string guest_path,
                                                           bool writable, SandboxPtr sandbox);

  int host_fd() const { return fd_.get(); }
  bool writable() const { return writable_; }
  const std::string& guest_path() const { return guest_path_; }

  // A file or a directory (a DirHandle) beneath this one.
  WasiResult<std::shared_ptr<FdObject>> open_at(std::string_view path, const OpenOptions& options);
  WasiResult<void> create_directory(std::string_view path);
  WasiResult<void> remove_directory(std::string_view path);
  WasiResult<void> unlink_file(std::string_view path);
  // Both directories must be writable: a rename changes both, and a hard link made
  // in a writable grant to a file of a read-only one would make the file writable.
  WasiResult<void> rename(std::string_view from, DirHandle& to_dir, std::string_view to);
  WasiResult<void> link(std::string_view from, bool follow, DirHandle& to_dir, std::string_view to);
  // Refused (Perm) when `target` is absolute or could lead above this directory.
  WasiResult<void> symlink(std::string_view target, std::string_view path);
  WasiResult<std::string> readlink(std::string_view path);
  WasiResult<Filestat> stat_at(std::string_view path, bool follow);
  WasiResult<void> set_times_at(std::string_view path, bool follow, TimeUpdate atim, TimeUpdate mtim);
  // "." and ".." first, then the host's entries in the host's order.
  WasiResult<std::vector<DirEntry>> read_entries();
  // The listing preview 1's fd_readdir pages through with cookies: read again
  // when `refresh` (cookie 0), else the one read last.
  WasiResult<const std::vector<DirEntry>*> listing(bool refresh);

  Filetype filetype() const override { return Filetype::Directory; }
  WasiResult<Filestat> filestat() override;
  WasiResult<void> set_times(TimeUpdate atim, TimeUpdate mtim) override;
  WasiResult<void> sync() override;
  WasiResult<void> datasync() override;

 private:
  WasiResult<void> check_writable(std::string_view action, std::string_view path) const;
  // Reports an escape refused by the resolver (Errno::Perm with a reason).
  Errno refused(Errno e, std::string_view action, std::string_view path, const std::string& why) const;
  WasiResult<Located> locate(std::string_view action, std::string_view path, bool follow) const;

  UniqueFd fd_;
  std::string guest_path_;
  bool writable_;
  SandboxPtr sandbox_;
  std::vector<DirEntry> listing_;
};

}  // namespace weft::wasi

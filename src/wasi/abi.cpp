// Names of the preview-1 enumerations, for traces, denial messages and test output.
#include "wasi/abi.h"

#include <array>

namespace weft::wasi {

std::string_view errno_name(Errno e) {
  switch (e) {
#define WASI_ERRNO(name, value, text) \
  case Errno::name:                   \
    return #name;
#include "wasi/errno.def"
#undef WASI_ERRNO
  }
  return "unknown";
}

std::string_view errno_text(Errno e) {
  switch (e) {
#define WASI_ERRNO(name, value, text) \
  case Errno::name:                   \
    return text;
#include "wasi/errno.def"
#undef WASI_ERRNO
  }
  return "unknown error";
}

std::string_view right_name(Rights bit) {
  // spec: the `rights` flags in witx order, bit 0 first.
  static constexpr std::array<std::string_view, 30> kNames = {
      "fd_datasync",           "fd_read",
      "fd_seek",               "fd_fdstat_set_flags",
      "fd_sync",               "fd_tell",
      "fd_write",              "fd_advise",
      "fd_allocate",           "path_create_directory",
      "path_create_file",      "path_link_source",
      "path_link_target",      "path_open",
      "fd_readdir",            "path_readlink",
      "path_rename_source",    "path_rename_target",
      "path_filestat_get",     "path_filestat_set_size",
      "path_filestat_set_times", "fd_filestat_get",
      "fd_filestat_set_size",  "fd_filestat_set_times",
      "path_symlink",          "path_remove_directory",
      "path_unlink_file",      "poll_fd_readwrite",
      "sock_shutdown",         "sock_accept",
  };
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (bit & (Rights(1) << i)) return kNames[i];
  }
  return "unknown";
}

}  // namespace weft::wasi

// Resolving guest paths beneath a directory so that no path can leave it.
//
// A guest path is relative to a directory the guest holds. Resolution refuses,
// with Errno::Perm (wasi:filesystem's `not-permitted`), an absolute path, a `..`
// that climbs above the directory, and a symlink whose target is absolute or
// climbs above it; symlink loops end in Errno::Loop. On Linux 5.6+ the kernel does
// the work (openat2 with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS); elsewhere, or
// when seccomp forbids openat2, a walk one component at a time opens every
// component with O_NOFOLLOW and expands symlinks itself, confined the same way.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "wasi/abi.h"
#include "wasi/unique_fd.h"

namespace weft::wasi {

enum class ResolveMethod : uint8_t {
  Auto,  // openat2 when the kernel allows it, else the walk
  Walk,  // always the component-by-component walk (tests, and hosts without openat2)
};

// Whether this kernel (and its seccomp policy) lets weft use openat2.
bool openat2_available();

// Where a refusal is explained: set (when non-null) whenever Errno::Perm means
// "this path would leave the directory", never for the host's own EPERM.
using EscapeReason = std::string*;

// Opens `path` beneath the directory `root` with open(2) `flags` (O_CLOEXEC is
// added) and `mode`. `follow_final`: a symlink as the last component is followed
// (confined like any other); otherwise it fails with Errno::Loop, or is opened
// itself with O_PATH.
WasiResult<UniqueFd> open_beneath(int root, std::string_view path, int flags, mode_t mode, bool follow_final,
                                  ResolveMethod method = ResolveMethod::Auto, EscapeReason why = nullptr);

// The directory holding the last component of `path`, opened beneath `root`
// (O_PATH), and that component's name, for the *at(2) calls that take a
// directory and a name (mkdirat, unlinkat, renameat, ...). With `follow_final`,
// a symlink in last place is resolved (confined) until the name is not a symlink.
// A trailing slash asks for a directory: it follows a final symlink, and fails
// with Errno::NotDir when the final component exists and is not a directory.
struct Located {
  UniqueFd dir;
  std::string name;
};
WasiResult<Located> locate_beneath(int root, std::string_view path, bool follow_final,
                                   ResolveMethod method = ResolveMethod::Auto, EscapeReason why = nullptr);

// Whether a symlink at `link_path` (beneath some directory) whose contents are
// `target` could only ever point beneath that directory, judging by the names
// alone. Creating one that could not is refused, so that host programs that later
// follow links in a granted directory are not led out of it either.
bool symlink_stays_beneath(std::string_view link_path, std::string_view target);

}  // namespace weft::wasi

// Confined path resolution: openat2(RESOLVE_BENEATH) where the kernel has it, else a
// walk that opens one component at a time with O_NOFOLLOW and expands symlinks itself.
#include "wasi/path_resolver.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <cerrno>
#include <deque>
#include <vector>

#include "wasi/host_services.h"

namespace weft::wasi {
namespace {

// Linux's own limit on symlinks followed in one lookup.
constexpr int kMaxSymlinks = 40;
// openat2 answers EAGAIN when a rename raced the lookup; after this many tries the walk takes over.
constexpr int kOpenat2Attempts = 8;

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = uint8_t(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const int extra = (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
    if (extra < 0 || i + size_t(extra) >= s.size()) return false;
    uint32_t cp = c & (0x3f >> extra);
    for (int k = 1; k <= extra; ++k) {
      const auto b = uint8_t(s[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += size_t(extra) + 1;
  }
  return true;
}

ErrnoReturn refuse(EscapeReason why, std::string reason) {
  if (why) *why = std::move(reason);
  return ErrnoReturn{Errno::Perm};
}

// Paths are WASI `string`s: UTF-8, no NUL, relative.
WasiResult<void> check_path(std::string_view path, EscapeReason why) {
  if (path.empty()) return std::unexpected(Errno::NoEnt);
  if (path.find('\0') != std::string_view::npos) return std::unexpected(Errno::Inval);
  if (!valid_utf8(path)) return std::unexpected(Errno::Ilseq);
  if (path[0] == '/') return refuse(why, "an absolute path");
  return {};
}

std::deque<std::string> components(std::string_view path) {
  std::deque<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The contents of the symlink `name` in `dir` (an empty name reads `dir` itself, an O_PATH link).
WasiResult<std::string> read_link(int dir, const char* name) {
  std::string buf(256, '\0');
  for (;;) {
    ssize_t n = ::readlinkat(dir, name, buf.data(), buf.size());
    if (n < 0) return std::unexpected(errno_from_host(errno));
    if (size_t(n) < buf.size()) {
      buf.resize(size_t(n));
      return buf;
    }
    if (buf.size() >= 65536) return std::unexpected(Errno::NameTooLong);
    buf.resize(buf.size() * 2);
  }
}

// A symlink met during a walk: its target's components replace it in the work list.
WasiResult<void> expand_link(const std::string& target, std::deque<std::string>& todo, int& links,
                             EscapeReason why) {
  if (++links > kMaxSymlinks) return std::unexpected(Errno::Loop);
  if (target.empty()) return std::unexpected(Errno::NoEnt);
  if (target[0] == '/') return refuse(why, "a symlink to an absolute path");
  auto parts = components(target);
  todo.insert(todo.begin(), parts.begin(), parts.end());
  return {};
}

bool is_symlink_at(int dir, const std::string& name) {
  struct stat st {};
  return ::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

// The walk: `stack` holds the directories below `root` that the path went through,
// so `..` pops one and can never climb above `root`.
WasiResult<UniqueFd> open_walk(int root, std::string_view path, int flags, mode_t mode, bool follow,
                               EscapeReason why) {
  const bool must_dir = path.ends_with('/');
  follow = follow || must_dir;  // POSIX: a trailing slash resolves a final symlink
  std::deque<std::string> todo = components(path);
  std::vector<UniqueFd> stack;
  auto top = [&] { return stack.empty() ? root : stack.back().get(); };
  int links = 0;
  for (;;) {
    if (todo.empty()) {  // the path ended at a directory ("." or ".."): open it
      int fd = ::openat(top(), ".", flags | O_CLOEXEC, mode);
      if (fd < 0) return std::unexpected(errno_from_host(errno));
      return UniqueFd(fd);
    }
    std::string name = std::move(todo.front());
    todo.pop_front();
    if (name == ".") continue;
    if (name == "..") {
      if (stack.empty()) return refuse(why, "a \"..\" above the directory");
      stack.pop_back();
      continue;
    }
    if (!todo.empty()) {  // a directory on the way
      UniqueFd fd(::openat(top(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
      if (!fd) return std::unexpected(errno_from_host(errno));
      struct stat st {};
      if (::fstat(fd.get(), &st) != 0) return std::unexpected(errno_from_host(errno));
      if (S_ISLNK(st.st_mode)) {
        WASI_TRY(target, read_link(fd.get(), ""));
        WASI_CHECK(expand_link(target, todo, links, why));
        continue;
      }
      if (!S_ISDIR(st.st_mode)) return std::unexpected(Errno::NotDir);
      stack.push_back(std::move(fd));
      continue;
    }
    const int last_flags = flags | O_NOFOLLOW | O_CLOEXEC | (must_dir ? O_DIRECTORY : 0);
    UniqueFd fd(::openat(top(), name.c_str(), last_flags, mode));
    const int err = errno;
    bool link = false;
    if (fd && follow && (flags & O_PATH)) {  // O_PATH | O_NOFOLLOW opens a symlink itself
      struct stat st {};
      link = ::fstat(fd.get(), &st) == 0 && S_ISLNK(st.st_mode);
    } else if (!fd && follow && (err == ELOOP || err == ENOTDIR || err == EMLINK)) {
      link = is_symlink_at(top(), name);
    }
    if (link) {
      WASI_TRY(target, read_link(top(), name.c_str()));
      WASI_CHECK(expand_link(target, todo, links, why));
      continue;
    }
    if (!fd) return std::unexpected(errno_from_host(err));
    return fd;
  }
}

#ifdef SYS_openat2
long sys_openat2(int dir, const char* path, open_how* how) {
  return ::syscall(SYS_openat2, dir, path, how, sizeof(open_how));
}
#endif

// nullopt: openat2 could not decide (a lookup kept racing a rename); walk instead.
std::optional<WasiResult<UniqueFd>> open_kernel(int root, const std::string& path, int flags, mode_t mode,
                                                bool follow, EscapeReason why) {
#ifdef SYS_openat2
  open_how how{};
  how.flags = uint64_t(flags | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
  // O_TMPFILE includes O_DIRECTORY's bit: test it whole. openat2 wants mode 0 unless a file is created.
  how.mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (int attempt = 0; attempt < kOpenat2Attempts; ++attempt) {
    long fd = sys_openat2(root, path.c_str(), &how);
    if (fd >= 0) return UniqueFd(int(fd));
    if (errno == EINTR || errno == EAGAIN) continue;
    // RESOLVE_BENEATH's answer for "..", absolute symlinks and magic links that leave `root`.
    if (errno == EXDEV) return WasiResult<UniqueFd>(refuse(why, "a path that leads outside the directory"));
    return std::unexpected(errno_from_host(errno));
  }
#endif
  return std::nullopt;
}

}  // namespace

bool openat2_available() {
#ifdef SYS_openat2
  static const bool available = [] {
    open_how how{};
    how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd = sys_openat2(AT_FDCWD, ".", &how);
    if (fd < 0) return false;  // ENOSYS (old kernel) or EPERM (seccomp)
    ::close(int(fd));
    return true;
  }();
  return available;
#else
  return false;
#endif
}

WasiResult<UniqueFd> open_beneath(int root, std::string_view path, int flags, mode_t mode, bool follow_final,
                                  ResolveMethod method, EscapeReason why) {
  WASI_CHECK(check_path(path, why));
  if (method == ResolveMethod::Auto && openat2_available()) {
    if (auto done = open_kernel(root, std::string(path), flags, mode, follow_final, why)) return std::move(*done);
  }
  return open_walk(root, path, flags, mode, follow_final, why);
}

WasiResult<Located> locate_beneath(int root, std::string_view path, bool follow_final, ResolveMethod method,
                                   EscapeReason why) {
  WASI_CHECK(check_path(path, why));
  std::string current(path);
  for (int links = 0;; ++links) {
    const bool trailing = current.ends_with('/');
    while (current.size() > 1 && current.ends_with('/')) current.pop_back();
    const size_t slash = current.rfind('/');
    const std::string head = slash == std::string::npos ? "" : current.substr(0, slash + 1);
    std::string name = current.substr(head.size());
    WASI_TRY(dir, open_beneath(root, head.empty() ? "." : head, O_PATH | O_DIRECTORY, 0, true, method, why));
    // "x/.." names the directory above `dir`, which may be outside.
    if (name == "..") WASI_CHECK(open_beneath(root, current, O_PATH | O_DIRECTORY, 0, true, method, why));
    struct stat st {};
    const bool exists = ::fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (!(follow_final || trailing) || !exists || !S_ISLNK(st.st_mode)) {
      if (trailing && exists && !S_ISDIR(st.st_mode)) return std::unexpected(Errno::NotDir);
      return Located{std::move(dir), std::move(name)};
    }
    if (links >= kMaxSymlinks) return std::unexpected(Errno::Loop);
    WASI_TRY(target, read_link(dir.get(), name.c_str()));
    if (target.empty()) return std::unexpected(Errno::NoEnt);
    if (target[0] == '/') return refuse(why, "a symlink to an absolute path");
    current = head + target + (trailing ? "/" : "");
  }
}

bool symlink_stays_beneath(std::string_view link_path, std::string_view target) {
  if (target.empty() || target[0] == '/') return false;
  auto link = components(link_path);
  if (!link.empty()) link.pop_back();  // the link's own name
  int depth = 0;
  for (const auto& c : link) {
    if (c == "..") depth = depth > 0 ? depth - 1 : 0;
    else if (c != ".") ++depth;
  }
  for (const auto& c : components(target)) {
    if (c == "..") {
      if (depth == 0) return false;
      --depth;
    } else if (c != ".") {
      ++depth;
    }
  }
  return true;
}

}  // namespace weft::wasi

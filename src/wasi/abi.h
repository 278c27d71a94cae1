// The WASI preview 1 ABI: the witx types of wasi_snapshot_preview1 as numbers and byte layouts.
// spec: https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/typenames.witx
#pragma once

#include <cstdint>
#include <expected>
#include <string_view>

#include "support/error.h"

namespace weft::wasi {

// spec: typenames.witx `errno` (u16)
enum class Errno : uint16_t {
#define WASI_ERRNO(name, value, text) name = value,
#include "wasi/errno.def"
#undef WASI_ERRNO
};

// The enumerator name ("Badf", "NoSys", ...), for traces and test messages.
std::string_view errno_name(Errno e);
// The witx description ("bad file descriptor"), for messages to people.
std::string_view errno_text(Errno e);

// What most WASI operations return inside the host: a value or the errno the guest sees.
template <class T>
using WasiResult = std::expected<T, Errno>;

// What WASI_TRY returns: converts to a failed WasiResult<T> in functions that
// return one, and to the errno itself in handlers, whose result is the errno.
struct ErrnoReturn {
  Errno e;
  template <class T>
  operator WasiResult<T>() const {
    return std::unexpected(e);
  }
  operator Errno() const { return e; }
};

// Early return of an errno: `WASI_TRY(x, mem.load_u32(p));` declares x as the value.
#define WASI_TRY(var, expr)                                                                    \
  auto WEFT_CAT(var, _wasi_) = (expr);                                                         \
  if (!WEFT_CAT(var, _wasi_)) return ::weft::wasi::ErrnoReturn{WEFT_CAT(var, _wasi_).error()}; \
  auto var = std::move(*WEFT_CAT(var, _wasi_))
#define WASI_CHECK(expr)                                                     \
  do {                                                                       \
    auto wasi_check_ = (expr);                                               \
    if (!wasi_check_) return ::weft::wasi::ErrnoReturn{wasi_check_.error()}; \
  } while (0)

// spec: `clockid` (u32)
enum class ClockId : uint32_t { Realtime = 0, Monotonic = 1, ProcessCputime = 2, ThreadCputime = 3 };

// spec: `filetype` (u8)
enum class Filetype : uint8_t {
  Unknown = 0,
  BlockDevice = 1,
  CharacterDevice = 2,
  Directory = 3,
  RegularFile = 4,
  SocketDgram = 5,
  SocketStream = 6,
  SymbolicLink = 7,
};

// spec: `whence` (u8)
enum class Whence : uint8_t { Set = 0, Cur = 1, End = 2 };

// spec: `eventtype` (u8)
enum class EventType : uint8_t { Clock = 0, FdRead = 1, FdWrite = 2 };

// spec: `fdflags` (u16 flags)
namespace fdflags {
constexpr uint16_t kAppend = 1 << 0;
constexpr uint16_t kDsync = 1 << 1;
constexpr uint16_t kNonblock = 1 << 2;
constexpr uint16_t kRsync = 1 << 3;
constexpr uint16_t kSync = 1 << 4;
constexpr uint16_t kAll = 0x1f;
}  // namespace fdflags

// spec: `subclockflags` (u16 flags)
constexpr uint16_t kSubscriptionClockAbstime = 1 << 0;
// spec: `eventrwflags` (u16 flags)
constexpr uint16_t kEventFdReadwriteHangup = 1 << 0;

// spec: `rights` (u64 flags), one bit per operation.
using Rights = uint64_t;
namespace rights {
constexpr Rights kFdDatasync = 1ull << 0;
constexpr Rights kFdRead = 1ull << 1;
constexpr Rights kFdSeek = 1ull << 2;
constexpr Rights kFdFdstatSetFlags = 1ull << 3;
constexpr Rights kFdSync = 1ull << 4;
constexpr Rights kFdTell = 1ull << 5;
constexpr Rights kFdWrite = 1ull << 6;
constexpr Rights kFdAdvise = 1ull << 7;
constexpr Rights kFdAllocate = 1ull << 8;
constexpr Rights kPathCreateDirectory = 1ull << 9;
constexpr Rights kPathCreateFile = 1ull << 10;
constexpr Rights kPathLinkSource = 1ull << 11;
constexpr Rights kPathLinkTarget = 1ull << 12;
constexpr Rights kPathOpen = 1ull << 13;
constexpr Rights kFdReaddir = 1ull << 14;
constexpr Rights kPathReadlink = 1ull << 15;
constexpr Rights kPathRenameSource = 1ull << 16;
constexpr Rights kPathRenameTarget = 1ull << 17;
constexpr Rights kPathFilestatGet = 1ull << 18;
constexpr Rights kPathFilestatSetSize = 1ull << 19;
constexpr Rights kPathFilestatSetTimes = 1ull << 20;
constexpr Rights kFdFilestatGet = 1ull << 21;
constexpr Rights kFdFilestatSetSize = 1ull << 22;
constexpr Rights kFdFilestatSetTimes = 1ull << 23;
constexpr Rights kPathSymlink = 1ull << 24;
constexpr Rights kPathRemoveDirectory = 1ull << 25;
constexpr Rights kPathUnlinkFile = 1ull << 26;
constexpr Rights kPollFdReadwrite = 1ull << 27;
constexpr Rights kSockShutdown = 1ull << 28;
constexpr Rights kSockAccept = 1ull << 29;
constexpr Rights kAll = (1ull << 30) - 1;

// What each kind of object can do at most: the rights a preview-1 fd of that kind is given.
constexpr Rights kDirectoryRights =
    kPathCreateDirectory | kPathCreateFile | kPathLinkSource | kPathLinkTarget | kPathOpen | kFdReaddir |
    kPathReadlink | kPathRenameSource | kPathRenameTarget | kPathFilestatGet | kPathFilestatSetSize |
    kPathFilestatSetTimes | kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink | kPathRemoveDirectory |
    kPathUnlinkFile | kFdFdstatSetFlags | kFdSync | kFdDatasync;
constexpr Rights kFileRights = kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync | kFdTell |
                               kFdWrite | kFdAdvise | kFdAllocate | kFdFilestatGet | kFdFilestatSetSize |
                               kFdFilestatSetTimes | kPollFdReadwrite;
// Rights that let an opened file change its contents: asking for one in a read-only grant is EROFS.
constexpr Rights kFileWriteRights = kFdWrite | kFdAllocate | kFdFilestatSetSize;
constexpr Rights kSocketRights =
    kFdRead | kFdWrite | kFdFdstatSetFlags | kFdFilestatGet | kPollFdReadwrite | kSockShutdown;
constexpr Rights kListenerRights = kSockAccept | kFdFdstatSetFlags | kFdFilestatGet | kPollFdReadwrite;
}  // namespace rights

// The witx name of one rights bit ("fd_write"), for denial messages.
std::string_view right_name(Rights bit);

// spec: `oflags` (u16 flags)
namespace oflags {
constexpr uint16_t kCreat = 1 << 0;
constexpr uint16_t kDirectory = 1 << 1;
constexpr uint16_t kExcl = 1 << 2;
constexpr uint16_t kTrunc = 1 << 3;
constexpr uint16_t kAll = 0xf;
}  // namespace oflags

// spec: `lookupflags` (u32 flags)
constexpr uint32_t kLookupSymlinkFollow = 1 << 0;

// spec: `fstflags` (u16 flags)
namespace fstflags {
constexpr uint16_t kAtim = 1 << 0;
constexpr uint16_t kAtimNow = 1 << 1;
constexpr uint16_t kMtim = 1 << 2;
constexpr uint16_t kMtimNow = 1 << 3;
constexpr uint16_t kAll = 0xf;
}  // namespace fstflags

// spec: `riflags` (u16), `roflags` (u16), `sdflags` (u8)
constexpr uint16_t kRecvPeek = 1 << 0;
constexpr uint16_t kRecvWaitall = 1 << 1;
constexpr uint8_t kShutdownRd = 1 << 0;
constexpr uint8_t kShutdownWr = 1 << 1;

// spec: `advice` (u8): normal, sequential, random, willneed, dontneed, noreuse
constexpr uint8_t kAdviceMax = 5;

// spec: `preopentype` (u8)
constexpr uint8_t kPreopenTypeDir = 0;

// Byte layouts (size, field offsets) of the witx records the host reads or writes.
namespace layout {
// ciovec / iovec: { buf: u32, buf_len: u32 }
constexpr uint32_t kIovecSize = 8;
// fdstat: { fs_filetype: u8, fs_flags: u16, fs_rights_base: u64, fs_rights_inheriting: u64 }
constexpr uint32_t kFdstatSize = 24;
constexpr uint32_t kFdstatFiletype = 0, kFdstatFlags = 2, kFdstatRightsBase = 8, kFdstatRightsInheriting = 16;
// filestat: { dev, ino: u64, filetype: u8, nlink, size, atim, mtim, ctim: u64 }
constexpr uint32_t kFilestatSize = 64;
constexpr uint32_t kFilestatDev = 0, kFilestatIno = 8, kFilestatFiletype = 16, kFilestatNlink = 24,
                   kFilestatFileSize = 32, kFilestatAtim = 40, kFilestatMtim = 48, kFilestatCtim = 56;
// prestat: { tag: u8, u: { dir: { pr_name_len: u32 } } }
constexpr uint32_t kPrestatSize = 8;
constexpr uint32_t kPrestatTag = 0, kPrestatNameLen = 4;
// subscription: { userdata: u64, u: { tag: u8, clock | fd_readwrite } } with the union content at 16
constexpr uint32_t kSubscriptionSize = 48;
constexpr uint32_t kSubscriptionUserdata = 0, kSubscriptionTag = 8;
constexpr uint32_t kSubscriptionClockId = 16, kSubscriptionClockTimeout = 24,
                   kSubscriptionClockPrecision = 32, kSubscriptionClockFlags = 40;
constexpr uint32_t kSubscriptionFd = 16;
// dirent: { d_next: u64, d_ino: u64, d_namlen: u32, d_type: u8 }, then the name (no NUL)
constexpr uint32_t kDirentSize = 24;
constexpr uint32_t kDirentNext = 0, kDirentIno = 8, kDirentNamlen = 16, kDirentType = 20;
// event: { userdata: u64, error: u16, type: u8, fd_readwrite: { nbytes: u64, flags: u16 } }
constexpr uint32_t kEventSize = 32;
constexpr uint32_t kEventUserdata = 0, kEventError = 8, kEventType = 10, kEventNbytes = 16, kEventFlags = 24;
}  // namespace layout

}  // namespace weft::wasi

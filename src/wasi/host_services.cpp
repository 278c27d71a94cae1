// Host clocks, random source and errno translation for WASI on POSIX hosts.
#include "wasi/host_services.h"

#include <sys/random.h>

#include <cerrno>
#include <ctime>

namespace weft::wasi {
namespace {

WasiResult<clockid_t> host_clock(ClockId id) {
  switch (id) {
    case ClockId::Realtime: return CLOCK_REALTIME;
    case ClockId::Monotonic: return CLOCK_MONOTONIC;
    case ClockId::ProcessCputime: return CLOCK_PROCESS_CPUTIME_ID;
    case ClockId::ThreadCputime: return CLOCK_THREAD_CPUTIME_ID;
  }
  return std::unexpected(Errno::Inval);
}

uint64_t to_ns(const timespec& ts) { return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec); }

}  // namespace

WasiResult<uint64_t> HostClocks::resolution(ClockId id) {
  WASI_TRY(clock, host_clock(id));
  timespec ts{};
  if (::clock_getres(clock, &ts) != 0) return std::unexpected(errno_from_host(errno));
  return to_ns(ts);
}

WasiResult<uint64_t> HostClocks::now(ClockId id) {
  WASI_TRY(clock, host_clock(id));
  timespec ts{};
  if (::clock_gettime(clock, &ts) != 0) return std::unexpected(errno_from_host(errno));
  return to_ns(ts);
}

void HostClocks::sleep(uint64_t ns) {
  if (waiter_) {
    (void)waiter_->wait({}, ns);
    return;
  }
  // An absolute monotonic deadline, so that signals (EINTR) do not stretch the sleep.
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  uint64_t deadline = to_ns(now) + ns;
  if (deadline < ns) deadline = ~uint64_t{0};  // saturate: "forever"
  timespec until{time_t(deadline / 1000000000u), long(deadline % 1000000000u)};
  while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nullptr) == EINTR) {
  }
}

WasiResult<void> HostRandom::fill(std::span<uint8_t> out) {
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(errno_from_host(errno));
    }
    done += size_t(n);
  }
  return {};
}

Errno errno_from_host(int host_errno) {
  switch (host_errno) {
    case 0: return Errno::Success;
    case E2BIG: return Errno::TooBig;
    case EACCES: return Errno::Acces;
    case EADDRINUSE: return Errno::AddrInUse;
    case EADDRNOTAVAIL: return Errno::AddrNotAvail;
    case EAFNOSUPPORT: return Errno::AfNoSupport;
    case EAGAIN: return Errno::Again;
    case EALREADY: return Errno::Already;
    case EBADF: return Errno::Badf;
    case EBUSY: return Errno::Busy;
    case ECANCELED: return Errno::Canceled;
    case ECONNABORTED: return Errno::ConnAborted;
    case ECONNREFUSED: return Errno::ConnRefused;
    case ECONNRESET: return Errno::ConnReset;
    case EEXIST: return Errno::Exist;
    case EFAULT: return Errno::Fault;
    case EFBIG: return Errno::Fbig;
    case EHOSTUNREACH: return Errno::HostUnreach;
    case EINPROGRESS: return Errno::InProgress;
    case EINTR: return Errno::Intr;
    case EINVAL: return Errno::Inval;
    case EIO: return Errno::Io;
    case EISCONN: return Errno::IsConn;
    case EISDIR: return Errno::IsDir;
    case ELOOP: return Errno::Loop;
    case EMFILE: return Errno::Mfile;
    case EMLINK: return Errno::Mlink;
    case EMSGSIZE: return Errno::MsgSize;
    case ENAMETOOLONG: return Errno::NameTooLong;
    case ENETDOWN: return Errno::NetDown;
    case ENETUNREACH: return Errno::NetUnreach;
    case ENFILE: return Errno::Nfile;
    case ENOBUFS: return Errno::NoBufs;
    case ENODEV: return Errno::NoDev;
    case ENOENT: return Errno::NoEnt;
    case ENOMEM: return Errno::NoMem;
    case ENOSPC: return Errno::NoSpc;
    case ENOSYS: return Errno::NoSys;
    case ENOTCONN: return Errno::NotConn;
    case ENOTDIR: return Errno::NotDir;
    case ENOTEMPTY: return Errno::NotEmpty;
    case ENOTSOCK: return Errno::NotSock;
    case ENOTSUP: return Errno::NotSup;
    case ENOTTY: return Errno::NoTty;
    case ENXIO: return Errno::Nxio;
    case EOVERFLOW: return Errno::Overflow;
    case EPERM: return Errno::Perm;
    case EPIPE: return Errno::Pipe;
    case ERANGE: return Errno::Range;
    case EROFS: return Errno::Rofs;
    case ESPIPE: return Errno::Spipe;
    case ETIMEDOUT: return Errno::TimedOut;
    case ETXTBSY: return Errno::TxtBsy;
    case EXDEV: return Errno::Xdev;
    default: return Errno::Io;
  }
}

}  // namespace weft::wasi

// Interruptible waits on host fds: ppoll(2) with an eventfd that interrupt() makes readable.
#include "wasi/interrupter.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <vector>

#include "wasi/host_services.h"

namespace weft::wasi {
namespace {

uint64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
}

}  // namespace

Interrupter::Interrupter() : event_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

Interrupter::~Interrupter() {
  if (event_fd_ >= 0) ::close(event_fd_);
}

void Interrupter::interrupt() {
  interrupted_.store(true, std::memory_order_release);
  uint64_t one = 1;
  if (event_fd_ >= 0) (void)!::write(event_fd_, &one, sizeof one);
}

WasiResult<uint64_t> Interrupter::wait(std::span<pollfd> fds, std::optional<uint64_t> timeout_ns) const {
  std::vector<pollfd> all(fds.begin(), fds.end());
  all.push_back(pollfd{event_fd_, POLLIN, 0});  // a negative fd is ignored by poll
  const uint64_t start = monotonic_ns();
  for (;;) {
    if (interrupted()) return std::unexpected(Errno::Intr);
    uint64_t waited = monotonic_ns() - start;
    std::optional<timespec> left;
    if (timeout_ns) {
      uint64_t rest = *timeout_ns > waited ? *timeout_ns - waited : 0;
      left = timespec{time_t(rest / 1000000000u), long(rest % 1000000000u)};
    }
    int n = ::ppoll(all.data(), all.size(), left ? &*left : nullptr, nullptr);
    if (n < 0 && errno != EINTR) return std::unexpected(errno_from_host(errno));
    if (interrupted()) return std::unexpected(Errno::Intr);
    if (n > 0) {
      for (size_t i = 0; i < fds.size(); ++i) fds[i].revents = all[i].revents;
      return monotonic_ns() - start;
    }
    if (n == 0) return timeout_ns.value_or(0);  // timed out
  }
}

WasiResult<void> Interrupter::wait_for(int fd, short events) const {
  pollfd p{fd, events, 0};
  WASI_CHECK(wait(std::span(&p, 1), std::nullopt));
  return {};
}

}  // namespace weft::wasi

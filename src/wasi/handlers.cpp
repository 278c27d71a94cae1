// Helpers the WASI handlers share: rights checks that report denials, guest strings, times.
#include "wasi/handlers.h"

#include <fmt/format.h>

#include <algorithm>

namespace weft::wasi::handlers {

std::string rights_list(Rights missing) {
  std::string out;
  for (Rights bit = 1; bit <= missing && bit != 0; bit <<= 1) {
    if (!(missing & bit)) continue;
    if (!out.empty()) out += ", ";
    out += right_name(bit);
  }
  return out;
}

WasiResult<FdEntry*> entry_with(WasiCall& call, uint32_t fd, Rights required) {
  WASI_TRY(entry, call.ctx().fds().get(fd));
  if (!entry->has(required)) {
    call.ctx().deny(fmt::format("{} on fd {} refused: the fd lacks the right {}", call.name(), fd,
                                rights_list(required & ~entry->rights_base)));
    return std::unexpected(Errno::NotCapable);
  }
  return entry;
}

WasiResult<std::string_view> guest_string(const GuestMemory& mem, uint32_t ptr, uint32_t len) {
  WASI_TRY(bytes, mem.slice(ptr, len));
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

WasiResult<void> store_filestat(const GuestMemory& mem, uint32_t p, const Filestat& st) {
  WASI_TRY(out, mem.slice(p, layout::kFilestatSize));
  std::fill(out.begin(), out.end(), 0);
  WASI_CHECK(mem.store_u64(p + layout::kFilestatDev, st.dev));
  WASI_CHECK(mem.store_u64(p + layout::kFilestatIno, st.ino));
  WASI_CHECK(mem.store_u8(p + layout::kFilestatFiletype, uint8_t(st.filetype)));
  WASI_CHECK(mem.store_u64(p + layout::kFilestatNlink, st.nlink));
  WASI_CHECK(mem.store_u64(p + layout::kFilestatFileSize, st.size));
  WASI_CHECK(mem.store_u64(p + layout::kFilestatAtim, st.atim));
  WASI_CHECK(mem.store_u64(p + layout::kFilestatMtim, st.mtim));
  return mem.store_u64(p + layout::kFilestatCtim, st.ctim);
}

WasiResult<std::pair<TimeUpdate, TimeUpdate>> time_updates(uint64_t atim, uint64_t mtim, uint32_t flags) {
  if (flags & ~uint32_t(fstflags::kAll)) return std::unexpected(Errno::Inval);
  auto one = [&](uint64_t t, uint32_t set, uint32_t now) -> WasiResult<TimeUpdate> {
    if ((flags & set) && (flags & now)) return std::unexpected(Errno::Inval);
    if (flags & set) return TimeUpdate{TimeUpdate::Set, t};
    if (flags & now) return TimeUpdate{TimeUpdate::Now, 0};
    return TimeUpdate{};
  };
  WASI_TRY(a, one(atim, fstflags::kAtim, fstflags::kAtimNow));
  WASI_TRY(m, one(mtim, fstflags::kMtim, fstflags::kMtimNow));
  return std::pair{a, m};
}

}  // namespace weft::wasi::handlers

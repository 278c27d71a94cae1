// WASI handlers for the process: arguments, environment, clocks, randomness, exit and yield.
#include <sched.h>

#include "wasi/handlers.h"

namespace weft::wasi::handlers {
namespace {

// The guest sees a string list as `count` NUL-terminated strings packed in one buffer.
WasiResult<uint32_t> packed_size(const std::vector<std::string>& list) {
  uint64_t total = 0;
  for (const auto& s : list) total += s.size() + 1;
  if (total > UINT32_MAX || list.size() > UINT32_MAX / 4) return std::unexpected(Errno::Overflow);
  return uint32_t(total);
}

WasiResult<void> write_sizes(const GuestMemory& mem, const std::vector<std::string>& list, uint32_t count_ptr,
                             uint32_t size_ptr) {
  WASI_TRY(size, packed_size(list));
  WASI_CHECK(mem.store_u32(count_ptr, uint32_t(list.size())));
  return mem.store_u32(size_ptr, size);
}

// Both regions are checked whole before anything is written, so that guest
// addresses never wrap around the 32-bit space.
WasiResult<void> write_list(const GuestMemory& mem, const std::vector<std::string>& list, uint32_t ptrs,
                            uint32_t buf) {
  WASI_TRY(size, packed_size(list));
  WASI_CHECK(mem.slice(ptrs, uint64_t(list.size()) * 4));
  WASI_CHECK(mem.slice(buf, size));
  uint32_t offset = buf;
  for (size_t i = 0; i < list.size(); ++i) {
    WASI_CHECK(mem.store_u32(ptrs + uint32_t(i) * 4, offset));
    WASI_CHECK(mem.store_string(offset, list[i]));
    WASI_CHECK(mem.store_u8(offset + uint32_t(list[i].size()), 0));
    offset += uint32_t(list[i].size()) + 1;
  }
  return {};
}

}  // namespace

Result<Errno> args_get(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  return status(write_list(mem, call.ctx().args(), call.u32(0), call.u32(1)));
}

Result<Errno> args_sizes_get(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  return status(write_sizes(mem, call.ctx().args(), call.u32(0), call.u32(1)));
}

Result<Errno> environ_get(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  return status(write_list(mem, call.ctx().env(), call.u32(0), call.u32(1)));
}

Result<Errno> environ_sizes_get(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  return status(write_sizes(mem, call.ctx().env(), call.u32(0), call.u32(1)));
}

Result<Errno> clock_res_get(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(res, call.ctx().clocks().resolution(ClockId(call.u32(0))));
  return status(mem.store_u64(call.u32(1), res));
}

// The precision argument is a hint the host may ignore.
Result<Errno> clock_time_get(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(now, call.ctx().clocks().now(ClockId(call.u32(0))));
  return status(mem.store_u64(call.u32(2), now));
}

Result<Errno> random_get(WasiCall& call) {
  WEFT_TRY(mem, call.memory());
  WASI_TRY(buf, mem.slice(call.u32(0), call.u32(1)));
  return status(call.ctx().random().fill(buf));
}

// Not an error: the store hands the exit up through every caller to the embedder.
Result<Errno> proc_exit(WasiCall& call) { return make_exit(int32_t(call.u32(0))); }

// Deprecated in preview 1 and absent from later versions; raise() in wasi-libc
// does not call it.
Result<Errno> proc_raise(WasiCall& call) { return Errno::NoSys; }

Result<Errno> sched_yield(WasiCall& call) {
  ::sched_yield();
  return Errno::Success;
}

}  // namespace weft::wasi::handlers

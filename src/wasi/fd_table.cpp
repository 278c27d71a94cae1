// The WASI file descriptor table.
#include "wasi/fd_table.h"

namespace weft::wasi {

WasiResult<uint32_t> FdTable::insert(FdEntry entry) {
  uint32_t fd = 0;
  while (fd < entries_.size() && entries_[fd]) ++fd;
  WASI_CHECK(insert_at(fd, std::move(entry)));
  return fd;
}

WasiResult<void> FdTable::insert_at(uint32_t fd, FdEntry entry) {
  if (fd >= kMaxFds) return std::unexpected(Errno::Mfile);
  if (fd >= entries_.size()) entries_.resize(fd + 1);
  entries_[fd] = std::move(entry);
  return {};
}

WasiResult<FdEntry*> FdTable::get(uint32_t fd) {
  if (fd >= entries_.size() || !entries_[fd]) return std::unexpected(Errno::Badf);
  return &*entries_[fd];
}

WasiResult<void> FdTable::remove(uint32_t fd) {
  WASI_CHECK(get(fd));
  entries_[fd].reset();
  while (!entries_.empty() && !entries_.back()) entries_.pop_back();
  return {};
}

WasiResult<void> FdTable::renumber(uint32_t from, uint32_t to) {
  WASI_TRY(source, get(from));
  WASI_CHECK(get(to));
  if (from == to) return {};
  FdEntry moved = std::move(*source);
  entries_[to] = std::move(moved);
  return remove(from);
}

uint32_t FdTable::open_count() const {
  uint32_t n = 0;
  for (const auto& e : entries_) n += e.has_value();
  return n;
}

}  // namespace weft::wasi

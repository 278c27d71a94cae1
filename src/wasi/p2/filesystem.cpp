// wasi:filesystem/types and wasi:filesystem/preopens, over the preview-1 host
// objects (DirHandle resolves every path beneath its grant).
// spec: ../shared/wit/wasi-0.2.12/filesystem/{types,preopens}.wit
#include <array>

#include "wasi/p2/host.h"

namespace weft::wasi::p2 {

namespace {

using R = Result<std::optional<Val>>;

// spec: types.wit `error-code`, by its case index.
uint32_t fs_code(Errno e) {
  switch (e) {
    case Errno::Acces: return 0;
    case Errno::Again: return 1;
    case Errno::Already: return 2;
    case Errno::Badf: return 3;
    case Errno::Busy: return 4;
    case Errno::Deadlk: return 5;
    case Errno::Dquot: return 6;
    case Errno::Exist: return 7;
    case Errno::Fbig: return 8;
    case Errno::Ilseq: return 9;
    case Errno::InProgress: return 10;
    case Errno::Intr: return 11;
    case Errno::Inval: return 12;
    case Errno::IsDir: return 14;
    case Errno::Loop: return 15;
    case Errno::Mlink: return 16;
    case Errno::MsgSize: return 17;
    case Errno::NameTooLong: return 18;
    case Errno::NoDev: return 19;
    case Errno::NoEnt: return 20;
    case Errno::NoLck: return 21;
    case Errno::NoMem: return 22;
    case Errno::NoSpc: return 23;
    case Errno::NotDir: return 24;
    case Errno::NotEmpty: return 25;
    case Errno::NotRecoverable: return 26;
    case Errno::NotSup:
    case Errno::NoSys: return 27;
    case Errno::NoTty: return 28;
    case Errno::Nxio: return 29;
    case Errno::Overflow: return 30;
    case Errno::Perm: return 31;
    case Errno::Pipe: return 32;
    case Errno::Rofs: return 33;
    case Errno::Spipe: return 34;
    case Errno::TxtBsy: return 35;
    case Errno::Xdev: return 36;
    default: return 13;  // io
  }
}

Val fs_err(Errno e) { return Val::err({Val::enumeration(fs_code(e))}); }

// spec: `descriptor-type`, by case index
uint32_t descriptor_type(Filetype t) {
  switch (t) {
    case Filetype::BlockDevice: return 1;
    case Filetype::CharacterDevice: return 2;
    case Filetype::Directory: return 3;
    case Filetype::SymbolicLink: return 5;
    case Filetype::RegularFile: return 6;
    case Filetype::SocketDgram:
    case Filetype::SocketStream: return 7;
    default: return 0;
  }
}

Val stat_val(const Filestat& s) {
  return Val::record({Val::enumeration(descriptor_type(s.filetype)), Val::u64(s.nlink), Val::u64(s.size),
                      Val::some(datetime(s.atim)), Val::some(datetime(s.mtim)), Val::some(datetime(s.ctim))});
}

// spec: `new-timestamp`
TimeUpdate time_update(const Val& v) {
  if (v.bits == 0) return {};
  if (v.bits == 1) return {TimeUpdate::Now, 0};
  const Val& dt = v.items.at(0);
  return {TimeUpdate::Set, dt.items.at(0).bits * 1'000'000'000 + dt.items.at(1).bits};
}

// A WasiResult<T> as result<f(T), error-code>.
template <class T, class F>
R result(const WasiResult<T>& r, F f) {
  if (!r) return fs_err(r.error());
  return ok(f(*r));
}
R result(const WasiResult<void>& r) {
  if (!r) return fs_err(r.error());
  return ok();
}

struct Calls {
  Host& h;

  Result<Descriptor*> desc(const Val& v) { return h.object(h.descriptors, v, "descriptor"); }
  // The directory behind a descriptor, or nullptr (the call then fails with not-directory).
  Result<DirHandle*> dir(const Val& v) {
    WEFT_TRY(d, desc(v));
    return d->dir();
  }
  Result<Val> new_descriptor(std::shared_ptr<FdObject> object, uint32_t flags) {
    return h.own(h.descriptor_rt, h.descriptors.add(Descriptor{std::move(object), flags}));
  }

  R read_via_stream(const Args& a) {
    WEFT_TRY(d, desc(a[0]));
    if (d->dir()) return fs_err(Errno::IsDir);
    if (!(d->flags & dflags::kRead)) return fs_err(Errno::Badf);
    WEFT_TRY(s, h.own(h.input_rt, h.inputs.add(InputStream::over(d->object, a[1].bits))));
    return ok(std::move(s));
  }
  R write_via_stream(const Args& a, bool append) {
    WEFT_TRY(d, desc(a[0]));
    if (d->dir()) return fs_err(Errno::IsDir);
    if (!(d->flags & dflags::kWrite)) return fs_err(Errno::Badf);
    auto out =
        append ? OutputStream::over(d->object, std::nullopt, true) : OutputStream::over(d->object, a[1].bits);
    WEFT_TRY(s, h.own(h.output_rt, h.outputs.add(std::move(out))));
    return ok(std::move(s));
  }
  R read(const Args& a) {
    WEFT_TRY(d, desc(a[0]));
    if (d->dir()) return fs_err(Errno::IsDir);
    if (!(d->flags & dflags::kRead)) return fs_err(Errno::Badf);
    std::vector<uint8_t> buf(std::min<uint64_t>(a[1].bits, 64 * 1024));
    std::array<std::span<uint8_t>, 1> iov{std::span<uint8_t>(buf)};
    auto n = buf.empty() ? WasiResult<uint64_t>(0) : d->object->pread(iov, a[2].bits);
    if (!n) return fs_err(n.error());
    buf.resize(*n);
    return ok(Val::tuple({bytes_val(buf), Val::boolean(*n == 0 && !iov[0].empty())}));
  }
  R write(const Args& a) {
    WEFT_TRY(d, desc(a[0]));
    if (d->dir()) return fs_err(Errno::IsDir);
    if (!(d->flags & dflags::kWrite)) return fs_err(Errno::Badf);
    std::vector<uint8_t> data = bytes_of(a[1]);
    std::array<std::span<uint8_t>, 1> iov{std::span<uint8_t>(data)};
    return result(d->object->pwrite(iov, a[2].bits), Val::u64);
  }
  R read_directory(const Args& a) {
    WEFT_TRY(dh, dir(a[0]));
    if (!dh) return fs_err(Errno::NotDir);
    auto entries = dh->read_entries();
    if (!entries) return fs_err(entries.error());
    std::erase_if(*entries, [](const DirEntry& e) { return e.name == "." || e.name == ".."; });
    WEFT_TRY(s, h.own(h.dir_stream_rt, h.dir_streams.add(DirectoryStream{std::move(*entries)})));
    return ok(std::move(s));
  }
  R open_at(const Args& a) {
    WEFT_TRY(dh, dir(a[0]));
    if (!dh) return fs_err(Errno::NotDir);
    const uint64_t oflags = a[3].bits;
    const uint32_t flags = uint32_t(a[4].bits);
    OpenOptions o;
    o.follow = a[1].bits & 1;
    o.create = oflags & 1;
    o.directory = oflags & 2;
    o.exclusive = oflags & 4;
    o.truncate = oflags & 8;
    o.read = flags & dflags::kRead;
    o.write = flags & dflags::kWrite;
    if (flags & dflags::kFileSync) o.fdflags |= fdflags::kSync;
    if (flags & dflags::kDataSync) o.fdflags |= fdflags::kDsync;
    if (flags & dflags::kRequestedWriteSync) o.fdflags |= fdflags::kRsync;
    auto opened = dh->open_at(a[2].str, o);
    if (!opened) return fs_err(opened.error());
    WEFT_TRY(d, new_descriptor(std::move(*opened), flags));
    return ok(std::move(d));
  }
  // A call on the directory behind a[0].
  template <class F>
  R at_dir(const Val& self, F f) {
    WEFT_TRY(dh, dir(self));
    if (!dh) return fs_err(Errno::NotDir);
    return f(*dh);
  }
  Result<Filestat> stat_of(const Val& self) {
    WEFT_TRY(d, desc(self));
    auto s = d->object->filestat();
    return s ? *s : Filestat{};
  }
};

void define_descriptor_io(Iface& t, std::shared_ptr<Calls> c) {
  t.func("[method]descriptor.read-via-stream", [c](auto a) { return c->read_via_stream(a); });
  t.func("[method]descriptor.write-via-stream", [c](auto a) { return c->write_via_stream(a, false); });
  t.func("[method]descriptor.append-via-stream", [c](auto a) { return c->write_via_stream(a, true); });
  t.func("[method]descriptor.read", [c](auto a) { return c->read(a); });
  t.func("[method]descriptor.write", [c](auto a) { return c->write(a); });
  t.func("[method]descriptor.read-directory", [c](auto a) { return c->read_directory(a); });
  t.func("[method]descriptor.open-at", [c](auto a) { return c->open_at(a); });
  t.func("[method]descriptor.advise", [c](auto a) -> R {
    WEFT_TRY(d, c->desc(a[0]));
    return result(d->object->advise(a[1].bits, a[2].bits, uint8_t(a[3].bits)));
  });
  t.func("[method]descriptor.sync-data", [c](auto a) -> R {
    WEFT_TRY(d, c->desc(a[0]));
    return result(d->object->datasync());
  });
  t.func("[method]descriptor.sync", [c](auto a) -> R {
    WEFT_TRY(d, c->desc(a[0]));
    return result(d->object->sync());
  });
  t.func("[method]descriptor.get-flags", [c](auto a) -> R {
    WEFT_TRY(d, c->desc(a[0]));
    return ok(Val::flags(d->flags));
  });
  t.func("[method]descriptor.get-type", [c](auto a) -> R {
    WEFT_TRY(d, c->desc(a[0]));
    return ok(Val::enumeration(descriptor_type(d->object->filetype())));
  });
  t.func("[method]descriptor.set-size", [c](auto a) -> R {
    WEFT_TRY(d, c->desc(a[0]));
    if (d->dir()) return fs_err(Errno::IsDir);
    return result(d->object->set_size(a[1].bits));
  });
  t.func("[method]descriptor.set-times", [c](auto a) -> R {
    WEFT_TRY(d, c->desc(a[0]));
    return result(d->object->set_times(time_update(a[1]), time_update(a[2])));
  });
  t.func("[method]descriptor.stat", [c](auto a) -> R {
    WEFT_TRY(d, c->desc(a[0]));
    return result(d->object->filestat(), stat_val);
  });
}

void define_descriptor_paths(Iface& t, std::shared_ptr<Calls> c) {
  t.func("[method]descriptor.create-directory-at", [c](auto a) {
    return c->at_dir(a[0], [&](DirHandle& d) { return result(d.create_directory(a[1].str)); });
  });
  t.func("[method]descriptor.remove-directory-at", [c](auto a) {
    return c->at_dir(a[0], [&](DirHandle& d) { return result(d.remove_directory(a[1].str)); });
  });
  t.func("[method]descriptor.unlink-file-at", [c](auto a) {
    return c->at_dir(a[0], [&](DirHandle& d) { return result(d.unlink_file(a[1].str)); });
  });
  t.func("[method]descriptor.stat-at", [c](auto a) {
    return c->at_dir(a[0],
                     [&](DirHandle& d) { return result(d.stat_at(a[2].str, a[1].bits & 1), stat_val); });
  });
  t.func("[method]descriptor.set-times-at", [c](auto a) {
    return c->at_dir(a[0], [&](DirHandle& d) {
      return result(d.set_times_at(a[2].str, a[1].bits & 1, time_update(a[3]), time_update(a[4])));
    });
  });
  t.func("[method]descriptor.readlink-at", [c](auto a) {
    return c->at_dir(a[0], [&](DirHandle& d) { return result(d.readlink(a[1].str), Val::string); });
  });
  t.func("[method]descriptor.symlink-at", [c](auto a) {
    return c->at_dir(a[0], [&](DirHandle& d) { return result(d.symlink(a[1].str, a[2].str)); });
  });
  t.func("[method]descriptor.link-at", [c](auto a) -> R {
    WEFT_TRY(to, c->dir(a[3]));
    if (!to) return fs_err(Errno::NotDir);
    return c->at_dir(a[0],
                     [&](DirHandle& d) { return result(d.link(a[2].str, a[1].bits & 1, *to, a[4].str)); });
  });
  t.func("[method]descriptor.rename-at", [c](auto a) -> R {
    WEFT_TRY(to, c->dir(a[2]));
    if (!to) return fs_err(Errno::NotDir);
    return c->at_dir(a[0], [&](DirHandle& d) { return result(d.rename(a[1].str, *to, a[3].str)); });
  });
  t.func("[method]descriptor.is-same-object", [c](auto a) -> R {
    WEFT_TRY(x, c->stat_of(a[0]));
    WEFT_TRY(y, c->stat_of(a[1]));
    return Val::boolean(x.dev == y.dev && x.ino == y.ino);
  });
  auto hash = [](const Filestat& s) { return Val::record({Val::u64(s.ino), Val::u64(s.dev)}); };
  t.func("[method]descriptor.metadata-hash", [c, hash](auto a) -> R {
    WEFT_TRY(d, c->desc(a[0]));
    return result(d->object->filestat(), hash);
  });
  t.func("[method]descriptor.metadata-hash-at", [c, hash](auto a) {
    return c->at_dir(a[0], [&](DirHandle& d) { return result(d.stat_at(a[2].str, a[1].bits & 1), hash); });
  });
}

}  // namespace

void define_filesystem(Host& h, component::Linker& l) {
  auto c = std::make_shared<Calls>(Calls{h});
  Iface t(l, "wasi:filesystem/types");
  t.resources({{"descriptor", h.descriptor_rt},
               {"directory-entry-stream", h.dir_stream_rt},
               {"input-stream", h.input_rt},
               {"output-stream", h.output_rt},
               {"error", h.error_rt}});
  define_descriptor_io(t, c);
  define_descriptor_paths(t, c);
  t.func("[method]directory-entry-stream.read-directory-entry", [&h](auto a) -> R {
    WEFT_TRY(s, h.object(h.dir_streams, a[0], "directory-entry-stream"));
    if (s->next >= s->entries.size()) return ok(Val::none());
    const DirEntry& e = s->entries[s->next++];
    return ok(Val::some(Val::record({Val::enumeration(descriptor_type(e.type)), Val::string(e.name)})));
  });
  t.func("filesystem-error-code", [&h](auto a) -> R {
    WEFT_TRY(e, h.object(h.errors, a[0], "error"));
    if (!e->code) return Val::none();
    return Val::some(Val::enumeration(fs_code(*e->code)));
  });

  Iface p(l, "wasi:filesystem/preopens");
  p.resource("descriptor", h.descriptor_rt);
  p.func("get-directories", [c, &h](auto) -> R {
    std::vector<Val> out;
    for (uint32_t fd = 3;; ++fd) {
      auto entry = h.ctx.fds().get(fd);
      if (!entry || !(*entry)->preopen_name) break;
      auto* dir = dynamic_cast<DirHandle*>((*entry)->object.get());
      if (!dir) continue;  // a preopened listener (preview 1 only)
      const uint32_t flags = dflags::kRead | (dir->writable() ? dflags::kMutateDir : 0);
      WEFT_TRY(d, c->new_descriptor((*entry)->object, flags));
      out.push_back(Val::tuple({std::move(d), Val::string(*(*entry)->preopen_name)}));
    }
    return Val::list(std::move(out));
  });
}

}  // namespace weft::wasi::p2

// End-to-end: weft's own WASI preview-1 adapter (sdk/adapter, built into
// build/share/weft/). Each C guest of tests/e2e/wasi/ is made a command component by
// the reference encoder with our adapter in place of the official one
// (`jco new core.wasm --adapt wasi_snapshot_preview1=OURS`); `weft run` must give the
// same output as the preview-1 module with the same grants, and so must jco's runtime.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>

#include "process.h"
#include "wasi_child.h"
#include "wasi_guests.h"
#include "wasi_p2_guests.h"

namespace weft::e2e {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string adapter(const std::string& variant) {
  return (fs::path(WEFT_BIN).parent_path() / "share/weft" / ("wasi_snapshot_preview1." + variant + ".wasm"))
      .string();
}

#define REQUIRE_ADAPTER()              \
  REQUIRE_JCO();                       \
  if (!fs::exists(adapter("command"))) \
  GTEST_SKIP() << "no " << adapter("command") << " (the weft_adapter target needs clang-19 and wasm-ld-19)"

std::string jco() { return std::string(WEFT_SOURCE_DIR) + "/scripts/jco.sh"; }

// A core module made a command component with our adapter, once per test binary.
std::string adapted(const std::string& name, const std::string& core) {
  static std::map<std::string, std::string> made;
  if (auto it = made.find(name); it != made.end()) return it->second;
  // Written under a name of this process, then renamed: ctest runs tests in parallel.
  const std::string out = temp_dir() + "/" + name + ".adapted.wasm",
                    part = out + "." + std::to_string(getpid());
  auto r = run_process(
      {"bash", jco(), "new", core, "--adapt", "wasi_snapshot_preview1=" + adapter("command"), "-o", part});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  fs::rename(part, out);
  made.emplace(name, out);
  return out;
}
std::string adapted(const std::string& name) { return adapted(name, wasi_guest(name)); }

struct Pair {
  ProcessResult module, component;
};

// Runs the module and its adapted component with the same grants (before the file),
// guest arguments (after it) and stdin; `setup` runs before each.
Pair run_both(
    const std::string& name, const std::vector<std::string>& grants, const std::vector<std::string>& args,
    const std::string& input = {}, const std::function<void()>& setup = [] {}, const std::string& core = {}) {
  Pair p;
  for (bool component : {false, true}) {
    setup();
    std::vector<std::string> argv{"run"};
    argv.insert(argv.end(), grants.begin(), grants.end());
    const std::string module = core.empty() ? wasi_guest(name) : core;
    argv.push_back(component ? adapted(name, module) : module);
    argv.insert(argv.end(), args.begin(), args.end());
    (component ? p.component : p.module) = run_weft(argv, input);
  }
  return p;
}

void expect_same(const Pair& p) {
  EXPECT_EQ(p.module.exit_code, 0) << p.module.err;
  EXPECT_EQ(p.component.exit_code, 0) << p.component.err;
  EXPECT_FALSE(p.component.out.empty());
  EXPECT_EQ(p.component.out, p.module.out);
  EXPECT_EQ(p.component.err, p.module.err);
}

// The adapter is a core module that shares the main module's memory: it must import
// env.memory, carry no data, and export every preview-1 function.
TEST(WasiAdapter, ShapeOfTheModule) {
  REQUIRE_ADAPTER();
  for (const char* variant : {"command", "reactor"}) {
    auto printed = run_process({"bash", jco(), "print", adapter(variant)});
    ASSERT_EQ(printed.exit_code, 0) << printed.err;
    const std::string& wat = printed.out;
    EXPECT_NE(wat.find(R"((import "env" "memory" (memory)"), std::string::npos) << variant;
    EXPECT_EQ(wat.find("(data"), std::string::npos) << variant;
    EXPECT_EQ(wat.find("\n  (memory "), std::string::npos) << variant;  // none of its own
    EXPECT_NE(wat.find(R"((export "cabi_import_realloc")"), std::string::npos) << variant;
    EXPECT_NE(wat.find("component-type:"), std::string::npos) << variant;
    std::ifstream def(std::string(WEFT_SOURCE_DIR) + "/src/wasi/functions.def");
    std::string line;
    std::smatch m;
    int functions = 0;
    while (std::getline(def, line))
      if (std::regex_search(line, m, std::regex(R"(^WASI_FUNC\((\w+),)"))) {
        ++functions;
        EXPECT_NE(wat.find("(export \"" + m[1].str() + "\""), std::string::npos) << variant << " " << m[1];
      }
    EXPECT_EQ(functions, 46);
    // Every export sets up the state (and the shadow stack) before anything touches
    // __stack_pointer: the wrappers are frame-less and call $init first.
    const std::regex exported(R"re(\(export "([^"]+)" \(func \$([^ )]+)\)\))re");
    for (auto it = std::sregex_iterator(wat.begin(), wat.end(), exported); it != std::sregex_iterator();
         ++it) {
      const std::string name = (*it)[1].str(), func = (*it)[2].str();
      if (name == "cabi_import_realloc") continue;  // only called during an adapter call
      size_t at = wat.find("(func $" + func + " ");
      ASSERT_NE(at, std::string::npos) << func;
      size_t end = wat.find("\n  )", at), init = wat.find("call $init", at),
             sp = wat.find("__stack_pointer", at);
      EXPECT_TRUE(init < end || wat.find("call $enter", at) < end)
          << variant << " " << name << " never sets up";
      EXPECT_TRUE(sp > end || sp > std::min(init, wat.find("call $enter", at))) << variant << " " << name;
    }
    const bool command = std::string(variant) == "command";
    EXPECT_EQ(wat.find(R"((export "wasi:cli/run@0.2.12#run")") != std::string::npos, command) << variant;
    EXPECT_EQ(wat.find(R"((import "__main_module__" "_start")") != std::string::npos, command) << variant;
  }
  std::cout << "adapter size: " << fs::file_size(adapter("command")) << " bytes (command), "
            << fs::file_size(adapter("reactor")) << " bytes (reactor)\n";
}

TEST(WasiAdapter, ArgumentsAndEnvironment) {
  REQUIRE_ADAPTER();
  auto args = run_both("hello_args", {}, {"one", "two words"});
  expect_same(args);
  EXPECT_EQ(args.component.out, "hello from wasi\nargc=3\nargv[1]=one\nargv[2]=two words\n");
  auto granted = run_both("hello_args", {"--arg", "first"}, {"second"});
  expect_same(granted);
  EXPECT_EQ(granted.component.out, "hello from wasi\nargc=3\nargv[1]=first\nargv[2]=second\n");
  auto env = run_both("env_vars", {"--env", "WEFT_GREETING=bonjour", "--env", "WEFT_EMPTY="}, {});
  expect_same(env);
  EXPECT_NE(env.component.out.find("WEFT_EMPTY is set and empty\n"), std::string::npos) << env.component.out;
  setenv("WEFT_FROM_HOST", "1", 1);
  auto none = run_both("env_vars", {}, {});
  expect_same(none);
  EXPECT_NE(none.component.out.find("found 0 WEFT_ variables"), std::string::npos) << none.component.out;
  // More than the adapter's 256 KB arena: the lowered list and strings need a new one.
  const std::string big(100000, 'x');
  auto large = run_both("env_vars",
                        {"--env", "WEFT_GREETING=" + big, "--env", "WEFT_A=" + big, "--env", "WEFT_B=" + big},
                        {"--arg", big, "--arg", big, "--arg", big});
  expect_same(large);
  EXPECT_NE(large.component.out.find("WEFT_GREETING=" + big + "\n"), std::string::npos);
  EXPECT_NE(large.component.out.find("found 3 WEFT_ variables"), std::string::npos);
  auto inherited = run_both("env_vars", {"--env-inherit"}, {});
  expect_same(inherited);
  EXPECT_NE(inherited.component.out.find("found 1 WEFT_ variables"), std::string::npos)
      << inherited.component.out;
}

// The adapter's pages and the guest's heap stay apart: Debian's wasi-libc makes all of
// memory its heap at its first malloc (after the adapter's first calls), so the adapter
// watches for that claim and moves its state away (docs/adapter.md). A guest that fills
// megabytes of heap, with calls into the adapter in between, must find every byte intact.
TEST(WasiAdapter, HeapAndAdapterStayApart) {
  REQUIRE_ADAPTER();
  const std::string core = build_guest(write_file("heap_stress.c", R"(#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char** argv) {
  enum { kBlocks = 96, kSize = 100000 };
  static unsigned char* blocks[kBlocks];
  for (int i = 0; i < kBlocks; ++i) {
    blocks[i] = malloc(kSize);
    if (!blocks[i]) return puts("out of memory"), 1;
    memset(blocks[i], i + 1, kSize);
    if (i % 8 == 0) printf("allocated %d, %s\n", i, getenv("WEFT_GREETING") ? getenv("WEFT_GREETING") : "-");
  }
  for (int i = 0; i < kBlocks; ++i)
    for (int j = 0; j < kSize; ++j)
      if (blocks[i][j] != (unsigned char)(i + 1)) return printf("block %d byte %d changed\n", i, j), 1;
  printf("%d blocks intact\n", kBlocks);
  return 0;
}
)"),
                                       "heap_stress.wasm");
  const std::string big(60000, 'y');
  auto r = run_both(
      "heap_stress", {"--env", "WEFT_GREETING=" + big, "--env", "WEFT_OTHER=" + big}, {}, {}, [] {}, core);
  expect_same(r);
  EXPECT_NE(r.component.out.find("96 blocks intact\n"), std::string::npos) << r.component.out.substr(0, 200);
}

// WASI 0.2 has no CPU-time clock: our adapter answers NOTSUP, so the guest's check fails.
TEST(WasiAdapter, ClocksSleepAndRandom) {
  REQUIRE_ADAPTER();
  auto r = run_both("clock_random", {}, {"no-cputime"});
  expect_same(r);
  EXPECT_EQ(r.component.out, "realtime ok\nmonotonic ok\ncputime skipped\nsleep ok\nrandom ok\n");
  auto cpu = run_weft({"run", adapted("clock_random")});
  EXPECT_EQ(cpu.exit_code, 1);
  EXPECT_EQ(cpu.err, "FAILED: cputime\n");
}

TEST(WasiAdapter, Stdin) {
  REQUIRE_ADAPTER();
  auto r = run_both("echo_stdin", {}, {}, "hello\nwasi world\n");
  expect_same(r);
  EXPECT_EQ(r.component.out, "1: hello\n2: wasi world\nlines=2 bytes=17\n");
  expect_same(run_both("echo_stdin", {}, {}));
  // More than one read's worth, with a line longer than wasi-libc's buffer.
  std::string big;
  for (int i = 0; i < 2000; ++i)
    big += "line " + std::to_string(i) + (i == 7 ? std::string(9000, 'x') : "") + "\n";
  expect_same(run_both("echo_stdin", {}, {}, big));
}

// wasi:cli/exit.exit takes a result: every failure status becomes 1.
TEST(WasiAdapter, ExitStatus) {
  REQUIRE_ADAPTER();
  auto r = run_both("exit_code", {}, {"3"});
  EXPECT_EQ(r.module.exit_code, 3);
  EXPECT_EQ(r.component.exit_code, 1);
  EXPECT_EQ(r.component.err, r.module.err);
  EXPECT_NE(r.component.err.find("exiting with 3"), std::string::npos) << r.component.err;
  auto from_main = run_both("exit_code", {}, {"main", "7"});
  EXPECT_EQ(from_main.module.exit_code, 7);
  EXPECT_EQ(from_main.component.exit_code, 1);
  auto ok = run_weft({"run", adapted("exit_code")});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "returning 0\n");
}

// Unlike the official adapter, ours emulates fd_allocate with set-size, so the guest
// runs its posix_fallocate step too.
TEST(WasiAdapter, Files) {
  REQUIRE_ADAPTER();
  const std::string dir = temp_dir() + "/adapter_files";
  auto r = run_both("fs_files", {"--dir", dir + "::/sandbox"}, {"/sandbox"}, {},
                    [&] { fresh_dir("adapter_files"); });
  expect_same(r);
  EXPECT_NE(r.component.out.find("appended: HELLO world\n"), std::string::npos) << r.component.out;
  EXPECT_NE(r.component.out.find("allocated 8192\n"), std::string::npos) << r.component.out;
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(WasiAdapter, DirectoriesAndLinks) {
  REQUIRE_ADAPTER();
  const std::string dir = temp_dir() + "/adapter_dirs";
  auto r = run_both("fs_dirs", {"--dir", dir + "::/sandbox"}, {"/sandbox"}, {},
                    [&] { fresh_dir("adapter_dirs"); });
  expect_same(r);
  EXPECT_NE(r.component.out.find("cwd: /sandbox/d\n"), std::string::npos) << r.component.out;
  EXPECT_NE(r.component.out.find("hard link nlink: 2\n"), std::string::npos) << r.component.out;
}

// A directory listing far bigger than one fd_readdir buffer: entries cut at the end of
// a buffer come back with the next call's cookie, none lost or doubled.
TEST(WasiAdapter, LargeDirectory) {
  REQUIRE_ADAPTER();
  const std::string src = write_file("readdir_many.c", R"(#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
int main(int argc, char** argv) {
  DIR* d = opendir(argv[1]);
  if (!d) return perror("opendir"), 1;
  int n = 0, dirs = 0;
  unsigned long sum = 0;
  struct dirent* e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    ++n;
    dirs += e->d_type == DT_DIR;
    for (const char* p = e->d_name; *p; ++p) sum = sum * 31 + (unsigned char)*p;
  }
  rewinddir(d);
  int again = 0;
  while ((e = readdir(d))) again += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
  closedir(d);
  printf("entries %d dirs %d again %d\n", n, dirs, again);
  return 0;
}
)");
  const std::string core = build_guest(src, "readdir_many.wasm");
  const std::string dir = fresh_dir("adapter_many");
  for (int i = 0; i < 300; ++i)
    put_file(dir + "/" + std::string(40 + i % 60, 'a' + i % 26) + std::to_string(i), "x");
  for (int i = 0; i < 5; ++i) fs::create_directory(dir + "/subdir" + std::to_string(i));
  auto r = run_both(
      "readdir_many", {"--dir", dir + "::/big"}, {"/big"}, {}, [] {}, core);
  expect_same(r);
  EXPECT_EQ(r.component.out, "entries 305 dirs 5 again 305\n");
}

// Preview-1 calls straight through, edge cases included (bad fds, wrong kinds of fd,
// missing rights, short buffers, renumbering, poll_oneoff): the errno of each call must
// be weft's preview-1 host's, but for the two things WASI 0.2 cannot do.
const char* const kEdgesGuest =
    R"C(// Preview-1 edge cases straight through the calls: one line per call, "NAME: ERRNO [detail]".
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static void show(const char* what, int e) { printf("%s: %d\n", what, e); }

int main(void) {
  __wasi_filestat_t st;
  __wasi_fdstat_t fst;
  __wasi_prestat_t pre;
  __wasi_filesize_t pos;
  __wasi_size_t n;
  __wasi_fd_t fd, dir;
  uint8_t buf[256];
  __wasi_ciovec_t out = {(const uint8_t*)"x", 1};
  __wasi_iovec_t in = {buf, sizeof buf};
  __wasi_timestamp_t t;
  show("seek stdout", __wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &pos));
  show("tell stdin", __wasi_fd_tell(0, &pos));
  show("read 99", __wasi_fd_read(99, &in, 1, &n));
  show("write stdin", __wasi_fd_write(0, &out, 1, &n));
  show("read stdout", __wasi_fd_read(1, &in, 1, &n));
  show("close 99", __wasi_fd_close(99));
  show("prestat 0", __wasi_fd_prestat_get(0, &pre));
  int e = __wasi_fd_prestat_get(3, &pre);
  printf("prestat 3: %d len %u\n", e, (unsigned)pre.u.dir.pr_name_len);
  memset(buf, 0, sizeof buf);
  e = __wasi_fd_prestat_dir_name(3, buf, pre.u.dir.pr_name_len);
  printf("prestat name: %d %s\n", e, buf);
  show("prestat name short", __wasi_fd_prestat_dir_name(3, buf, 1));
  e = __wasi_fd_fdstat_get(3, &fst);
  printf("fdstat 3: %d type %d flags %d\n", e, fst.fs_filetype, fst.fs_flags);
  e = __wasi_fd_filestat_get(3, &st);
  printf("filestat 3: %d type %d\n", e, st.filetype);
  show("clock_res cpu", __wasi_clock_res_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, &t));
  show("clock_res 99", __wasi_clock_res_get(99, &t));
  show("clock_time 99", __wasi_clock_time_get(99, 1, &t));
  e = __wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &t);
  printf("clock_res mono: %d %s\n", e, t > 0 && t <= 1000000 ? "sane" : "odd");
  show("sched_yield", __wasi_sched_yield());
  show("random 0", __wasi_random_get(buf, 0));
  show("open missing", __wasi_path_open(3, 0, "missing", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd));
  show("stat missing", __wasi_path_filestat_get(3, 0, "missing", &st));
  e = __wasi_path_open(3, 0, "f.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
                       __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL |
                           __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | __WASI_RIGHTS_FD_READDIR |
                           __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_ALLOCATE |
                           __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES |
                           __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_POLL_FD_READWRITE,
                       0, 0, &fd);
  printf("create: %d\n", e);
  show("write f", __wasi_fd_write(fd, &out, 1, &n));
  show("seek -5", __wasi_fd_seek(fd, -5, __WASI_WHENCE_SET, &pos));
  show("seek whence 7", __wasi_fd_seek(fd, 0, 7, &pos));
  e = __wasi_fd_seek(fd, 10, __WASI_WHENCE_END, &pos);
  printf("seek end+10: %d pos %llu\n", e, (unsigned long long)pos);
  e = __wasi_fd_write(fd, &out, 1, &n);
  e = __wasi_fd_filestat_get(fd, &st);
  printf("size after write past end: %d %llu\n", e, (unsigned long long)st.size);
  e = __wasi_fd_read(fd, &in, 1, &n);
  printf("read at end: %d n %u\n", e, (unsigned)n);
  show("readdir file", __wasi_fd_readdir(fd, buf, sizeof buf, 0, &n));
  show("open in file", __wasi_path_open(fd, 0, "x", 0, __WASI_RIGHTS_FD_READ, 0, 0, &dir));
  show("mkdir in file", __wasi_path_create_directory(fd, "x"));
  show("advise 9", __wasi_fd_advise(fd, 0, 0, 9));
  show("set_times both", __wasi_fd_filestat_set_times(fd, 1, 1, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
  show("set_flags append", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
  e = __wasi_fd_fdstat_get(fd, &fst);
  printf("fdstat f: %d type %d flags %d\n", e, fst.fs_filetype, fst.fs_flags);
  e = __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos);
  e = __wasi_fd_write(fd, &out, 1, &n);
  e = __wasi_fd_filestat_get(fd, &st);
  printf("append after seek 0: size %llu\n", (unsigned long long)st.size);
  e = __wasi_fd_tell(fd, &pos);
  printf("tell after append: %d %llu\n", e, (unsigned long long)pos);
  show("allocate 0 len", __wasi_fd_allocate(fd, 0, 0));
  show("sync stdout", __wasi_fd_sync(1));
  show("pread dir", __wasi_fd_pread(3, &in, 1, 0, &n));
  show("write dir", __wasi_fd_write(3, &out, 1, &n));
  show("readlink file", __wasi_path_readlink(3, "f.txt", buf, sizeof buf, &n));
  show("open dir flag on file", __wasi_path_open(3, 0, "f.txt", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ, 0, 0, &dir));
  show("symlink", __wasi_path_symlink("f.txt", 3, "l"));
  memset(buf, 0, sizeof buf);
  e = __wasi_path_readlink(3, "l", buf, 3, &n);
  printf("readlink short: %d %u %.3s\n", e, (unsigned)n, buf);
  show("renumber to 99", __wasi_fd_renumber(fd, 99));
  e = __wasi_path_open(3, 0, "g.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, 0, 0, &dir);
  show("renumber", __wasi_fd_renumber(fd, dir));
  show("close old", __wasi_fd_close(fd));
  show("write renumbered", __wasi_fd_write(dir, &out, 1, &n));
  show("close renumbered", __wasi_fd_close(dir));
  // poll: zero subscriptions, a 10 ms clock, a file read, a bad fd.
  __wasi_subscription_t subs[3];
  __wasi_event_t evs[3];
  memset(subs, 0, sizeof subs);
  show("poll none", __wasi_poll_oneoff(subs, evs, 0, &n));
  subs[0].userdata = 7;
  subs[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[0].u.u.clock.timeout = 10000000;
  e = __wasi_poll_oneoff(subs, evs, 1, &n);
  printf("poll clock: %d n %u ud %llu err %d type %d\n", e, (unsigned)n, (unsigned long long)evs[0].userdata, evs[0].error, evs[0].type);
  e = __wasi_path_open(3, 0, "f.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_POLL_FD_READWRITE, 0, 0, &fd);
  subs[1].userdata = 8;
  subs[1].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[1].u.u.fd_read.file_descriptor = fd;
  subs[2].userdata = 9;
  subs[2].u.tag = __WASI_EVENTTYPE_FD_WRITE;
  subs[2].u.u.fd_write.file_descriptor = 77;
  e = __wasi_poll_oneoff(subs, evs, 3, &n);
  printf("poll mixed: %d n %u\n", e, (unsigned)n);
  for (unsigned i = 0; i < n; ++i)
    printf("  ud %llu err %d type %d nbytes %llu\n", (unsigned long long)evs[i].userdata, evs[i].error, evs[i].type,
           (unsigned long long)evs[i].fd_readwrite.nbytes);

  show("sock_shutdown 1", __wasi_sock_shutdown(1, __WASI_SDFLAGS_WR));
  show("set_rights", __wasi_fd_fdstat_set_rights(fd, 0, 0));
  show("unlink dir", __wasi_path_unlink_file(3, "."));
  show("rmdir file", __wasi_path_remove_directory(3, "f.txt"));
  show("rename to missing dir", __wasi_path_rename(3, "f.txt", 3, "nodir/x"));
  show("link onto existing", __wasi_path_link(3, 0, "f.txt", 3, "g.txt"));
  return 0;
}
)C";

const char* const kWrongKindGuest =
    R"C(// Preview-1 calls on the wrong kind of fd (directory, stdio), one line per call.
#include <stdio.h>
#include <wasi/api.h>
static void show(const char* what, int e) { printf("%s: %d\n", what, e); }
int main(void) {
  uint8_t buf[16];
  __wasi_iovec_t in = {buf, sizeof buf};
  __wasi_ciovec_t out = {buf, 1};
  __wasi_size_t n;
  __wasi_filesize_t pos;
  __wasi_filestat_t st;
  show("read dir", __wasi_fd_read(3, &in, 1, &n));
  show("seek dir", __wasi_fd_seek(3, 0, 0, &pos));
  show("tell dir", __wasi_fd_tell(3, &pos));
  show("set_size dir", __wasi_fd_filestat_set_size(3, 0));
  show("allocate dir", __wasi_fd_allocate(3, 0, 1));
  show("advise dir", __wasi_fd_advise(3, 0, 0, 0));
  show("sync dir", __wasi_fd_sync(3));
  show("datasync dir", __wasi_fd_datasync(3));
  show("pwrite dir", __wasi_fd_pwrite(3, &out, 1, 0, &n));
  show("set_flags dir append", __wasi_fd_fdstat_set_flags(3, 1));
  show("set_flags stdout append", __wasi_fd_fdstat_set_flags(1, 1));
  show("set_flags stdin nonblock", __wasi_fd_fdstat_set_flags(0, 4));
  show("set_flags stdin 0", __wasi_fd_fdstat_set_flags(0, 0));
  show("tell stdout", __wasi_fd_tell(1, &pos));
  show("pread stdin", __wasi_fd_pread(0, &in, 1, 0, &n));
  show("pwrite stdout", __wasi_fd_pwrite(1, &out, 1, 0, &n));
  show("allocate stdout", __wasi_fd_allocate(1, 0, 1));
  show("advise stdout", __wasi_fd_advise(1, 0, 0, 0));
  show("set_size stdout", __wasi_fd_filestat_set_size(1, 0));
  show("set_times stdout", __wasi_fd_filestat_set_times(1, 0, 0, 2));
  show("datasync stdout", __wasi_fd_datasync(1));
  show("filestat stdout", __wasi_fd_filestat_get(1, &st));
  printf("stdout filetype %d\n", st.filetype);
  show("readdir stdout", __wasi_fd_readdir(1, buf, sizeof buf, 0, &n));
  show("path_open stdout", __wasi_path_open(1, 0, "x", 0, 0, 0, 0, (__wasi_fd_t*)&n));
  fflush(stdout);
  show("renumber 0->50", __wasi_fd_renumber(0, 50));
  show("close stdin", __wasi_fd_close(0));
  show("read closed", __wasi_fd_read(0, &in, 1, &n));
  return 0;
}
)C";

TEST(WasiAdapter, SameErrnosAsThePreview1Host) {
  REQUIRE_ADAPTER();
  for (auto [name, source] :
       {std::pair{"p1_edges", kEdgesGuest}, std::pair{"p1_wrong_kind", kWrongKindGuest}}) {
    const std::string core =
        build_guest(write_file(std::string(name) + ".c", source), std::string(name) + ".wasm");
    const std::string dir = temp_dir() + "/adapter_" + name;
    auto r = run_both(
        name, {"--dir", dir + "::/d"}, {}, {}, [&] { fresh_dir(std::string("adapter_") + name); }, core);
    EXPECT_EQ(r.module.exit_code, 0) << r.module.err;
    EXPECT_EQ(r.component.exit_code, 0) << r.component.err;
    std::string expected = r.module.out;
    if (std::string(name) == "p1_edges") {
      // No CPU-time clock in WASI 0.2 (NOTSUP), and no preview-1 sockets at all (NOTSUP, not NOTSOCK).
      for (auto [from, to] : {std::pair{"clock_res cpu: 0\n", "clock_res cpu: 58\n"},
                              std::pair{"sock_shutdown 1: 57\n", "sock_shutdown 1: 58\n"}}) {
        ASSERT_NE(expected.find(from), std::string::npos) << expected;
        expected.replace(expected.find(from), std::string(from).size(), to);
      }
    }
    EXPECT_EQ(r.component.out, expected);
    EXPECT_GT(std::count(expected.begin(), expected.end(), '\n'), 25) << expected;
  }
}

TEST(WasiAdapter, NoDirectoryWithoutAGrant) {
  REQUIRE_ADAPTER();
  const std::string dir = fresh_dir("adapter_nodir");
  put_file(dir + "/a.txt", "a");
  auto without = run_weft({"run", adapted("fs_probe"), "read", "a.txt", "fopen", dir + "/a.txt"});
  EXPECT_EQ(without.exit_code, 0) << without.err;
  EXPECT_EQ(without.out, "read a.txt: BADF\nfopen " + dir + "/a.txt: NOTCAPABLE\n");
  auto with = run_weft({"run", "--dir", dir, adapted("fs_probe"), "read", "a.txt", "fopen", dir + "/a.txt"});
  EXPECT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(with.out, "read a.txt: ok\nfopen " + dir + "/a.txt: ok\n");
}

TEST(WasiAdapter, ReadOnlyGrantsAndEscapes) {
  REQUIRE_ADAPTER();
  const std::string dir = temp_dir() + "/adapter_ro";
  auto setup = [&] {
    fresh_dir("adapter_ro");
    put_file(dir + "/a.txt", "a");
    fs::create_directory(dir + "/sub");
    fs::create_symlink("../../outside", dir + "/escape");
    fs::create_symlink("a.txt", dir + "/link");
  };
  std::vector<std::string> ops{
      "read",  "a.txt", "list",     "sub",     "create",          "new.txt", "mkdir",  "d",     "unlink",
      "a.txt", "read",  "../a.txt", "read",    "sub/../../a.txt", "read",    "escape", "stat",  "/etc/passwd",
      "lstat", "link",  "readlink", "link",    "utimes",          "a.txt",   "rename", "a.txt", "b.txt",
      "link",  "a.txt", "c.txt",    "symlink", "a.txt",           "s.txt",   "rmdir",  "sub",   "write",
      "a.txt"};
  auto ro = run_both("fs_probe", {"--dir-ro", dir + "::/ro"}, ops, {}, setup);
  expect_same(ro);
  EXPECT_NE(ro.component.out.find("create new.txt: ROFS\n"), std::string::npos) << ro.component.out;
  EXPECT_NE(ro.component.out.find("read ../a.txt: PERM\n"), std::string::npos) << ro.component.out;
  EXPECT_TRUE(fs::exists(dir + "/a.txt"));
  auto rw = run_both("fs_probe", {"--dir", dir + "::/rw"}, ops, {}, setup);
  expect_same(rw);
  EXPECT_NE(rw.component.out.find("create new.txt: ok\n"), std::string::npos) << rw.component.out;
  EXPECT_NE(rw.component.out.find("read escape: PERM\n"), std::string::npos) << rw.component.out;
  EXPECT_NE(rw.component.out.find("rmdir sub: ok\n"), std::string::npos) << rw.component.out;
}

// poll_oneoff on stdin really waits: first for a timeout, then for input.
TEST(WasiAdapter, PollWaitsForStdin) {
  REQUIRE_ADAPTER();
  Child weft({"run", "--timeout", "60", adapted("poll_stdin")});
  ASSERT_TRUE(weft.started());
  ASSERT_TRUE(weft.wait_for_stdout("first: ", 30s)) << weft.err();
  weft.write_stdin("hello\n");
  weft.close_stdin();
  EXPECT_EQ(weft.wait(30s), 0) << weft.err();
  EXPECT_EQ(weft.out(), "first: timeout\nsecond: ready\nread: hello\n");
}

// The reactor variant: a wasi-libc reactor module that exports wasi:cli/run itself
// (its world embedded by weft), adapted with our reactor adapter.
TEST(WasiAdapter, ReactorVariant) {
  REQUIRE_ADAPTER();
  const std::string src = std::string(WEFT_SOURCE_DIR);
  const std::string c = write_file("reactor_run.c", R"(#include <stdio.h>
#include <stdlib.h>
__attribute__((export_name("wasi:cli/run@0.2.12#run"))) int run(void) {
  const char* v = getenv("WEFT_GREETING");
  printf("hello from a reactor, %s\n", v ? v : "nobody");
  fflush(stdout);
  return 0;
}
)");
  const std::string core = temp_dir() + "/reactor_run.wasm";
  auto built = run_process({"bash", src + "/scripts/build-guest.sh", c, core, "-mexec-model=reactor"});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const std::string wit = fresh_dir("reactor_wit");
  put_file(wit + "/r.wit", "package test:r;\n\nworld r {\n  export wasi:cli/run@0.2.12;\n}\n");
  fs::create_directories(wit + "/deps");
  for (const char* pkg : {"cli", "clocks", "filesystem", "io", "random", "sockets"})
    fs::create_directory_symlink(src + "/../shared/wit/wasi-0.2.12/" + pkg, wit + "/deps/" + pkg);
  const std::string embedded = temp_dir() + "/reactor_run.embed.wasm",
                    out = temp_dir() + "/reactor_run.adapted.wasm";
  auto e = run_weft({"wit", "embed", core, wit, "-w", "r", "-o", embedded});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  auto made = run_process(
      {"bash", jco(), "new", embedded, "--adapt", "wasi_snapshot_preview1=" + adapter("reactor"), "-o", out});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto r = run_weft({"run", "--env", "WEFT_GREETING=bonjour", out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello from a reactor, bonjour\n");
}

// A main module that exports cabi_realloc (as wit-bindgen guests do) takes another
// path in wit-component (its realloc serves the adapter's stack); ours must not care.
TEST(WasiAdapter, MainModuleWithCabiRealloc) {
  REQUIRE_ADAPTER();
  const std::string core = build_guest(write_file("with_realloc.c", R"(#include <stdio.h>
#include <stdlib.h>
__attribute__((export_name("cabi_realloc"))) void* cabi_realloc(void* p, size_t old, size_t align, size_t n) {
  return realloc(p, n);
}
int main(int argc, char** argv) {
  printf("hello with cabi_realloc, %d arguments, last %s\n", argc, argv[argc - 1]);
  return 0;
}
)"),
                                       "with_realloc.wasm");
  auto r = run_both(
      "with_realloc", {}, {"a", "b"}, {}, [] {}, core);
  expect_same(r);
  EXPECT_EQ(r.component.out, "hello with cabi_realloc, 3 arguments, last b\n");
}

// The same components under the reference runtime (jco run, preview2-shim on Node).
// jco run has no preopen flag: a module passed with --jco-import sets them.
ProcessResult jco_run(const std::vector<std::string>& args, const std::string& preopen = {}) {
  std::vector<std::string> argv{"bash", jco(), "run"};
  if (!preopen.empty()) {
    const std::string shim = std::string(WEFT_SOURCE_DIR) +
                             "/build-tools/node_modules/@bytecodealliance/jco/node_modules/@bytecodealliance/"
                             "preview2-shim/dist/nodejs/filesystem.js";
    const std::string host = preopen.substr(0, preopen.find("::")),
                      guest = preopen.substr(preopen.find("::") + 2);
    argv.push_back("--jco-import");
    argv.push_back(write_file(
        "jco_preopens.mjs",
        "import { _setPreopens } from '" + shim + "';\n_setPreopens({'" + guest + "': '" + host + "'});\n"));
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

TEST(WasiAdapter, UnderJco) {
  REQUIRE_ADAPTER();
  auto hello = jco_run({adapted("hello_args"), "one", "two words"});
  EXPECT_EQ(hello.exit_code, 0) << hello.err;
  EXPECT_EQ(hello.out, run_weft({"run", wasi_guest("hello_args"), "one", "two words"}).out);
  const std::string dir = fresh_dir("adapter_jco_files");
  auto files = jco_run({adapted("fs_files"), "/sandbox"}, dir + "::/sandbox");
  EXPECT_EQ(files.exit_code, 0) << files.err;
  fresh_dir("adapter_jco_files");
  auto module = run_weft({"run", "--dir", dir + "::/sandbox", wasi_guest("fs_files"), "/sandbox"});
  EXPECT_EQ(files.out, module.out);
  fresh_dir("adapter_jco_files");
  auto dirs = jco_run({adapted("fs_dirs"), "/sandbox"}, dir + "::/sandbox");
  EXPECT_EQ(dirs.exit_code, 0) << dirs.err;
  fresh_dir("adapter_jco_files");
  EXPECT_EQ(dirs.out, run_weft({"run", "--dir", dir + "::/sandbox", wasi_guest("fs_dirs"), "/sandbox"}).out);
}

}  // namespace
}  // namespace weft::e2e

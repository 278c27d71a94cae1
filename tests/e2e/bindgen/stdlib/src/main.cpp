// Files, directories, the environment, arguments and clocks through ordinary C and
// C++ library calls (Debian's libc++ for wasm32 has no <filesystem> or <fstream>, so
// files go through <cstdio> and POSIX); prints what it saw so runs can be compared.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

namespace {

std::string read_all(const char* path) {
  std::string out;
  if (FILE* f = std::fopen(path, "r")) {
    char buf[256];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
    std::fclose(f);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::printf("args:");
  for (int i = 1; i < argc; ++i) std::printf(" %s", argv[i]);
  std::printf("\n");
  const char* greeting = std::getenv("GREETING");
  std::printf("GREETING=%s\n", greeting ? greeting : "(unset)");
  std::printf("HOME=%s\n", std::getenv("HOME") ? std::getenv("HOME") : "(unset)");

  std::printf("mkdir: %d %d\n", mkdir("/data/out", 0755), mkdir("/data/out/sub", 0755));
  if (FILE* f = std::fopen("/data/out/sub/note.txt", "w")) {
    std::fprintf(f, "line one\nline two: %s\n", greeting ? greeting : "none");
    std::fclose(f);
  }
  std::string text = read_all("/data/out/sub/note.txt");
  std::printf("read back %zu bytes: %s", text.size(), text.c_str());
  std::string input = read_all("/data/input.txt");
  std::printf("input.txt: %s", input.c_str());
  struct stat st {};
  std::printf("stat: %d size %lld dir %d\n", stat("/data/out/sub/note.txt", &st),
              static_cast<long long>(st.st_size), int(S_ISDIR(st.st_mode)));
  std::vector<std::string> names;
  if (DIR* d = opendir("/data/out")) {
    while (dirent* e = readdir(d)) names.push_back(e->d_name);
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  for (const auto& n : names) std::printf("entry: %s\n", n.c_str());
  std::printf("rename: %d, moved exists: %d\n", std::rename("/data/out/sub/note.txt", "/data/out/moved.txt"),
              int(access("/data/out/moved.txt", F_OK) == 0));
  std::printf("unlink: %d, rmdir: %d\n", unlink("/data/out/moved.txt"), rmdir("/data/out/sub"));
  FILE* outside = std::fopen("/etc/passwd", "r");
  std::printf("outside the grant: %s\n", outside ? "opened (wrong)" : "refused");

  auto t0 = std::chrono::steady_clock::now();
  volatile double x = 0;
  for (int i = 0; i < 100000; ++i) x = x + i;
  auto t1 = std::chrono::steady_clock::now();
  std::printf("monotonic: %s\n", t1 >= t0 ? "ok" : "went backwards");
  std::time_t now = std::time(nullptr);
  std::printf("wall clock after 2024: %s\n", now > 1704067200 ? "yes" : "no");
  return greeting ? 0 : 3;
}

// A scratch directory tree for WASI filesystem tests, removed when the test ends.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace weft::wasi::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "weft-wasi-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string at(const std::string& rel) const { return path_ + "/" + rel; }
  void file(const std::string& rel, const std::string& content = "data") const {
    std::ofstream(at(rel), std::ios::binary) << content;
  }
  void dir(const std::string& rel) const { std::filesystem::create_directories(at(rel)); }
  void symlink(const std::string& target, const std::string& rel) const {
    std::filesystem::create_symlink(target, at(rel));
  }
  bool exists(const std::string& rel) const { return std::filesystem::exists(std::filesystem::symlink_status(at(rel))); }
  std::string read(const std::string& rel) const {
    std::ifstream in(at(rel), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  // An O_RDONLY | O_DIRECTORY fd of a directory in the tree (closed by the caller).
  int open_dir(const std::string& rel = ".") const { return ::open(at(rel).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); }

 private:
  std::string path_;
};

}  // namespace weft::wasi::test

// A `weft` child process the test talks to while it runs (TCP servers, stdin fed
// late), with pipes for its streams and timeouts on every wait so a test never hangs.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace weft::e2e {

class Child {
 public:
  // Starts WEFT_BIN with `args`; stdin, stdout and stderr are pipes.
  explicit Child(const std::vector<std::string>& args);
  ~Child();  // kills the child if it still runs
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0; }
  // Reads stderr until a line containing `needle` arrives; that line, or nullopt on timeout or EOF.
  std::optional<std::string> wait_for_stderr(const std::string& needle, std::chrono::milliseconds timeout);
  // Reads stdout until it contains `needle`; false on timeout or EOF.
  bool wait_for_stdout(const std::string& needle, std::chrono::milliseconds timeout);
  void write_stdin(const std::string& data);
  void close_stdin();
  // Waits for the exit (killing the child after `timeout`) and drains its output.
  int wait(std::chrono::milliseconds timeout);
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  // Reads whatever is available on stdout/stderr within `timeout`; false when both are closed.
  bool pump(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int in_ = -1, out_fd_ = -1, err_fd_ = -1;
  std::string out_, err_;
};

// A TCP client of 127.0.0.1:port: sends `data`, shuts down its sending side and
// returns everything received until the server closes (empty on failure; every
// step gives up after `timeout`).
std::string tcp_round_trip(int port, const std::string& data, std::chrono::milliseconds timeout);

}  // namespace weft::e2e

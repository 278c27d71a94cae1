// The stderr logger: ordinary C++ I/O, which reaches wasi:cli/stderr through the adapter.
#include <cstdio>

#include "stderr_logger.h"

namespace logger = exports::example::service::logger;

void logger::log(logger::Level level, std::string message) {
  static const char* const kNames[] = {"debug", "info", "warn", "error"};
  std::fprintf(stderr, "[%s] %s\n", kNames[static_cast<int>(level)], message.c_str());
}

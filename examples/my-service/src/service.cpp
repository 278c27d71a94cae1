// my-service: logs each request and answers with its words in reverse order.
#include <string>
#include <string_view>
#include <vector>

#include "my_service.h"

namespace log = example::service::logger;

std::string exports::my_service::handle_request(std::string input) {
  log::log(log::Level::Info, "handling: " + input);
  std::vector<std::string_view> words;
  std::string_view rest = input;
  while (!rest.empty()) {
    size_t start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    size_t end = rest.find(' ');
    words.push_back(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  }
  if (words.empty()) log::log(log::Level::Warn, "empty request");
  std::string out;
  for (auto it = words.rbegin(); it != words.rend(); ++it) out += (out.empty() ? "" : " ") + std::string(*it);
  return out;
}

// The calculator's consumer: asks whichever component provides cyber:math/operations.
#include <string>

#include "calculator_consumer.h"

std::string exports::calculator_consumer::run() {
  uint32_t sum = cyber::math::operations::add(10, 5);
  return "The system calculated: " + std::to_string(sum);
}

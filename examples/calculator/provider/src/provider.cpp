// The calculator's provider: implements cyber:math/operations.
#include "calculator_provider.h"

uint32_t exports::cyber::math::operations::add(uint32_t a, uint32_t b) { return a + b; }

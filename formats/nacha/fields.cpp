#include "formats/nacha/fields.h"

namespace tally::formats::nacha {

int routing_check_digit(std::string_view eight) {
  static constexpr int kWeights[8] = {3, 7, 1, 3, 7, 1, 3, 7};
  if (eight.size() != 8 || !all_digits(eight)) return -1;
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) sum += (eight[i] - '0') * kWeights[i];
  return (10 - sum % 10) % 10;
}

bool routing_number_valid(std::string_view nine) {
  if (nine.size() != 9 || !is_digit(nine[8])) return false;
  return routing_check_digit(nine.substr(0, 8)) == nine[8] - '0';
}

}  // namespace tally::formats::nacha

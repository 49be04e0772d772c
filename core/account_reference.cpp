#include "core/account_reference.h"

#include <cctype>

namespace tally {

std::optional<std::string> identify_account(std::string_view reference) {
  constexpr std::size_t kMinLength = 4, kMaxLength = 20;
  std::string out;
  bool has_digit = false;
  for (char c : reference) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u)) return std::nullopt;
    has_digit = has_digit || std::isdigit(u);
    out.push_back(static_cast<char>(std::toupper(u)));
    if (out.size() > kMaxLength) return std::nullopt;
  }
  if (out.size() < kMinLength || !has_digit) return std::nullopt;
  return out;
}

}  // namespace tally

// ISO 4217 currencies: alphabetic code and the number of minor-unit digits.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally {

class Currency {
 public:
  // Looks a code up in the ISO 4217 table ("USD", "EUR", "JPY", ...). Case-sensitive, as ISO.
  static std::optional<Currency> from_code(std::string_view code);
  static Currency usd();

  std::string_view code() const { return {code_.data(), code_.size()}; }
  int minor_digits() const { return minor_digits_; }
  // 10^minor_digits: minor units per major unit (100 for USD, 1 for JPY, 1000 for KWD).
  std::int64_t minor_per_major() const;

  friend bool operator==(const Currency& a, const Currency& b) { return a.code_ == b.code_; }

 private:
  constexpr Currency(std::array<char, 3> code, int minor_digits)
      : code_(code), minor_digits_(minor_digits) {}
  std::array<char, 3> code_;
  int minor_digits_;
  friend struct CurrencyTable;
};

}  // namespace tally

// Money: an exact amount in integer minor units of one ISO 4217 currency. Never floating point.
// Parsing and formatting decimal text are exact; arithmetic is overflow-checked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/currency.h"
#include "core/result.h"

namespace tally {

class Money {
 public:
  Money(std::int64_t minor, Currency currency) : minor_(minor), currency_(currency) {}
  static Money zero(Currency currency) { return Money(0, currency); }

  // Parses decimal text: optional sign ('-' or '+', or a trailing '-' as some bank files
  // write it), digits with optional ',' thousands grouping (groups of exactly three),
  // an optional '.' fraction. "1,234.56", "-0.07", "12", ".5", "18.150" are amounts.
  // Fraction digits beyond the currency's precision must be zeros: "18.150" EUR is 1815
  // minor units, "18.155" is excess_precision, never rounded.
  static Result<Money> parse(std::string_view text, Currency currency);

  std::int64_t minor() const { return minor_; }
  Currency currency() const { return currency_; }

  // "1234.56", "-0.07", "12" (JPY). No grouping: exact and machine-readable.
  std::string to_string() const;
  // "1,234.56": for people (receipts, reports).
  std::string to_display() const;

  Result<Money> plus(const Money& other) const;
  Result<Money> minus(const Money& other) const;
  Result<Money> negated() const;

  bool is_zero() const { return minor_ == 0; }
  bool is_negative() const { return minor_ < 0; }

  friend bool operator==(const Money& a, const Money& b) {
    return a.minor_ == b.minor_ && a.currency_ == b.currency_;
  }

 private:
  std::int64_t minor_;
  Currency currency_;
};

// The largest amount any event may carry, in minor units (100,000,000,000.00 in a currency of
// two decimals). No payment, bill or deposit a utility sees comes near it, and it is far enough
// below INT64_MAX that a day's sums cannot overflow in practice (they are checked anyway).
// Readers refuse larger amounts at parse time, so the ledger never sees one from a file.
inline constexpr std::int64_t kMaxAmountMinor = 10'000'000'000'000;

// Overflow-checked int64 helpers for code that sums many amounts of one currency.
std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b);

// Parses unsigned decimal digits as minor units with an implied decimal point, as fixed-width
// bank fields carry them ("0000012345" -> 12345). Only ASCII digits; overflow is an error.
std::optional<std::int64_t> parse_implied_minor(std::string_view digits);

}  // namespace tally

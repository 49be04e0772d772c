// How urgent a discrepancy is, from its amount and its age: what finance works first.
//   high    1,000.00 or more, or open more than 10 banking days
//   medium  100.00 or more, or open more than 3 banking days
//   low     the rest (a few cents of difference, a fresh over/short)
// Amounts in minor units of a two-decimal currency; thresholds are the policy of one place.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace tally::reconcile {

enum class Severity { low, medium, high };

inline constexpr std::int64_t kHighAmountMinor = 100'000;
inline constexpr std::int64_t kMediumAmountMinor = 10'000;
inline constexpr std::int32_t kHighAgeDays = 10;
inline constexpr std::int32_t kMediumAgeDays = 3;

inline Severity severity_of(std::int64_t amount_minor, std::int32_t age_banking_days) {
  const std::int64_t amount = amount_minor < 0 ? -amount_minor : amount_minor;
  if (amount >= kHighAmountMinor || age_banking_days > kHighAgeDays) return Severity::high;
  if (amount >= kMediumAmountMinor || age_banking_days > kMediumAgeDays) return Severity::medium;
  return Severity::low;
}

inline std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::high:
      return "high";
    case Severity::medium:
      return "medium";
    case Severity::low:
      return "low";
  }
  return "low";
}

}  // namespace tally::reconcile

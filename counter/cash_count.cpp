#include "counter/cash_count.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/money.h"
#include "counter/errors.h"

namespace tally::counter {
namespace {

// US notes and coins in circulation, as a counter drawer holds them.
constexpr std::int64_t kUsd[] = {1, 5, 10, 25, 50, 100, 200, 500, 1000, 2000, 5000, 10000};

}  // namespace

std::span<const std::int64_t> denominations(const Currency& currency) {
  if (currency == Currency::usd()) return kUsd;
  return {};
}

std::string denomination_label(std::int64_t value_minor, const Currency& currency) {
  const std::int64_t per_major = currency.minor_per_major();
  if (value_minor < per_major) return fmt::format("{}¢", value_minor);
  if (value_minor % per_major == 0) return fmt::format("${}", value_minor / per_major);
  return "$" + Money(value_minor, currency).to_string();
}

Result<std::int64_t> count_total(const CashCount& count, const Currency& currency,
                                 std::optional<std::int64_t> declared_minor) {
  const auto known = denominations(currency);
  if (known.empty())
    return counter_error(CounterErrc::invalid_argument,
                         fmt::format("the counter takes no cash in {}", currency.code()));
  std::int64_t total = 0;
  for (const auto& [value, pieces] : count) {
    if (std::find(known.begin(), known.end(), value) == known.end())
      return counter_error(CounterErrc::invalid_argument,
                           fmt::format("count: {} minor units is not a {} note or coin", value,
                                       currency.code()));
    if (pieces < 0 || pieces > kMaxPieces)
      return counter_error(CounterErrc::invalid_argument,
                           fmt::format("count: {} pieces of {} (0..{})", pieces,
                                       denomination_label(value, currency), kMaxPieces));
    total += value * pieces;  // bounded: 12 denominations x 100,000 pieces x $100
  }
  if (declared_minor && *declared_minor != total)
    return counter_error(
        CounterErrc::invalid_argument,
        fmt::format("count: the denominations add up to {}, not the {} written down",
                    Money(total, currency).to_display(), Money(*declared_minor, currency).to_display()));
  return total;
}

void put_count(const CashCount& count,
               google::protobuf::RepeatedPtrField<events::DenominationCount>& out) {
  for (const auto& [value, pieces] : count) {
    if (pieces == 0) continue;
    auto* d = out.Add();
    d->set_value_minor(value);
    d->set_count(pieces);
  }
}

CashCount count_of(const google::protobuf::RepeatedPtrField<events::DenominationCount>& in) {
  CashCount count;
  for (const auto& d : in) count[d.value_minor()] += d.count();
  return count;
}

std::optional<CashCount> minus(const CashCount& whole, const CashCount& part) {
  CashCount left = whole;
  for (const auto& [value, pieces] : part) {
    auto it = left.find(value);
    const std::int64_t have = it == left.end() ? 0 : it->second;
    if (have < pieces) return std::nullopt;
    if (pieces > 0) it->second -= pieces;
  }
  std::erase_if(left, [](const auto& kv) { return kv.second == 0; });
  return left;
}

}  // namespace tally::counter

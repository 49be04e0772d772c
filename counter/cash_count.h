// Cash counted by denomination: a drawer's float when it opens, its cash when it closes, the
// cash on a deposit slip. The counter knows the notes and coins of the currencies it takes
// (US dollars: $100 to 1 cent); a count names only those, each at most kMaxPieces times.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/currency.h"
#include "core/events/codec.h"
#include "core/result.h"

namespace tally::counter {

// More pieces of one denomination than any drawer holds: a typo, not a count.
inline constexpr std::int64_t kMaxPieces = 100'000;

// Value in minor units -> pieces. Ordered, so the largest note is last.
using CashCount = std::map<std::int64_t, std::int64_t>;

// The denominations of a currency the counter takes, smallest first; empty: not taken.
std::span<const std::int64_t> denominations(const Currency& currency);
// "$20", "25¢": for receipts, slips and the count screen.
std::string denomination_label(std::int64_t value_minor, const Currency& currency);

// Every value a denomination of the currency, every count 0..kMaxPieces; the total. When
// `declared_minor` is given (the total the cashier wrote down) it must equal the sum, or the
// count does not add up. Errors are CounterErrc::invalid_argument naming the denomination.
Result<std::int64_t> count_total(const CashCount& count, const Currency& currency,
                                 std::optional<std::int64_t> declared_minor = std::nullopt);

// To and from the events' repeated DenominationCount (zero counts left out).
void put_count(const CashCount& count,
               google::protobuf::RepeatedPtrField<events::DenominationCount>& out);
CashCount count_of(const google::protobuf::RepeatedPtrField<events::DenominationCount>& in);

// `whole` less `part`, denomination by denomination; nullopt when `part` has more of some
// denomination than `whole` (the float kept back cannot be taken from the count as opened).
std::optional<CashCount> minus(const CashCount& whole, const CashCount& part);

}  // namespace tally::counter

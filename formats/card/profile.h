// Profiles: how one processor's CSV export maps onto the generic card layout (README.md).
// A profile names, for each generic column, the processor's header; says how the three
// amounts are made from the processor's amount columns (sums and differences, e.g. Adyen's
// "Net Credit (NC)" - "Net Debit (NC)"); maps the processor's type values onto RecordType; and
// lists the headers that must all be present for a header row to be this processor's.
//
// Profiles are static tables, immutable and shared freely between threads. Header names match
// case-insensitively after trimming spaces; column order does not matter; extra columns are
// allowed (and still scanned for card numbers by the reader).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "formats/card/record.h"

namespace tally::formats::card {

// The generic layout's text columns, in README order.
enum class Column : std::size_t {
  kProcessor,
  kMerchant,
  kBatchId,
  kSettlementDate,
  kDepositDate,
  kType,
  kCardBrand,
  kLastFour,
  kAuthCode,
  kProcessorReference,
  kModificationReference,
  kOurReference,
  kCurrency,
  kGrossCurrency,
  kReasonCode,
  kCaseId,
};
inline constexpr std::size_t kColumnCount = 16;

// An amount = sum of `plus` columns - sum of `minus` columns, over the cells that are not
// empty; absent when every one of them is empty. Unused slots are "".
struct AmountColumns {
  std::array<std::string_view, 4> plus{};
  std::array<std::string_view, 2> minus{};
};

struct TypeAlias {
  std::string_view value;  // as the processor writes it (matched case-insensitively)
  RecordType type;
};

struct Profile {
  std::string_view name;             // "generic", "adyen_settlement_details"
  std::string_view fixed_processor;  // processor name when the layout has no processor column
  std::array<std::string_view, kColumnCount> columns{};  // "" = this layout has no such column
  AmountColumns gross, fees, net;
  std::span<const TypeAlias> types;
  std::span<const std::string_view> required;  // headers that identify the layout
  // True when a payout row states the payout as a debit of the processor balance (Adyen's
  // MerchantPayout is a "Net Debit"), so its amounts are negated into the generic convention.
  bool payout_is_debit = false;
};

const Profile& generic_profile();
const Profile& adyen_profile();
std::span<const Profile* const> all_profiles();

// Column indexes of one file, resolved from its header row against a profile.
struct ColumnMap {
  static constexpr int kAbsent = -1;
  struct Amount {
    std::array<int, 4> plus{kAbsent, kAbsent, kAbsent, kAbsent};
    std::array<int, 2> minus{kAbsent, kAbsent};
  };
  const Profile* profile = nullptr;
  std::array<int, kColumnCount> columns{};
  Amount gross, fees, net;

  int at(Column c) const { return columns[static_cast<std::size_t>(c)]; }
};

// Header names compare equal ignoring case and surrounding spaces.
bool same_header(std::string_view a, std::string_view b);

// The first profile whose required headers are all in `header`, resolved; nullopt if none.
std::optional<ColumnMap> match_header(const std::vector<std::string>& header);

// Maps a processor's type value through the profile; nullopt if the profile does not know it.
std::optional<RecordType> map_type(const Profile& profile, std::string_view value);

// Detection from the first bytes of a file: the profile its first CSV record (the header row)
// matches, or nullptr. A UTF-8 byte order mark before the header is ignored.
const Profile* detect_profile(std::string_view head);

}  // namespace tally::formats::card

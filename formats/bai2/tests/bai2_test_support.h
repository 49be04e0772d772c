// Test helpers for the BAI2 reader: a visitor that records what it saw (as owned strings),
// issue lookups, and fixture builders that compute correct trailers around a body.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/bai2/bai2.h"

namespace bai2_test {

using tally::formats::ParseReport;
namespace bai2 = tally::formats::bai2;

struct SeenTransaction {
  int type_code = 0;
  bai2::Direction direction = bai2::Direction::kNone;
  std::string type_name;
  std::int64_t amount_minor = -1;  // -1: absent
  char funds = ' ';
  std::vector<std::int64_t> availability;  // S amounts, or D (days, amount) pairs flattened
  std::string value_date;                  // ISO, empty if none
  std::int32_t value_time_s = -1;
  std::string bank_reference;
  std::string customer_reference;
  std::string text;
  std::string account;
  std::string currency;
  std::int64_t line = 0;
  std::int64_t record = 0;

  bool operator==(const SeenTransaction&) const = default;
};

struct SeenSummary {
  int type_code = 0;
  std::int64_t amount_minor = -1;
  std::int64_t item_count = -1;
  char funds = ' ';
};

struct SeenAccount {
  std::string number;
  std::string currency;
  std::vector<SeenSummary> summaries;
};

class Recorder : public bai2::Visitor {
 public:
  std::vector<std::string> events;  // "01", "02", "03", "16", "49", "98", "99" in call order
  std::vector<bai2::FileHeader> headers;
  std::vector<std::string> group_currencies;
  std::vector<bai2::GroupHeader> groups;
  std::vector<SeenAccount> accounts;
  std::vector<SeenTransaction> transactions;

  void on_file_header(const bai2::FileHeader& h) override;
  void on_group_header(const bai2::GroupHeader& h) override;
  void on_account(const bai2::AccountIdentifier& a) override;
  void on_transaction(const bai2::TransactionDetail& t) override;
  void on_account_trailer(const bai2::AccountTrailer&) override { events.push_back("49"); }
  void on_group_trailer(const bai2::GroupTrailer&) override { events.push_back("98"); }
  void on_file_trailer(const bai2::FileTrailer&) override { events.push_back("99"); }
};

// CHECKs that two readings delivered the same details, field by field (so a failure names the
// field); REQUIREs the same number.
void check_same_transactions(const std::vector<SeenTransaction>& a,
                             const std::vector<SeenTransaction>& b);

bool has_error(const ParseReport& r, std::string_view code);
bool has_warning(const ParseReport& r, std::string_view code);
// The first error with that code (REQUIREs it exists).
const tally::formats::Issue& error_with(const ParseReport& r, std::string_view code);
std::int64_t int_field(const tally::formats::Fields& f, std::string_view name);
std::string describe(const ParseReport& r);  // errors and warnings, for failure messages

inline constexpr std::string_view kFileHeader = "01,TALLYBANK,UTILITY01,260105,0800,7,,,2/\n";
inline constexpr std::string_view kGroupHeader = "02,UTILITY01,TALLYBANK,1,260104,2400,,2/\n";

// A file of one group and one account: `body` holds the 03 and its 16/88 records (ending in a
// newline), `body_records` their number and `total` the algebraic sum of their amounts.
// The 49, 98 and 99 trailers are written with the right totals and counts.
std::string one_account_file(std::string_view body, std::int64_t total, int body_records,
                             std::string_view file_header = kFileHeader,
                             std::string_view group_header = kGroupHeader);

// The reference fixture: one group, one account, three details, correct trailers.
// Account total 435000 (03: 150000+175000+40000+15000, 16: 30000+10000+15000), 9 records.
extern const std::string kValidFile;

}  // namespace bai2_test

// Test helpers for the lockbox reader: record builders in the standard layout (lines are not
// padded past their last field, as the sample bank sends them), a recording visitor and
// issue lookups.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/lockbox/lockbox.h"

namespace lockbox_test {

using tally::formats::ParseReport;
namespace lockbox = tally::formats::lockbox;

inline constexpr std::int64_t kLockbox = 22222;
inline constexpr const char* kDeposit = "260105";  // YYMMDD

std::string rec1(std::string_view date = "260105", std::string_view time = "0800");
std::string rec2();
std::string rec5(std::int64_t lockbox = kLockbox, std::string_view date = kDeposit);
std::string rec6(std::int64_t batch, std::int64_t item, std::int64_t amount_minor,
                 std::string_view check_date = "010426",
                 std::string_view remitter = "JOHN Q PUBLIC",
                 std::string_view routing = "055002707", std::string_view account = "0012345555");
std::string rec4(std::int64_t batch, std::int64_t item, int sequence, bool last,
                 std::string_view data);
std::string rec7(std::int64_t batch, std::int64_t count, std::int64_t amount_minor,
                 std::int64_t lockbox = kLockbox, std::string_view date = kDeposit);
std::string rec8(std::int64_t count, std::int64_t amount_minor, std::int64_t lockbox = kLockbox,
                 std::string_view date = kDeposit);
std::string rec9(std::int64_t records);

std::string join(const std::vector<std::string>& lines);  // one '\n' after each

// The reference fixture: one lockbox, batch 1 with items 1 (123.45) and 2 (500.00, with two
// overflow records), batch 2 with item 1 (75.00). 3 items, 698.45, 12 records.
std::vector<std::string> valid_lines();
std::string valid_file();

class Recorder : public lockbox::Visitor {
 public:
  std::vector<std::string> events;
  std::vector<lockbox::FileHeader> headers;
  std::vector<lockbox::Item> items;  // views into the parsed bytes: keep them alive
  std::vector<lockbox::Overflow> overflows;
  std::vector<lockbox::BatchTotal> batch_totals;
  std::vector<lockbox::LockboxHeader> lockboxes;

  void on_file_header(const lockbox::FileHeader& h) override;
  void on_service(const lockbox::ServiceRecord&) override { events.push_back("2"); }
  void on_lockbox(const lockbox::LockboxHeader& h) override;
  void on_item(const lockbox::Item& i) override;
  void on_overflow(const lockbox::Overflow& o) override;
  void on_batch_total(const lockbox::BatchTotal& t) override;
  void on_lockbox_total(const lockbox::LockboxTotal&) override { events.push_back("8"); }
  void on_trailer(const lockbox::Trailer&) override { events.push_back("9"); }
};

bool has_error(const ParseReport& r, std::string_view code);
const tally::formats::Issue& error_with(const ParseReport& r, std::string_view code);
std::int64_t int_field(const tally::formats::Fields& f, std::string_view name);
std::string describe(const ParseReport& r);

}  // namespace lockbox_test

// BAI2 parser (internal): the record state machine behind bai2::parse().
//
// File structure: 01 (02 (03 16* 49)* 98)* 99, with 88 continuations anywhere after a
// record (the lexer folds them into the record they continue). Control totals:
//   49 total = algebraic sum of the amounts of its 03 (status and summary) and 16 records,
//       88 continuations included; availability (funds type) amounts and item counts are not
//       amounts. 49 records = 03 .. 49 inclusive (88s count).
//   98 total = sum of the group's account totals; 98 accounts = its 03 records;
//       98 records = 02 .. 98 inclusive.
//   99 total = sum of the group totals; 99 groups = 02 records; 99 records = 01 .. 99.
// The parser compares each declared figure with its own running sum, so the totals it
// carries up are the computed ones: one wrong 49 is one error, not three.
// Memory: running totals plus reusable buffers reserved once at the limits in bai2.h.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "formats/bai2/bai2.h"
#include "formats/bai2/lexer.h"

namespace tally::formats::bai2 {

class Parser {
 public:
  // fast_path false: every 16 goes through the general lexer path (tests compare the two).
  Parser(std::string_view bytes, Visitor& visitor, bool fast_path = true);
  ParseReport run();

  // 16 records the detail run (detail_run.cpp) took; the rest went the one-record ways.
  std::int64_t details_in_run() const { return run_details_; }
  // Of those, the ones the wide (AVX2) reader decoded itself (detail_run_avx2.cpp).
  std::int64_t details_read_wide() const { return wide_details_; }

 private:
  enum class State { kExpectFile, kInFile, kInGroup, kInAccount, kDone };

  // headers.cpp, account.cpp, detail.cpp, funds.cpp: the records that carry data.
  void file_header();
  void group_header();
  void account();
  void summaries(AccountIdentifier& acct);
  void transaction();
  void run_details();  // detail_run.cpp
  bool transaction_fast();
  void detail_values(std::string_view type_f, std::string_view amount_f);
  void deliver_detail(bool may_hold_card);
  void mask_card_numbers(TransactionDetail& t);
  bool funds(std::string_view field, Availability& out);
  bool distributed(Availability& out);
  bool distributed_days(Availability& out);
  bool value_dated(std::string_view date, std::string_view time, Availability& out);
  std::optional<BusinessDate> value_date(std::string_view field);

  // parser.cpp: structure, trailers, totals and field helpers.
  bool amount_field(std::string_view field, bool allow_negative, const char* name,
                    std::optional<std::int64_t>& out);
  bool count_field(std::string_view field, const char* name, bool required,
                   std::optional<std::int64_t>& out);

  void dispatch(int code);
  void account_trailer();
  void group_trailer();
  void file_trailer();
  void finish();
  bool next(std::string_view& field);
  bool add_to(std::int64_t& sum, std::int64_t amount, const char* what) {
    std::int64_t total = 0;
    if (__builtin_add_overflow(sum, amount, &total)) [[unlikely]] {
      overflowed(what);
      return false;
    }
    sum = total;
    return true;
  }
  void overflowed(const char* what);
  void compare(const char* field, const char* code, std::int64_t declared, std::int64_t computed,
               const char* what);
  void close_open_account(const char* before);
  void close_open_group(const char* before);
  void extra_fields(const char* record);
  void error(std::string field, std::string code, std::string message);
  void warning(std::string field, std::string code, std::string message);

  friend struct DetailRun;  // the hot loop over 16 records keeps these in registers

  ParseReport report_;  // before lex_: the lexer reports into it
  Lexer lex_;
  Visitor& visitor_;
  State state_ = State::kExpectFile;
  bool record_ok_ = true;
  bool fast_path_ = true;
  bool reported_after_trailer_ = false;

  // Reused for every record; reserved at the limits, so spans into them stay valid.
  std::vector<AccountSummary> summaries_;
  std::vector<Distribution> distributions_;
  std::string account_number_;  // outlives the 03's fields: 16 records refer to it
  TransactionDetail txn_;       // reused: building a fresh one per 16 shows in the profile
  std::string pan_text_;        // a text with a card number masked (rare)
  std::array<char, 6> last_date_text_{};  // value dates repeat: parse each distinct one once
  std::optional<BusinessDate> last_date_;

  Currency group_currency_ = Currency::usd();
  Currency account_currency_ = Currency::usd();
  std::int64_t file_ordinal_ = 1;
  std::int64_t group_ordinal_ = 0;
  std::int64_t account_ordinal_ = 0;
  std::int64_t account_total_ = 0;
  std::int64_t group_total_ = 0;
  std::int64_t group_accounts_ = 0;
  std::int64_t file_total_ = 0;
  std::int64_t groups_ = 0;
  std::int64_t accounts_ = 0;
  std::int64_t transactions_ = 0;
  std::int64_t credit_minor_ = 0;
  std::int64_t debit_minor_ = 0;
  std::int64_t declared_accounts_ = 0;
  std::int64_t run_details_ = 0;
  std::int64_t wide_details_ = 0;
};

}  // namespace tally::formats::bai2

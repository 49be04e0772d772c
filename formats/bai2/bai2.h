// BAI2 reader: the BAI Cash Management Balance Reporting Specifications, version 2 (bank
// statements: balances, summaries and transaction details per account).
//
// parse() reads a whole in-memory file and streams it: it calls the Visitor for each logical
// record as soon as the record (with its 88 continuations) has been read, and keeps nothing
// but running totals. Memory is bounded by the largest record (kMaxRecordBytes, kMaxSummaries,
// kMaxDistributions), never by the file. Visitor calls happen BEFORE the file is known to be
// good: a caller acts on what it saw only if the returned report says accepted (all control
// totals and counts agree and nothing was malformed).
//
// Lifetime: every string_view and span in a record points into `bytes` or into the parser's
// own buffers and is valid only during the callback; copy what you keep.
// Threads: parse() has no shared state; run as many in parallel as you like.
// Errors: never throws; located issues (line, record, field, code, message) in the report.
// Record ordinals in issues count physical records as the trailers do (01 is record 1, each
// 88 continuation is a record of its own).
//
// Card numbers (13-19 digit Luhn-valid numbers starting 2-6) in 16 text are masked to their
// last four digits before the visitor sees them (warning pan_masked); references are not
// touched: they identify the transaction.
//
// Amounts are int64 minor units exactly as written (BAI2 amounts carry implied decimals per
// the currency of the 02/03 record, so "15009736" USD is 150,097.36 = 15009736 minor units).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/business_date.h"
#include "core/currency.h"
#include "formats/bai2/type_codes.h"
#include "formats/common/report.h"

namespace tally::formats::bai2 {

// Limits on one logical record; a record beyond them is an error, never an allocation.
inline constexpr std::size_t kMaxRecordBytes = 64 * 1024;  // joined text and wrapped fields
inline constexpr std::size_t kMaxSummaries = 512;          // type-code groups in one 03
inline constexpr std::size_t kMaxDistributions = 256;      // "D" availability pairs per record

// A time of day in the originator's zone. 2400 and 9999 both mean end of day (the
// specification asks receivers to accept 9999); HHMM, HHMMSS, HH:MM and HH:MM:SS are read.
struct TimeOfDay {
  static constexpr std::int32_t kEndOfDay = 24 * 3600;
  std::int32_t seconds = 0;  // since midnight; kEndOfDay for 2400 / 9999
  bool end_of_day() const { return seconds == kEndOfDay; }
};

enum class FundsType : char {
  kUnknown = 'Z',  // also what a defaulted (empty) funds type means
  kImmediate = '0',
  kOneDay = '1',
  kTwoOrMoreDays = '2',
  kDistributed = 'S',      // immediate, one-day, two-or-more-days amounts
  kValueDated = 'V',       // value date and optional time
  kDistributedDays = 'D',  // count, then (days, amount) pairs
};

struct Distribution {
  std::int64_t days = 0;
  std::int64_t amount_minor = 0;
};

// The composite Funds Type field. Its amounts are NOT part of any control total.
struct Availability {
  FundsType type = FundsType::kUnknown;
  bool defaulted = true;  // the field was empty
  // S
  std::int64_t immediate_minor = 0;
  std::int64_t one_day_minor = 0;
  std::int64_t two_or_more_days_minor = 0;
  // V
  std::optional<BusinessDate> value_date;
  std::optional<TimeOfDay> value_time;
  // D
  std::span<const Distribution> distributions;
};

struct FileHeader {  // 01
  std::string_view sender_id;
  std::string_view receiver_id;
  BusinessDate creation_date;
  TimeOfDay creation_time;
  std::string_view file_id;
  std::optional<std::int64_t> physical_record_length;  // absent: variable length
  std::optional<std::int64_t> block_size;
  std::int64_t line = 0;
};

enum class GroupStatus { kUpdate = 1, kDeletion = 2, kCorrection = 3, kTestOnly = 4 };

struct GroupHeader {                      // 02
  std::string_view ultimate_receiver_id;  // optional
  std::string_view originator_id;
  GroupStatus status = GroupStatus::kUpdate;
  BusinessDate as_of_date;
  std::optional<TimeOfDay> as_of_time;
  Currency currency = Currency::usd();  // default USD
  int as_of_date_modifier = 0;          // 1-4, 0 when defaulted
  std::int64_t line = 0;
};

// One type-code group of an 03 record: a status (balance) or a summary (activity total).
struct AccountSummary {
  TypeCodeInfo type;
  std::optional<std::int64_t> amount_minor;  // status amounts may be negative
  std::optional<std::int64_t> item_count;
  Availability funds;
};

struct AccountIdentifier {  // 03 with its 88 continuations
  std::string_view account_number;
  Currency currency = Currency::usd();  // default: the group's
  std::span<const AccountSummary> summaries;
  std::int64_t line = 0;
  std::int64_t record = 0;
};

struct TransactionDetail {                   // 16 with its 88 continuations
  TypeCodeInfo type;                         // direction and name come from here
  std::optional<std::int64_t> amount_minor;  // unsigned; absent e.g. for 890 messages
  Currency currency = Currency::usd();       // the account's
  Availability funds;
  std::string_view bank_reference;
  std::string_view customer_reference;
  std::string_view text;  // trimmed; wrapped lines and 88 pieces joined by one space
  std::string_view account_number;
  std::int64_t line = 0;
  std::int64_t record = 0;
};

struct AccountTrailer {                             // 49
  std::optional<std::int64_t> control_total_minor;  // absent when blank (a warning)
  std::int64_t record_count = 0;
  std::int64_t line = 0;
};

struct GroupTrailer {  // 98
  std::int64_t control_total_minor = 0;
  std::int64_t account_count = 0;
  std::int64_t record_count = 0;
  std::int64_t line = 0;
};

struct FileTrailer {  // 99
  std::int64_t control_total_minor = 0;
  std::int64_t group_count = 0;
  std::int64_t record_count = 0;
  std::int64_t line = 0;
};

// Callbacks in file order. Defaults do nothing, so a visitor overrides what it needs.
class Visitor {
 public:
  virtual ~Visitor() = default;
  virtual void on_file_header(const FileHeader&) {}
  virtual void on_group_header(const GroupHeader&) {}
  virtual void on_account(const AccountIdentifier&) {}
  virtual void on_transaction(const TransactionDetail&) {}
  virtual void on_account_trailer(const AccountTrailer&) {}
  virtual void on_group_trailer(const GroupTrailer&) {}
  virtual void on_file_trailer(const FileTrailer&) {}
};

// Report format "bai2". summary (computed) and declared (99 record) both carry
// file_total_minor, groups and records; summary adds accounts, transactions, credit_minor and
// debit_minor, declared adds accounts (the sum of the 98 account counts).
ParseReport parse(std::string_view bytes, Visitor& visitor);
ParseReport check(std::string_view bytes);

}  // namespace tally::formats::bai2

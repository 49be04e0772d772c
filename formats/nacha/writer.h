// NACHA writer for autopay origination files: the utility, as originator, debits its
// customers' checking (27) or savings (37) accounts with PPD entries, optionally balanced by
// an offset credit to its own account so each batch nets to zero.
//
// What it writes: file header; per batch a batch header (service class 225, or 200 when it
// carries an offset), entries with trace numbers (ODFI 8 digits + 7-digit sequence that runs
// on across the file's batches), an optional addenda 05 per entry, the offset entry last,
// and a batch control with counts, entry hash and totals; then the file control with the
// block count, and 9-filler up to a multiple of 10 records. The reader accepts what it
// writes, field for field (trailing spaces are not significant in NACHA fields).
//
// Values are checked, not repaired: a routing number failing its check digit, an account
// number over 17 characters, a non-ASCII byte are errors (NachaErrc::invalid_field). Only
// names (individual, company) are cut to their field widths, as banks do.
//
// Usage: Writer::create → begin_batch → add_debit... → end_batch → ... → finish. A failed
// call leaves the writer unchanged. Not thread-safe; the output is built in memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/result.h"
#include "formats/nacha/transaction_codes.h"

namespace tally::formats::nacha {

struct FileOptions {
  std::string immediate_destination;       // routing number receiving the file: 9 digits
  std::string immediate_origin;            // 9-digit routing number or 10-digit identification
  std::string immediate_destination_name;  // up to 23
  std::string immediate_origin_name;       // up to 23
  std::string reference_code;              // up to 8
  BusinessDate file_creation_date;
  std::string file_creation_time;  // "HHMM" or empty
  char file_id_modifier = 'A';     // A-Z, 0-9: tells same-day files apart
  // Sequence of the first entry's trace number. Callers that send several files a day keep
  // traces unique by continuing from the last file's next_trace_sequence().
  std::int64_t first_trace_sequence = 1;
  std::string line_ending = "\n";  // "\n" or "\r\n"
};

// The utility's own account, credited with the batch total by the offset entry.
struct OffsetAccount {
  AccountType account_type = AccountType::kChecking;  // 22 checking, 32 savings
  std::string routing_number;                         // 9 digits
  std::string dfi_account_number;                     // up to 17
  std::string individual_id_number;                   // up to 15
  std::string individual_name;                        // up to 22
};

struct BatchOptions {
  std::string company_name;                // up to 16
  std::string company_discretionary_data;  // up to 20
  std::string company_identification;      // up to 10, e.g. "1" + EIN
  std::string company_entry_description;   // up to 10, e.g. "UTILITY"
  std::string company_descriptive_date;    // up to 6
  BusinessDate effective_entry_date;
  std::string odfi_identification;  // 8 digits: the ODFI routing number without check digit
  std::optional<OffsetAccount> offset;
};

struct AutopayDebit {
  AccountType account_type = AccountType::kChecking;  // 27 checking, 37 savings
  std::string routing_number;                         // 9 digits with its check digit
  std::string dfi_account_number;                     // 1-17
  std::int64_t amount_minor = 0;                      // 1..9,999,999,999 cents; 0 for a prenote
  std::string individual_id_number;                   // up to 15: the customer's utility account
  std::string individual_name;                        // cut at 22
  std::string discretionary_data;                     // up to 2
  bool prenote = false;                               // 28 / 38: zero-dollar account check
  std::string payment_related_information;            // up to 80; non-empty adds an addenda 05
};

class Writer {
 public:
  static Result<Writer> create(FileOptions options);

  Status begin_batch(const BatchOptions& batch);
  // Appends a debit to the open batch; returns its 15-digit trace number.
  Result<std::string> add_debit(const AutopayDebit& debit);
  // Writes the offset entry (if the batch has one and a non-zero total) and the control.
  Status end_batch();
  // Writes the file control and filler and hands over the file. The writer is then spent.
  Result<std::string> finish();

  std::int64_t next_trace_sequence() const { return next_trace_; }

 private:
  explicit Writer(FileOptions options) : options_(std::move(options)) {}
  void emit(std::string_view record);

  FileOptions options_;
  std::string out_;
  std::int64_t records_ = 0;
  std::int64_t next_trace_ = 1;
  std::int64_t batches_ = 0;
  std::int64_t file_entry_addenda_ = 0;
  std::int64_t file_hash_ = 0;
  std::int64_t file_debit_ = 0;
  std::int64_t file_credit_ = 0;
  bool in_batch_ = false;
  bool finished_ = false;
  // The open batch.
  BatchOptions batch_;
  int service_class_code_ = 0;
  std::int64_t batch_entry_addenda_ = 0;
  std::int64_t batch_hash_ = 0;
  std::int64_t batch_debit_ = 0;
  std::int64_t batch_credit_ = 0;
};

// One call for a whole file: each batch's debits, in order.
struct AutopayBatch {
  BatchOptions options;
  std::vector<AutopayDebit> debits;
};
Result<std::string> write_autopay_file(const FileOptions& options,
                                       const std::vector<AutopayBatch>& batches);

}  // namespace tally::formats::nacha

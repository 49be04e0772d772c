// BAI lockbox reader: the checks a bank's lockbox service deposited for us, with batch and
// lockbox totals.
//
// File structure: 1 [2] (5 ((6 4*)* 7)* 8)* 9, one record per line (LF, CRLF or CR; lines
// need not be padded to the record length; blank lines are ignored). Field positions come
// from a LockboxLayout (layout.h).
//
// Checks, each one an error that rejects the file: every field as its layout type says;
// structure (order above, overflow records belonging to the preceding 6, one batch number per
// batch, increasing item numbers within a batch, 7/8 lockbox number and deposit date equal to
// the 5's when the layout places them); batch totals (7: item count and amount against its 6
// records); lockbox totals (8: item count and amount against its batches); and the 9 record
// count against the records in the file (the 9 included).
//
// parse() streams: it calls the Visitor for each record as soon as it is read and keeps only
// running totals, so memory does not depend on the file's size. Visitor calls happen BEFORE
// the file is known to be good: act on them only if the report says accepted.
// Lifetime: string_views point into `bytes`, except a name or remittance text in which a
// card number was masked (warning pan_masked), which points into the parser: copy what you
// keep during the callback.
// Threads: no shared state. Errors: never throws (unless the visitor does); located issues
// (line, record, field, code, message) in the report. Record ordinals count non-blank lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/business_date.h"
#include "core/currency.h"
#include "formats/common/report.h"
#include "formats/lockbox/layout.h"

namespace tally::formats::lockbox {

struct FileHeader {  // 1: immediate address header
  std::optional<std::int64_t> priority_code;
  std::string_view destination_id;
  std::string_view origin_id;
  std::optional<BusinessDate> processing_date;
  std::optional<int> processing_time_minutes;  // since midnight; 2400 is 1440
  std::int64_t line = 0;
};

struct ServiceRecord {  // 2
  std::string_view destination_origin;
  std::string_view reference_code;
  std::optional<std::int64_t> service_type;  // 400: lockbox
  std::optional<std::int64_t> record_size;
  std::optional<std::int64_t> blocking_factor;
  std::optional<std::int64_t> format_code;
  std::int64_t line = 0;
};

struct LockboxHeader {  // 5
  std::int64_t lockbox_number = 0;
  BusinessDate deposit_date;
  std::optional<std::int64_t> batch_number;
  std::string_view reference_code;
  std::string_view destination_origin;
  std::int64_t line = 0;
};

// 6: one check. (lockbox_number, deposit_date, batch_number, item_number) identify it.
struct Item {
  std::int64_t lockbox_number = 0;  // from the 5 record
  BusinessDate deposit_date;        // from the 5 record
  std::int64_t batch_number = 0;
  std::int64_t item_number = 0;
  std::int64_t amount_minor = 0;
  Currency currency = Currency::usd();
  std::string_view remitter_routing;  // as written (leading zeros kept); empty if absent
  std::string_view remitter_account;
  std::string_view check_number;
  std::optional<BusinessDate> check_date;
  std::string_view remitter_name;
  std::string_view payee_name;
  std::int64_t line = 0;
  std::int64_t record = 0;
};

// 4: remittance data (invoice numbers, account references) for the preceding 6.
struct Overflow {
  std::int64_t batch_number = 0;
  std::int64_t item_number = 0;
  std::string_view overflow_type;  // "4" invoice data, "6" check data, as the bank uses them
  std::optional<std::int64_t> sequence;
  bool last = false;  // overflow indicator 9: the last overflow of this item
  std::string_view data;
  std::int64_t line = 0;
  std::int64_t record = 0;
};

struct BatchTotal {  // 7
  std::int64_t batch_number = 0;
  std::int64_t item_count = 0;
  std::int64_t amount_minor = 0;
  std::int64_t line = 0;
};

struct LockboxTotal {  // 8
  std::int64_t lockbox_number = 0;
  std::int64_t item_count = 0;
  std::int64_t amount_minor = 0;
  std::int64_t line = 0;
};

struct Trailer {  // 9
  std::int64_t record_count = 0;
  std::int64_t line = 0;
};

class Visitor {
 public:
  virtual ~Visitor() = default;
  virtual void on_file_header(const FileHeader&) {}
  virtual void on_service(const ServiceRecord&) {}
  virtual void on_lockbox(const LockboxHeader&) {}
  virtual void on_item(const Item&) {}
  virtual void on_overflow(const Overflow&) {}
  virtual void on_batch_total(const BatchTotal&) {}
  virtual void on_lockbox_total(const LockboxTotal&) {}
  virtual void on_trailer(const Trailer&) {}
};

// Report format "lockbox". summary (computed from the records) and declared (as the 7, 8
// and 9 records state it) both carry items, batches, total_minor and records; summary adds
// lockboxes. declared items and total_minor are the sums of the 8 records; batches is the
// number of 7 records; records is the 9's count.
ParseReport parse(std::string_view bytes, Visitor& visitor,
                  const LockboxLayout& layout = LockboxLayout::standard());
ParseReport check(std::string_view bytes, const LockboxLayout& layout = LockboxLayout::standard());

}  // namespace tally::formats::lockbox

// Readers for the billing system's CSVs (README.md): bills issued and autopay enrollments.
// Streaming: rows are handed to the visitor one at a time and never accumulated. Visitor calls
// happen before the file is known good: act only when the report is accepted.
#pragma once

#include <string_view>

#include "core/business_date.h"
#include "core/currency.h"
#include "formats/common/report.h"

namespace tally::formats::billing {

struct Location {
  std::int64_t line = 0;
  std::int64_t record = 0;
};

struct Bill {
  Location at;
  std::string_view account;
  std::string_view bill_id;  // empty when the file has no bill_id column
  BusinessDate bill_date;
  BusinessDate due_date;
  std::int64_t amount_due_minor = 0;
  Currency currency = Currency::usd();
};

struct Enrollment {
  Location at;
  bool remove = false;
  std::string_view account;
  std::string_view routing;
  // The full bank account number, valid during the callback only. Callers must not store it
  // whole (DESIGN.md): mask it, hash it with a key, or seal it.
  std::string_view account_number;
  bool savings = false;
  std::string_view holder_name;
};

class BillVisitor {
 public:
  virtual ~BillVisitor() = default;
  virtual void on_bill(const Bill&) {}
};

class EnrollmentVisitor {
 public:
  virtual ~EnrollmentVisitor() = default;
  virtual void on_enrollment(const Enrollment&) {}
};

ParseReport parse_bills(std::string_view bytes, BillVisitor& visitor);
ParseReport check_bills(std::string_view bytes);
ParseReport parse_enrollments(std::string_view bytes, EnrollmentVisitor& visitor);
ParseReport check_enrollments(std::string_view bytes);

}  // namespace tally::formats::billing

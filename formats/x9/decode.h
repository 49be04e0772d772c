// Fixed-position field extraction for X9 records: one decode function per record type, from
// the record's ASCII text to its typed struct (records.h), with an issue for each field that
// is not what the standard allows. Positions are 1-based and inclusive, as the standard
// numbers them; a record shorter than a field reads as blanks there. Internal to formats/x9.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/x9/records.h"

namespace tally::formats::x9 {

struct FieldIssue {
  std::string field;  // the standard's field name, snake_case ("item_amount")
  std::string code;   // "bad_amount", "bad_number", "bad_date", "bad_return_reason"
  std::string message;
};
using FieldIssues = std::vector<FieldIssue>;

// Reads fields of one record's text.
class Fields {
 public:
  Fields(std::string_view text, FieldIssues& issues) : text_(text), issues_(issues) {}

  std::string_view raw(int first, int last) const;  // may be shorter than the field
  std::string text(int first, int last) const;      // blank fill trimmed on both sides
  // All digits, the full width: "0000100000" in 48-57 is 100000 cents.
  std::optional<std::int64_t> amount(int first, int last, std::string_view name);
  std::optional<std::int64_t> count(int first, int last, std::string_view name);
  // YYYYMMDD; an all-blank optional date is nullopt without an issue.
  std::optional<BusinessDate> date(int first, int last, std::string_view name, bool mandatory);
  void issue(std::string_view name, std::string_view code, std::string message);

 private:
  std::optional<std::int64_t> digits(int first, int last, std::string_view name,
                                     std::string_view code);
  std::string_view text_;
  FieldIssues& issues_;
};

// Record type from the first two characters ("25"); nullopt when they are not digits.
std::optional<int> record_type(std::string_view text);

void decode(std::string_view text, FileHeader& out, FieldIssues& issues);
void decode(std::string_view text, CashLetterHeader& out, FieldIssues& issues);
void decode(std::string_view text, BundleHeader& out, FieldIssues& issues);
void decode(std::string_view text, CheckDetail& out, FieldIssues& issues);
void decode(std::string_view text, ReturnDetail& out, FieldIssues& issues);
void decode(std::string_view text, int type, Addendum& out, FieldIssues& issues);
void decode(std::string_view text, ImageViewDetail& out, FieldIssues& issues);
void decode(std::string_view text, ImageViewData& out, FieldIssues& issues);
void decode(std::string_view text, int type, Credit& out, FieldIssues& issues);
void decode(std::string_view text, BundleControl& out, FieldIssues& issues);
void decode(std::string_view text, CashLetterControl& out, FieldIssues& issues);
void decode(std::string_view text, FileControl& out, FieldIssues& issues);

}  // namespace tally::formats::x9

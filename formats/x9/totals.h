// Control totals of an X9 file: what the records add up to, per bundle, cash letter and file,
// checked against the 70, 90 and 99 records. Internal to formats/x9 (reader.cpp feeds it).
//
// Items are check details (25) and returns (31); credits (61, 62) join the items and the
// amounts only where the control's credit total indicator is 1. Images are image view detail
// records (50). The file's record count includes every record, 01 and 99 too.
//
// One writer quirk is tolerated, with a warning: files written by some versions of
// moov-io/imagecashletter put the number of records inside the bundle (everything between 20
// and 70) in the "items" counts of 70, 90 and 99 instead of the number of items. A declared
// count equal to that record count is accepted (the amounts, images, bundle, cash letter and
// record counts still must match exactly); any other disagreement rejects.
#pragma once

#include <cstdint>
#include <string_view>

#include "formats/common/report.h"
#include "formats/x9/framing.h"
#include "formats/x9/records.h"

namespace tally::formats::x9 {

// "line 12: ..." for line-framed files, "record 7 at byte 560: ..." otherwise.
Issue located(const RecordPosition& at, std::string_view field, std::string_view code,
              std::string_view message);

class Checker {
 public:
  explicit Checker(ParseReport& report) : report_(report) {}

  void add_record() { ++records_; }
  void add_bundle_record() { ++bundle_.item_records; }
  void open_cash_letter();
  void open_bundle();
  void add_item(const RecordPosition& at, std::int64_t amount_minor, bool is_return,
                bool micr_valid);
  void add_credit(const RecordPosition& at, std::int64_t amount_minor);
  void add_image();
  void close_bundle(const BundleControl& control);
  void close_cash_letter(const CashLetterControl& control);
  void close_file(const FileControl& control);
  // The report's summary and declared fields.
  void summarize(const Detected& detected);

 private:
  struct Scope {
    std::int64_t items = 0, amount_minor = 0, returns = 0;
    std::int64_t credits = 0, credit_minor = 0;
    std::int64_t images = 0, item_records = 0, micr_valid_minor = 0;
    std::int64_t bundles = 0, cash_letters = 0;
  };
  Scope& current() { return bundle_open_ ? bundle_ : cash_letter_; }
  void add(std::int64_t& sum, std::int64_t value, const RecordPosition& at);
  void merge(Scope& into, const Scope& from, const RecordPosition& at);
  void check_count(const RecordPosition& at, std::string_view field, std::string_view what,
                   std::int64_t declared, std::int64_t actual);
  void check_records(const RecordPosition& at, std::int64_t declared);
  void check_items(const RecordPosition& at, std::string_view field, std::string_view scope,
                   std::int64_t declared, std::int64_t items, std::int64_t records);
  void check_total(const RecordPosition& at, std::string_view field, std::string_view scope,
                   std::int64_t declared, std::int64_t actual);

  ParseReport& report_;
  Scope bundle_, cash_letter_, file_;
  bool bundle_open_ = false;
  std::int64_t records_ = 0;
  bool overflowed_ = false;
  bool has_file_control_ = false;
  FileControl file_control_;
  std::int64_t declared_bundles_ = 0, declared_images_ = 0;
};

}  // namespace tally::formats::x9

// Test fixtures: small NACHA files built record by record from named values, with control
// records computed from the entries, so each test can start from a valid file and break
// exactly one thing. Also a Visitor that records what it was given (copied out of the views).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/nacha/reader.h"

namespace nacha_test {

// Overwrites `line` at 1-based `start` with `value` (the line is padded to 94 first).
void put(std::string& line, std::size_t start, std::string_view value);
std::string pad94(std::string_view s);

struct EntrySpec {
  int transaction_code = 27;
  std::string routing9 = "231380104";  // RDFI routing with check digit
  std::string account = "123456789";
  std::int64_t amount_minor = 12345;
  std::string id = "CUST-0001";      // positions 40-54
  std::string name = "JANE DOE";     // positions 55-76
  std::string discretionary;         // positions 77-78
  std::vector<std::string> addenda;  // full addenda lines
};

struct BatchSpec {
  std::string sec = "PPD";
  int service_class_code = 225;
  std::string company_id = "1234567890";
  std::string effective_date = "261123";  // YYMMDD
  std::string odfi = "12104288";
  std::vector<EntrySpec> entries;
};

class FileBuilder {
 public:
  FileBuilder& batch(BatchSpec spec);
  FileBuilder& entry(EntrySpec spec);  // into the last batch
  // All records, controls computed; filler up to a multiple of 10 unless `filler` is false.
  std::vector<std::string> lines(bool filler = true) const;
  std::string text(std::string_view eol = "\n", bool filler = true) const;

  std::string origin = " 121042882";
  std::string destination = " 231380104";

 private:
  std::vector<BatchSpec> batches_;
};

std::string join(const std::vector<std::string>& lines, std::string_view eol = "\n");

// Addenda lines, laid out as the Rules print them.
std::string addenda05(std::string_view info, int sequence, std::int64_t entry_sequence);
std::string addenda98(std::string_view change_code, std::string_view original_trace,
                      std::string_view original_rdfi, std::string_view corrected_data,
                      std::string_view trace);
std::string addenda99(std::string_view return_code, std::string_view original_trace,
                      std::string_view date_of_death, std::string_view original_rdfi,
                      std::string_view info, std::string_view trace);

// What a visitor saw, as owned strings.
struct Seen {
  std::vector<std::string> events;  // "file_header", "batch_header", "entry", ...
  std::vector<std::string> names;   // entries' individual_name
  std::vector<std::string> traces;  // entries' trace_number
  std::vector<std::int64_t> amounts;
  std::vector<bool> debits;
  std::vector<std::int64_t> addenda_counts;
};

class RecordingVisitor : public tally::formats::nacha::Visitor {
 public:
  void on_file_header(const tally::formats::nacha::FileHeader&) override;
  void on_batch_header(const tally::formats::nacha::BatchHeader&) override;
  void on_entry(const tally::formats::nacha::EntryDetail& e) override;
  void on_batch_control(const tally::formats::nacha::BatchControl&) override;
  void on_file_control(const tally::formats::nacha::FileControl&) override;
  Seen seen;
};

// Forwards each record to a function (unset ones ignored): tests check views in the callback.
class FnVisitor : public tally::formats::nacha::Visitor {
 public:
  std::function<void(const tally::formats::nacha::FileHeader&)> file_header;
  std::function<void(const tally::formats::nacha::BatchHeader&)> batch_header;
  std::function<void(const tally::formats::nacha::EntryDetail&)> entry;
  std::function<void(const tally::formats::nacha::BatchControl&)> batch_control;
  std::function<void(const tally::formats::nacha::FileControl&)> file_control;

  void on_file_header(const tally::formats::nacha::FileHeader& r) override {
    if (file_header) file_header(r);
  }
  void on_batch_header(const tally::formats::nacha::BatchHeader& r) override {
    if (batch_header) batch_header(r);
  }
  void on_entry(const tally::formats::nacha::EntryDetail& r) override {
    if (entry) entry(r);
  }
  void on_batch_control(const tally::formats::nacha::BatchControl& r) override {
    if (batch_control) batch_control(r);
  }
  void on_file_control(const tally::formats::nacha::FileControl& r) override {
    if (file_control) file_control(r);
  }
};

// A one-batch file whose single entry has these 40-78 fields (raw) and addenda.
std::string one_entry_file(std::string_view sec, EntrySpec entry, int service_class_code = 225);

// True when the report has an error with this code (and field, if given).
bool has_error(const tally::formats::ParseReport& r, std::string_view code,
               std::string_view field = {});
bool has_warning(const tally::formats::ParseReport& r, std::string_view code);
std::int64_t summary_int(const tally::formats::ParseReport& r, std::string_view name);
std::int64_t declared_int(const tally::formats::ParseReport& r, std::string_view name);
// All errors, one per line, for failure messages.
std::string describe(const tally::formats::ParseReport& r);

}  // namespace nacha_test

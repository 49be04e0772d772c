// A streaming RFC 4180 CSV reader over an in-memory file: fields separated by ',', records
// ended by CRLF, LF or a lone CR, fields optionally enclosed in '"' with '""' standing for one
// quote; quoted fields may hold commas and line breaks. Empty physical lines between records
// are skipped (exports often end with one).
//
// Strict where leniency would hide damage: a '"' inside an unquoted field, text after a
// closing quote, or a quote left open at the end of the data are errors, and so is any
// record, field or column count beyond the limits below. After an error the reader stops:
// the rest of a file whose quoting is broken cannot be trusted to split where its writer meant.
//
// Memory: one buffer per column, reused from record to record (bounded by the limits).
// The reader borrows `data`, which must outlive it. Not thread-safe; one reader per file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tally::formats {

struct CsvLimits {
  std::size_t max_field_bytes = 4096;        // after unquoting
  std::size_t max_record_bytes = 64 * 1024;  // raw bytes of one record, quotes included
  std::size_t max_fields = 256;
};

struct CsvError {
  std::int64_t line = 0;  // physical line where the problem is
  std::string code;       // "unterminated_quote", "bad_quote", "field_too_long", ...
  std::string message;
};

class CsvReader {
 public:
  enum class Next { kRecord, kEnd, kError };

  // A UTF-8 byte order mark at the start (Excel's "CSV UTF-8") is skipped.
  explicit CsvReader(std::string_view data, CsvLimits limits = {});

  // Reads the next record. kEnd at the end of the data; kError (see error()) stops the reader.
  Next next();

  std::size_t field_count() const { return count_; }
  // Field i of the current record, unquoted. Mutable so callers can mask it in place.
  std::string& field(std::size_t i) { return fields_[i]; }
  const std::string& field(std::size_t i) const { return fields_[i]; }
  std::int64_t field_line(std::size_t i) const { return field_lines_[i]; }
  std::int64_t record_line() const { return record_line_; }      // line the record starts on
  std::int64_t record_number() const { return record_number_; }  // 1-based
  const CsvError& error() const { return error_; }

 private:
  Next fail(std::int64_t line, std::string code, std::string message);
  bool at_line_end() const;
  void consume_line_end();
  Next read_quoted(std::string& out);
  Next read_unquoted(std::string& out);
  std::string& start_field();

  std::string_view data_;
  CsvLimits limits_;
  std::size_t pos_ = 0;
  std::size_t record_start_ = 0;
  std::int64_t line_ = 1;
  std::int64_t record_line_ = 0;
  std::int64_t record_number_ = 0;
  std::size_t count_ = 0;
  std::vector<std::string> fields_;
  std::vector<std::int64_t> field_lines_;
  CsvError error_;
  bool failed_ = false;
};

}  // namespace tally::formats

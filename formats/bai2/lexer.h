// BAI2 lexer (internal): turns the bytes of a file into logical records read field by field.
//
// What it hides from the parser:
// - Physical records: a record ends at '/', and after '/' another record may follow on the
//   same line ("49,-1600,11/  03,..."). Characters after '/' that do not start a record are
//   meaningless padding (a warning unless the file declared fixed-length records).
// - Continuations: an 88 record continues the preceding record with its next field (or its
//   text), so next_field() simply goes on into the 88; each 88 still counts as a record.
// - Wrapping: a physical line that ends inside a record without '/' continues on the next
//   line unless that line starts a record ("DD,"). A wrapped field is joined without a
//   separator; wrapped text is joined with one space.
// - Text (the last field of a 16): it may contain ',' and '/'. It ends at a line break
//   followed by a known record code, at the end of the data, or at a '/' followed (after
//   blanks) by a known record code or by the end of the line. A '/' that closes the text is a
//   delimiter, not text.
//
// Fields are string_views into the input, or into the lexer's arena when a field or text had
// to be joined; they stay valid until the next begin(). Memory: one arena of kMaxRecordBytes
// and the structural index's fixed block array (line_index.h), allocated once. Issues go
// straight into the report, located by line and physical record.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "formats/bai2/line_index.h"
#include "formats/bai2/scan.h"
#include "formats/common/report.h"

namespace tally::formats::bai2 {

class Lexer {
 public:
  Lexer(std::string_view data, ParseReport& report);

  enum class Begin { kRecord, kEnd, kMalformed };
  // Starts the next logical record (draining what the parser left of the previous one).
  // kMalformed: a line that does not start with "DD,"; it was reported and skipped.
  Begin begin(int& code);

  // The next field of the current logical record, continuing into 88 records. False once
  // the logical record has ended.
  inline bool next_field(std::string_view& out);
  // The rest of the logical record read as text (trimmed, pieces joined by one space).
  std::string_view text();
  // Consumes the remaining fields; returns how many of them were not empty.
  std::size_t skip_rest();

  // Fast path: indexes the rest of the current physical line when the logical record
  // provably ends with it (the next line starts a known record other than 88, or the data
  // ends). False: use next_field()/text(). Consumes nothing.
  bool index_single_line(LineIndex& index);
  // Consumes the line indexed above (and its end); the logical record is over.
  inline void finish_single_line(const LineIndex& index);

  // True when the record hit a limit; its fields are incomplete and it was reported.
  bool failed() const { return failed_; }
  void set_fixed_length(bool fixed) { fixed_length_ = fixed; }

  std::int64_t records() const { return records_; }  // physical records begun so far
  std::int64_t record_line() const { return record_line_; }
  std::int64_t record_ordinal() const { return record_ordinal_; }
  std::int64_t field_line() const { return field_line_; }
  std::int64_t field_ordinal() const { return field_ordinal_; }

 private:
  friend struct DetailRun;  // reads one-line 16 records on its own (detail_run.cpp)

  // text(): the pieces read so far, and where the current piece of text stops.
  struct TextPieces {
    std::string_view result;  // a view into the input until a second piece needs joining
    bool joined = false;      // result is in the arena, from join_start
    std::size_t join_start = 0;
  };
  struct TextEnd {
    std::size_t stop = 0;    // end of the piece: a closing '/', a line end or the data end
    bool closed = false;     // by a '/'
    bool same_line = false;  // ... and another record follows it on the line
    std::size_t resume = 0;  // where reading goes on after a closing '/'
  };
  bool add_text(TextPieces& text, std::string_view piece);
  TextEnd text_end(std::size_t p) const;

  bool next_field_slow(std::string_view& out);
  bool continue_with_88();
  void after_slash();
  void consume_eol();
  bool line_begins_record(bool known_only) const;
  bool record_start_at(std::size_t p, bool known_only) const;
  std::size_t skip_blanks(std::size_t p) const;
  std::size_t find_eol(std::size_t p) const;
  bool append(std::string_view piece);
  bool abandon();
  void note_missing_slash();
  void issue(bool is_error, std::string code, std::string message);

  std::string_view data_;
  ParseReport& report_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
  std::int64_t records_ = 0;
  int code_ = 0;
  bool record_open_ = false;
  bool piece_open_ = false;
  bool failed_ = false;
  bool fixed_length_ = false;
  std::int64_t record_line_ = 0;
  std::int64_t record_ordinal_ = 0;
  std::int64_t piece_ordinal_ = 0;
  std::int64_t field_line_ = 0;
  std::int64_t field_ordinal_ = 0;
  std::unique_ptr<char[]> arena_;
  std::size_t arena_used_ = 0;
  StructuralIndex index_;  // the fast path's bitmasks, a few KiB ahead of pos_
};

// The common case inline: a field ended by ',' inside the current physical record.
inline bool Lexer::next_field(std::string_view& out) {
  if (piece_open_) {
    const std::size_t d = scan::field_stop(data_.data(), pos_, data_.size());
    if (d < data_.size() && data_[d] == ',') {
      field_line_ = line_;
      field_ordinal_ = piece_ordinal_;
      out = std::string_view(data_.data() + pos_, d - pos_);
      pos_ = d + 1;
      return true;
    }
  }
  return next_field_slow(out);
}

// Inline: on the fast path's chain from one record's end to the next record's start.
inline void Lexer::finish_single_line(const LineIndex& index) {
  std::size_t p = pos_ + index.size;  // at the line end, or the end of the data
  if (p < data_.size()) {             // the same steps as consume_eol()
    if (data_[p] == '\r' && p + 1 < data_.size() && data_[p + 1] == '\n') ++p;
    ++p;
    ++line_;
  }
  pos_ = p;
  piece_open_ = false;
  record_open_ = false;
}

}  // namespace tally::formats::bai2

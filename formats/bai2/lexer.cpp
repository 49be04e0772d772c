#include "formats/bai2/lexer.h"

#include <cstring>
#include <string>

#include "formats/bai2/bai2.h"

namespace tally::formats::bai2 {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_eol(char c) {
  return c == '\n' || c == '\r';
}
bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool is_known_code(int code) {
  switch (code) {
    case 1:
    case 2:
    case 3:
    case 16:
    case 49:
    case 88:
    case 98:
    case 99:
      return true;
    default:
      return false;
  }
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

Lexer::Lexer(std::string_view data, ParseReport& report)
    : data_(data), report_(report), arena_(new char[kMaxRecordBytes]), index_(data) {}

void Lexer::issue(bool is_error, std::string code, std::string message) {
  Issue i{field_line_ ? field_line_ : line_, piece_ordinal_, "", std::move(code),
          std::move(message)};
  if (is_error) {
    report_.error(std::move(i));
  } else {
    report_.warning(std::move(i));
  }
}

inline std::size_t Lexer::skip_blanks(std::size_t p) const {
  while (p < data_.size() && is_blank(data_[p])) ++p;
  return p;
}

std::size_t Lexer::find_eol(std::size_t p) const {
  return scan::line_end(data_.data(), p, data_.size());
}

void Lexer::consume_eol() {
  if (pos_ >= data_.size()) return;
  if (data_[pos_] == '\r') {
    ++pos_;
    if (pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
  } else if (data_[pos_] == '\n') {
    ++pos_;
  }
  ++line_;
}

inline bool Lexer::record_start_at(std::size_t p, bool known_only) const {
  if (p + 2 >= data_.size()) return false;
  if (!is_digit(data_[p]) || !is_digit(data_[p + 1]) || data_[p + 2] != ',') return false;
  return !known_only || is_known_code((data_[p] - '0') * 10 + (data_[p + 1] - '0'));
}

// At the start of a line: does it begin a new record (or is the data over)?
bool Lexer::line_begins_record(bool known_only) const {
  const std::size_t q = skip_blanks(pos_);
  return q >= data_.size() || record_start_at(q, known_only);
}

bool Lexer::append(std::string_view piece) {
  if (piece.size() > kMaxRecordBytes - arena_used_) return false;
  std::memcpy(arena_.get() + arena_used_, piece.data(), piece.size());
  arena_used_ += piece.size();
  return true;
}

// The record outgrew kMaxRecordBytes: report it, drop it, resume at the next record line.
bool Lexer::abandon() {
  issue(true, "record_too_long",
        "logical record exceeds " + std::to_string(kMaxRecordBytes) + " bytes of joined data");
  failed_ = true;
  record_open_ = false;
  piece_open_ = false;
  for (;;) {  // its 88 continuations go with it
    pos_ = find_eol(pos_);
    if (pos_ >= data_.size()) return false;
    consume_eol();
    const std::size_t q = skip_blanks(pos_);
    if (q >= data_.size()) return false;
    if (record_start_at(q, false) && !(data_[q] == '8' && data_[q + 1] == '8')) return false;
  }
}

void Lexer::note_missing_slash() {
  if (code_ == 99) return;  // real files often end without the final '/': accepted silently
  issue(false, "missing_slash", "record does not end with '/'");
}

Lexer::Begin Lexer::begin(int& code) {
  if (record_open_) text();  // drain whatever the parser did not read
  failed_ = false;
  arena_used_ = 0;
  field_line_ = 0;
  std::size_t p = pos_;
  while (p < data_.size()) {
    const char c = data_[p];
    if (is_blank(c)) {
      ++p;
    } else if (is_eol(c)) {
      pos_ = p;
      consume_eol();
      p = pos_;
    } else {
      break;
    }
  }
  pos_ = p;
  if (p >= data_.size()) return Begin::kEnd;
  if (!record_start_at(p, false)) {
    piece_ordinal_ = records_ + 1;
    issue(true, "malformed_record", "expected a record: two-digit record code and a comma");
    pos_ = find_eol(p);
    consume_eol();
    return Begin::kMalformed;
  }
  code = (data_[p] - '0') * 10 + (data_[p + 1] - '0');
  code_ = code;
  pos_ = p + 3;
  ++records_;
  record_line_ = field_line_ = line_;
  record_ordinal_ = piece_ordinal_ = field_ordinal_ = records_;
  record_open_ = piece_open_ = true;
  return Begin::kRecord;
}

bool Lexer::continue_with_88() {
  std::size_t p = pos_;
  std::int64_t lines = 0;
  while (p < data_.size()) {
    const char c = data_[p];
    if (is_blank(c)) {
      ++p;
    } else if (c == '\n') {
      ++p;
      ++lines;
    } else if (c == '\r') {
      ++p;
      if (p < data_.size() && data_[p] == '\n') ++p;
      ++lines;
    } else {
      break;
    }
  }
  if (!record_start_at(p, true) || data_[p] != '8' || data_[p + 1] != '8') return false;
  pos_ = p + 3;
  line_ += lines;
  ++records_;
  piece_ordinal_ = records_;
  piece_open_ = true;
  return true;
}

// After a '/': the rest of the line is either blank, another record, or padding.
void Lexer::after_slash() {
  const std::size_t q = skip_blanks(pos_);
  if (q >= data_.size()) {
    pos_ = q;
    return;
  }
  if (is_eol(data_[q])) {
    pos_ = q;
    consume_eol();
    return;
  }
  if (record_start_at(q, false)) {
    pos_ = q;
    return;
  }
  if (!fixed_length_) issue(false, "trailing_data", "characters after the end of a record ignored");
  pos_ = find_eol(q);
  consume_eol();
}

bool Lexer::next_field_slow(std::string_view& out) {
  if (!record_open_) return false;
  if (!piece_open_ && !continue_with_88()) {
    record_open_ = false;
    return false;
  }
  field_line_ = line_;
  field_ordinal_ = piece_ordinal_;
  const char* const base = data_.data();
  const std::size_t n = data_.size();
  std::size_t p = pos_;
  std::size_t start = p;
  bool joined = false;
  std::size_t join_start = 0;
  for (;;) {
    p = scan::field_stop(base, p, n);
    std::string_view piece(base + start, p - start);
    const bool delimited = p < n && (base[p] == ',' || base[p] == '/');
    bool ended = delimited;
    if (!delimited) {  // end of line or of data inside the record
      pos_ = p;
      consume_eol();
      ended = pos_ >= n || line_begins_record(false);
    }
    if (joined || !ended) {
      if (!joined) join_start = arena_used_;
      joined = true;
      if (!append(piece)) return abandon();
      piece = std::string_view(arena_.get() + join_start, arena_used_ - join_start);
    }
    if (ended) {
      out = piece;
      if (delimited) {
        pos_ = p + 1;
        if (base[p] == '/') {
          piece_open_ = false;
          after_slash();
        }
      } else {
        piece_open_ = false;
        note_missing_slash();
      }
      return true;
    }
    start = p = pos_;  // wrapped: the field goes on at the start of the next line
  }
}

// Text is returned as a view into the input as long as it is one piece; only a second
// piece makes it worth copying into the arena.
inline bool Lexer::add_text(TextPieces& text, std::string_view piece) {
  piece = trim_blanks(piece);
  if (piece.empty()) return true;
  if (text.result.empty()) {
    text.result = piece;
    return true;
  }
  if (!text.joined) {
    text.join_start = arena_used_;
    text.joined = true;
    if (!append(text.result)) return false;
  }
  if (!append(" ") || !append(piece)) return false;
  text.result = std::string_view(arena_.get() + text.join_start, arena_used_ - text.join_start);
  return true;
}

// A '/' closes the text only when blanks and then a line end, the end of the data or a
// known record follow it; any other '/' is text.
inline Lexer::TextEnd Lexer::text_end(std::size_t p) const {
  const char* const base = data_.data();
  const std::size_t n = data_.size();
  TextEnd end;
  end.stop = scan::text_stop(base, p, n);
  while (end.stop < n && base[end.stop] == '/') {
    const std::size_t q = skip_blanks(end.stop + 1);
    if (q >= n || scan::is_eol(base[q])) {
      end.closed = true;
      end.resume = q;
      break;
    }
    if (record_start_at(q, true)) {
      end.closed = end.same_line = true;
      end.resume = q;
      break;
    }
    end.stop = scan::text_stop(base, end.stop + 1, n);
  }
  return end;
}

std::string_view Lexer::text() {
  TextPieces text;
  while (record_open_) {
    if (!piece_open_ && !continue_with_88()) {
      record_open_ = false;
      break;
    }
    field_line_ = line_;
    field_ordinal_ = piece_ordinal_;
    const std::size_t p = pos_;
    const TextEnd end = text_end(p);
    if (!add_text(text, std::string_view(data_.data() + p, end.stop - p))) {
      abandon();
      return {};
    }
    if (end.same_line) {  // another record on this line
      pos_ = end.resume;
      piece_open_ = false;
      continue;
    }
    pos_ = end.closed ? end.resume : end.stop;
    if (pos_ >= data_.size()) {
      piece_open_ = false;
      continue;
    }
    consume_eol();
    // After a closing '/' only an 88 may go on; otherwise a line that does not start a
    // known record is the text wrapped.
    if (end.closed || line_begins_record(true)) piece_open_ = false;
  }
  return text.result;
}

bool Lexer::index_single_line(LineIndex& index) {
  if (!record_open_ || !piece_open_) return false;
  if (!index.build(index_, data_.data(), pos_, data_.size())) return false;
  std::size_t q = pos_ + index.size;
  if (q >= data_.size()) return true;
  if (data_[q] == '\r' && q + 1 < data_.size() && data_[q + 1] == '\n') ++q;
  q = skip_blanks(q + 1);
  if (q >= data_.size()) return true;
  return record_start_at(q, true) && !(data_[q] == '8' && data_[q + 1] == '8');
}

std::size_t Lexer::skip_rest() {
  std::size_t non_empty = 0;
  std::string_view f;
  while (next_field(f))
    if (!trim_blanks(f).empty()) ++non_empty;
  return non_empty;
}

}  // namespace tally::formats::bai2

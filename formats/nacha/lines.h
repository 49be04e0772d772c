// RecordSource: turns an in-memory NACHA file into 94-character records, applying the
// layout leniencies real banks need and reporting each one used:
//   - lines end in LF, CRLF or lone CR (decided by the first line ending);
//   - a line shorter than 94 is padded with spaces; a longer one is accepted when its extra
//     characters are spaces; blank lines are skipped;
//   - a file that is one single line longer than 94 is split every 94 characters, and
//     rejected when its length is not a multiple of 94;
//   - a line with non-ASCII characters (names in UTF-8 or Latin-1) is measured in characters,
//     not bytes (WideLine).
// Records are views into the input, except padded ones, which live in a scratch buffer that
// the next call to next() overwrites (RawRecord::scratch says which). No allocation.
// Fast path: a record of 94 bytes followed by the file's line ending is taken by length,
// without searching for the line end; the reader then checks it holds no control byte (a
// hidden line break) and hands it back with reframe() if it does.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "formats/nacha/fields.h"
#include "formats/nacha/issues.h"

namespace tally::formats::nacha {

// A line holding non-ASCII characters (a name in UTF-8 or Latin-1): more bytes than
// characters for UTF-8, so fields are located by character. The record's text is then an
// ASCII stand-in, one byte per character ('?' for each non-ASCII one), so every field sits at
// its position; `offset` maps a character position of the stand-in back to the line's bytes,
// and the reader points alphanumeric fields at the characters as received.
struct WideLine {
  std::string_view line;                                  // as received, without its terminator
  std::array<std::uint32_t, kRecordLength + 1> offset{};  // byte of character i; [94]: end
  bool utf8 = false;                                      // else Latin-1 (any byte one character)
};

struct RawRecord {
  std::string_view text;  // exactly kRecordLength characters
  std::string_view line;  // the physical line as read, without its terminator (split: the record)
  Location at;
  bool scratch = false;  // text is in the source's scratch buffer: copy it to keep it
  // Framed by length alone (94 bytes, then the line ending): the reader must check that no
  // byte is a control byte (which could be a line break) or hand it back with reframe().
  bool framed_by_length = false;
  // Non-null for a line with non-ASCII characters (text is its stand-in, in scratch); valid
  // until the next call to next().
  const WideLine* wide = nullptr;
};

class RecordSource {
 public:
  RecordSource(std::string_view bytes, Issues& issues);

  // The next record; false at the end of the data (or when the layout is unreadable).
  bool next(RawRecord& out) {
    // Fast path, the shape of almost every line: 94 bytes, then exactly the file's ending.
    const std::size_t ending = crlf_ ? 2 : 1;
    if (!split_ && !reframing_ && pos_ + kRecordLength + ending <= data_.size()) {
      const char* p = data_.data() + pos_;
      const bool ends = crlf_ ? p[kRecordLength] == '\r' && p[kRecordLength + 1] == '\n'
                              : p[kRecordLength] == separator_;
      if (ends) {
        __builtin_prefetch(p + 16 * (kRecordLength + 1));  // a few records ahead
        out.text = out.line = std::string_view(p, kRecordLength);
        out.scratch = false;
        out.framed_by_length = true;
        out.wide = nullptr;
        out.at = {++line_, ++record_};
        pos_ += kRecordLength + ending;
        return true;
      }
    }
    return next_line(out);
  }

  // `last`, just returned framed by length, holds a control byte: read it again as a line.
  void reframe(const RawRecord& last);

  // Direct access for the reader's loop over runs of well-formed entries: where the next
  // record starts, the stride between records (94 + line ending), and the counters. The
  // loop reads records in place and hands back how far it got with advance().
  struct Cursor {
    const char* next = nullptr;
    const char* end = nullptr;
    std::size_t stride = 0;
    char separator = '\n';
    bool crlf = false;
    std::int64_t line = 0;
    std::int64_t record = 0;

    // Is the record at `next` exactly 94 bytes followed by the file's line ending?
    bool framed() const {
      if (static_cast<std::size_t>(end - next) < stride) return false;
      return crlf ? next[kRecordLength] == '\r' && next[kRecordLength + 1] == '\n'
                  : next[kRecordLength] == separator;
    }
  };
  // False when records cannot be read in place (one-line file, re-reading a line).
  bool cursor(Cursor& c) const {
    if (split_ || reframing_) return false;
    c = Cursor{data_.data() + pos_,
               data_.data() + data_.size(),
               kRecordLength + (crlf_ ? 2 : 1),
               separator_,
               crlf_,
               line_,
               record_};
    return true;
  }
  void advance(const Cursor& c) {
    pos_ = static_cast<std::size_t>(c.next - data_.data());
    line_ = c.line;
    record_ = c.record;
  }

  // Records returned so far (filler included): the basis of the block count.
  std::int64_t records() const { return record_; }

 private:
  bool next_line(RawRecord& out);  // the general path: one physical line, any length
  bool next_split(RawRecord& out);
  void widen(std::string_view line, RawRecord& out);  // a line with non-ASCII bytes
  void start();

  std::string_view data_;
  Issues& issues_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 0;
  std::int64_t record_ = 0;
  char separator_ = '\n';
  bool crlf_ = false;       // first line ended in CRLF
  bool split_ = false;      // one-line file: records are consecutive 94-character slices
  bool reframing_ = false;  // the next record is read as a line, whatever its length
  std::string_view split_line_;
  std::array<char, kRecordLength> scratch_{};
  // Allocated on the first line with non-ASCII characters: plain files never pay for it.
  std::unique_ptr<WideLine> wide_;
};

}  // namespace tally::formats::nacha

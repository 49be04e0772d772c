// Splitting an X9 file into records: encoding and framing detection, the 4-byte big-endian
// length prefix or line terminators, and record 52 whose binary image (which may contain any
// byte, terminators included) is stepped over by its length fields. Text comes out as ASCII:
// EBCDIC records are converted into a scratch buffer whose size is bounded by the largest
// non-image record. Internal to formats/x9.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "formats/x9/reader.h"
#include "formats/x9/records.h"

namespace tally::formats::x9 {

struct Detected {
  Encoding encoding = Encoding::kAscii;
  Framing framing = Framing::kLengthPrefixed;
};

// From the first record's type bytes, "01" (ASCII) or 0xF0 0xF1 (EBCDIC): at offset 0 for
// line-framed files, at offset 4 after the length prefix otherwise.
std::optional<Detected> detect(std::string_view data);

struct RawRecord {
  RecordPosition position;
  std::string_view text;  // ASCII; for 52 only the fields up to and including the image key
  // Record 52 only: lengths from its fields, and where the image bytes start in the input.
  std::uint64_t signature_bytes = 0;
  std::uint64_t image_bytes = 0;
  std::uint64_t image_offset = 0;
};

struct FramingError {
  std::string code;  // "truncated_record", "bad_record_length", "record_too_long", ...
  std::string message;
};

class RecordCursor {
 public:
  RecordCursor(std::string_view data, Detected detected, const Limits& limits);

  enum class Step { kRecord, kEnd, kError };
  // kRecord: `out` is the next record, its views valid until the next call. kEnd: only fill
  // (blanks, NULs, line ends) remains. kError: the framing is broken; stop reading.
  Step next(RawRecord& out, FramingError& error);

  // Where the next record would start: for locating framing errors.
  RecordPosition position() const {
    return RecordPosition{record_ + 1, detected_.framing == Framing::kLines ? line_ + 1 : 0, pos_};
  }

 private:
  Step next_prefixed(RawRecord& out, FramingError& error);
  Step next_line(RawRecord& out, FramingError& error);
  // Record 52 starting at `start` with `available` bytes it may use: its length fields, its
  // text and its total size in `size`.
  Step image_record(std::size_t start, std::size_t available, RawRecord& out, FramingError& error,
                    std::size_t& size);
  std::string_view to_text(std::size_t start, std::size_t size);
  bool is_terminator(unsigned char byte) const;
  bool only_fill_from(std::size_t start) const;

  std::string_view data_;
  Detected detected_;
  const Limits& limits_;
  std::size_t pos_ = 0;
  std::int64_t record_ = 0;
  std::int64_t line_ = 0;
  std::string scratch_;  // EBCDIC converted to ASCII
};

}  // namespace tally::formats::x9

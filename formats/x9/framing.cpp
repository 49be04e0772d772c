#include "formats/x9/framing.h"

#include <fmt/format.h>

#include <algorithm>

#include "formats/x9/ebcdic.h"

namespace tally::formats::x9 {
namespace {

constexpr std::size_t kPrefixBytes = 4;
// Record 52 (X9.100-187): fixed fields through position 101, then
// 102-105 key length X, key, 5-digit signature length Y, signature, 7-digit image length Z,
// image. Offsets below are 0-based.
constexpr std::size_t kKeyLengthAt = 101;
constexpr std::size_t kKeyLengthDigits = 4;
constexpr std::size_t kSignatureLengthDigits = 5;
constexpr std::size_t kImageLengthDigits = 7;

constexpr unsigned char kAsciiZero = '0', kAsciiOne = '1', kAsciiTwo = '2', kAsciiFive = '5';
constexpr unsigned char kEbcdicZero = 0xF0, kEbcdicOne = 0xF1, kEbcdicTwo = 0xF2,
                        kEbcdicFive = 0xF5;
constexpr unsigned char kEbcdicSpace = 0x40, kEbcdicNewLine = 0x15, kEbcdicLineFeed = 0x25;

unsigned char byte_at(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]);
}

std::optional<Encoding> encoding_of(std::string_view data, std::size_t at) {
  if (data.size() < at + 2) return std::nullopt;
  if (byte_at(data, at) == kAsciiZero && byte_at(data, at + 1) == kAsciiOne)
    return Encoding::kAscii;
  if (byte_at(data, at) == kEbcdicZero && byte_at(data, at + 1) == kEbcdicOne)
    return Encoding::kEbcdic;
  return std::nullopt;
}

// A length field: digits, possibly blank-padded ("0    " is 0; all blanks is 0).
std::optional<std::uint64_t> length_value(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');  // at most 7 digits: no overflow
  }
  return value;
}

// Record type 52 in either encoding: its image data needs the length fields to be stepped over.
bool is_image_record(std::string_view data, std::size_t at) {
  if (data.size() < at + 2) return false;
  const unsigned char a = byte_at(data, at), b = byte_at(data, at + 1);
  return (a == kAsciiFive && b == kAsciiTwo) || (a == kEbcdicFive && b == kEbcdicTwo);
}

}  // namespace

std::optional<Detected> detect(std::string_view data) {
  // Line-framed: the file starts with the record type. A length prefix starting "01" would
  // claim a record of 0x3031.... bytes (over 800 MB), so the two cannot be confused.
  if (auto e = encoding_of(data, 0)) return Detected{*e, Framing::kLines};
  if (auto e = encoding_of(data, kPrefixBytes)) return Detected{*e, Framing::kLengthPrefixed};
  return std::nullopt;
}

RecordCursor::RecordCursor(std::string_view data, Detected detected, const Limits& limits)
    : data_(data), detected_(detected), limits_(limits) {}

bool RecordCursor::is_terminator(unsigned char byte) const {
  if (byte == '\n' || byte == '\r') return true;
  return detected_.encoding == Encoding::kEbcdic &&
         (byte == kEbcdicNewLine || byte == kEbcdicLineFeed);
}

bool RecordCursor::only_fill_from(std::size_t start) const {
  const unsigned char space = detected_.encoding == Encoding::kEbcdic ? kEbcdicSpace : ' ';
  for (std::size_t i = start; i < data_.size(); ++i) {
    const unsigned char b = byte_at(data_, i);
    if (b != 0 && b != space && !is_terminator(b)) return false;
  }
  return true;
}

std::string_view RecordCursor::to_text(std::size_t start, std::size_t size) {
  if (detected_.encoding == Encoding::kAscii) return data_.substr(start, size);
  ebcdic_to_ascii(data_.substr(start, size), scratch_);
  return scratch_;
}

RecordCursor::Step RecordCursor::next(RawRecord& out, FramingError& error) {
  out = RawRecord{};
  return detected_.framing == Framing::kLengthPrefixed ? next_prefixed(out, error)
                                                       : next_line(out, error);
}

RecordCursor::Step RecordCursor::image_record(std::size_t start, std::size_t available,
                                              RawRecord& out, FramingError& error,
                                              std::size_t& size) {
  auto field = [&](std::size_t at, std::size_t digits,
                   const char* name) -> std::optional<std::uint64_t> {
    if (at + digits > available) {
      error = {"truncated_record",
               fmt::format("image view data (52) ends before its {} field", name)};
      return std::nullopt;
    }
    auto value = length_value(to_text(start + at, digits));
    if (!value)
      error = {"bad_image_length", fmt::format("image view data (52) {} is not a number", name)};
    return value;
  };
  const auto key = field(kKeyLengthAt, kKeyLengthDigits, "image reference key length");
  if (!key) return Step::kError;
  const std::size_t signature_at = kKeyLengthAt + kKeyLengthDigits + *key;
  const auto signature = field(signature_at, kSignatureLengthDigits, "digital signature length");
  if (!signature) return Step::kError;
  const std::size_t image_length_at = signature_at + kSignatureLengthDigits + *signature;
  const auto image = field(image_length_at, kImageLengthDigits, "image data length");
  if (!image) return Step::kError;
  if (*image > limits_.max_image_bytes) {
    error = {"bad_image_length", fmt::format("image of {} bytes is over the limit of {}", *image,
                                             limits_.max_image_bytes)};
    return Step::kError;
  }
  const std::size_t image_at = image_length_at + kImageLengthDigits;
  size = image_at + *image;
  if (size > available) {
    error = {"truncated_record",
             fmt::format("image view data (52) declares {} image bytes; only {} remain", *image,
                         available - std::min(available, image_at))};
    return Step::kError;
  }
  out.signature_bytes = *signature;
  out.image_bytes = *image;
  out.image_offset = start + image_at;
  out.text = to_text(start, signature_at);  // fixed fields and the reference key
  return Step::kRecord;
}

RecordCursor::Step RecordCursor::next_prefixed(RawRecord& out, FramingError& error) {
  const std::size_t remaining = data_.size() - pos_;
  if (remaining == 0) return Step::kEnd;
  if (remaining < kPrefixBytes) {
    if (only_fill_from(pos_)) return Step::kEnd;
    error = {"truncated_record", fmt::format("{} stray bytes at the end", remaining)};
    return Step::kError;
  }
  std::uint64_t length = 0;
  for (std::size_t i = 0; i < kPrefixBytes; ++i) length = (length << 8) | byte_at(data_, pos_ + i);
  const std::size_t start = pos_ + kPrefixBytes;
  const std::size_t available = remaining - kPrefixBytes;
  // Blank or NUL fill after the last record (block padding) reads as a zero or absurd length.
  if ((length == 0 || length > available) && only_fill_from(pos_)) return Step::kEnd;
  if (length < 2) {
    error = {"bad_record_length", fmt::format("record length {} is too short", length)};
    return Step::kError;
  }
  if (length > available) {
    error = {"truncated_record",
             fmt::format("record length {} but only {} bytes remain", length, available)};
    return Step::kError;
  }
  const auto size = static_cast<std::size_t>(length);
  if (is_image_record(data_, start)) {
    std::size_t described = 0;
    if (image_record(start, size, out, error, described) != Step::kRecord) return Step::kError;
    if (described != size) {
      error = {"bad_image_length",
               fmt::format("record length {} but the image view data fields describe {} bytes",
                           size, described)};
      return Step::kError;
    }
  } else {
    if (size > limits_.max_record_bytes) {
      error = {"record_too_long", fmt::format("record length {} is over the limit of {}", size,
                                              limits_.max_record_bytes)};
      return Step::kError;
    }
    out.text = to_text(start, size);
  }
  out.position = RecordPosition{++record_, 0, pos_};
  pos_ = start + size;
  return Step::kRecord;
}

RecordCursor::Step RecordCursor::next_line(RawRecord& out, FramingError& error) {
  auto skip_terminator = [&](std::size_t at) {  // CR LF (or CR NL) is one line end
    std::size_t end = at + 1;
    if (byte_at(data_, at) == '\r' && end < data_.size() && byte_at(data_, end) != '\r' &&
        is_terminator(byte_at(data_, end)))
      ++end;
    ++line_;
    return end;
  };
  while (pos_ < data_.size() && is_terminator(byte_at(data_, pos_))) pos_ = skip_terminator(pos_);
  if (pos_ >= data_.size() || only_fill_from(pos_)) return Step::kEnd;

  const std::size_t start = pos_;
  const std::size_t available = data_.size() - start;
  std::size_t size = 0;
  if (is_image_record(data_, start)) {
    if (image_record(start, available, out, error, size) != Step::kRecord) return Step::kError;
    if (size < available && !is_terminator(byte_at(data_, start + size))) {
      error = {"bad_image_length",
               "the image view data (52) does not end where its image length says"};
      return Step::kError;
    }
  } else {
    const std::size_t limit = std::min(available, limits_.max_record_bytes + 1);
    while (size < limit && !is_terminator(byte_at(data_, start + size))) ++size;
    if (size > limits_.max_record_bytes) {
      error = {"record_too_long",
               fmt::format("a line longer than {} bytes", limits_.max_record_bytes)};
      return Step::kError;
    }
    out.text = to_text(start, size);
  }
  out.position = RecordPosition{++record_, line_ + 1, start};
  pos_ = start + size;
  if (pos_ < data_.size())
    pos_ = skip_terminator(pos_);
  else
    ++line_;
  return Step::kRecord;
}

}  // namespace tally::formats::x9

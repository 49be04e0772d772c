#include "formats/nacha/lines.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace tally::formats::nacha {
namespace {

bool only_spaces(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' '; });
}

bool only_line_breaks_or_spaces(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r' || c == ' '; });
}

bool any_non_ascii(std::string_view s) {
  unsigned high = 0;
  for (char c : s) high |= static_cast<unsigned char>(c);
  return (high & 0x80) != 0;
}

}  // namespace

RecordSource::RecordSource(std::string_view bytes, Issues& issues) : data_(bytes), issues_(issues) {
  start();
}

// Decides the line ending from the first line, and whether the file is one long line.
void RecordSource::start() {
  const std::size_t end = data_.find_first_of("\r\n");
  const std::string_view first = data_.substr(0, end);
  if (end != std::string_view::npos) {
    if (data_[end] == '\r') {
      crlf_ = end + 1 < data_.size() && data_[end + 1] == '\n';
      separator_ = crlf_ ? '\n' : '\r';
      if (!crlf_) issues_.lenient(Leniency::kLoneCr, {1, 1});
    }
  }
  const bool rest_empty =
      end == std::string_view::npos || only_line_breaks_or_spaces(data_.substr(end));
  if (first.size() > kRecordLength && rest_empty && !only_spaces(first.substr(kRecordLength))) {
    split_ = true;
    split_line_ = first;
    line_ = 1;
    if (first.size() % kRecordLength != 0) {
      issues_.error({1, 0}, "", "line_split_length",
                    fmt::format("the file is one line of {} characters, not a multiple of 94: it "
                                "cannot be split into records",
                                first.size()));
      split_line_ = {};
      return;
    }
    issues_.lenient(Leniency::kOneLine, {1, 1});
  }
}

bool RecordSource::next_split(RawRecord& out) {
  if (pos_ >= split_line_.size()) return false;
  out.text = split_line_.substr(pos_, kRecordLength);
  out.line = out.text;
  out.scratch = false;
  out.framed_by_length = false;
  pos_ += kRecordLength;
  out.at = {1, ++record_};
  return true;
}

void RecordSource::reframe(const RawRecord& last) {
  pos_ = static_cast<std::size_t>(last.text.data() - data_.data());
  --line_;
  --record_;
  reframing_ = true;
}

bool RecordSource::next_line(RawRecord& out) {
  if (split_) return next_split(out);
  reframing_ = false;
  out.framed_by_length = false;
  while (pos_ < data_.size()) {
    const char* begin = data_.data() + pos_;
    const std::size_t remaining = data_.size() - pos_;
    const void* sep = std::memchr(begin, separator_, remaining);
    const std::size_t length =
        sep ? static_cast<std::size_t>(static_cast<const char*>(sep) - begin) : remaining;
    std::string_view line(begin, length);
    pos_ += length + (sep ? 1 : 0);
    ++line_;
    if (separator_ == '\n') {
      const bool has_cr = !line.empty() && line.back() == '\r';
      if (has_cr) line.remove_suffix(1);
      // The last line may lack a terminator; otherwise every ending should match the first.
      if (sep && has_cr != crlf_)
        issues_.lenient(Leniency::kMixedLineEndings, {line_, record_ + 1});
    } else if (!line.empty() && line.front() == '\n') {
      // CR mode: a CRLF here would leave LF at the start of the next line.
      line.remove_prefix(1);
      issues_.lenient(Leniency::kMixedLineEndings, {line_, record_ + 1});
    }
    if (line.empty() || (line.front() == ' ' && only_spaces(line))) {
      issues_.lenient(Leniency::kBlankLine, {line_, record_});
      continue;
    }
    out.at = {line_, ++record_};
    out.line = line;
    out.scratch = false;
    out.wide = nullptr;
    if (any_non_ascii(line)) {
      widen(line, out);
      return true;
    }
    if (line.size() == kRecordLength) {
      out.text = line;
    } else if (line.size() < kRecordLength) {
      std::memcpy(scratch_.data(), line.data(), line.size());
      std::memset(scratch_.data() + line.size(), ' ', kRecordLength - line.size());
      out.text = std::string_view(scratch_.data(), kRecordLength);
      out.scratch = true;
      issues_.lenient(Leniency::kShortLine, out.at);
    } else {
      out.text = line.substr(0, kRecordLength);
      if (only_spaces(line.substr(kRecordLength))) {
        issues_.lenient(Leniency::kLongLine, out.at);
      } else {
        issues_.error(out.at, "", "line_too_long",
                      fmt::format("line is {} characters long; a record is 94 and only spaces "
                                  "may follow it",
                                  line.size()));
      }
    }
    return true;
  }
  return false;
}

// Lays the line's characters out one byte each in scratch_ (non-ASCII ones as '?'), noting
// where each starts, then applies the usual length rules to the character count.
void RecordSource::widen(std::string_view line, RawRecord& out) {
  if (!wide_) wide_ = std::make_unique<WideLine>();
  WideLine& wide = *wide_;
  wide.line = line;
  wide.utf8 = valid_utf8(line);
  wide.offset.fill(static_cast<std::uint32_t>(line.size()));
  std::size_t chars = 0;
  bool extra_not_spaces = false;
  for (std::size_t i = 0; i < line.size(); ++chars) {
    const std::size_t n = wide.utf8 ? utf8_sequence(line, i) : 1;
    const char c = static_cast<unsigned char>(line[i]) < 0x80 ? line[i] : '?';
    if (chars < kRecordLength) {
      scratch_[chars] = c;
      wide.offset[chars] = static_cast<std::uint32_t>(i);
    } else {
      if (chars == kRecordLength) wide.offset[kRecordLength] = static_cast<std::uint32_t>(i);
      extra_not_spaces = extra_not_spaces || c != ' ';
    }
    i += n;
  }
  if (chars < kRecordLength) std::memset(scratch_.data() + chars, ' ', kRecordLength - chars);
  out.text = std::string_view(scratch_.data(), kRecordLength);
  out.scratch = true;
  out.wide = &wide;
  issues_.lenient(wide.utf8 ? Leniency::kUtf8Text : Leniency::kLatin1Text, out.at);
  if (chars < kRecordLength) issues_.lenient(Leniency::kShortLine, out.at);
  if (chars > kRecordLength) {
    if (extra_not_spaces)
      issues_.error(out.at, "", "line_too_long",
                    fmt::format("line is {} characters long; a record is 94 and only spaces may "
                                "follow it",
                                chars));
    else
      issues_.lenient(Leniency::kLongLine, out.at);
  }
}

}  // namespace tally::formats::nacha

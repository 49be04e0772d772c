#include "formats/common/csv.h"

#include <algorithm>

#include <fmt/format.h>

namespace tally::formats {

namespace {
// Excel writes "CSV UTF-8" with a byte order mark: it is not part of the first header name.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
}  // namespace

CsvReader::CsvReader(std::string_view data, CsvLimits limits)
    : data_(data.starts_with(kUtf8Bom) ? data.substr(kUtf8Bom.size()) : data), limits_(limits) {}

CsvReader::Next CsvReader::fail(std::int64_t line, std::string code, std::string message) {
  failed_ = true;
  error_ = CsvError{line, std::move(code), std::move(message)};
  return Next::kError;
}

bool CsvReader::at_line_end() const {
  return pos_ >= data_.size() || data_[pos_] == '\n' || data_[pos_] == '\r';
}

void CsvReader::consume_line_end() {
  if (pos_ >= data_.size()) return;
  if (data_[pos_] == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

std::string& CsvReader::start_field() {
  if (count_ == fields_.size()) {
    fields_.emplace_back();
    field_lines_.push_back(0);
  }
  field_lines_[count_] = line_;
  std::string& out = fields_[count_];
  out.clear();
  ++count_;
  return out;
}

CsvReader::Next CsvReader::read_quoted(std::string& out) {
  const std::int64_t opened_on = line_;
  ++pos_;  // the opening quote
  while (pos_ < data_.size()) {
    // Copy up to the next quote in one piece; line breaks inside quotes are data, but still
    // count as lines for locating errors.
    const std::size_t quote = data_.find('"', pos_);
    const std::size_t end = quote == std::string_view::npos ? data_.size() : quote;
    const std::string_view chunk = data_.substr(pos_, end - pos_);
    if (out.size() + chunk.size() > limits_.max_field_bytes)
      return fail(line_, "field_too_long",
                  fmt::format("field longer than {} bytes", limits_.max_field_bytes));
    if (end - record_start_ > limits_.max_record_bytes)
      return fail(line_, "record_too_long",
                  fmt::format("record longer than {} bytes", limits_.max_record_bytes));
    for (std::size_t i = 0; i < chunk.size(); ++i)
      if (chunk[i] == '\n' || (chunk[i] == '\r' && (i + 1 >= chunk.size() || chunk[i + 1] != '\n')))
        ++line_;
    out.append(chunk);
    pos_ = end;
    if (quote == std::string_view::npos) break;
    if (pos_ + 1 < data_.size() && data_[pos_ + 1] == '"') {  // "" stands for one quote
      if (out.size() + 1 > limits_.max_field_bytes)
        return fail(line_, "field_too_long",
                    fmt::format("field longer than {} bytes", limits_.max_field_bytes));
      out.push_back('"');
      pos_ += 2;
      continue;
    }
    ++pos_;
    if (!at_line_end() && data_[pos_] != ',')
      return fail(line_, "bad_quote", "text after the closing quote of a quoted field");
    return Next::kRecord;
  }
  return fail(opened_on, "unterminated_quote", "a quoted field is never closed");
}

CsvReader::Next CsvReader::read_unquoted(std::string& out) {
  const std::size_t begin = pos_;
  const std::size_t limit = std::min(data_.size(), begin + limits_.max_field_bytes + 1);
  const char* p = data_.data();
  std::size_t i = begin;
  while (i < limit) {
    const char c = p[i];
    if (c == ',' || c == '\n' || c == '\r' || c == '"') break;
    ++i;
  }
  pos_ = i;
  if (i - begin > limits_.max_field_bytes)
    return fail(line_, "field_too_long",
                fmt::format("field longer than {} bytes", limits_.max_field_bytes));
  if (i < data_.size() && p[i] == '"')
    return fail(line_, "bad_quote", "a '\"' inside an unquoted field (RFC 4180 wants it quoted)");
  out.assign(data_.substr(begin, i - begin));
  if (pos_ - record_start_ > limits_.max_record_bytes)
    return fail(line_, "record_too_long",
                fmt::format("record longer than {} bytes", limits_.max_record_bytes));
  return Next::kRecord;
}

CsvReader::Next CsvReader::next() {
  if (failed_) return Next::kError;
  // Empty physical lines are not records.
  while (pos_ < data_.size() && (data_[pos_] == '\n' || data_[pos_] == '\r')) consume_line_end();
  if (pos_ >= data_.size()) return Next::kEnd;

  count_ = 0;
  record_start_ = pos_;
  record_line_ = line_;
  ++record_number_;
  for (;;) {
    if (count_ == limits_.max_fields)
      return fail(line_, "too_many_fields",
                  fmt::format("more than {} fields in one record", limits_.max_fields));
    std::string& out = start_field();
    const Next got =
        (pos_ < data_.size() && data_[pos_] == '"') ? read_quoted(out) : read_unquoted(out);
    if (got != Next::kRecord) return got;
    if (pos_ < data_.size() && data_[pos_] == ',') {
      ++pos_;
      continue;
    }
    consume_line_end();
    return Next::kRecord;
  }
}

}  // namespace tally::formats

#include "formats/lockbox/record_reader.h"

#include <fmt/format.h>

#include <algorithm>

#include "formats/lockbox/field_scan.h"

namespace tally::formats::lockbox {
namespace {

bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ') return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

const DateCache::Slot* DateCache::parse_slow(std::string_view six, bool mmddyy,
                                             std::uint64_t key) {
  for (unsigned i = 0; i < kSlots; ++i) {
    if (slots_[i].key == key) {
      last_ = i;
      return &slots_[i];
    }
  }
  last_ = next_++ % kSlots;
  Slot& s = slots_[last_];
  const auto value = mmddyy ? BusinessDate::parse_mmddyy(six) : BusinessDate::parse_yymmdd(six);
  s.key = key;
  s.valid = value.has_value();
  s.value = value.value_or(BusinessDate{});
  return &s;
}

void RecordReader::error(std::string field, std::string code, std::string message) {
  ok_ = false;
  report_.error(Issue{line_no_, record_no_, std::move(field), std::move(code), std::move(message)});
}

void RecordReader::error(Field f, std::string code, std::string message) {
  error(std::string(field_name(f)), std::move(code), std::move(message));
}

std::string_view RecordReader::raw(const FieldSpec& spec) const {
  const std::size_t begin = spec.position - 1u;
  if (begin >= line_.size()) return {};
  return line_.substr(begin, spec.length);
}

// Blank means absent: fine for an optional field, an error for a required one.
bool RecordReader::blank_or_missing(const FieldSpec& spec, std::string_view value) {
  if (!is_blank(value)) return false;
  if (!spec.optional)
    error(spec.field, "missing_field",
          fmt::format("{} (columns {}-{}) is blank", field_name(spec.field), spec.position,
                      spec.position + spec.length - 1));
  return true;
}

namespace {

// Every character but the last four as '*'.
std::string masked_but_last4(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i + 4 < out.size(); ++i) out[i] = '*';
  return out;
}

}  // namespace

bool RecordReader::number(Field f, std::int64_t& out) {
  const FieldSpec* spec = layout_.find(line_[0], f);
  if (!spec) return false;
  const std::string_view v = raw(*spec);
  if (v.size() == spec->length && scan::digits_value(v, out)) return true;  // zero-filled
  if (blank_or_missing(*spec, v)) return false;
  if (!scan::digits_value(trim(v), out)) {
    error(f, spec->type == FieldType::kAmount ? "bad_amount" : "bad_number",
          fmt::format("{} '{}' is not digits", field_name(f), v));
    return false;
  }
  return true;
}

std::string_view RecordReader::text(Field f) {
  const FieldSpec* spec = layout_.find(line_[0], f);
  if (!spec) return {};
  const std::string_view v = raw(*spec);
  std::size_t first = 0;
  std::size_t end = 0;
  const bool printable = scan::trim_printable(v.data(), v.size(), limit_, first, end);
  const std::string_view t = v.substr(first, end - first);
  if (!printable) {
    error(f, "bad_character",
          fmt::format("{} holds a byte that is not printable ASCII", field_name(f)));
    return {};
  }
  if (t.empty()) {
    blank_or_missing(*spec, t);
    return {};
  }
  std::int64_t ignored = 0;
  if (spec->type == FieldType::kDigits && !scan::digits_value(t, ignored)) {
    // A payer's bank account is never quoted whole, not even in an error.
    const std::string shown = f == Field::kRemitterAccount ? masked_but_last4(t) : std::string(t);
    error(f, "bad_number", fmt::format("{} '{}' is not digits", field_name(f), shown));
    return {};
  }
  return t;
}

bool RecordReader::date(Field f, BusinessDate& out) {
  const FieldSpec* spec = layout_.find(line_[0], f);
  if (!spec) return false;
  const std::string_view v = raw(*spec);
  if (blank_or_missing(*spec, v)) return false;
  if (spec->optional && v == "000000") return false;  // banks zero-fill unknown dates
  const bool mmddyy = spec->type == FieldType::kDateMmddyy;
  const auto d = v.size() == 6 ? dates_.parse(v, mmddyy) : std::nullopt;
  if (!d) {
    error(f, "bad_date",
          fmt::format("{} '{}' is not a {} date", field_name(f), v, mmddyy ? "MMDDYY" : "YYMMDD"));
    return false;
  }
  out = *d;
  return true;
}

std::optional<int> RecordReader::time_minutes(Field f) {
  const FieldSpec* spec = layout_.find(line_[0], f);
  if (!spec) return std::nullopt;
  const std::string_view v = raw(*spec);
  if (blank_or_missing(*spec, v)) return std::nullopt;
  std::int64_t hhmm = 0;
  const bool digits = v.size() == 4 && scan::digits_value(v, hhmm);
  const std::int64_t hh = hhmm / 100;
  const std::int64_t mm = hhmm % 100;
  if (!digits || mm > 59 || hh > 24 || (hh == 24 && mm != 0)) {
    error(f, "bad_time", fmt::format("{} '{}' is not an HHMM time", field_name(f), v));
    return std::nullopt;
  }
  return static_cast<int>(hh * 60 + mm);
}

}  // namespace tally::formats::lockbox

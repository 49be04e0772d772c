// The BAI2 header records: 01 file header and 02 group header.
#include <fmt/format.h>

#include "formats/bai2/field_values.h"
#include "formats/bai2/parser.h"

namespace tally::formats::bai2 {

void Parser::file_header() {
  if (state_ != State::kExpectFile) {
    error("record_code", "unexpected_record", "a second 01 file header");
    lex_.skip_rest();
    return;
  }
  state_ = State::kInFile;
  file_ordinal_ = lex_.record_ordinal();
  FileHeader h;
  h.line = lex_.record_line();
  std::string_view date_f, time_f, length_f, block_f, version_f;
  next(h.sender_id);
  next(h.receiver_id);
  next(date_f);
  next(time_f);
  next(h.file_id);
  next(length_f);
  next(block_f);
  next(version_f);
  if (trim_field(h.sender_id).empty())
    error("sender_identification", "missing_field", "01 sender identification is required");
  if (trim_field(h.receiver_id).empty())
    error("receiver_identification", "missing_field", "01 receiver identification is required");
  if (const auto d = BusinessDate::parse_yymmdd(trim_field(date_f))) {
    h.creation_date = *d;
  } else {
    error("file_creation_date", "bad_date", fmt::format("'{}' is not a YYMMDD date", date_f));
  }
  if (const auto t = parse_time(time_f)) {
    h.creation_time = *t;
  } else {
    error("file_creation_time", "bad_time", fmt::format("'{}' is not a time (HHMM)", time_f));
  }
  if (trim_field(h.file_id).empty())
    error("file_identification_number", "missing_field", "01 file identification is required");
  count_field(length_f, "physical_record_length", false, h.physical_record_length);
  count_field(block_f, "block_size", false, h.block_size);
  lex_.set_fixed_length(h.physical_record_length.has_value());
  const NumberValue version = parse_unsigned(version_f);
  if (version.status != NumberStatus::kOk || version.value != 2)
    error("version_number", "unsupported_version",
          fmt::format("version '{}': this reader reads BAI version 2", version_f));
  extra_fields("01 record");
  if (record_ok_) visitor_.on_file_header(h);
}

void Parser::group_header() {
  close_open_group("a 02 group header");
  state_ = State::kInGroup;
  group_ordinal_ = lex_.record_ordinal();
  group_total_ = 0;
  group_accounts_ = 0;
  group_currency_ = Currency::usd();
  GroupHeader h;
  h.line = lex_.record_line();
  std::string_view status_f, date_f, time_f, currency_f, modifier_f;
  next(h.ultimate_receiver_id);
  next(h.originator_id);
  next(status_f);
  next(date_f);
  next(time_f);
  next(currency_f);
  next(modifier_f);
  if (trim_field(h.originator_id).empty())
    error("originator_identification", "missing_field", "02 originator identification is required");
  const std::string_view status = trim_field(status_f);
  if (status.size() == 1 && status[0] >= '1' && status[0] <= '4') {
    h.status = static_cast<GroupStatus>(status[0] - '0');
  } else {
    error("group_status", "bad_group_status",
          fmt::format("group status '{}' is not 1-4", status_f));
  }
  if (const auto d = BusinessDate::parse_yymmdd(trim_field(date_f))) {
    h.as_of_date = *d;
  } else {
    error("as_of_date", "bad_date", fmt::format("'{}' is not a YYMMDD date", date_f));
  }
  if (!trim_field(time_f).empty()) {
    h.as_of_time = parse_time(time_f);
    if (!h.as_of_time)
      error("as_of_time", "bad_time", fmt::format("'{}' is not a time (HHMM)", time_f));
  }
  const std::string_view currency = trim_field(currency_f);
  if (!currency.empty()) {
    if (const auto c = Currency::from_code(currency)) {
      group_currency_ = *c;
    } else {
      error("currency_code", "unknown_currency",
            fmt::format("'{}' is not an ISO 4217 currency", currency));
    }
  }
  h.currency = group_currency_;
  const std::string_view modifier = trim_field(modifier_f);
  if (modifier.size() == 1 && modifier[0] >= '1' && modifier[0] <= '4') {
    h.as_of_date_modifier = modifier[0] - '0';
  } else if (!modifier.empty()) {
    warning("as_of_date_modifier", "bad_modifier",
            fmt::format("as-of-date modifier '{}' is not 1-4; ignored", modifier));
  }
  extra_fields("02 record");
  if (record_ok_) visitor_.on_group_header(h);
}

}  // namespace tally::formats::bai2

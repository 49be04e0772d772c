#include "formats/bai2/parser.h"

#include <fmt/format.h>

#include <new>

#include "core/money.h"
#include "formats/bai2/field_values.h"

namespace tally::formats::bai2 {

Parser::Parser(std::string_view bytes, Visitor& visitor, bool fast_path)
    : lex_(bytes, report_), visitor_(visitor), fast_path_(fast_path) {
  report_.format = "bai2";
  summaries_.reserve(kMaxSummaries);
  distributions_.reserve(kMaxDistributions);
}

void Parser::error(std::string field, std::string code, std::string message) {
  record_ok_ = false;
  report_.error(Issue{lex_.field_line(), lex_.field_ordinal(), std::move(field), std::move(code),
                      std::move(message)});
}

void Parser::warning(std::string field, std::string code, std::string message) {
  report_.warning(Issue{lex_.field_line(), lex_.field_ordinal(), std::move(field), std::move(code),
                        std::move(message)});
}

bool Parser::next(std::string_view& field) {
  if (lex_.next_field(field)) return true;
  field = {};
  return false;
}

bool Parser::amount_field(std::string_view field, bool allow_negative, const char* name,
                          std::optional<std::int64_t>& out) {
  out.reset();
  std::int64_t value = 0;
  bool negative = false;
  switch (read_signed(field, value, negative)) {
    case NumberStatus::kEmpty:
      return true;
    case NumberStatus::kBad:
      error(name, "bad_amount", fmt::format("'{}' is not an amount (sign and digits)", field));
      return false;
    case NumberStatus::kOverflow:
      error(name, "amount_overflow", fmt::format("'{}' does not fit 64-bit minor units", field));
      return false;
    case NumberStatus::kOk:
      break;
  }
  if (negative && !allow_negative) {
    error(name, "bad_amount",
          fmt::format("'{}': only status amounts may be negative; this one is unsigned", field));
    return false;
  }
  out = value;
  return true;
}

bool Parser::count_field(std::string_view field, const char* name, bool required,
                         std::optional<std::int64_t>& out) {
  out.reset();
  const NumberValue v = parse_unsigned(field);
  if (v.status == NumberStatus::kEmpty) {
    if (!required) return true;
    error(name, "missing_field", fmt::format("{} is required", name));
    return false;
  }
  if (v.status != NumberStatus::kOk) {
    error(name, "bad_number", fmt::format("'{}' is not an unsigned integer", field));
    return false;
  }
  out = v.value;
  return true;
}

void Parser::overflowed(const char* what) {
  error(what, "amount_overflow", fmt::format("{} overflows 64-bit minor units", what));
}

void Parser::compare(const char* field, const char* code, std::int64_t declared,
                     std::int64_t computed, const char* what) {
  if (declared == computed) return;
  error(field, code,
        fmt::format("{}: the trailer declares {}, the records add up to {}", what, declared,
                    computed));
}

void Parser::extra_fields(const char* record) {
  if (lex_.skip_rest() > 0)
    warning("", "extra_fields", fmt::format("fields after the last field of a {} ignored", record));
}

ParseReport Parser::run() {
  for (;;) {
    int code = 0;
    const Lexer::Begin b = lex_.begin(code);
    if (b == Lexer::Begin::kEnd) break;
    if (b == Lexer::Begin::kMalformed) continue;
    record_ok_ = true;
    dispatch(code);
  }
  finish();
  return std::move(report_);
}

void Parser::dispatch(int code) {
  if (state_ == State::kDone) {
    if (!reported_after_trailer_)
      error("record_code", "unexpected_record", "records after the 99 file trailer");
    reported_after_trailer_ = true;
    lex_.text();
    return;
  }
  const bool known = code == 1 || code == 2 || code == 3 || code == 16 || code == 49 ||
                     code == 88 || code == 98 || code == 99;
  if (!known) {
    error("record_code", "unknown_record_code",
          fmt::format("record code {:02d} does not exist in BAI2", code));
    lex_.text();  // an unknown record may hold anything: drain it as text
    return;
  }
  if (state_ == State::kExpectFile && code != 1) {
    error("record_code", "missing_record", "the file does not begin with a 01 file header");
    state_ = State::kInFile;
  }
  switch (code) {
    case 1:
      file_header();
      return;
    case 2:
      group_header();
      return;
    case 3:
      account();
      return;
    case 16:
      transaction();
      return;
    case 49:
      account_trailer();
      return;
    case 98:
      group_trailer();
      return;
    case 99:
      file_trailer();
      return;
    case 88:
      error("record_code", "unexpected_record", "88 continuation with no record to continue");
      lex_.text();
      return;
  }
}

// A record that can only come after a 49 arrived inside an account: report the missing
// trailer and close the account without checks, so one missing 49 is one error.
void Parser::close_open_account(const char* before) {
  if (state_ != State::kInAccount) return;
  error("record_code", "missing_record",
        fmt::format("missing 49 account trailer before {}", before));
  state_ = State::kInGroup;
}

void Parser::close_open_group(const char* before) {
  close_open_account(before);
  if (state_ != State::kInGroup) return;
  error("record_code", "missing_record", fmt::format("missing 98 group trailer before {}", before));
  state_ = State::kInFile;
}

void Parser::account_trailer() {
  if (state_ != State::kInAccount) {
    error("record_code", "unexpected_record", "49 account trailer outside an account");
    lex_.skip_rest();
    return;
  }
  const std::int64_t ordinal = lex_.record_ordinal();
  std::string_view total_f, count_f;
  next(total_f);
  next(count_f);
  AccountTrailer t;
  t.line = lex_.record_line();
  const NumberValue total = parse_signed(total_f);
  if (total.status == NumberStatus::kEmpty) {
    warning("account_control_total", "blank_total",
            "49 account control total is blank; the computed total is used");
  } else if (total.status != NumberStatus::kOk) {
    error("account_control_total", "bad_amount",
          fmt::format("'{}' is not a signed amount", total_f));
  } else {
    t.control_total_minor = total.value;
    compare("account_control_total", "total_mismatch", total.value, account_total_,
            "account control total");
  }
  std::optional<std::int64_t> count;
  if (count_field(count_f, "number_of_records", true, count)) {
    t.record_count = *count;
    compare("number_of_records", "count_mismatch", *count, ordinal - account_ordinal_ + 1,
            "account record count");
  }
  extra_fields("49 record");
  add_to(group_total_, account_total_, "group_control_total");
  ++group_accounts_;
  state_ = State::kInGroup;
  if (record_ok_) visitor_.on_account_trailer(t);
}

void Parser::group_trailer() {
  close_open_account("the 98 group trailer");
  if (state_ != State::kInGroup) {
    error("record_code", "unexpected_record", "98 group trailer outside a group");
    lex_.skip_rest();
    return;
  }
  const std::int64_t ordinal = lex_.record_ordinal();
  std::string_view total_f, accounts_f, count_f;
  next(total_f);
  next(accounts_f);
  next(count_f);
  GroupTrailer t;
  t.line = lex_.record_line();
  std::optional<std::int64_t> total;
  if (amount_field(total_f, true, "group_control_total", total)) {
    if (!total) {
      error("group_control_total", "missing_field", "98 group control total is required");
    } else {
      t.control_total_minor = *total;
      compare("group_control_total", "total_mismatch", *total, group_total_, "group control total");
    }
  }
  std::optional<std::int64_t> accounts, count;
  if (count_field(accounts_f, "number_of_accounts", true, accounts)) {
    t.account_count = *accounts;
    compare("number_of_accounts", "count_mismatch", *accounts, group_accounts_,
            "group account count");
    add_to(declared_accounts_, *accounts, "number_of_accounts");
  }
  if (count_field(count_f, "number_of_records", true, count)) {
    t.record_count = *count;
    compare("number_of_records", "count_mismatch", *count, ordinal - group_ordinal_ + 1,
            "group record count");
  }
  extra_fields("98 record");
  add_to(file_total_, group_total_, "file_control_total");
  ++groups_;
  state_ = State::kInFile;
  if (record_ok_) visitor_.on_group_trailer(t);
}

void Parser::file_trailer() {
  close_open_group("the 99 file trailer");
  const std::int64_t ordinal = lex_.record_ordinal();
  std::string_view total_f, groups_f, count_f;
  next(total_f);
  next(groups_f);
  next(count_f);
  FileTrailer t;
  t.line = lex_.record_line();
  std::optional<std::int64_t> total, groups, count;
  if (amount_field(total_f, true, "file_control_total", total)) {
    if (!total) {
      error("file_control_total", "missing_field", "99 file control total is required");
    } else {
      t.control_total_minor = *total;
      report_.declared.set("file_total_minor", *total);
      compare("file_control_total", "total_mismatch", *total, file_total_, "file control total");
    }
  }
  if (count_field(groups_f, "number_of_groups", true, groups)) {
    t.group_count = *groups;
    report_.declared.set("groups", *groups);
    compare("number_of_groups", "count_mismatch", *groups, groups_, "file group count");
  }
  if (count_field(count_f, "number_of_records", true, count)) {
    t.record_count = *count;
    report_.declared.set("records", *count);
    compare("number_of_records", "count_mismatch", *count, ordinal - file_ordinal_ + 1,
            "file record count");
  }
  report_.declared.set("accounts", declared_accounts_);
  extra_fields("99 record");
  state_ = State::kDone;
  if (record_ok_) visitor_.on_file_trailer(t);
}

void Parser::finish() {
  if (lex_.records() == 0) {
    report_.error(Issue{0, 0, "", "missing_record", "no BAI2 records in the file"});
  } else if (state_ == State::kExpectFile) {
    report_.error(Issue{0, 0, "record_code", "missing_record", "no 01 file header"});
  } else if (state_ != State::kDone) {
    report_.error(
        Issue{0, 0, "record_code", "missing_record", "the file ends without a 99 file trailer"});
  }
  report_.summary.set("file_total_minor", file_total_);
  report_.summary.set("groups", groups_);
  report_.summary.set("accounts", accounts_);
  report_.summary.set("transactions", transactions_);
  report_.summary.set("records", lex_.records());
  report_.summary.set("credit_minor", credit_minor_);
  report_.summary.set("debit_minor", debit_minor_);
  report_.accepted = report_.errors.empty();
}

ParseReport parse(std::string_view bytes, Visitor& visitor) {
  try {
    Parser parser(bytes, visitor);
    return parser.run();
  } catch (const std::bad_alloc&) {  // the only exception of our own making
    ParseReport r;
    r.format = "bai2";
    r.errors.push_back(Issue{0, 0, "", "out_of_memory", "out of memory while parsing"});
    return r;
  }
}

ParseReport check(std::string_view bytes) {
  Visitor ignore;
  return parse(bytes, ignore);
}

}  // namespace tally::formats::bai2

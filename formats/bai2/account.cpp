// The BAI2 03 account identifier: account number, currency and status/summary groups.
#include <array>

#include <fmt/format.h>

#include "formats/bai2/field_values.h"
#include "formats/bai2/parser.h"

namespace tally::formats::bai2 {

void Parser::account() {
  close_open_account("the next 03 account identifier");
  if (state_ != State::kInGroup) {
    error("record_code", "unexpected_record", "03 account identifier outside a group");
    lex_.skip_rest();
    return;
  }
  state_ = State::kInAccount;
  account_ordinal_ = lex_.record_ordinal();
  account_total_ = 0;
  ++accounts_;
  AccountIdentifier acct;
  acct.line = lex_.record_line();
  acct.record = account_ordinal_;
  std::string_view number_f, currency_f;
  next(number_f);
  const bool more = next(currency_f);
  account_number_.assign(trim_field(number_f));
  if (account_number_.empty())
    error("customer_account_number", "missing_field", "03 customer account number is required");
  account_currency_ = group_currency_;
  const std::string_view currency = trim_field(currency_f);
  if (!currency.empty()) {
    if (const auto c = Currency::from_code(currency)) {
      account_currency_ = *c;
    } else {
      error("currency_code", "unknown_currency",
            fmt::format("'{}' is not an ISO 4217 currency", currency));
    }
  }
  acct.account_number = account_number_;
  acct.currency = account_currency_;
  if (more) summaries(acct);
  if (record_ok_) visitor_.on_account(acct);
}

namespace {

// One field of an 03 with the physical record (01..88) it came from: an 88 continuation
// starts a new physical record, which is where a bank's early end of a group shows.
struct SummaryField {
  std::string_view text;
  std::int64_t ordinal = 0;
  bool present = false;
};

bool is_funds_type_text(std::string_view f) {
  f = trim_field(f);
  if (f.empty()) return true;
  if (f.size() != 1) return false;
  switch (f[0]) {
    case 'Z':
    case '0':
    case '1':
    case '2':
    case 'S':
    case 'V':
    case 'D':
      return true;
    default:
      return false;
  }
}

bool is_count_text(std::string_view f) {
  f = trim_field(f);
  return f.empty() || parse_unsigned(f).status == NumberStatus::kOk;
}

}  // namespace

// The repeated groups of an 03: type code, amount, item count, funds type (+ its fields).
//
// Read as the specification lays them out, with its defaults: an empty or missing amount is
// "no amount" (nothing added to the account total), an empty or missing item count
// "unknown", an empty or missing funds type Z. Two ways banks leave fields off are read too,
// each with a warning, and only where the positional reading would be an error:
// - the logical record ends inside a group (`010,500000/`): the rest is defaulted
//   (warning `incomplete_summary`);
// - a physical record ends inside a group and its 88 starts the next type code
//   (`010,500000/` then `88,190,...`, or `010,500000,/` then `88,190,...`), or ends with an
//   empty field that would be a type code (`...,,,/` then `88,190,...`): the group ends with
//   its physical record (warning `incomplete_summary`).
// Every amount read still goes into the account total, which the 49 must match.
void Parser::summaries(AccountIdentifier& acct) {
  summaries_.clear();
  distributions_.clear();
  // At most two fields read ahead and given back (FIFO); empty whenever funds() reads on.
  std::array<SummaryField, 2> pending{};
  std::size_t pending_n = 0;
  auto get = [&]() -> SummaryField {
    if (pending_n > 0) {
      const SummaryField f = pending[0];
      pending[0] = pending[1];
      --pending_n;
      return f;
    }
    SummaryField f;
    f.present = next(f.text);
    f.ordinal = lex_.field_ordinal();
    return f;
  };
  // Never more than two are given back before two are read again (each give_back follows
  // the get() of the same field); the bound check keeps that true for any input.
  auto give_back = [&](const SummaryField& f) {
    if (f.present && pending_n < pending.size()) pending[pending_n++] = f;
  };
  for (;;) {
    SummaryField type_f = get();
    if (!type_f.present) break;
    if (trim_field(type_f.text).empty()) {
      SummaryField amount_f = get();
      if (amount_f.present && amount_f.ordinal != type_f.ordinal &&
          !trim_field(amount_f.text).empty()) {
        // `...,/` then `88,190,...`: the empty field closed the physical record.
        warning("type_code", "incomplete_summary",
                "an 03 physical record ends with an empty field before its 88 continuation; "
                "the continuation is read from its type code");
        give_back(amount_f);
        continue;
      }
      const SummaryField count_f = get();
      const SummaryField funds_f = get();
      if (!trim_field(amount_f.text).empty() || !trim_field(count_f.text).empty() ||
          !trim_field(funds_f.text).empty())
        error("type_code", "missing_field", "an 03 amount without its type code");
      continue;  // a defaulted group: ",,,,/"
    }
    AccountSummary s;
    const auto type = parse_type_code(type_f.text);
    if (!type) {
      error("type_code", "bad_type_code",
            fmt::format("'{}' is not a BAI2 type code (001-799, 890, 900-999)", type_f.text));
      lex_.skip_rest();
      return;
    }
    s.type = *type;
    const SummaryField amount_f = get();
    SummaryField count_f, funds_f;
    if (amount_f.present) count_f = get();
    if (count_f.present && count_f.ordinal != amount_f.ordinal) {
      // The physical record ended after the amount: the 88 holds the item count and funds
      // type, or (when that reading fails) the next type code and its amount.
      const SummaryField after = get();
      if (!is_count_text(count_f.text) || !is_funds_type_text(after.text)) {
        give_back(count_f);
        give_back(after);
        count_f = {};
      } else {
        funds_f = after;
      }
    } else if (count_f.present) {
      funds_f = get();
      if (funds_f.present && funds_f.ordinal != count_f.ordinal &&
          !is_funds_type_text(funds_f.text)) {
        give_back(funds_f);
        funds_f = {};
      }
    }
    if (!funds_f.present) {
      warning(!amount_f.present ? "amount" : "funds_type", "incomplete_summary",
              fmt::format("03 type code {:03}: the record leaves off {}; read as {}", s.type.code,
                          !amount_f.present  ? "its amount, item count and funds type"
                          : !count_f.present ? "its item count and funds type"
                                             : "its funds type",
                          !amount_f.present  ? "no amount, unknown count and availability"
                          : !count_f.present ? "unknown count and availability"
                                             : "unknown availability"));
    }
    const bool status = is_status(s.type);
    if (amount_field(amount_f.text, status, "amount", s.amount_minor) && s.amount_minor)
      add_to(account_total_, *s.amount_minor, "account_control_total");
    count_field(count_f.present ? count_f.text : std::string_view{}, "item_count", false,
                s.item_count);
    if (!funds(funds_f.present ? funds_f.text : std::string_view{}, s.funds)) {
      lex_.skip_rest();
      return;
    }
    if (summaries_.size() == kMaxSummaries) {
      error("type_code", "too_many_fields",
            fmt::format("more than {} type codes in one 03 record", kMaxSummaries));
      lex_.skip_rest();
      return;
    }
    summaries_.push_back(s);
  }
  acct.summaries = summaries_;
}

}  // namespace tally::formats::bai2
